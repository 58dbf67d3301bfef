import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../support/synth';
import { isToolkitPackage } from '../support/toolkit-packages';

/*
 * The layers of docs/development.md, enforced. Every TypeScript and JavaScript file of the
 * repository (as git lists it) belongs to one layer, and imports run one way, down this list:
 *
 *   core        modules/core        values and rules: no cdktf resources, no I/O
 *   config      modules/config      the schema, loader and checks
 *   constructs  modules/<family>    cdktf constructs only (modules/index.ts re-exports them)
 *   stacks      stacks/             one file per account role, wiring constructs from config
 *   toolkit     toolkit/            runs beside Terraform and AWS; defines no construct (synth/ builds the stacks)
 *   cli         cli/, main.ts, index.ts, bin/   the entry points
 *   development e2e/, bench/, tools/, __tests__/, config files   never shipped, never imported by what ships
 *
 * Imports are read by TypeScript's own pre-processor (static imports, re-exports, require and
 * import()), so a lazy `await import()` counts like any other.
 */
const LAYERS = ['core', 'config', 'constructs', 'stacks', 'toolkit', 'cli', 'development'] as const;
type Layer = (typeof LAYERS)[number];

/** Packages the lower layers never load: running processes, files, AWS calls, the toolkit's engines. */
const TOOLKIT_BUILTINS = /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$/;
const loadsToolkit = (specifier: string): boolean => TOOLKIT_BUILTINS.test(specifier) || isToolkitPackage(specifier);
/** The config layer reads the config file: fs is its one exception. */
const CONFIG_ALLOWED = [/^(node:)?fs$/];

/** The layer of a file (a path relative to the repository root) and its unit, for the cycle check. */
function layerOf(file: string): { layer: Layer; unit: string } | undefined {
  const [top, second] = file.split('/');
  if (top === 'modules') {
    if (second === 'core') return { layer: 'core', unit: 'modules/core' };
    if (second === 'config') return { layer: 'config', unit: 'modules/config' };
    if (second === 'index.ts') return { layer: 'constructs', unit: 'modules/index.ts' };
    return { layer: 'constructs', unit: `modules/${second}` };
  }
  if (top === 'stacks') return { layer: 'stacks', unit: 'stacks' };
  if (top === 'toolkit') return { layer: 'toolkit', unit: second.endsWith('.ts') ? 'toolkit' : `toolkit/${second}` };
  if (top === 'cli' || top === 'bin' || file === 'main.ts' || file === 'index.ts') return { layer: 'cli', unit: top };
  if (['e2e', 'bench', 'tools', '__tests__'].includes(top)) return { layer: 'development', unit: top };
  if (!file.includes('/') && /\.(c|m)?js$/.test(file)) return { layer: 'development', unit: file }; // jest, eslint configs
  return undefined;
}

/** The layer of a file that has one (every file has: a test below checks it). */
function layer(file: string): { layer: Layer; unit: string } {
  return layerOf(file) ?? { layer: 'development', unit: file };
}

/** Every source file git knows of (the consumer example is an app of its own, with its own install). */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    (file) => /\.(ts|js|mjs|cjs)$/.test(file) && !file.startsWith('examples/consumer/') && !file.startsWith('docs/'),
  )
  .filter((file) => fs.existsSync(path.join(ROOT, file)));

interface Import {
  readonly from: string;
  /** A file of the repository, relative to the root, or a package name. */
  readonly to: string;
  readonly isPackage: boolean;
}

function resolveLocal(from: string, spec: string): string {
  const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(from), spec));
  for (const candidate of [target, `${target}.ts`, `${target}.js`, path.join(target, 'index.ts')]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return target;
}

const imports: Import[] = files.flatMap((file) =>
  ts
    .preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true)
    .importedFiles.map(({ fileName }) =>
      fileName.startsWith('.')
        ? { from: file, to: resolveLocal(file, fileName), isPackage: false }
        : { from: file, to: fileName, isPackage: true },
    ),
);
const local = imports.filter((i) => !i.isPackage);

const rank = (file: string): number => LAYERS.indexOf(layer(file).layer);

test('the reader finds the imports of every folder (a sanity check)', () => {
  expect(local.length).toBeGreaterThan(400);
  for (const top of ['modules', 'stacks', 'toolkit', 'cli', 'e2e', 'bench', 'tools', '__tests__']) {
    expect(local.some((i) => i.from.startsWith(`${top}/`))).toBe(true);
  }
  expect(local).toContainEqual({ from: 'stacks/index.ts', to: 'modules/config/schema/index.ts', isPackage: false });
});

test("docs/development.md's layout names every folder of the toolkit", () => {
  const layout = fs.readFileSync(path.join(ROOT, 'docs', 'development.md'), 'utf8');
  const folders = [...new Set(files.filter((f) => /^toolkit\/[^/]+\//.test(f)).map((f) => f.split('/')[1]))];
  expect(folders.length).toBeGreaterThan(5);
  expect(folders.filter((folder) => !new RegExp(`^ {2}${folder}/ `, 'm').test(layout))).toEqual([]);
});

test('every source file belongs to a layer', () => {
  expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
});

test('every local import names a file that exists', () => {
  // bin/ loads lib/ (the build) in the installed package.
  const missing = local
    .filter((i) => !i.to.startsWith('lib/') && !fs.existsSync(path.join(ROOT, i.to)))
    .map((i) => `${i.from} imports ${i.to}`);
  expect(missing).toEqual([]);
});

test('no file imports from a layer above its own', () => {
  const upward = local
    .filter((i) => layerOf(i.to) !== undefined && rank(i.to) > rank(i.from))
    .map((i) => `${i.from} (${layer(i.from).layer}) imports ${i.to} (${layer(i.to).layer})`);
  expect(upward).toEqual([]);
});

test('core, config, constructs and stacks load no toolkit package (fs, child_process, AWS SDK, commander, DuckDB, Arrow)', () => {
  const heavy = imports
    .filter((i) => i.isPackage && ['core', 'config', 'constructs', 'stacks'].includes(layer(i.from).layer))
    .filter((i) => loadsToolkit(i.to))
    .filter((i) => !(layer(i.from).layer === 'config' && CONFIG_ALLOWED.some((p) => p.test(i.to))))
    .map((i) => `${i.from} imports ${i.to}`);
  expect(heavy).toEqual([]);
});

test('no import cycle between files', () => {
  const edges = new Map<string, string[]>();
  for (const i of local) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
  const cycles = findCycles(edges);
  expect(cycles).toEqual([]);
});

test('the construct families, and the toolkit folders, import each other without a cycle', () => {
  const edges = new Map<string, string[]>();
  for (const i of local) {
    const a = layer(i.from);
    const b = layerOf(i.to);
    if (b === undefined || a.unit === b.unit || a.layer !== b.layer) continue;
    if (a.layer !== 'constructs' && a.layer !== 'toolkit') continue;
    edges.set(a.unit, [...(edges.get(a.unit) ?? []), b.unit]);
  }
  expect(findCycles(edges)).toEqual([]);
});

test('the checks can fail: an upward import, a toolkit package and a cycle are each found', () => {
  expect(rank('modules/config/schema.ts')).toBeGreaterThan(rank('modules/core/naming.ts'));
  expect(rank('toolkit/terraform/plan.ts')).toBeGreaterThan(rank('modules/storage/secure-bucket.ts'));
  expect(rank('e2e/harness/moto.ts')).toBeGreaterThan(rank('cli/program.ts'));
  expect(loadsToolkit('@aws-sdk/client-s3')).toBe(true);
  expect(loadsToolkit('child_process')).toBe(true);
  expect(loadsToolkit('constructs')).toBe(false);
  expect(
    findCycles(
      new Map([
        ['a', ['b']],
        ['b', ['a']],
      ]),
    ),
  ).toEqual(['a -> b -> a']);
});

/** Each cycle once, from its smallest member. */
function findCycles(edges: Map<string, string[]>): string[] {
  const cycles = new Set<string>();
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      const loop = trail.slice(at);
      const start = loop.indexOf([...loop].sort()[0]);
      const rotated = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.add([...rotated, rotated[0]].join(' -> '));
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) visit(node, []);
  return [...cycles].sort();
}
