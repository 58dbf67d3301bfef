import { configFields, configReferenceMarkdown } from '../../modules/org-config/config-reference';
import { configJsonSchema } from '../../modules/org-config/json-schema';

/*
 * A map field's type ("map of strings") says nothing of its keys: the config reference shows a JSON
 * example of every one, taken from the schema's `examples`, and each example is one the schema takes.
 */

const maps = configFields().filter((field) => field.type.startsWith('map of'));

/** The JSON Schema node of a dotted path without arrays (the map fields are not in lists). */
function nodeAt(path: string): { additionalProperties?: { pattern?: string; maxLength?: number } } {
  let node = configJsonSchema() as { properties?: Record<string, unknown> };
  for (const key of path.split('.')) node = node.properties?.[key] as typeof node;
  return node as ReturnType<typeof nodeAt>;
}

test('the config has map fields (else this test checks nothing)', () => {
  expect(maps.map((field) => field.path)).toEqual(
    expect.arrayContaining(['tags', 'applicationLogs.liveSearch.sinkArns']),
  );
});

describe.each(maps.map((field) => [field.path, field] as const))('%s', (path, field) => {
  test('has an example in the reference, as JSON nested at its place in the config', () => {
    expect(field.example).toBeDefined();
    const reference = configReferenceMarkdown();
    const bullet = reference.indexOf(`- \`${path}\` (`);
    const next = reference.indexOf('\n- `', bullet + 1);
    const block = /```json\n([\s\S]+?)\n {2}```/.exec(reference.slice(bullet, next === -1 ? undefined : next));
    expect(block).not.toBeNull();
    const shown = JSON.parse((block as RegExpExecArray)[1].replace(/^ {2}/gm, '')) as Record<string, unknown>;
    const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], shown);
    expect(value).toEqual(field.example);
  });

  test('its example is one the schema takes: strings of the form and length each value must have', () => {
    const values = field.example === undefined ? [] : Object.values(field.example as Record<string, unknown>);
    const { pattern, maxLength } = nodeAt(path).additionalProperties ?? {};
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(typeof value).toBe('string');
      if (pattern !== undefined) expect(value).toMatch(new RegExp(pattern));
      if (maxLength !== undefined) expect((value as string).length).toBeLessThanOrEqual(maxLength);
    }
  });
});
