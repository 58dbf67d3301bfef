import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUN_TMPDIR } from './run-tmpdir';

/**
 * Gives the run a temp directory of its own: TMPDIR names a new empty directory, which the test
 * workers, and every process a test starts, inherit; global-teardown.ts then fails the run if a
 * test left anything in it.
 */
function globalSetup(): void {
  const outer = os.tmpdir();
  const dir = fs.mkdtempSync(path.join(outer, 'audit-jest-run-'));
  process.env[RUN_TMPDIR] = JSON.stringify({ dir, previous: process.env.TMPDIR ?? null });
  process.env.TMPDIR = dir;
  // ts-node (the scripts a test runs from the sources) keeps a compile cache in the temp dir, meant to last from
  // one run to the next: it stays where it always was, out of the run's directory.
  // (v8-compile-cache-lib's own default: <tmp>/v8-compile-cache-<uid>/<V8 version>.)
  const cache = process.getuid === undefined ? 'v8-compile-cache' : `v8-compile-cache-${process.getuid()}`;
  process.env.V8_COMPILE_CACHE_CACHE_DIR ??= path.join(outer, cache, process.versions.v8);
  // The same for Node's own module compile cache, which npm and tsc turn on under Node 22 and later
  // (module.enableCompileCache: NODE_COMPILE_CACHE, else <tmp>/node-compile-cache).
  process.env.NODE_COMPILE_CACHE ??= path.join(outer, 'node-compile-cache');
}

// `export =`: jest loads it as the module itself (the transform marks no ES module).
export = globalSetup;
