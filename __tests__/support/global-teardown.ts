import * as fs from 'fs';
import { RUN_TMPDIR } from './global-setup';

/**
 * Removes the run's temp directory (global-setup.ts), and fails the run, naming each entry, if the
 * tests left anything in it: every test removes what it made (`tempDir` does it for the file).
 */
export default function globalTeardown(): void {
  const saved = process.env[RUN_TMPDIR];
  if (saved === undefined) return;
  const { dir, previous } = JSON.parse(saved) as { dir: string; previous: string | null };
  if (previous === null) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  Reflect.deleteProperty(process.env, RUN_TMPDIR);
  const left = fs.readdirSync(dir).sort();
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `The tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp directory (${dir}, ` +
        `now removed); a test must remove what it makes (tempDir in __tests__/support/temp.ts does):\n` +
        left.map((entry) => `  ${entry}`).join('\n'),
    );
  }
}
