import { execFileSync } from 'child_process';
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../support/synth';
import { isToolkitPackage, isToolkitPackageFile, mentionsToolkitPackage } from '../support/toolkit-packages';
import { installedEnvironment } from '../../e2e/harness/installed-environment';

/*
 * The two packages as npm would publish them: the constructs (`npm pack` at the root, built as
 * its prepare builds it) and the CLI (the workspace packages/cli, built by its own build against the
 * constructs' build), then their file lists, exports, dependencies and source maps.
 * e2e/suites/package.ts (npm run test:package, in .ci/run) installs the tarballs into other apps and
 * synthesizes them.
 */
const CLI = path.join(ROOT, 'packages', 'cli');
const cliPkg = JSON.parse(fs.readFileSync(path.join(CLI, 'package.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let files: string[] = [];

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[];
  files = packed[0].files.map((f) => f.path).sort();
  // The CLI's build, as its prepack runs it: npm links the constructs package (the root) beside it.
  execFileSync('npm', ['run', 'build', '--silent', '--workspace', 'packages/cli'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

test('the package is publishable under its scoped name, with the peer dependencies it is tested with', () => {
  expect(pkg.private).toBeUndefined();
  expect(pkg.name).toBe('@audit-logging/cdktf');
  expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version} `);
  // npm run test:package installs the consumer app with both ends of each range: the newest version
  // npm has (the app's pins) and the lowest (the range's own version).
  expect(pkg.peerDependencies).toEqual({ '@cdktf/provider-aws': '~20.1.0', cdktf: '~0.21.0', constructs: '^10.4.2' });
  const consumer = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'consumer', 'package.json'), 'utf8'));
  for (const [name, range] of Object.entries(pkg.peerDependencies as Record<string, string>)) {
    expect(pkg.dependencies[name]).toBeUndefined();
    const lowest = range.replace(/^[~^]/, '');
    const newest = consumer.dependencies[name] as string;
    expect(newest.split('.')[0]).toBe(lowest.split('.')[0]);
    // The repository develops against one of the tested ends.
    expect([lowest, newest]).toContain(pkg.devDependencies[name]);
  }
});

test('the tarball holds the build, the schema, the starter configs and the docs a consumer needs, and no sources or tests', () => {
  const outside = files.filter((f) => !f.startsWith('lib/'));
  expect(outside).toEqual([
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'audit-config.schema.json',
    'examples/minimal.config.json',
    'examples/starter.config.json',
    'package.json',
    'tools/prepare.js',
  ]);
  // The toolkit and the command are the CLI package's.
  expect(files.filter((f) => /^lib\/(toolkit|cli)\//.test(f))).toEqual([]);
  expect(files.filter((f) => /(__tests__|\.test\.|(?<!\.d)\.ts$|\/e2e|bench\/)/.test(f))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', 'lib/index.js.map']));
});

test('every lifecycle script the packed package.json keeps runs a file the tarball holds', () => {
  // npm runs prepare when it packs a directory or installs from git; the tarball keeps package.json's
  // scripts, so a script there must not name a file left out (tools/prepare.js does nothing outside
  // a pack of this repository: __tests__/package/prepare.test.ts).
  const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack'];
  const scripts = pkg.scripts as Record<string, string>;
  const kept = lifecycle.filter((name) => scripts[name] !== undefined);
  expect(kept).toEqual(['prepare']);
  for (const name of kept) {
    const named = [...scripts[name].matchAll(/\S+\.(?:js|cjs|mjs|sh)\b/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect([name, files.includes(file)]).toEqual([name, true]);
  }
});

/** The exports that name one entry (not the JSON files). */
const entryExports = Object.keys(pkg.exports).filter((key) => !key.endsWith('.json') && !key.includes('*'));

test.each(entryExports)('export %s resolves, loads and has types', (subpath) => {
  const target = pkg.exports[subpath] as { types: string; default: string };
  expect(files).toContain(target.default.slice(2));
  expect(files).toContain(target.types.slice(2));
  // Resolved by the package's own name, as a consumer resolves it (package self-reference).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(`${pkg.name}${subpath.slice(1)}`);
  expect(Object.keys(loaded).length).toBeGreaterThan(0);
});

/**
 * The file TypeScript resolves `specifier` to in an app (`/app/main.ts`) whose node_modules holds
 * this package with `manifest` as its package.json, under `moduleResolution`: undefined is TS2307.
 */
function resolvedInApp(
  specifier: string,
  manifest: object,
  options: { module: ts.ModuleKind; moduleResolution: ts.ModuleResolutionKind },
): string | undefined {
  const installed = path.join('/app', 'node_modules', ...pkg.name.split('/'));
  const inRoot = (file: string) =>
    file.startsWith(installed + path.sep) ? path.join(ROOT, file.slice(installed.length + 1)) : undefined;
  const host: ts.ModuleResolutionHost = {
    fileExists: (file) => {
      if (file === path.join(installed, 'package.json')) return true;
      const local = inRoot(file);
      return local !== undefined && fs.existsSync(local) && fs.statSync(local).isFile();
    },
    readFile: (file) => {
      if (file === path.join(installed, 'package.json')) return JSON.stringify(manifest);
      const local = inRoot(file);
      return local !== undefined && fs.existsSync(local) ? fs.readFileSync(local, 'utf8') : undefined;
    },
    directoryExists: (dir) => {
      const local = inRoot(dir);
      return dir === installed || '/app/node_modules/@audit-logging'.startsWith(dir)
        ? true
        : local !== undefined && fs.existsSync(local);
    },
  };
  const resolved = ts.resolveModuleName(specifier, '/app/main.ts', options, host).resolvedModule?.resolvedFileName;
  return resolved === undefined ? undefined : path.relative(installed, resolved);
}

/** What `cdktf init --template=typescript` writes: module CommonJS, no moduleResolution (node10). */
const CDKTF_INIT = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
const NODE16 = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
const typedExports = Object.entries(pkg.exports as Record<string, string | { types: string }>)
  .filter((entry): entry is [string, { types: string }] => typeof entry[1] !== 'string')
  .map(([subpath, target]) => [subpath, target.types.slice(2)]);

test.each(typedExports)(
  'export %s has a typesVersions entry, so its types resolve under CommonJS (node10) and node16 alike',
  (subpath, types) => {
    if (subpath !== '.') expect(pkg.typesVersions['*'][subpath.slice(2)]).toEqual([types]);
    expect(files).toContain(types);
    const specifier = `${pkg.name}${subpath.slice(1)}`;
    expect(resolvedInApp(specifier, pkg, CDKTF_INIT)).toBe(types);
    expect(resolvedInApp(specifier, pkg, NODE16)).toBe(types);
  },
);

test('without typesVersions, a subpath does not resolve under CommonJS (node10): the check can fail', () => {
  const withoutTypesVersions = { ...pkg, typesVersions: undefined };
  expect(resolvedInApp(`${pkg.name}/kms`, withoutTypesVersions, CDKTF_INIT)).toBeUndefined();
  expect(resolvedInApp(`${pkg.name}/kms`, withoutTypesVersions, NODE16)).toBe('lib/modules/kms/index.d.ts');
  expect(resolvedInApp(pkg.name, withoutTypesVersions, CDKTF_INIT)).toBe('lib/index.d.ts');
});

test('examples/consumer type-checks under the tsconfig cdktf init writes, as cdktf-cli ships it', () => {
  const template = path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript', 'tsconfig.json');
  expect(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'consumer', 'tsconfig.cdktf-init.json'), 'utf8')),
  ).toEqual(JSON.parse(fs.readFileSync(template, 'utf8')));
});

test('the root export has the config-driven entry point and the constructs, and none of their helpers', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require(pkg.name);
  for (const name of [
    'buildStacks',
    'synthesizeStacks',
    'loadConfig',
    'parseConfig',
    'orgConfigSchema',
    'AuditNaming',
    'AuditLoggingError',
    'LogArchive',
    'SecureBucket',
    'AccountStack',
  ]) {
    expect(typeof root[name]).not.toBe('undefined');
  }
  for (const name of [
    'describe',
    'lightweightSynthTraces',
    'validateProps',
    'logBucketPolicyStatements',
    'verifyTree',
  ]) {
    expect(root[name]).toBeUndefined();
  }
});

test('the CLI package: the same version, the constructs package and the toolkit packages as dependencies', () => {
  expect(cliPkg.name).toBe('@audit-logging/cdktf-cli');
  expect(cliPkg.version).toBe(pkg.version);
  expect(cliPkg.dependencies[pkg.name]).toBe(pkg.version);
  expect(cliPkg.peerDependencies).toEqual(pkg.peerDependencies);
  expect(cliPkg.bin).toEqual({ 'cdktf-audit-logging': 'bin/cdktf-audit-logging.js' });
  // The toolkit's packages are the CLI's: a construct-only install brings none of them.
  expect(Object.keys(cliPkg.dependencies).filter(isToolkitPackage).length).toBeGreaterThanOrEqual(9);
  expect(Object.keys(pkg.dependencies).filter(isToolkitPackage)).toEqual([]);
  expect(pkg.bin).toBeUndefined();
});

test("every package the CLI package's files require is a dependency of it or of the constructs, or a peer", () => {
  const built = execFileSync('find', [path.join(CLI, 'lib'), '-name', '*.js'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  const required = new Set<string>();
  for (const file of built) {
    for (const [, , specifier] of fs.readFileSync(file, 'utf8').matchAll(/require\((["'])([^."'][^"']*)\1\)/g)) {
      const parts = specifier.split('/');
      required.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  const builtins = new Set(builtinModules);
  const declared = new Set([...Object.keys(cliPkg.dependencies), ...Object.keys(cliPkg.peerDependencies)]);
  expect([...required].filter((name) => !builtins.has(name.replace(/^node:/, '')) && !declared.has(name))).toEqual([]);
  // And the other way (knip leaves this workspace to this test): no dependency its build never requires.
  expect(Object.keys(cliPkg.dependencies).filter((name) => !required.has(name))).toEqual([]);
  expect(required).toContain('@duckdb/node-api');
  expect(required).toContain(pkg.name);
});

test("the CLI package's files import the constructs only through the constructs package's entries", () => {
  const built = execFileSync('find', [path.join(CLI, 'lib'), '-name', '*.js', '-o', '-name', '*.d.ts'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  expect(built.length).toBeGreaterThan(100);
  // Its own folders only: the toolkit and the command, nothing of the constructs.
  expect(
    [...new Set(built.map((file) => path.relative(path.join(CLI, 'lib'), file).split(path.sep)[0]))].sort(),
  ).toEqual(['cli', 'toolkit']);
  const entries = new Set<string>();
  for (const file of built) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, , specifier] of text.matchAll(/(?:require\(|from |import\()(["'])([^"']+)\1/g)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        expect(path.relative(path.join(CLI, 'lib'), target)).toMatch(/^(toolkit|cli)(\/|$)/);
      } else if (specifier.startsWith(`${pkg.name}/`) || specifier === pkg.name) {
        entries.add(specifier);
      }
    }
  }
  // Entries the constructs package exports, none of its files by path.
  expect([...entries].sort()).toEqual([
    `${pkg.name}/stacks`,
    ...['analytics', 'catalogs', 'config', 'core'].map((entry) => `${pkg.name}/toolkit-api/${entry}`),
  ]);
  for (const entry of entries) expect(pkg.exports[`.${entry.slice(pkg.name.length)}`]).toBeDefined();
  expect(Object.keys(pkg.exports).filter((subpath) => subpath.includes('*'))).toEqual([]);
});

test('the toolkit export has the evidence tools a script calls, and none of their helpers', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const toolkit = require(path.join(CLI, cliPkg.exports['./toolkit'].default));
  for (const name of [
    'synthesizeStacksInParallel',
    'verifyTree',
    'formatReport',
    'investigate',
    'ATHENA_QUERIES',
    'APPLICATION_LOGS_QUERIES',
    'OfflineApplicationLogs',
    'checkDelivery',
    'deliveryExpectation',
    'S3ArchiveLister',
    'complianceMatrix',
    'complianceMarkdown',
    'planSummaryMarkdown',
  ]) {
    expect(typeof toolkit[name]).not.toBe('undefined');
  }
  for (const name of ['DUCKDB_MACROS', 'toDuckDb', 'sha256Hex', 'DigestTreeWriter', 'LogArchive']) {
    expect(toolkit[name]).toBeUndefined();
  }
});

/** The declaration files `entry` reaches through its imports, re-exports and `import("...")` types. */
function declarationsOf(entry: string): Set<string> {
  const reached = new Set<string>();
  const pending = [path.join(ROOT, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    const text = fs.readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map(
      (m) => m[1],
    );
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
      const target = path.resolve(path.dirname(file), specifier);
      const candidates = [`${target}.d.ts`, path.join(target, 'index.d.ts')];
      const found = candidates.find((candidate) => fs.existsSync(candidate));
      if (found === undefined)
        throw new Error(`${path.relative(ROOT, file)} refers to ${specifier}, which has no declaration`);
      pending.push(found);
    }
  }
  return reached;
}

test.each(entryExports)('the declarations of %s refer to no toolkit or CLI file and no toolkit package', (subpath) => {
  const files = [...declarationsOf((pkg.exports[subpath] as { types: string }).types)];
  expect(files.length).toBeGreaterThan(0);
  expect(files.map((f) => path.relative(ROOT, f)).filter((f) => /^lib\/(toolkit|cli)\//.test(f))).toEqual([]);
  const packages = files.filter((f) => mentionsToolkitPackage(fs.readFileSync(f, 'utf8')));
  expect(packages.map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the declarations of every entry type-check on their own (stripInternal leaves no dangling name)', () => {
  const entries = Object.values(pkg.exports as Record<string, string | { types: string }>)
    .filter((target): target is { types: string } => typeof target !== 'string')
    .map((target) => path.join(ROOT, target.types));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    types: ['node'],
  });
  const ours = program.getSourceFiles().filter((f) => f.fileName.startsWith(path.join(ROOT, 'lib') + path.sep));
  expect(ours.length).toBeGreaterThan(entries.length);
  const problems = ours
    .flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
    .map(
      (d) => `${path.relative(ROOT, d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  expect(problems).toEqual([]);
}, 120_000);

test('every source map carries its sources, so stack traces and debuggers show the TypeScript', () => {
  const maps = files.filter((f) => f.endsWith('.js.map'));
  expect(maps.length).toBe(files.filter((f) => f.endsWith('.js') && f.startsWith('lib/')).length);
  for (const map of maps) {
    const parsed = JSON.parse(fs.readFileSync(path.join(ROOT, map), 'utf8')) as {
      sources: string[];
      sourcesContent?: string[];
    };
    expect(parsed.sourcesContent?.length).toBe(parsed.sources.length);
    // The source each map names is the TypeScript file the JavaScript came from.
    const source = path.resolve(path.dirname(path.join(ROOT, map)), parsed.sources[0]);
    expect(path.relative(ROOT, source)).toBe(map.replace(/^lib\//, '').replace(/\.js\.map$/, '.ts'));
    expect(parsed.sourcesContent?.[0]).toBe(fs.readFileSync(source, 'utf8'));
  }
});

test('the JavaScript in lib/ is what a clone and jest run: swc with tools/swc-options.js, one file at a time', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const options = require('../../tools/swc-options') as object;
  const built = files.filter((f) => f.endsWith('.js') && f.startsWith('lib/'));
  expect(built.length).toBeGreaterThan(100);
  for (const file of built) {
    const source = path.join(ROOT, file.replace(/^lib\//, '').replace(/\.js$/, '.ts'));
    const asRun = swc.transformSync(fs.readFileSync(source, 'utf8'), {
      ...options,
      filename: source,
      sourceMaps: false,
    });
    const published = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect(published).toBe(`${asRun.code}\n//# sourceMappingURL=${path.basename(file)}.map\n`);
  }
});

test("the CLI package's command runs from its lib/, without TypeScript sources", () => {
  const out = execFileSync(process.execPath, [path.join(CLI, 'bin', 'cdktf-audit-logging.js'), '--help'], {
    cwd: CLI,
    encoding: 'utf8',
    env: installedEnvironment(),
  });
  expect(out).toContain('Usage: cdktf-audit-logging <command> [options]');
});

/*
 * A team that builds with the constructs loads no toolkit: `require('@audit-logging/cdktf')` and each
 * construct subpath of package.json "exports" load no file of lib/toolkit or lib/cli and none of the
 * toolkit's packages (DuckDB, Apache Arrow, the AWS SDK, commander). One node process requires the
 * built entries, one after another, and reports the files each one added to require.cache.
 * BENCHMARKS.md, "Importing the constructs", measures the same build.
 */
const constructEntries = Object.entries(pkg.exports as Record<string, string | { default: string }>)
  .filter(([, target]) => typeof target !== 'string')
  .map(([subpath, target]) => [subpath, (target as { default: string }).default]);

const TOOLKIT_FILES = /^lib\/(toolkit|cli)\//;

function loadedByEachEntry(): Record<string, string[]> {
  const script = `
const path = require('path');
const loaded = {};
let before = new Set(Object.keys(require.cache));
for (const [subpath, file] of ${JSON.stringify(constructEntries)}) {
  require(path.resolve(file));
  const now = Object.keys(require.cache);
  loaded[subpath] = now.filter((f) => !before.has(f));
  before = new Set(now);
}
process.stdout.write(JSON.stringify(loaded));
`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

describe('the constructs import alone', () => {
  let loaded: Record<string, string[]> = {};
  beforeAll(() => {
    loaded = loadedByEachEntry();
  });

  test('the root entry and every construct subpath are checked', () => {
    expect(constructEntries.map(([subpath]) => subpath)).toEqual(
      expect.arrayContaining(['.', './stacks', './storage', './kms']),
    );
    expect(Object.keys(loaded)).toEqual(constructEntries.map(([subpath]) => subpath));
    // The root loads the constructs and cdktf: the check sees what is loaded.
    expect(loaded['.'].some((file) => file.endsWith(path.join('lib', 'modules', 'storage', 'secure-bucket.js')))).toBe(
      true,
    );
  });

  test.each(constructEntries.map(([subpath]) => subpath))(
    '%s loads no toolkit or CLI file and no toolkit package',
    (subpath) => {
      const offending = loaded[subpath]
        .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
        .filter((file) => TOOLKIT_FILES.test(file) || isToolkitPackageFile(`/${file}`));
      expect(offending).toEqual([]);
    },
  );

  test('the check finds a toolkit file and a toolkit package (it can fail)', () => {
    expect(TOOLKIT_FILES.test('lib/toolkit/investigate/duckdb-engine.js')).toBe(true);
    expect(isToolkitPackageFile('/node_modules/@duckdb/node-api/lib/index.js')).toBe(true);
    expect(isToolkitPackageFile('/node_modules/commander/lib/command.js')).toBe(true);
    expect(isToolkitPackageFile('/node_modules/constructs/lib/index.js')).toBe(false);
    expect(TOOLKIT_FILES.test('lib/modules/storage/secure-bucket.js')).toBe(false);
  });
});
