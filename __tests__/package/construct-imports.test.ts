import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/synth';

/*
 * A team that builds with the constructs loads no toolkit: `require('@audit-logging/cdktf')` and each
 * construct subpath of package.json "exports" load no file of toolkit/ or cli/ and none of the
 * toolkit's packages (DuckDB, Apache Arrow, the AWS SDK, commander). One node process requires the
 * entries from the sources (ts-node, transpile only), one after another, and reports the files each
 * one added to require.cache. BENCHMARKS.md, "Importing the constructs", measures the build.
 */
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};

/** Subpath and source file of every construct entry: all but the toolkit and the JSON files. */
const entries = Object.entries(pkg.exports)
  .filter(([subpath, target]) => typeof target !== 'string' && subpath !== './toolkit')
  .map(([subpath, target]) => [
    subpath,
    (target as { default: string }).default.replace(/^\.\/lib\//, '').replace(/\.js$/, '.ts'),
  ]);

const TOOLKIT_FILES = /^(toolkit|cli)\//;
const TOOLKIT_PACKAGES = /\/node_modules\/(@duckdb\/|apache-arrow\/|@aws-sdk\/|@smithy\/|commander\/)/;

const script = `
require('ts-node').register({ transpileOnly: true, project: 'tsconfig.json' });
const path = require('path');
const loaded = {};
let before = new Set(Object.keys(require.cache));
for (const [subpath, file] of ${JSON.stringify(entries)}) {
  require(path.resolve(file));
  const now = Object.keys(require.cache);
  loaded[subpath] = now.filter((f) => !before.has(f));
  before = new Set(now);
}
process.stdout.write(JSON.stringify(loaded));
`;

let loaded: Record<string, string[]> = {};

beforeAll(() => {
  loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}, 120_000);

test('the root entry and every construct subpath are checked', () => {
  expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining(['.', './stacks', './storage', './kms']));
  expect(Object.keys(loaded)).toEqual(entries.map(([subpath]) => subpath));
  // The root loads the constructs and cdktf: the check sees what is loaded.
  expect(loaded['.'].some((file) => file.endsWith(path.join('modules', 'storage', 'secure-bucket.ts')))).toBe(true);
});

test.each(entries.map(([subpath]) => subpath))('%s loads no toolkit or CLI file and no toolkit package', (subpath) => {
  const offending = loaded[subpath]
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
    .filter((file) => TOOLKIT_FILES.test(file) || TOOLKIT_PACKAGES.test(`/${file}`));
  expect(offending).toEqual([]);
});
