import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/synth';

/*
 * The package as npm would publish it: built as `npm pack` builds it (prepack), then its file list,
 * its exports and its source maps. e2e/suites/package.ts (npm run test:package, in .ci/run)
 * installs the tarball into another app and synthesizes it.
 */
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let files: string[] = [];

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[];
  files = packed[0].files.map((f) => f.path).sort();
}, 120_000);

test('the package is publishable under its scoped name, with the peer dependencies it is tested with', () => {
  expect(pkg.private).toBeUndefined();
  expect(pkg.name).toBe('@audit-logging/cdktf');
  expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version} `);
  expect(pkg.peerDependencies).toEqual({ '@cdktf/provider-aws': '~20.1.0', cdktf: '~0.21.0', constructs: '^10.8.1' });
  for (const [name, range] of Object.entries(pkg.peerDependencies as Record<string, string>)) {
    expect(pkg.dependencies[name]).toBeUndefined();
    // The repository develops against the lowest version the range allows.
    expect(pkg.devDependencies[name]).toBe(range.replace(/^[~^]/, ''));
  }
});

test('the tarball holds the build, the schema and the docs a consumer needs, and no sources or tests', () => {
  const outside = files.filter((f) => !f.startsWith('lib/'));
  expect(outside).toEqual([
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'audit-config.schema.json',
    'bin/cdktf-audit-logging.js',
    'package.json',
  ]);
  expect(files.filter((f) => /(__tests__|\.test\.|(?<!\.d)\.ts$|\/e2e|bench\/)/.test(f))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', 'lib/index.js.map']));
});

test.each(Object.keys(pkg.exports).filter((key) => key.endsWith('.json') === false))(
  'export %s resolves, loads and has types',
  (subpath) => {
    const target = pkg.exports[subpath] as { types: string; default: string };
    expect(files).toContain(target.default.slice(2));
    expect(files).toContain(target.types.slice(2));
    // Resolved by the package's own name, as a consumer resolves it (package self-reference).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(`${pkg.name}${subpath.slice(1)}`);
    expect(Object.keys(loaded).length).toBeGreaterThan(0);
  },
);

test('the root export has the config-driven entry point and the constructs', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require(pkg.name);
  for (const name of [
    'buildStacks',
    'synthesizeStacks',
    'loadConfig',
    'orgConfigSchema',
    'AuditNaming',
    'LogArchive',
  ]) {
    expect(typeof root[name]).not.toBe('undefined');
  }
});

test('every source map carries its sources, so stack traces and debuggers show the TypeScript', () => {
  const maps = files.filter((f) => f.endsWith('.js.map'));
  expect(maps.length).toBe(files.filter((f) => f.endsWith('.js') && f.startsWith('lib/')).length);
  for (const map of maps) {
    const parsed = JSON.parse(fs.readFileSync(path.join(ROOT, map), 'utf8')) as {
      sources: string[];
      sourcesContent?: string[];
    };
    expect(parsed.sourcesContent?.length).toBe(parsed.sources.length);
  }
});

test('the installed command runs from lib/ without TypeScript sources', () => {
  const out = execFileSync(process.execPath, ['-e', "require('./lib/cli/program').run(['--help'])"], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(out).toContain('Usage: cdktf-audit-logging <command> [options]');
});
