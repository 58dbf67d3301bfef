import * as fs from 'fs';
import * as path from 'path';
import { program } from '../packages/cli/cli/program';
import { configReferenceMarkdown } from '../modules/org-config/config-reference';
import { configJsonSchema } from '../modules/org-config/json-schema';
import { recordsConfig } from '../modules/org-config/schema';
import { DOCS, readRepoFile } from './support/docs';
import { ROOT, shippedConfig } from './support/synth';

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

const read = readRepoFile;

/** The lines of a Markdown file outside fenced code blocks. */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').filter((line) => {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || line.trim() === fence)) {
      fence = fence === undefined ? marker : undefined;
      return false;
    }
    return fence === undefined;
  });
}

describe('docs/config-reference.md', () => {
  const reference = read('docs/config-reference.md');
  const fields = fieldPaths(configJsonSchema() as SchemaNode).filter((p) => p !== '$schema');

  test('is what npm run schema generates from the schema', () => {
    expect(reference === configReferenceMarkdown() ? 'current' : 'stale: run npm run schema').toBe('current');
  });

  test.each(fields)('documents %s with its type and default', (field) => {
    expect(reference).toMatch(
      new RegExp(
        `^- \`${field.replace(/[.[\]]/g, '\\$&')}\` \\([\\s\\S]+?; (\\*\\*required\\*\\*|optional|default \`[^\`]+\`)\\):\\s`,
        'm',
      ),
    );
  });
});

describe('README and docs', () => {
  test('the examples a user copies to audit.config.json name a $schema that resolves there', () => {
    for (const example of ['examples/starter.config.json', 'examples/minimal.config.json']) {
      const schema = (JSON.parse(read(example)) as { $schema: string }).$schema;
      expect([example, fs.existsSync(path.join(ROOT, schema))]).toEqual([example, true]);
    }
  });

  test("the README's account of the starter config is what the starter holds", () => {
    const starter = shippedConfig('examples/starter.config.json');
    const words = ['none', 'one', 'two', 'three', 'four', 'five', 'six'];
    const recorded = starter.members.filter(recordsConfig);
    const others = starter.members.filter((m) => !recordsConfig(m)).map((m) => m.name);
    expect(read('README.md').replace(/\s+/g, ' ')).toContain(
      `AWS Config in ${words[recorded.length]} of the ${words[starter.members.length]} (not the ${others.join(', ')},`,
    );
  });

  test('the README fits a screen or two: at most 250 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  test.each(DOCS)('%s: every table fits 120 columns', (file) => {
    const wide = proseLines(read(file)).filter((line) => line.startsWith('|') && [...line].length > 120);
    expect(wide).toEqual([]);
  });

  test.each(DOCS)('%s: every relative link names a file that exists', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^[a-z]+:/.test(l));
    const missing = links.filter((link) => !fs.existsSync(path.join(ROOT, path.dirname(file), link)));
    expect(missing).toEqual([]);
  });

  test('every command runs as npm run <command>, as the README says', () => {
    expect(read('README.md')).toContain('`npm run <command>`');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const commands = program().commands.map((command) => command.name());
    expect(commands.length).toBeGreaterThan(10);
    const missing = commands.filter((name) => scripts[name] !== `node bin/cdktf-audit-logging.js ${name}`);
    expect(missing).toEqual([]);
    // docs/cli.md's table gives each command its script.
    const table = read('docs/cli.md');
    expect(
      commands.filter((name) => !new RegExp(`^\\| \`${name}\` .*\\| \`npm run ${name}\` +\\|$`, 'm').test(table)),
    ).toEqual([]);
  });

  test('the README gives the two commands exactly as CI runs them', () => {
    const readme = read('README.md');
    const ci = read('.ci/run');
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test ');
    expect(ci).toContain('npm ci --no-audit --no-fund');
    expect(ci).toContain('npm run synth');
    expect(ci).toMatch(/^npm test$/m);
  });
});
