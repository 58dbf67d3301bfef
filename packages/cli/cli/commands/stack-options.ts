/**
 * The options plan, deploy, state and decommission share, parsed: how long each Terraform command
 * may take, and how many stacks run at once.
 */
import { wholeNumberOption } from './whole-number-option';

/** `--parallel`: a whole number of at least 1; undefined leaves the action its memory-aware default. */
export function parallelOption(option: string | undefined): number | undefined {
  return option === undefined ? undefined : wholeNumberOption('--parallel', option, 'stacks', 1);
}

/**
 * The longest time limit, in seconds: Node's timers hold at most 2^31 - 1 ms and fire at once past
 * that, which would stop every Terraform command as it starts.
 */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** `--timeout`: whole seconds, else `PLAN_TIMEOUT_SECONDS`, else 1800. */
export function timeoutOption(option: string | undefined): number {
  if (option !== undefined) return wholeNumberOption('--timeout', option, 'seconds', 1, MAX_TIMEOUT_SECONDS);
  const fromEnvironment = process.env.PLAN_TIMEOUT_SECONDS;
  if (fromEnvironment === undefined || fromEnvironment === '') return 1800;
  return wholeNumberOption('PLAN_TIMEOUT_SECONDS', fromEnvironment, 'seconds', 1, MAX_TIMEOUT_SECONDS);
}
