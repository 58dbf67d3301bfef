import { isToolkitPackage } from '../support/toolkit-packages';

/*
 * The layers of docs/development.md, which layers.integration.test.ts enforces. Every TypeScript and
 * JavaScript file of the repository (as git lists it) belongs to one layer, and imports run one way,
 * down this list:
 *
 *   core        modules/core        values and rules: no cdktf resources, no I/O
 *               modules/catalogs    the catalogs, as data: they import core, core never imports them
 *   config      modules/org-config      the schema, loader and checks
 *   constructs  modules/<family>    cdktf constructs only (modules/index.ts re-exports them)
 *   stacks      stacks/             one file per account role, wiring constructs from config
 *   toolkit     packages/cli/toolkit/   runs beside Terraform and AWS; defines no construct (synth/ builds the stacks)
 *   cli         packages/cli/cli/, packages/cli/bin/, index.ts, main.ts, bin/   the entry points
 *   development e2e/, bench/, tools/, __tests__/, config files   never shipped, never imported by what ships
 *
 * Imports are read by TypeScript's own pre-processor (static imports, re-exports, require and
 * import()), so a lazy `await import()` counts like any other.
 */
const LAYERS = ['core', 'config', 'constructs', 'stacks', 'toolkit', 'cli', 'development'] as const;
export type Layer = (typeof LAYERS)[number];

/** Packages the lower layers never load: running processes, files, AWS calls, the toolkit's engines. */
const TOOLKIT_BUILTINS = /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$/;
export const loadsToolkit = (specifier: string): boolean =>
  TOOLKIT_BUILTINS.test(specifier) || isToolkitPackage(specifier);

/** The layer of a file (a path relative to the repository root) and its unit, for the cycle check. */
export function layerOf(file: string): { layer: Layer; unit: string } | undefined {
  const [top, second] = file.split('/');
  if (top === 'modules') {
    if (second === 'core') return { layer: 'core', unit: 'modules/core' };
    if (second === 'catalogs') return { layer: 'core', unit: 'modules/catalogs' };
    if (second === 'org-config') return { layer: 'config', unit: 'modules/org-config' };
    if (second === 'index.ts') return { layer: 'constructs', unit: 'modules/index.ts' };
    return { layer: 'constructs', unit: `modules/${second}` };
  }
  // The constructs package's entries for its CLI package: each re-exports light construct-layer files.
  if (top === 'toolkit-api') return { layer: 'constructs', unit: 'toolkit-api' };
  if (top === 'stacks') return { layer: 'stacks', unit: 'stacks' };
  if (top === 'packages' && second === 'cli') return cliPackageLayerOf(file.split('/').slice(2));
  if (top === 'bin' || file === 'index.ts' || file === 'main.ts') return { layer: 'cli', unit: top };
  if (['e2e', 'bench', 'tools', '__tests__'].includes(top)) return { layer: 'development', unit: top };
  if (!file.includes('/') && /\.(c|m)?js$/.test(file)) return { layer: 'development', unit: file }; // jest, Stryker configs
  return undefined;
}

/** The layer of a file of the CLI package (`packages/cli/`), by its path inside the package. */
function cliPackageLayerOf([top, second]: string[]): { layer: Layer; unit: string } | undefined {
  if (top === 'toolkit') return { layer: 'toolkit', unit: second.endsWith('.ts') ? 'toolkit' : `toolkit/${second}` };
  // The command, and the published command's entry point, which runs the package's build.
  if (top === 'cli' || top === 'bin') return { layer: 'cli', unit: `packages/cli/${top}` };
  return undefined;
}

/** The layer of a file that has one (every file has: layers.integration.test.ts checks it). */
export function layer(file: string): { layer: Layer; unit: string } {
  return layerOf(file) ?? { layer: 'development', unit: file };
}

/** The place of a file's layer in {@link LAYERS}: imports run from a higher rank to a lower. */
export const rank = (file: string): number => LAYERS.indexOf(layer(file).layer);

/** Each cycle once, from its smallest member. */
export function findCycles(edges: Map<string, string[]>): string[] {
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

/**
 * The one import of development code by what ships: in a clone, the command line (bin/) runs the
 * TypeScript sources through the register. The published command is packages/cli/bin/'s, which runs
 * the build (the package test runs it).
 */
export const CLONE_ONLY_IMPORTS: readonly { readonly from: string; readonly to: string }[] = [
  { from: 'bin/cdktf-audit-logging.js', to: 'tools/swc-register.js' },
];
