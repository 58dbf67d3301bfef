import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUN_TMPDIR } from './run-tmpdir';
import { unsupportedNodeNotice } from '../../packages/cli/toolkit/common/node-support';

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
  // Node's module compile cache, which npm, tsc and the command line turn on under Node 22 and later
  // (module.enableCompileCache: NODE_COMPILE_CACHE, else <tmp>/node-compile-cache), is meant to last
  // from one run to the next: it stays in the machine's temp dir, out of the run's.
  process.env.NODE_COMPILE_CACHE ??= path.join(outer, 'node-compile-cache');
  // On a Node.js past its end of life, one line for the run instead of the AWS SDK's nine per process.
  const notice = unsupportedNodeNotice();
  if (notice !== undefined) process.stderr.write(`\n${notice}\n`);
}

// `export =`: jest loads it as the module itself (the transform marks no ES module).
export = globalSetup;
