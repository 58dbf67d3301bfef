/**
 * What a run over stacks reports: one progress line per stack event, a summary table at the end,
 * and what an interrupt (Ctrl-C, SIGTERM) does to the Terraform commands still running.
 */
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { describeOperations, type OperationInProgress } from './operations-in-progress';
import type { RetriedOperation } from './retry-log';
import type { StackResult } from './stack-waves';
import type { Terraform } from './terraform';

/** Reports one line per stack event, with the time since the run started. */
export class StackProgress {
  private readonly started = Date.now();

  public constructor(
    private readonly verb: string,
    private readonly width: number,
    private readonly io: ToolkitIo = CONSOLE_IO,
  ) {}

  public line(stack: string, text: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0).padStart(5);
    this.io.notify({ level: 'info', text: `[${seconds} s] ${stack.padEnd(this.width)} ${text}` });
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
      this.io.notify({ level: 'warn', text: `${stack}: ${result.reason ?? 'failed'}` });
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
  io: ToolkitIo = CONSOLE_IO,
): Promise<{ result: T; interrupted: boolean }> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      io.notify({ level: 'warn', text: `${signal}: waiting for the running Terraform commands to save their state` });
      return;
    }
    interrupted = true;
    const running = terraform.interrupt();
    io.notify({
      level: 'warn',
      text: `\n${signal}: no new stack starts; ${running} running Terraform commands were asked to stop after saving their state`,
    });
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
