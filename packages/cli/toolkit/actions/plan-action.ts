import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, counted } from '@audit-logging/cdktf/toolkit-api/core';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { batchNumbers, batchOf } from '../review/plan-batches';
import { type StackChange, STACK_CHANGES_FILE } from '../review/stack-changes';
import { resultsTable, StackProgress, withInterrupts } from '../terraform/stack-progress';
import { defaultParallelOf, selectStacks, type StackSelection } from './stack-selection';
import type { StackResult } from '../terraform/stack-waves';

/** A plan that cannot run as asked: a read-only plan without the role to plan as (exit 2). */
export class PlanInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Which stacks a plan covers; the options {@link planStacks} and {@link listPlanBatches} share. */
export interface PlanSelection {
  /** The synth output folder. */
  readonly out: string;
  /**
   * The stacks to plan, by name.
   * @default - every stack of the product's in the synth
   */
  readonly stacks?: readonly string[];
  /**
   * A base synth: plan only the stacks that changed since it, or are new (`--changed`).
   * @default - no base: every selected stack
   */
  readonly changedAgainst?: string;
}

/** Options of {@link planStacks}. */
export interface PlanOptions extends PlanSelection {
  /** The time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Plan only batch `batch` of `of` of the selected stacks (one CI job each).
   * @default - every selected stack
   */
  readonly batch?: { readonly batch: number; readonly of: number };
  /**
   * Stacks planned at once.
   * @default - as many as fit in 80% of free memory, at most 2 per CPU
   */
  readonly parallel?: number;
  /**
   * Assume the synth's plan role (deployment.planRoleName) instead of the deploy role.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** What {@link planStacks} did. */
export interface PlanResult {
  /** Each stack's outcome, in the order the run ended them; empty when nothing was to plan. */
  readonly results: readonly StackResult<unknown>[];
  /** Whether an interrupt stopped the run (the stacks not done have no plan). */
  readonly interrupted: boolean;
  /** Whether every stack planned. */
  readonly ok: boolean;
}

/** The stacks a plan would run and their batches (`plan --list`), for a CI matrix. */
export interface PlanList {
  readonly plan: readonly string[];
  readonly unchanged: number;
  readonly removed: readonly string[];
  readonly batches: readonly number[];
  readonly batchCount: number;
}

/** Writes how each stack compares with the base where plan-summary finds it. */
function writeStackChanges(plansDir: string, changes: readonly StackChange[]): void {
  fs.mkdirSync(plansDir, { recursive: true });
  fs.writeFileSync(path.join(plansDir, STACK_CHANGES_FILE), `${JSON.stringify(changes, null, 2)}\n`);
}

/**
 * The stacks a plan of `selection` would run, shared among at most `maxJobs` batches; plans nothing.
 * With a base synth, writes how each stack compares with it beside the plans.
 */
export function listPlanBatches(selection: PlanSelection, maxJobs: number, io: ToolkitIo = CONSOLE_IO): PlanList {
  const { stacks, changes } = selectStacks(selection.out, selection.stacks ?? [], selection.changedAgainst, io);
  const batches = batchNumbers(stacks.length, maxJobs);
  if (changes !== undefined) writeStackChanges(path.join(selection.out, 'plans'), changes);
  const kinds = (kind: string) => (changes ?? []).filter((c) => c.kind === kind).map((c) => c.stack);
  return {
    plan: stacks,
    unchanged: kinds('unchanged').length,
    removed: kinds('removed'),
    batches,
    batchCount: batches.length,
  };
}

/**
 * Writes the change's order beside the plans, where plan-summary finds it: derived from the base
 * synth with a base, else the one synth recorded in `out`; none when the usual waves do.
 */
async function writePlanTransition(out: string, plansDir: string, base: string | undefined): Promise<void> {
  const { deriveTransition, needsOrder, readTransitionOrder, TRANSITION_ORDER_FILE, writeTransitionOrder } =
    await import('../review/transition-order');
  const order = base === undefined ? readTransitionOrder(out) : deriveTransition(base, out);
  if (needsOrder(order)) writeTransitionOrder(plansDir, order);
  else fs.rmSync(path.join(plansDir, TRANSITION_ORDER_FILE), { force: true });
}

/** The role a read-only plan assumes, from the synth's settings. */
async function planRoleOf(out: string, readOnly: boolean | undefined): Promise<string | undefined> {
  if (readOnly !== true) return undefined;
  const { readDeploymentSettings } = await import('../terraform/stack-files');
  const roleName = readDeploymentSettings(out).planRoleName;
  if (roleName === undefined) {
    throw new PlanInputError(
      '--read-only needs deployment.planRoleName in the config (a read-only role in every account); set it and synth again',
    );
  }
  return roleName;
}

/**
 * Records what this run plans beside the plans: how each stack compares with the base (and forgets
 * the plans of stacks that did not change), or the stacks named alone. Returns the stacks to plan.
 */
async function recordPlanScope(options: PlanOptions, selection: StackSelection, io: ToolkitIo): Promise<string[]> {
  const { removePlanOutputs, writePlannedStacks } = await import('../terraform/stack-files');
  const plansDir = path.join(options.out, 'plans');
  const stacks =
    options.batch === undefined ? selection.stacks : batchOf(selection.stacks, options.batch.batch, options.batch.of);
  if (selection.changes !== undefined) {
    writeStackChanges(plansDir, selection.changes);
    // A plan left from an earlier run of a stack that did not change would read as current. (Only
    // those: the other batches' stacks changed, and their plans may be in this folder too.)
    for (const { stack } of selection.changes) {
      if (!selection.stacks.includes(stack)) removePlanOutputs(plansDir, stack);
    }
    const unchanged = selection.changes.filter(({ kind }) => kind === 'unchanged').length;
    io.notify({
      level: 'info',
      text:
        `${selection.stacks.length} of ${selection.changes.filter(({ kind }) => kind !== 'removed').length} stacks changed or new (${unchanged} unchanged)` +
        `${options.batch === undefined ? '' : `; batch ${options.batch.batch}/${options.batch.of} plans ${stacks.length}`}`,
    });
  }
  // A batch of --changed plans a part of what stack-changes.json names; only names given alone limit the run.
  if (options.batch === undefined) {
    fs.mkdirSync(plansDir, { recursive: true });
    const named = options.stacks ?? [];
    writePlannedStacks(plansDir, selection.changes === undefined && named.length > 0 ? stacks : undefined);
  }
  return stacks;
}

/**
 * The plan action: `terraform init`, `plan` and `show -json` in each selected stack, several at a
 * time, writing into `<out>/plans/` each stack's JSON plan (plan-summary's input), saved plan (what
 * deploy applies) and digest, and a failure note for each stack without a plan. Reports a progress
 * line per stack and a summary table through `io`.
 * @throws StackSelectionError for stacks that are not there; PlanInputError for --read-only without a plan role
 */
export async function planStacks(options: PlanOptions, io: ToolkitIo = CONSOLE_IO): Promise<PlanResult> {
  const { out } = options;
  const selection = selectStacks(out, options.stacks ?? [], options.changedAgainst, io);
  const plansDir = path.join(out, 'plans');
  await writePlanTransition(out, plansDir, options.changedAgainst);
  const roleName = await planRoleOf(out, options.readOnly);
  const stacks = await recordPlanScope(options, selection, io);
  if (stacks.length === 0) {
    io.notify({ level: 'info', text: 'nothing to plan' });
    return { results: [], interrupted: false, ok: true };
  }
  const parallel = options.parallel ?? defaultParallelOf(out, stacks);
  const { runInWaves } = await import('../terraform/stack-waves');
  const { planStack } = await import('../terraform/plan');
  const { Terraform } = await import('../terraform/terraform');
  const terraform = Terraform.find();
  io.notify({
    level: 'info',
    text: `planning ${counted(stacks.length, 'stack')}, ${parallel} at a time${roleName === undefined ? '' : ` as ${roleName}`}`,
  });
  const progress = new StackProgress('planning', Math.max(...stacks.map((stack) => stack.length)), io);
  const { result: results, interrupted } = await withInterrupts(
    terraform,
    (stopped) =>
      runInWaves(
        [stacks],
        async (stack) => {
          await planStack(terraform, path.join(out, 'stacks', stack), plansDir, {
            timeoutSeconds: options.timeoutSeconds,
            readOnlyRole: roleName,
            onRetries: (operations) => progress.retries(stack, operations),
            onWaiting: (seconds, operations) => progress.waiting(stack, seconds, operations),
          });
          return { outcome: 'done' };
        },
        { parallel, keepGoing: true, onEvent: progress.onEvent, shouldStop: stopped },
      ),
    io,
  );
  io.notify({ level: 'info', text: `\n${resultsTable(results).replace(/\n$/, '')}` });
  await recordPlanFailures(plansDir, results);
  if (interrupted) io.notify({ level: 'warn', text: 'plan interrupted: the stacks not done have no plan' });
  return { results, interrupted, ok: results.every(({ outcome }) => outcome === 'done') };
}

/** A stack without a plan is named in the plans folder, so that plan-summary never reads as complete. */
async function recordPlanFailures(plansDir: string, results: readonly StackResult<unknown>[]): Promise<void> {
  const { removePlanOutputs, writePlanFailure } = await import('../terraform/stack-files');
  const { diagnosticsExcerpt } = await import('../terraform/plan');
  for (const result of results.filter(({ outcome }) => outcome !== 'done')) {
    removePlanOutputs(plansDir, result.stack);
    // The message's first line, then its first diagnostic whole from its Error: header.
    const [first = '', ...rest] = (result.reason ?? '').split('\n');
    const reason = (
      /^Error: /.test(first)
        ? diagnosticsExcerpt(result.reason ?? '', 16)
        : `${first}\n${diagnosticsExcerpt(rest.join('\n'), 16)}`
    ).trim();
    writePlanFailure(plansDir, { stack: result.stack, outcome: result.outcome, reason });
  }
}
