import * as fs from 'fs';
import * as path from 'path';
import { configJsonSchema } from '../modules/config/json-schema';
import { ROOT } from './support/synth';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** The object shape of a node, looking through `anyOf` (a nullable object is `anyOf: [object, null]`). */
function objectOf(node: SchemaNode): SchemaNode {
  return node.properties !== undefined ? node : (node.anyOf?.find((branch) => branch.properties !== undefined) ?? node);
}

/** Dotted paths of every field the config accepts: `members[].accountId`, `trail.dataEvents.s3`, ... */
function fieldPaths(node: SchemaNode, prefix = ''): string[] {
  return Object.entries(objectOf(node).properties ?? {}).flatMap(([key, child]) => {
    const here = prefix === '' ? key : `${prefix}.${key}`;
    const element = child.items?.properties !== undefined ? child.items : undefined;
    return [here, ...fieldPaths(child, here), ...(element === undefined ? [] : fieldPaths(element, `${here}[]`))];
  });
}

describe('README config reference', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Config reference'),
    readme.indexOf('\n## ', readme.indexOf('## Config reference')),
  );
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  const documented = new Set(rows.map((line) => line.slice(3, line.indexOf('`', 3))));
  const fields = fieldPaths(configJsonSchema() as SchemaNode);
  const leaves = fields.filter((p) => p !== '$schema' && !fields.some((other) => other.startsWith(`${p}.`)));

  test.each(leaves)('documents %s', (field) => {
    expect(documented.has(field) ? field : `missing from the README config table: ${field}`).toBe(field);
  });

  test('documents no field the schema does not have', () => {
    const known = new Set(fields);
    expect([...documented].filter((field) => !known.has(field))).toEqual([]);
  });
});
