import { spawnSync, SpawnSyncReturns } from 'child_process';
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
