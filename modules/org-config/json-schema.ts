import { z } from 'zod';
import { orgConfigSchema } from './schema';

/**
 * The JSON Schema (draft-07, which editors support best) of the config file as users write it:
 * defaults are optional, every field carries its description and default. Editors use it through
 * the file's `$schema` key for completion and checks. Rules the schema language cannot express
 * (uniqueness across members, lifecycle ordering) are checked by the loader only.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(orgConfigSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return { ...schema, title: 'cdktf-audit-logging organization config' };
}

/**
 * The schema as committed in audit-config.schema.json: stable, two-space JSON with a final newline
 * (`npm run schema` writes it with tools/write-schema.ts; a test fails when it is stale).
 */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
