import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../support/synth';

/*
 * The import graph runs one way: core, then config, then the capability modules, then the stacks,
 * then the entry points (main.ts, scripts/). A file may import from its own layer or one below it,
 * never from above; and the capability modules import each other without a cycle. Imports are read
 * by TypeScript's own pre-processor (static imports, re-exports, require and import()).
 */
const LAYERS = ['core', 'config', 'capability', 'stacks', 'entry'] as const;
type Layer = (typeof LAYERS)[number];

/** The layer of a source file (a path relative to the repository root), and its module directory. */
function layerOf(file: string): { layer: Layer; unit: string } {
  const [top, second] = file.split('/');
  if (top === 'modules' && second === 'core') return { layer: 'core', unit: 'core' };
  if (top === 'modules' && second === 'config') return { layer: 'config', unit: 'config' };
  // The package's entry points re-export every module; nothing inside imports them.
  if (top === 'modules' && second === 'index.ts') return { layer: 'entry', unit: 'modules/index.ts' };
  if (top === 'modules') return { layer: 'capability', unit: second };
  if (top === 'stacks') return { layer: 'stacks', unit: 'stacks' };
  return { layer: 'entry', unit: file };
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/** Every import between files of the project: [from, to], as paths relative to the root. */
function projectImports(): [string, string][] {
  const files = [...sourceFiles('modules'), ...sourceFiles('stacks'), ...sourceFiles('scripts'), 'main.ts', 'index.ts'];
  return files.flatMap((file) =>
    ts
      .preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true)
      .importedFiles.map((imported) => imported.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec): [string, string] => {
        const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
        const isDir = fs.existsSync(path.join(ROOT, target)) && fs.statSync(path.join(ROOT, target)).isDirectory();
        return [file, isDir ? path.join(target, 'index.ts') : `${target}.ts`];
      }),
  );
}

const imports = projectImports();

test('the imports are found (a sanity check of the reader)', () => {
  expect(imports.length).toBeGreaterThan(200);
  expect(imports).toContainEqual(['stacks/index.ts', 'modules/config/schema.ts']);
});

test('no file imports from a layer above its own', () => {
  const upward = imports
    .filter(([from, to]) => LAYERS.indexOf(layerOf(to).layer) > LAYERS.indexOf(layerOf(from).layer))
    .map(([from, to]) => `${from} (${layerOf(from).layer}) imports ${to} (${layerOf(to).layer})`);
  expect(upward).toEqual([]);
});

test('the capability modules import each other without a cycle', () => {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of imports) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a.layer !== 'capability' || b.layer !== 'capability' || a.unit === b.unit) continue;
    edges.set(a.unit, (edges.get(a.unit) ?? new Set()).add(b.unit));
  }
  const cycles: string[] = [];
  const visit = (unit: string, trail: string[]): void => {
    if (trail.includes(unit)) {
      cycles.push([...trail.slice(trail.indexOf(unit)), unit].join(' -> '));
      return;
    }
    for (const next of edges.get(unit) ?? []) visit(next, [...trail, unit]);
  };
  for (const unit of edges.keys()) visit(unit, []);
  expect(cycles).toEqual([]);
});

test('the checker finds an upward import (it can fail)', () => {
  const fake: [string, string] = ['modules/core/naming.ts', 'modules/config/schema.ts'];
  expect(LAYERS.indexOf(layerOf(fake[1]).layer)).toBeGreaterThan(LAYERS.indexOf(layerOf(fake[0]).layer));
});
