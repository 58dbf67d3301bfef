import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as path from 'path';
import { ROOT } from './synth';

/** The command-line entry point, as the package's `bin` names it. */
export const CLI = path.join(ROOT, 'bin', 'cdktf-audit-logging.js');

/**
 * Runs `cdktf-audit-logging <args>` in a new process, as a user would, with AUDIT_CONFIG and
 * CDKTF_OUTDIR cleared unless `env` sets them.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, AUDIT_CONFIG: '', CDKTF_OUTDIR: '', ...options.env },
  });
}

/**
 * {@link runCli} without blocking this process: for a test that serves what the command calls (a
 * proxy in the test's own event loop, which a synchronous spawn would starve).
 */
export function runCliAsync(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<InProcessResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, AUDIT_CONFIG: '', CDKTF_OUTDIR: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) =>
      resolve({
        status: status ?? -1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** What {@link runCliInProcess} saw: as {@link runCli}'s result, for the fields the tests read. */
export interface InProcessResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command line through the CLI's own `run()` in this process, in `cwd` and with `env` added
 * (AUDIT_CONFIG and CDKTF_OUTDIR cleared unless set), capturing what it writes. The same code path
 * as the binary but for Node's start-up, which is most of a spawned command's time; the tests that
 * hold the binary itself (exit codes of a real process, no stack trace) use {@link runCli}.
 */
export async function runCliInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<InProcessResult> {
  // Loaded here so that a test file that only spawns the binary does not compile the CLI.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require('../../packages/cli/cli/program') as typeof import('../../packages/cli/cli/program');
  const saved = { cwd: process.cwd(), env: { ...process.env }, out: process.stdout.write, err: process.stderr.write };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  Object.assign(process.env, { AUDIT_CONFIG: '', CDKTF_OUTDIR: '', ...options.env });
  process.chdir(options.cwd ?? ROOT);
  process.stdout.write = capture(stdout) as typeof process.stdout.write;
  process.stderr.write = capture(stderr) as typeof process.stderr.write;
  try {
    const status = await run(args);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.chdir(saved.cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, saved.env);
    process.exitCode = undefined;
  }
}
