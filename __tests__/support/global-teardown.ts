import * as fs from 'fs';
import { RUN_TMPDIR } from './run-tmpdir';

/**
 * Removes the run's temp directory (global-setup.ts), and fails the run, naming each, if the tests
 * left anything in it (every test removes what it makes: `tempDir` does it for the file) or left a
 * process running (every process a test starts has the run's TMPDIR; those still running are
 * stopped).
 */
async function globalTeardown(): Promise<void> {
  const saved = process.env[RUN_TMPDIR];
  if (saved === undefined) return;
  const { dir, previous } = JSON.parse(saved) as { dir: string; previous: string | null };
  if (previous === null) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  Reflect.deleteProperty(process.env, RUN_TMPDIR);
  const running = await processesStillRunning(dir);
  for (const { pid } of running) stop(pid);
  const left = fs.readdirSync(dir).sort();
  fs.rmSync(dir, { recursive: true, force: true });
  const found = [
    ...(left.length === 0 ? [] : [`${left.length} in the temp directory (${dir}, now removed):`]),
    ...left.map((entry) => `  ${entry}`),
    ...(running.length === 0 ? [] : [`${running.length} process(es) running (now stopped):`]),
    ...running.map(({ pid, command }) => `  ${pid} ${command}`),
  ];
  if (found.length > 0) {
    throw new Error(
      `The tests left\n${found.join('\n')}\n` +
        'A test must remove what it makes (tempDir in __tests__/support/temp.ts does) and stop what it starts.',
    );
  }
}

/**
 * The processes whose environment has TMPDIR=`dir`, other than this one, after a grace period for
 * those on their way out. Linux only (/proc); none elsewhere.
 */
async function processesStillRunning(dir: string): Promise<{ pid: number; command: string }[]> {
  for (let waited = 0; ; waited += 100) {
    const found = processesWith(`TMPDIR=${dir}`);
    if (found.length === 0 || waited >= 2000) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function processesWith(variable: string): { pid: number; command: string }[] {
  if (!fs.existsSync('/proc/self/environ')) return [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(variable)) continue;
      found.push({ pid, command: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

function stop(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

// `export =`: jest loads it as the module itself (the transform marks no ES module).
export = globalTeardown;
