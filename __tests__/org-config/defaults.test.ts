import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { configFields } from '../../modules/org-config/config-reference';
import { orgConfigSchema } from '../../modules/org-config/schema';
import { ROOT } from '../support/root';

/*
 * Every default is written once, in the schema's `.default(...)` (or `.prefault(...)` for an object
 * whose fields have defaults). Descriptions say what a field does and never repeat the default, so
 * the two cannot disagree; the reference and the JSON Schema print the default from the schema.
 */

/** One field of the zod schema, read from the schema itself (not from the JSON Schema made from it). */
interface SchemaField {
  readonly path: string;
  /** `required`, `optional` (no default), or the default as JSON. */
  readonly default: string;
  readonly description: string;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The field's default, description and core type, looking through optional, nullable and default wrappers. */
function unwrap(schema: z.ZodType): { core: z.ZodType; default: string; description: string } {
  let core = schema;
  let shown: string | undefined;
  let optional = false;
  let description = schema.description;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'default' || def.type === 'prefault') shown ??= JSON.stringify(def.defaultValue);
    else if (def.type === 'optional') optional = true;
    else if (def.type !== 'nullable') break;
    core = def.innerType as z.ZodType;
    description ??= core.description;
  }
  return { core, default: shown ?? (optional ? 'optional' : 'required'), description: description ?? '' };
}

/** Every field of the config, depth first in the schema's order, as the reference lists them. */
function schemaFields(shape: Record<string, z.ZodType>, prefix = ''): SchemaField[] {
  return Object.entries(shape)
    .filter(([key]) => key !== '$schema')
    .flatMap(([key, child]) => {
      const field = unwrap(child);
      const here = { path: `${prefix}${key}`, default: field.default, description: field.description };
      const core = defOf(field.core);
      // A union of an object and a literal (`audit`: an object, or false) lists the object's fields.
      const def =
        core.type === 'union'
          ? ((core.options ?? []).map(defOf).find((option) => option.type === 'object') ?? core)
          : core;
      if (def.type === 'object') return [here, ...schemaFields(def.shape ?? {}, `${here.path}.`)];
      const element = def.type === 'array' ? defOf(def.element as z.ZodType) : undefined;
      if (element?.type === 'object') return [here, ...schemaFields(element.shape ?? {}, `${here.path}[].`)];
      return [here];
    });
}

/**
 * Whether a description states a default: a sentence that starts with "Default" and a value or a
 * colon ("Default 90.", "Default: homeRegion."), or "defaults to", "the default is", "by default".
 * "Default retention of every new log object" (S3's term) is not one.
 */
function statesDefault(description: string): boolean {
  return (
    /(^|[.;]\s+)Default(:|\s+(["'[{(\-\d]|true\b|false\b|null\b|none\b|off\b))/.test(description) ||
    /\b(defaults? (is|to)|by default)\b/i.test(description)
  );
}

/** The value after "Default" when it is a literal (a number, true, false, null, a list, an object or a plain string). */
function literalDefault(description: string): string | undefined {
  const match =
    /(?:^|[.;]\s+)Default:?\s+(-?\d+(?:\.\d+)?|true|false|null|\[[^\]]*\]|\{[^}]*\}|"[^"<]*")(?=[\s.,;(]|$)/.exec(
      description,
    );
  return match?.[1];
}

const fields = schemaFields(defOf(orgConfigSchema).shape ?? {});
const withDefault = fields.filter((f) => f.default !== 'required' && f.default !== 'optional');

describe('defaults are written once, in the schema', () => {
  test('the schema walk finds every field the reference shows, with the default it shows', () => {
    expect(fields.length).toBeGreaterThan(60);
    expect(withDefault.length).toBeGreaterThan(40);
    expect(fields.map((f) => [f.path, f.default])).toEqual(
      configFields().map((f) => [f.path, f.default === '-' ? 'optional' : f.default]),
    );
  });

  test.each(withDefault.map((f) => [f.path, f.description]))(
    '%s: the description does not repeat the default the schema gives',
    (_path, description) => {
      expect(statesDefault(description) ? description : 'states no default').toBe('states no default');
    },
  );

  test.each(fields.filter((f) => f.default === 'optional').map((f) => [f.path, f.description]))(
    '%s: an optional field with no schema default names what it falls back to, never a literal value (that belongs in .default())',
    (_path, description) => {
      expect(literalDefault(description)).toBeUndefined();
    },
  );

  test.each(fields.filter((f) => f.default === 'required').map((f) => [f.path, f.description]))(
    '%s: a required field states no default',
    (_path, description) => {
      expect(statesDefault(description)).toBe(false);
    },
  );

  test('the checks can fail: a stated default and a literal fallback are each found', () => {
    expect(statesDefault('Days a version is kept. Default 90.')).toBe(true);
    expect(statesDefault('Name of the trail. Default "organization-trail".')).toBe(true);
    expect(statesDefault('Insights. Default false (billed per event).')).toBe(true);
    expect(statesDefault('Region of the VPC. Default: homeRegion.')).toBe(true);
    expect(statesDefault('The tags; defaults to none.')).toBe(true);
    expect(statesDefault('Default retention of every new log object, in days.')).toBe(false);
    expect(statesDefault('S3 Object Lock default retention mode.')).toBe(false);
    expect(literalDefault('Days. Default 365.')).toBe('365');
    expect(literalDefault('Names. Default [].')).toBe('[]');
    expect(literalDefault('Prefix. Default "audit".')).toBe('"audit"');
    expect(literalDefault('Region of stateBucket. Default: homeRegion.')).toBeUndefined();
    expect(literalDefault('Name of the bucket. Default "<log bucket name>-replica".')).toBeUndefined();
  });
});

describe('docs/config-reference.md prints the schema defaults', () => {
  /** Each bullet of the reference on one line (the reference wraps at spaces and indents by two). */
  const bullets = fs
    .readFileSync(path.join(ROOT, 'docs', 'config-reference.md'), 'utf8')
    .split('\n- ')
    .slice(1)
    .map((bullet) => bullet.replace(/\n\n[\s\S]*$/, '').replace(/\n {2}/g, ' '));
  const printed = bullets.map((bullet) => {
    const match = /^`([^`]+)` \((.+?); (\*\*required\*\*|optional|default `(.+?)`)\): /.exec(bullet);
    if (match === null) throw new Error(`not a field bullet: ${bullet}`);
    return { path: match[1], default: match[4] ?? (match[3] === 'optional' ? 'optional' : 'required'), bullet };
  });

  test('lists every field of the schema, in its order', () => {
    expect(printed.map((p) => p.path)).toEqual(fields.map((f) => f.path));
  });

  test.each(fields.map((f) => [f.path, f.default]))('%s: the reference prints default %s', (field, expected) => {
    expect(printed.find((p) => p.path === field)?.default).toBe(expected);
  });

  test.each(withDefault.map((f) => f.path))('%s: the reference states the default once', (field) => {
    const bullet = printed.find((p) => p.path === field)?.bullet ?? '';
    expect(bullet.match(/\bdefault\b/gi)?.length ?? 0).toBe(1 + (bullet.match(/\bdefault retention\b/gi)?.length ?? 0));
  });
});
