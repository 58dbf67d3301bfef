import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, counted, type TransitionOrder } from '@audit-logging/cdktf/toolkit-api/core';
import { commandLine } from '../common/invocation';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { Applied } from '../terraform/apply';
import type { DeployRecord } from '../terraform/stack-files';
import { resultsTable, StackProgress, withInterrupts } from '../terraform/stack-progress';
import { defaultParallelOf, selectStacks } from './stack-selection';
import type { StackResult } from '../terraform/stack-waves';
import type { Terraform } from '../terraform/terraform';

/** A deploy that cannot run as asked: a plan folder that is not there (exit 2). */
export class DeployInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Options of {@link deployStacks}. */
export interface DeployOptions {
  /** The synth output folder. */
  readonly out: string;
  /**
   * The stacks to apply, by name.
   * @default - every stack of the product's in the synth
   */
  readonly stacks?: readonly string[];
  /**
   * A base synth: apply only the stacks that changed since it, or are new, in the order the change needs.
   * @default - no base: every selected stack, in the order synth recorded for the change
   */
  readonly changedAgainst?: string;
  /** The time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Member stacks applied at once.
   * @default - as many as fit in 80% of free memory, at most 2 per CPU
   */
  readonly parallel?: number;
  /**
   * Apply the reviewed plans in this folder (plan's `<out>/plans`), refusing a stack that changed since.
   * @default - plan and apply in one step
   */
  readonly planDir?: string;
  /**
   * Skip the stacks the deploy record holds as applied at the same synthesized content.
   * @default false
   */
  readonly resume?: boolean;
  /**
   * After a failure, go on with the other stacks of the same wave (never into the next wave).
   * @default false
   */
  readonly keepGoing?: boolean;
}

/** What {@link deployStacks} did. */
export interface DeployResult {
  /** Each stack's outcome; empty when nothing was to deploy or the change was refused. */
  readonly results: readonly StackResult<Applied>[];
  /** Whether an interrupt stopped the run. */
  readonly interrupted: boolean;
  /** Why the change's order refused the deploy before any stack ran. */
  readonly refused?: string;
  /** Whether every selected stack applied (or was skipped by `resume`). */
  readonly ok: boolean;
}

/**
 * The deploy action: applies the selected stacks in waves (the log archive first, members several
 * at a time, a change's removal wave ahead), records each apply in `<out>/deploy-record.json` with
 * its outputs, and reports progress, a summary table and, after a stop, what to do next, through `io`.
 * @throws StackSelectionError for stacks that are not there; DeployInputError for a missing plan folder
 */
export async function deployStacks(options: DeployOptions, io: ToolkitIo = CONSOLE_IO): Promise<DeployResult> {
  const { out, planDir } = options;
  if (planDir !== undefined && !fs.statSync(planDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DeployInputError(
      `--plan-dir ${planDir} is not a folder: give the folder plan wrote the reviewed plans into (cdktf.out/plans by default; ${commandLine('plan')} makes it)`,
    );
  }
  const selection = selectStacks(out, options.stacks ?? [], options.changedAgainst, io);
  if (selection.stacks.length === 0) {
    io.notify({ level: 'info', text: 'nothing to deploy' });
    return { results: [], interrupted: false, ok: true };
  }
  const parallel = options.parallel ?? defaultParallelOf(out, selection.stacks);
  const { clearTransition, deriveTransition, readTransitionOrder, transitionRefusal, wavesFor } =
    await import('../review/transition-order');
  // The change's order: from the base synth with one, else as synth recorded it beside the stacks.
  const order =
    options.changedAgainst !== undefined ? deriveTransition(options.changedAgainst, out) : readTransitionOrder(out);
  const refused = order === undefined ? undefined : transitionRefusal(order, out);
  if (refused !== undefined) {
    io.notify({ level: 'warn', text: `deploy refused: ${refused}` });
    return { results: [], interrupted: false, refused, ok: false };
  }
  const { Terraform } = await import('../terraform/terraform');
  const terraform = Terraform.find();
  const waves = wavesFor(order, selection.stacks);
  await announceDeploy(order, selection.stacks, { waves: waves.length, parallel, planDir }, io);
  const run = await applyInWaves(terraform, waves, { ...options, parallel }, io);
  const ok = reportDeploy(run, planDir !== undefined, io);
  // Every stack applied: the change synth kept an order for is deployed.
  if (ok && (options.stacks ?? []).length === 0) clearTransition(out);
  return { results: run.results, interrupted: run.interrupted, ok };
}

/** The change's steps (its removal wave first), then what the run applies and how. */
async function announceDeploy(
  order: TransitionOrder | undefined,
  stacks: readonly string[],
  run: { readonly waves: number; readonly parallel: number; readonly planDir?: string },
  io: ToolkitIo,
): Promise<void> {
  const { transitionSteps } = await import('../review/transition-order');
  const ahead = (order?.ahead ?? []).filter((stack) => stacks.includes(stack));
  if (ahead.length > 0 && order !== undefined) {
    io.notify({ level: 'info', text: `removal wave first: ${ahead.join(', ')}\n${transitionSteps(order).join('\n')}` });
  } else if (order !== undefined && transitionSteps(order).length > 0) {
    io.notify({ level: 'info', text: transitionSteps(order).join('\n') });
  }
  io.notify({
    level: 'info',
    text:
      `deploying ${counted(stacks.length, 'stack')} in ${counted(run.waves, 'wave')}, ${run.parallel} at a time` +
      `${run.planDir === undefined ? '' : `, reviewed plans from ${run.planDir}`}`,
  });
}

/** How the waves ended: each stack's outcome, whether an interrupt stopped them, and the stacks to plan again. */
interface WavesRun {
  readonly results: StackResult<Applied>[];
  readonly interrupted: boolean;
  /** Stacks whose reviewed plan cannot be applied (stale, changed since, missing): they need a new plan. */
  readonly replan: readonly string[];
}

/** Applies `waves` in order, recording each apply and its outputs as it ends. */
async function applyInWaves(
  terraform: Terraform,
  waves: string[][],
  options: DeployOptions & { readonly parallel: number },
  io: ToolkitIo,
): Promise<WavesRun> {
  const { out } = options;
  const { stackDigest } = await import('../review/stack-changes');
  const { runInWaves } = await import('../terraform/stack-waves');
  const { DeployRecord } = await import('../terraform/stack-files');
  const record = new DeployRecord(out);
  const progress = new StackProgress('applying', Math.max(...waves.flat().map((stack) => stack.length)), io);
  const replan = new Set<string>();
  const applyOne = await stackApplier(terraform, options, { record, progress, replan });
  const { result: results, interrupted } = await withInterrupts(
    terraform,
    (stopped) =>
      runInWaves(waves, applyOne, {
        parallel: options.parallel,
        keepGoing: options.keepGoing === true,
        onEvent: progress.onEvent,
        shouldStop: stopped,
        skip: (stack) =>
          options.resume === true && record.appliedAt(stack, stackDigest(path.join(out, 'stacks', stack)))
            ? 'applied before at this content (--resume)'
            : undefined,
      }),
    io,
  );
  return { results, interrupted, replan: [...replan] };
}

/** The task of one stack: apply it, read its outputs, record both; a reviewed plan refused marks it for `replan`. */
async function stackApplier(
  terraform: Terraform,
  options: DeployOptions,
  run: {
    readonly record: DeployRecord;
    readonly progress: StackProgress;
    readonly replan: Set<string>;
  },
) {
  const { applyStack, PlanRefused } = await import('../terraform/apply');
  const { TerraformFailed } = await import('../terraform/plan');
  const { deployLogFile } = await import('../terraform/stack-files');
  const { outputLines, readStackOutputs } = await import('../terraform/stack-outputs');
  const { out, timeoutSeconds, planDir } = options;
  const { record, progress, replan } = run;
  return async (stack: string) => {
    const dir = path.join(out, 'stacks', stack);
    const started = Date.now();
    const logFile = deployLogFile(out, stack);
    const applied = await applyStack(terraform, dir, {
      timeoutSeconds,
      planDir,
      logFile,
      onRetries: (operations) => progress.retries(stack, operations),
      onWaiting: (seconds, operations) => progress.waiting(stack, seconds, operations),
    }).catch((error: unknown) => {
      if (error instanceof PlanRefused || (error instanceof TerraformFailed && error.stalePlan)) replan.add(stack);
      if (!(error instanceof TerraformFailed)) throw error;
      throw new Error(`${error.message}\nTerraform's whole output: ${logFile}`, { cause: error });
    });
    const seconds = (Date.now() - started) / 1000;
    const outputs = await readStackOutputs(terraform, dir, timeoutSeconds).catch((error: unknown) => {
      // The apply is done: outputs that cannot be read are said, and the stack still counts as applied.
      progress.line(stack, `outputs not read: ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    });
    record.record(stack, {
      stackDigest: applied.stackDigest,
      appliedAt: new Date().toISOString(),
      seconds,
      ...(outputs === undefined ? {} : { outputs }),
    });
    for (const line of outputLines(outputs ?? {})) progress.line(stack, `output ${line}`);
    return { outcome: 'done', value: applied } as const;
  };
}

/** The summary table, then what to do after a stop or an interrupt; true when every stack applied. */
function reportDeploy(run: WavesRun, reviewed: boolean, io: ToolkitIo): boolean {
  const { results, interrupted, replan } = run;
  io.notify({
    level: 'info',
    text: `\n${resultsTable(results, (value) => `peak ${value.peakMb} MB`).replace(/\n$/, '')}`,
  });
  const failed = results.filter(({ outcome }) => outcome === 'failed' || outcome === 'not started');
  if (interrupted) {
    io.notify({ level: 'warn', text: interruptedAdvice(failed, reviewed) });
    return false;
  }
  if (failed.length > 0) {
    io.notify({
      level: 'warn',
      text: `deploy stopped: ${counted(failed.length, 'stack')} failed or did not start. ${stoppedAdvice(results, replan, reviewed)}`,
    });
    return false;
  }
  return true;
}

/**
 * What to do after a stop: a stack whose reviewed plan cannot be applied (Terraform's "Saved plan
 * is stale", or a plan refused before Terraform ran) needs a new plan, which no fix and no
 * --resume gives it; any other failure needs its cause fixed. With reviewed plans (`reviewed`), a
 * failed apply may have changed its stack's state (what it created before the failure, an import of
 * the repair), which makes that stack's plan stale too: it is planned again after the fix, which is
 * right either way.
 */
function stoppedAdvice(
  results: readonly { stack: string; outcome: string }[],
  replan: readonly string[],
  reviewed: boolean,
): string {
  const others = results.filter(({ stack, outcome }) => outcome === 'failed' && !replan.includes(stack));
  const advice: string[] = [];
  if (replan.length > 0) {
    advice.push(
      `The reviewed ${replan.length === 1 ? 'plan' : 'plans'} of ${replan.join(', ')} cannot be applied: plan again ` +
        `(${commandLine('plan', replan)}), review, then deploy the new plans with --plan-dir and --resume.`,
    );
  }
  if (others.length > 0 || replan.length === 0) {
    const names = others.map(({ stack }) => stack);
    advice.push(
      `Fix the cause${replan.length > 0 ? ` of ${others.map(({ stack }) => stack).join(', ')}` : ''}, then ` +
        (reviewed && others.length > 0
          ? `plan ${others.length === 1 ? 'it' : 'them'} again (${commandLine('plan', names)}): a failed apply may have ` +
            'changed the state it was planned from, and Terraform then refuses the old plan as stale. Review, then ' +
            'deploy the new plans with --plan-dir and --resume.'
          : 'run the same command with --resume.'),
    );
  }
  return advice.join(' ');
}

/**
 * What to do after an interrupt (Ctrl-C, SIGTERM) left `unfinished` stacks failed or not started:
 * resume; with reviewed plans (`reviewed`), plan the stopped ones again first, since an apply that
 * was stopped may have changed the state its plan was made from.
 */
export function interruptedAdvice(
  unfinished: readonly { stack: string; outcome: string }[],
  reviewed: boolean,
): string {
  const head = `deploy interrupted: ${counted(unfinished.length, 'stack')} failed or did not start.`;
  const stopped = unfinished.filter(({ outcome }) => outcome === 'failed').map(({ stack }) => stack);
  if (!reviewed || stopped.length === 0) return `${head} Run the same command with --resume to go on.`;
  return (
    `${head} Plan the stopped ${stopped.length === 1 ? 'stack' : 'stacks'} again (${commandLine('plan', stopped)}): ` +
    'an apply that was stopped may have changed the state it was planned from. Review, then deploy the new plans ' +
    'with --plan-dir and --resume.'
  );
}
