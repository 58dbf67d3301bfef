import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { StackChange, STACK_CHANGES_FILE } from '../../toolkit/review/stack-changes';
import { outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import {
  baseDirOption,
  parallelOption,
  resultsTable,
  selectStacks,
  StackProgress,
  timeoutOption,
  withInterrupts,
} from './stack-runs';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';

/** Options of `plan`, as commander parses them. */
interface PlanCommandOptions {
  readonly out?: string;
  readonly timeout?: string;
  readonly changed?: boolean;
  readonly base?: string;
  readonly list?: boolean;
  readonly batches: string;
  readonly batch?: string;
  readonly parallel?: string;
  readonly readOnly?: boolean;
}

/** `cdktf-audit-logging plan`: a saved plan, and its JSON, for every synthesized stack or the changed ones. */
export function planCommand(): Command {
  return new Command('plan')
    .description(
      'Run terraform init, plan and show -json in every synthesized stack, the ones named, or the changed ones.',
    )
    .argument('[stacks...]', 'stack names (default: every stack of the last synth)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .option('--changed', 'plan only the stacks whose Terraform JSON differs in meaning from the base synth, or are new')
    .option('--base <dir>', 'the base synth for --changed (default: $AUDIT_BASE_OUTDIR, else cdktf.base.out)')
    .option('--list', 'print the stacks to plan and their batches as JSON, and plan nothing')
    .option('--batches <n>', 'with --list: share the stacks among at most this many batches', '20')
    .option('--batch <i/n>', 'plan only batch i of n of the selected stacks (one CI job each)')
    .option(
      '--parallel <n>',
      'stacks planned at once (default: as many as fit in 80% of free memory, at most 2 per CPU)',
    )
    .option(
      '--read-only',
      'assume deployment.planRoleName in each account instead of the deploy role (a plan to review, not to apply)',
    )
    .addHelpText(
      'after',
      `
Uses whatever AWS credentials the environment holds; each stack's provider then assumes its deploy
role (with --read-only, the plan role). Writes into <out>/plans/: <stack>.json (the input of
plan-summary), <stack>.tfplan (the saved plan that deploy --plan-dir applies) and
<stack>.plan-info.json (the digest of the stack it was made from). With --changed it also writes
stack-changes.json, and plan-summary lists the unchanged and removed stacks from it; with stacks
named, planned-stacks.json, and plan-summary lists the others as not in this run. Run synth first
(and, for --changed, synth the base into its own folder). Exit 0 when every stack planned, 1 when
one failed, 2 for bad arguments.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging plan
  $ cdktf-audit-logging plan log-archive organization --timeout 600
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --parallel 2
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --list --batches 20
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --batch 3/20 --read-only`,
    )
    .action(async (stacks: string[], options: PlanCommandOptions) => {
      process.exitCode = await plan(outDirOption(options.out), stacks, options);
    });
}

/** Writes how each stack compares with the base where plan-summary finds it. */
function writeStackChanges(plansDir: string, changes: readonly StackChange[]): void {
  fs.mkdirSync(plansDir, { recursive: true });
  fs.writeFileSync(path.join(plansDir, STACK_CHANGES_FILE), `${JSON.stringify(changes, null, 2)}\n`);
}

/**
 * Writes the change's order beside the plans, where plan-summary finds it: derived from the base
 * synth with --changed, else the one synth recorded in `out`; none when the usual waves do.
 */
async function writePlanTransition(out: string, plansDir: string, base: string | undefined): Promise<void> {
  const { deriveTransition, needsOrder, readTransitionOrder, TRANSITION_ORDER_FILE, writeTransitionOrder } =
    await import('../../toolkit/review/transition-order');
  const order = base === undefined ? readTransitionOrder(out) : deriveTransition(base, out);
  if (needsOrder(order)) writeTransitionOrder(plansDir, order);
  else fs.rmSync(path.join(plansDir, TRANSITION_ORDER_FILE), { force: true });
}

/** `--batch i/n`, parsed. */
function batchOption(option: string): { batch: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(option);
  const [batch, of] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!(of >= 1 && batch >= 1 && batch <= of)) {
    throw new UsageError(`--batch ${option}: give i/n with 1 <= i <= n, such as 1/20`);
  }
  return { batch, of };
}

async function plan(out: string, named: readonly string[], options: PlanCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  if (options.base !== undefined && options.changed !== true) throw new UsageError('--base goes with --changed');
  const selection = selectStacks(out, named, options.changed === true ? baseDirOption(options.base) : undefined);
  const { batchNumbers, batchOf } = await import('../../toolkit/review/plan-batches');
  const plansDir = path.join(out, 'plans');

  if (options.list === true) {
    const maxJobs = wholeNumberOption('--batches', options.batches, 'jobs', 1, 256);
    const batches = batchNumbers(selection.stacks.length, maxJobs);
    if (selection.changes !== undefined) writeStackChanges(plansDir, selection.changes);
    const kinds = (kind: string) => (selection.changes ?? []).filter((c) => c.kind === kind).map((c) => c.stack);
    process.stdout.write(
      `${JSON.stringify({
        plan: selection.stacks,
        unchanged: kinds('unchanged').length,
        removed: kinds('removed'),
        batches,
        batchCount: batches.length,
      })}\n`,
    );
    return EXIT.ok;
  }

  await writePlanTransition(out, plansDir, options.changed === true ? baseDirOption(options.base) : undefined);
  let stacks = selection.stacks;
  if (options.batch !== undefined) {
    const { batch, of } = batchOption(options.batch);
    stacks = batchOf(stacks, batch, of);
  }
  const { removePlanOutputs, readDeploymentSettings, writePlanFailure, writePlannedStacks } =
    await import('../../toolkit/terraform/stack-files');
  let roleName: string | undefined;
  if (options.readOnly === true) {
    roleName = readDeploymentSettings(out).planRoleName;
    if (roleName === undefined) {
      throw new UsageError(
        '--read-only needs deployment.planRoleName in the config (a read-only role in every account); set it and synth again',
      );
    }
  }
  if (selection.changes !== undefined) {
    writeStackChanges(plansDir, selection.changes);
    // A plan left from an earlier run of a stack that did not change would read as current. (Only
    // those: the other batches' stacks changed, and their plans may be in this folder too.)
    for (const { stack } of selection.changes) {
      if (!selection.stacks.includes(stack)) removePlanOutputs(plansDir, stack);
    }
    const unchanged = selection.changes.filter(({ kind }) => kind === 'unchanged').length;
    process.stdout.write(
      `${selection.stacks.length} of ${selection.changes.filter(({ kind }) => kind !== 'removed').length} stacks changed or new (${unchanged} unchanged)` +
        `${options.batch === undefined ? '' : `; batch ${options.batch} plans ${stacks.length}`}\n`,
    );
  }
  // A batch of --changed plans a part of what stack-changes.json names; only names given alone limit the run.
  if (options.batch === undefined) {
    fs.mkdirSync(plansDir, { recursive: true });
    writePlannedStacks(plansDir, selection.changes === undefined && named.length > 0 ? stacks : undefined);
  }
  if (stacks.length === 0) {
    process.stdout.write('nothing to plan\n');
    return EXIT.ok;
  }

  const parallel = parallelOption(options.parallel, out, stacks);
  const { runInWaves } = await import('../../toolkit/terraform/stack-waves');
  const { diagnosticsExcerpt, planStack } = await import('../../toolkit/terraform/plan');
  const { Terraform } = await import('../../toolkit/terraform/terraform');
  const terraform = Terraform.find();
  process.stdout.write(
    `planning ${counted(stacks.length, 'stack')}, ${parallel} at a time${roleName === undefined ? '' : ` as ${roleName}`}\n`,
  );
  const progress = new StackProgress('planning', Math.max(...stacks.map((stack) => stack.length)));
  const { result: results, interrupted } = await withInterrupts(terraform, (stopped) =>
    runInWaves(
      [stacks],
      async (stack) => {
        await planStack(terraform, path.join(out, 'stacks', stack), plansDir, {
          timeoutSeconds,
          readOnlyRole: roleName,
          onRetries: (operations) => progress.retries(stack, operations),
          onWaiting: (seconds, operations) => progress.waiting(stack, seconds, operations),
        });
        return { outcome: 'done' };
      },
      { parallel, keepGoing: true, onEvent: progress.onEvent, shouldStop: stopped },
    ),
  );
  process.stdout.write(`\n${resultsTable(results)}`);
  // A stack without a plan is named in the plans folder, so that plan-summary never reads as complete.
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
  if (interrupted) process.stderr.write('plan interrupted: the stacks not done have no plan\n');
  return results.every(({ outcome }) => outcome === 'done') ? EXIT.ok : EXIT.finding;
}
