import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Temporary files of the tests: every one a test makes is removed when its test file ends (by the
 * test environment, environment.ts, after the file's own afterAll hooks, even when its tests were
 * filtered out or failed), and the run fails if anything is left in the temp directory
 * (global-teardown.ts).
 */

/**
 * Where the paths to remove are kept: on the test file's global object, which the environment
 * sees, and which outlives `jest.resetModules()`.
 */
export const TEMP_PATHS = '__auditTempPaths';

function tracked(): string[] {
  const global = globalThis as unknown as Record<string, string[] | undefined>;
  return (global[TEMP_PATHS] ??= []);
}

/** Removes `file` (a file or a directory) when the test file ends. Returns it. */
export function removeAfterFile(file: string): string {
  tracked().push(file);
  return file;
}

/** A new empty directory under the system temp dir, removed with its contents when the test file ends. */
export function tempDir(prefix: string): string {
  return removeAfterFile(fs.mkdtempSync(path.join(os.tmpdir(), `audit-${prefix}-`)));
}

/**
 * Removes every path registered in `global` (a test file's global object); the environment calls it.
 * All at once: removal waits on the disk, not the CPU, so a run's hundreds of directories go far
 * faster together than one by one.
 */
export async function removeTempPaths(global: Record<string, unknown>): Promise<void> {
  const paths = (global[TEMP_PATHS] as string[] | undefined) ?? [];
  global[TEMP_PATHS] = [];
  await Promise.all(paths.map((file) => fs.promises.rm(file, { recursive: true, force: true })));
}
