import { run } from './program';
import { unsupportedNodeNotice } from '../toolkit/common/node-support';

/**
 * Runs this process's command line and sets its exit code: the command's entry point, in a clone
 * (bin/) and in the published package (packages/cli/bin/).
 */
export function main(): void {
  // A reader that stops early (`synth | head -1`, `deploy | grep -m1 ...`) closes the pipe once it
  // has what it wanted. No stack trace, and no early exit either: the command finishes (a deploy must
  // not leave an apply half done, its lock held and its record unwritten) and exits with its own
  // code; what it still prints goes nowhere.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stdout.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof process.stdout.write;
  });
  const notice = unsupportedNodeNotice();
  if (notice !== undefined) process.stderr.write(`${notice}\n`);
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
