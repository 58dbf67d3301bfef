import { configJsonSchema } from './json-schema';

/** The part of a JSON Schema node the reference reads. */
interface SchemaNode {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly description?: string;
  readonly pattern?: string;
  readonly examples?: readonly unknown[];
}

/** One field of the config, as the reference shows it. */
export interface ConfigField {
  /** Dotted path: `logArchive.retention.expireAfterDays`, `members[].accountId`. */
  readonly path: string;
  readonly type: string;
  /** `required`, the default as JSON, or `-` (optional, and the schema states no default). */
  readonly default: string;
  readonly description: string;
  /** The schema's first example of the value (every map field has one: its type names no key). */
  readonly example?: unknown;
}

/** Width the reference wraps its prose at, so that it reads in a terminal and a narrow pane. */
const WIDTH = 100;

/** The object branch of a node (a nullable object is `anyOf: [object, null]`), if it has one. */
function objectOf(node: SchemaNode): SchemaNode | undefined {
  if (node.properties !== undefined) return node;
  return node.anyOf?.find((branch) => branch.properties !== undefined);
}

function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum?.includes('us-east-1')) return 'AWS Region';
  if (node.enum !== undefined) {
    return node.enum.length > 6
      ? `one of ${node.enum.length} strings`
      : node.enum.map((v) => JSON.stringify(v)).join(' | ');
  }
  if (node.anyOf !== undefined) return [...new Set(node.anyOf.map(typeOf))].join(' | ');
  if (node.type === 'array') return `list of ${node.items === undefined ? 'values' : typeOf(node.items)}`;
  if (node.type === 'object' && node.properties === undefined) return 'map of strings';
  return node.type ?? 'any';
}

/** Every field of the config schema, depth first, in the schema's order. */
export function configFields(): ConfigField[] {
  const fields: ConfigField[] = [];
  const visit = (node: SchemaNode, prefix: string): void => {
    const object = objectOf(node);
    for (const [key, child] of Object.entries(object?.properties ?? {})) {
      if (key === '$schema') continue;
      const path = `${prefix}${key}`;
      const required = object?.required?.includes(key) ?? false;
      const isObject = objectOf(child) !== undefined;
      fields.push({
        path,
        type: isObject
          ? (child.anyOf ?? [child])
              .map((branch) => (branch.properties === undefined ? typeOf(branch) : 'object'))
              .join(' | ')
          : typeOf(child),
        default: required ? 'required' : child.default === undefined ? '-' : JSON.stringify(child.default),
        description: child.description ?? '',
        ...(child.examples?.[0] === undefined ? {} : { example: child.examples[0] }),
      });
      if (isObject) visit(child, `${path}.`);
      const element = child.items === undefined ? undefined : objectOf(child.items);
      if (element !== undefined) visit(element, `${path}[].`);
    }
  };
  visit(configJsonSchema() as SchemaNode, '');
  return fields;
}

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/**
 * A field's example as the config holds it: nested under its path from the top (a field inside a
 * list, under a one-element list), in a JSON block indented under the field's bullet.
 */
function exampleBlock(path: string, example: unknown): string[] {
  const value = path
    .split('.')
    .reverse()
    .reduce<unknown>(
      (inner, key) => (key.endsWith('[]') ? { [key.slice(0, -2)]: [inner] } : { [key]: inner }),
      example,
    );
  return ['```json', ...JSON.stringify(value, null, 2).split('\n'), '```'].map((line) => `  ${line}`);
}

/**
 * docs/config-reference.md: every field with its type, default and description, generated from the
 * same schema the loader validates with (`npm run schema` writes it with tools/write-schema.ts; a test
 * fails when it is stale). Defaults come from the schema's `.default(...)` only: descriptions never
 * state them.
 */
export function configReferenceMarkdown(): string {
  const lines = [
    '<!-- Generated from modules/org-config/schema/ by `npm run schema`; do not edit. -->',
    '',
    '# Config reference',
    '',
    ...wrap(
      'The config is one JSON file (`audit.config.json` by default). Point your editor at the schema for completion ' +
        'and checks: `"$schema": "./audit-config.schema.json"` in a clone of this repository, ' +
        '`"$schema": "./node_modules/@audit-logging/cdktf/audit-config.schema.json"` in an app that installs the package. ' +
        'Every account id is a 12-digit string in quotes. ' +
        'Each field below shows its type and its default; `required` fields have none. Rules that involve more than ' +
        'one field (lifecycle order, Object Lock against expiry, unique names) are listed in troubleshooting.md.',
      '',
    ),
  ];
  for (const field of configFields()) {
    const depth = field.path.split('.').length;
    if (depth === 1) lines.push('', `## \`${field.path}\``, '');
    else lines.push('');
    const shown =
      field.default === 'required'
        ? '**required**'
        : field.default === '-'
          ? 'optional'
          : `default \`${field.default}\``;
    const bullet = wrap(`\`${field.path}\` (${field.type}; ${shown}): ${field.description}`, '  ');
    lines.push(`- ${bullet[0].slice(2)}`, ...bullet.slice(1));
    if (field.example !== undefined) lines.push('', ...exampleBlock(field.path, field.example));
  }
  return `${lines.join('\n')}\n`;
}
