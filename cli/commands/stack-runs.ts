/**
 * What plan and deploy share: which stacks to run (named, or changed against a base synth), how
 * many at a time, and one progress line per stack with a summary table at the end.
 */
import * as path from 'path';
import { compareSynths, StackChange, stacksToPlan } from '../../toolkit/review/stack-changes';
import { describeOperations, OperationInProgress } from '../../toolkit/terraform/operations-in-progress';
import type { RetriedOperation } from '../../toolkit/terraform/retry-log';
import { defaultParallelism, expectedPeakMb, providerCount } from '../../toolkit/terraform/stack-memory';
import { StackResult } from '../../toolkit/terraform/stack-waves';
import type { Terraform } from '../../toolkit/terraform/terraform';
import { productStacks } from '../../toolkit/terraform/stack-files';
import { synthesizedStacks } from './synth-output';
import { UsageError } from './exit-codes';
import { manifestWarnings, reportConfigWarnings } from '../../toolkit/common/config-warnings';
import { wholeNumberOption } from './whole-number-option';

/** The base synth of `--changed`: `--base`, else `AUDIT_BASE_OUTDIR`, else `cdktf.base.out`. */
export function baseDirOption(option: string | undefined): string {
  return option ?? (process.env.AUDIT_BASE_OUTDIR || 'cdktf.base.out');
}

/** The stacks a command runs, and, with `--changed`, how every stack compares with the base. */
export interface StackSelection {
  readonly stacks: string[];
  readonly changes?: StackChange[];
}

/**
 * The stacks named on the command line (each must be synthesized), or every synthesized stack; with
 * `changedAgainst`, only those among them that changed or are new since that base synth.
 */
export function selectStacks(out: string, named: readonly string[], changedAgainst?: string): StackSelection {
  const synthesized = synthesizedStacks(out);
  const available = productStacks(out, synthesized);
  // plan and deploy read the synth, not the config: its warnings are the ones synth recorded.
  reportConfigWarnings(manifestWarnings(path.join(out, 'manifest.json')), { print: false });
  const notOurs = named.filter((stack) => synthesized.includes(stack) && !available.includes(stack));
  if (notOurs.length > 0) {
    throw new UsageError(
      `${notOurs.join(', ')}: not a stack of this product's (a stack of your app's own: run it with cdktf deploy); ` +
        `the product's stacks are: ${available.join(', ')}`,
    );
  }
  const unknown = named.filter((stack) => !available.includes(stack));
  if (unknown.length > 0) {
    throw new UsageError(`no synthesized stack ${unknown.join(', ')}; the stacks are: ${available.join(', ')}`);
  }
  const wanted = named.length > 0 ? available.filter((stack) => named.includes(stack)) : available;
  if (changedAgainst === undefined) return { stacks: wanted };
  let changes: StackChange[];
  try {
    changes = compareSynths(out, changedAgainst);
  } catch (error) {
    throw new UsageError(`--changed: ${(error as Error).message}`);
  }
  const changed = new Set(stacksToPlan(changes));
  return { stacks: wanted.filter((stack) => changed.has(stack)), changes };
}

/** `--parallel`: a whole number of at least 1, else the memory-aware default for these stacks. */
export function parallelOption(option: string | undefined, out: string, stacks: readonly string[]): number {
  if (option !== undefined) {
    return wholeNumberOption('--parallel', option, 'stacks', 1);
  }
  const largest = Math.max(0, ...stacks.map((stack) => providerCount(path.join(out, 'stacks', stack))));
  return defaultParallelism(expectedPeakMb(largest));
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

/** Prints one line per stack event, with the time since the command started. */
export class StackProgress {
  private readonly started = Date.now();

  public constructor(
    private readonly verb: string,
    private readonly width: number,
  ) {}

  public line(stack: string, text: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0).padStart(5);
    process.stdout.write(`[${seconds} s] ${stack.padEnd(this.width)} ${text}\n`);
  }

  /** One line per AWS operation the stack's provider keeps retrying (the onRetries of plan and apply). */
  public retries(stack: string, operations: readonly RetriedOperation[]): void {
    for (const { service, operation, retries, lastError } of operations) {
      this.line(stack, `retrying ${service} ${operation}: ${lastError}, ${retries} times so far`);
    }
  }

  /** What a long-running command of the stack is still waiting for (the onWaiting of plan and apply). */
  public waiting(stack: string, seconds: number, operations: readonly OperationInProgress[]): void {
    this.line(stack, `still ${this.verb} after ${Math.round(seconds / 60)} min: ${describeOperations(operations)}`);
  }

  /** The progress callback of runInWaves. */
  public onEvent = ({ stack, result }: { stack: string; result?: StackResult<unknown> }): void => {
    if (result === undefined) this.line(stack, `${this.verb}...`);
    else if (result.outcome === 'done') this.line(stack, `done in ${result.seconds.toFixed(1)} s`);
    else if (result.outcome === 'skipped') this.line(stack, `skipped: ${result.reason ?? ''}`);
    else {
      this.line(stack, `FAILED after ${result.seconds.toFixed(1)} s: ${firstLine(result.reason)}`);
      process.stderr.write(`${stack}: ${result.reason ?? 'failed'}\n`);
    }
  };
}

/** The summary table at the end of a run: one row per stack, with `detail` of what a task returned, and failures with their reason. */
export function resultsTable<T>(results: readonly StackResult<T>[], detail?: (value: T) => string): string {
  const width = Math.max(5, ...results.map(({ stack }) => stack.length));
  const rows = results.map(({ stack, outcome, seconds, reason, value }) => {
    const note = reason !== undefined ? firstLine(reason) : value !== undefined && detail ? detail(value) : '';
    const ran = outcome === 'done' || outcome === 'failed';
    const time = ran ? seconds.toFixed(1).padStart(7) : ' '.repeat(7);
    return `${stack.padEnd(width)}  ${outcome.padEnd(11)}  ${time}  ${note}`.trimEnd();
  });
  const counts = (['done', 'skipped', 'failed', 'not started'] as const)
    .map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`);
  return [`${'stack'.padEnd(width)}  ${'result'.padEnd(11)}  seconds  note`, ...rows, counts.join(', '), ''].join('\n');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
}

/**
 * Runs `work` with SIGINT and SIGTERM handled: the first stops new stacks from starting (`stopped`
 * turns true) and asks every running Terraform command to stop, which each does after saving its
 * state; later ones only say that the command is waiting for that. Terraform runs in process groups
 * of its own, so without this a Ctrl-C would end this command and leave them running unseen.
 */
export async function withInterrupts<T>(
  terraform: Terraform,
  work: (stopped: () => boolean) => Promise<T>,
): Promise<{ result: T; interrupted: boolean }> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write(`${signal}: waiting for the running Terraform commands to save their state\n`);
      return;
    }
    interrupted = true;
    const running = terraform.interrupt();
    process.stderr.write(
      `\n${signal}: no new stack starts; ${running} running Terraform commands were asked to stop after saving their state\n`,
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(() => interrupted);
    return { result, interrupted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
