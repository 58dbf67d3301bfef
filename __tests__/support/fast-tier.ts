import * as fs from 'fs';
import * as path from 'path';

/*
 * The fast tier runs a folder's test files together, in one jest test file: the folder's
 * `fast-tier.test.ts`, which calls `runTestFilesOf(__dirname)`. Jest loads a test file's modules
 * afresh (cdktf, the provider's bindings, the stacks, the policy simulator), and what a file builds
 * once at its top (a synthesized stack, a simulator's answers) is built again by the next. Loaded
 * once for the folder, the tier takes a quarter less CPU (BENCHMARKS.md, "The fast tier: `npm
 * test`"). Each file still runs as if alone: in a describe of its name, which keeps its hooks to its
 * own tests, and as a file of its own under `npm run test:file` and mutation testing. `npx jest
 * __tests__/<folder>` runs a folder and those below it; `npm run test:file -- <path>` one file.
 *
 * A file that matches snapshots (`toMatchSnapshot`) is a test file of its own, `*.snapshot.test.ts`:
 * jest keeps one snapshot file per test file, so a snapshot matched in a folder's run would not be
 * the one a run of the file alone reads.
 */

/** The name of a folder's fast-tier test file. */
export const FAST_TIER_ENTRY = 'fast-tier.test.ts';

/** The test files of the other tiers (jest.config.js), and those that run alone. */
const NOT_GROUPED = /\.(integration|moto|pack|snapshot)\.test\.ts$/;

/** A matcher that writes to the test file's snapshot file; inline snapshots live in the source itself. */
const SNAPSHOT_MATCHER = /\.(toMatchSnapshot|toThrowErrorMatchingSnapshot)\(/;

/**
 * The test files of `directory` that its fast-tier test file runs, by name, sorted. Throws, naming the
 * file and the fix, for one that matches snapshots.
 */
export function fastTierFilesOf(directory: string): string[] {
  const files = fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.test.ts') && file !== FAST_TIER_ENTRY && !NOT_GROUPED.test(file))
    .sort();
  for (const file of files) {
    if (SNAPSHOT_MATCHER.test(fs.readFileSync(path.join(directory, file), 'utf8'))) {
      throw new Error(
        `${path.join(directory, file)} matches snapshots: move those tests to a file named *.snapshot.test.ts, ` +
          'which jest runs on its own (jest keeps one snapshot file per test file)',
      );
    }
  }
  return files;
}

/** Runs each fast-tier test file of `directory` in a describe of its name, in the calling test file. */
export function runTestFilesOf(directory: string): void {
  for (const file of fastTierFilesOf(directory)) {
    describe(file, () => {
      // Loaded by path: the folder's files are found, not listed (a new file cannot be left out).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(directory, file));
    });
  }
}
