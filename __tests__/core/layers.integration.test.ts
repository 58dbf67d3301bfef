import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../support/synth';
import { CLONE_ONLY_IMPORTS, findCycles, layer, layerOf, loadsToolkit, rank } from './layers-rules';

/*
 * The layers of docs/development.md (layers-rules.ts), enforced on every TypeScript and JavaScript
 * file of the repository, as git lists it (git ls-files, a process).
 */

/** The config layer reads the config file: fs is its one exception. */
const CONFIG_ALLOWED = [/^(node:)?fs$/];

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

test('the reader finds the imports of every folder (a sanity check)', () => {
  expect(local.length).toBeGreaterThan(400);
  for (const top of [
    'modules',
    'stacks',
    'packages/cli/toolkit',
    'packages/cli/cli',
    'e2e',
    'bench',
    'tools',
    '__tests__',
  ]) {
    expect(local.some((i) => i.from.startsWith(`${top}/`))).toBe(true);
  }
  expect(local).toContainEqual({ from: 'stacks/index.ts', to: 'modules/org-config/schema/index.ts', isPackage: false });
});

test("docs/development.md's layout names every folder of the toolkit", () => {
  const layout = fs.readFileSync(path.join(ROOT, 'docs', 'development.md'), 'utf8');
  const folders = [
    ...new Set(files.filter((f) => /^packages\/cli\/toolkit\/[^/]+\//.test(f)).map((f) => f.split('/')[3])),
  ];
  expect(folders.length).toBeGreaterThan(5);
  expect(folders.filter((folder) => !new RegExp(`^ {2}${folder}/ `, 'm').test(layout))).toEqual([]);
});

/** The constructs package's sources: what `npm pack` at the root builds and ships. */
const isConstructsPackage = (file: string): boolean =>
  /^(modules|stacks|toolkit-api)\//.test(file) || file === 'index.ts';
const isCliPackage = (file: string): boolean => file.startsWith('packages/cli/');

test('the constructs package imports nothing of the CLI package, by path or by name', () => {
  const constructs = imports.filter((i) => isConstructsPackage(i.from));
  expect(constructs.length).toBeGreaterThan(400);
  const crossing = constructs
    .filter((i) => (i.isPackage ? i.to.startsWith('@audit-logging/cdktf-cli') : isCliPackage(i.to)))
    .map((i) => `${i.from} imports ${i.to}`);
  expect(crossing).toEqual([]);
});

test('the CLI package reaches the constructs only by their package entries, never by a path out of its folder', () => {
  const cli = local.filter((i) => isCliPackage(i.from));
  expect(cli.length).toBeGreaterThan(200);
  const outside = cli.filter((i) => !isCliPackage(i.to)).map((i) => `${i.from} imports ${i.to}`);
  expect(outside).toEqual([]);
  expect(
    imports.filter((i) => isCliPackage(i.from) && i.to.startsWith('@audit-logging/cdktf/')).length,
  ).toBeGreaterThan(20);
});

test('every source file belongs to a layer', () => {
  expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
});

test('every local import names a file that exists', () => {
  // The CLI package's bin/ loads its build (packages/cli/lib), which a clone does not hold.
  const missing = local
    .filter((i) => !i.to.startsWith('packages/cli/lib/') && !fs.existsSync(path.join(ROOT, i.to)))
    .map((i) => `${i.from} imports ${i.to}`);
  expect(missing).toEqual([]);
});

test('no file imports from a layer above its own', () => {
  const upward = local
    .filter((i) => layerOf(i.to) !== undefined && rank(i.to) > rank(i.from))
    .filter((i) => !CLONE_ONLY_IMPORTS.some((allowed) => allowed.from === i.from && allowed.to === i.to))
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
