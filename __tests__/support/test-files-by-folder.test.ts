import * as fs from 'fs';
import * as path from 'path';
import { FAST_TIER_ENTRY, fastTierFilesOf, runTestFilesOf } from './fast-tier';
import { ROOT } from './root';
import { tempDir } from './temp';

/*
 * The fast tier runs each folder's test files together, from the folder's fast-tier.test.ts
 * (./fast-tier.ts). What would go wrong unseen: a file no run reaches, a file run twice, a snapshot
 * read from another file than the one a run of the file alone reads, a file's hook run for another
 * file's tests.
 */

const TESTS = path.join(ROOT, '__tests__');

// The configs as jest reads them (CommonJS).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(ROOT, 'jest.config.js')) as { testMatch: string[]; testPathIgnorePatterns: string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const filesConfig = require(path.join(ROOT, 'jest.files.config.js')) as typeof config;

/** What is under __tests__, relative to it. */
const TREE = fs.readdirSync(TESTS, { recursive: true, encoding: 'utf8' });

/** Every test file of the fast tier, as jest.config.js leaves the other tiers out: what a run of each file alone runs. */
const FAST_TIER_TEST_FILES = TREE.filter(
  (file) =>
    file.endsWith('.test.ts') &&
    path.basename(file) !== FAST_TIER_ENTRY &&
    !config.testPathIgnorePatterns.some((pattern) => new RegExp(pattern).test(path.join(TESTS, file))),
).sort();

test("npm test's jest runs the folders' fast-tier files and the snapshot files, and no other tier's", () => {
  expect(config.testMatch).toEqual([`**/${FAST_TIER_ENTRY}`, '**/*.snapshot.test.ts']);
  expect(config.testPathIgnorePatterns).toEqual(['/node_modules/', '\\.(integration|moto|pack)\\.test\\.ts$']);
  // A file alone: every test file but the folders' own.
  expect(filesConfig.testMatch).toEqual(['**/*.test.ts']);
  expect(filesConfig.testPathIgnorePatterns).toEqual([...config.testPathIgnorePatterns, '/fast-tier\\.test\\.ts$']);
});

test('every test file of the fast tier is run once: by its folder, or alone when it matches snapshots', () => {
  const alone = FAST_TIER_TEST_FILES.filter((file) => file.endsWith('.snapshot.test.ts'));
  // The folders with a file their fast-tier.test.ts runs.
  const folders = [
    ...new Set(FAST_TIER_TEST_FILES.filter((file) => !alone.includes(file)).map((file) => path.dirname(file))),
  ].sort();
  const run: string[] = [];
  for (const folder of folders) {
    const entry = path.join(TESTS, folder, FAST_TIER_ENTRY);
    expect({ entry, exists: fs.existsSync(entry) }).toEqual({ entry, exists: true });
    const support = path.relative(path.dirname(entry), path.join(TESTS, 'support', 'fast-tier'));
    expect(fs.readFileSync(entry, 'utf8')).toBe(
      "// This folder's test files, run in one module registry (__tests__/support/fast-tier.ts).\n" +
        `import { runTestFilesOf } from '${support.startsWith('.') ? support : `./${support}`}';\n\n` +
        'runTestFilesOf(__dirname);\n',
    );
    run.push(...fastTierFilesOf(path.join(TESTS, folder)).map((file) => path.join(folder, file)));
  }
  expect([...run, ...alone].sort()).toEqual(FAST_TIER_TEST_FILES);
  expect(alone.length).toBeGreaterThanOrEqual(3);
  expect(run.length).toBeGreaterThan(150);
  // No folder entry without a file to run.
  const entries = TREE.filter((file) => path.basename(file) === FAST_TIER_ENTRY);
  expect(entries.map((entry) => path.dirname(entry)).sort()).toEqual(folders);
});

// Written in two parts: this file, which the check reads too, matches no snapshot.
const MATCHES_A_SNAPSHOT = `expect(x).${'toMatchSnapshot'}();`;

describe('fastTierFilesOf', () => {
  test('takes the test files of the fast tier, sorted; leaves out the other tiers, the snapshot files and the entry', () => {
    const dir = tempDir('fast-tier-files');
    for (const file of ['b.test.ts', 'a.test.ts', 'c.integration.test.ts', 'd.moto.test.ts', 'e.pack.test.ts']) {
      fs.writeFileSync(path.join(dir, file), '');
    }
    fs.writeFileSync(path.join(dir, 'f.snapshot.test.ts'), MATCHES_A_SNAPSHOT);
    fs.writeFileSync(path.join(dir, FAST_TIER_ENTRY), '');
    fs.writeFileSync(path.join(dir, 'cases.ts'), '');
    expect(fastTierFilesOf(dir)).toEqual(['a.test.ts', 'b.test.ts']);
  });

  test.each([MATCHES_A_SNAPSHOT, `expect(f).${'toThrowErrorMatchingSnapshot'}();`])(
    'refuses a file that matches snapshots (%s), naming it and the fix',
    (line) => {
      const dir = tempDir('fast-tier-snapshot');
      fs.writeFileSync(path.join(dir, 'a.test.ts'), line);
      expect(() => fastTierFilesOf(dir)).toThrow(
        `${path.join(dir, 'a.test.ts')} matches snapshots: move those tests to a file named *.snapshot.test.ts`,
      );
    },
  );

  test('takes a file whose snapshots are inline: they are written to the file itself', () => {
    const dir = tempDir('fast-tier-inline');
    fs.writeFileSync(path.join(dir, 'a.test.ts'), 'expect(x).toMatchInlineSnapshot();');
    expect(fastTierFilesOf(dir)).toEqual(['a.test.ts']);
  });
});

/*
 * runTestFilesOf, run here on two files of a folder of its own: each file's tests run in a describe of
 * its name, and a hook at the top of one file runs for its own tests only. The files record what ran
 * on the global object, which this file reads after them.
 */
const FOLDER = tempDir('fast-tier-run');
const RAN = '__fastTierRan';
fs.writeFileSync(
  path.join(FOLDER, 'a.test.ts'),
  `const ran = ((globalThis as Record<string, unknown>).${RAN} ??= []) as string[];
beforeEach(() => ran.push('hook of a'));
test('one', () => {
  ran.push(expect.getState().currentTestName ?? '');
});
`,
);
fs.writeFileSync(
  path.join(FOLDER, 'b.test.ts'),
  `const ran = ((globalThis as Record<string, unknown>).${RAN} ??= []) as string[];
test('two', () => {
  ran.push(expect.getState().currentTestName ?? '');
});
`,
);
runTestFilesOf(FOLDER);

test("runTestFilesOf runs each file's tests in a describe of its name, and keeps a file's hooks to its own tests", () => {
  // (Under this folder's run, the names start with this file's describe.)
  expect((globalThis as Record<string, unknown>)[RAN]).toEqual([
    'hook of a',
    expect.stringMatching(/(^| )a\.test\.ts one$/),
    expect.stringMatching(/(^| )b\.test\.ts two$/),
  ]);
});
