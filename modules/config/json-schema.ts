import * as fs from 'fs';
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

/** The schema as written to audit-config.schema.json: stable, two-space JSON with a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

// `npm run schema` regenerates the committed schema and the config reference generated from it;
// a test fails when either is stale.
if (require.main === module) {
  // Loaded here, not at the top: the reference module imports this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { configReferenceMarkdown } = require('./config-reference') as typeof import('./config-reference');
  const [schemaFile = 'audit-config.schema.json', referenceFile = 'docs/config-reference.md'] = process.argv.slice(2);
  fs.writeFileSync(schemaFile, configJsonSchemaText());
  fs.writeFileSync(referenceFile, configReferenceMarkdown());
  process.stdout.write(`wrote ${schemaFile} and ${referenceFile}\n`);
}
