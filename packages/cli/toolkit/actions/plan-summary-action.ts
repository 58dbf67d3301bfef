import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
import { commandLine } from '../common/invocation';
import { isPlanSidecar, readPlanFailures, readPlannedStacks } from '../terraform/stack-files';
import { type DriftReport, driftReport } from '../review/drift-report';
import type { PlanJson, StackPlan, UnplannedStack } from '../review/plan-summary';
import { type StackChange, STACK_CHANGES_FILE, stackChangesMarkdown } from '../review/stack-changes';

/** Plans plan-summary cannot read: none there, not JSON, or a synth folder that holds none (exit 2). */
export class PlanSummaryInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** The first line of the pull-request comment, by which a workflow finds and replaces its own. */
export const COMMENT_MARKER = '<!-- cdktf-audit-logging plan summary -->';

/** Options of {@link summarizePlans}. */
export interface PlanSummaryOptions {
  /** Plan JSON files, or the folders plan wrote them into (`<out>/plans`). */
  readonly inputs: readonly string[];
  /**
   * The synth the plans must match (stale and missing plans are not covered), or `none`.
   * @default - the synth each plans folder records
   */
  readonly synth?: string;
}

/** What {@link summarizePlans} read and wrote. */
export interface PlanSummary {
  /** The report: what matters first, then each stack's changes. */
  readonly markdown: string;
  /** The plans read, in deployment order. */
  readonly plans: readonly StackPlan[];
  /** The stacks without a current plan: failed, stale or missing. */
  readonly unplanned: readonly UnplannedStack[];
  /** The drift issue: the stacks whose plan is not empty. */
  readonly drift: DriftReport;
  /**
   * The report as a pull-request comment that fits GitHub's limit (with room for a workflow's own
   * line): whole, or cut at its last sections with `note` saying where the whole report is.
   */
  comment(note: string): string;
}

function planFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    if (!fs.existsSync(input)) {
      throw new PlanSummaryInputError(`${input} does not exist; run plan first (${commandLine('plan')})`);
    }
    if (!fs.statSync(input).isDirectory()) return [input];
    return fs
      .readdirSync(input)
      .filter((name) => name.endsWith('.json') && !isPlanSidecar(name) && name !== STACK_CHANGES_FILE)
      .map((name) => path.join(input, name));
  });
}

/** The stacks the plan run of the input folders was asked for by name, or undefined for every stack. */
function plannedStacksOf(folders: readonly string[]): string[] | undefined {
  const named = folders.map(readPlannedStacks).filter((stacks) => stacks !== undefined);
  return named.length === 0 ? undefined : [...new Set(named.flat())];
}

/** The stack changes that plan --changed wrote into any of the input folders. */
function stackChangesOf(inputs: readonly string[]): StackChange[] | undefined {
  const file = inputs
    .map((input) => path.join(input, STACK_CHANGES_FILE))
    .find((candidate) => fs.existsSync(candidate));
  return file === undefined ? undefined : (JSON.parse(fs.readFileSync(file, 'utf8')) as StackChange[]);
}

/** Each plan file, parsed as `terraform show -json` writes it. */
function parsePlans(files: readonly string[]): { stack: string; plan: PlanJson }[] {
  return files.map((file) => {
    let plan: PlanJson;
    try {
      plan = JSON.parse(fs.readFileSync(file, 'utf8')) as PlanJson;
    } catch (error) {
      throw new PlanSummaryInputError(
        `${file} is not JSON (${(error as Error).message}); give the output of terraform show -json`,
      );
    }
    if (plan.format_version === undefined) {
      throw new PlanSummaryInputError(`${file} is not the output of terraform show -json`);
    }
    return { stack: path.basename(file, '.json'), plan };
  });
}

/**
 * The plan-summary action: one Markdown report of the saved plans, what matters first (the change's
 * order, the search tier's floor, stacks not planned or planned against another synth), with the
 * drift issue and a pull-request comment that fits GitHub's limit.
 * @throws PlanSummaryInputError naming the file or folder and what to run
 */
export async function summarizePlans(options: PlanSummaryOptions): Promise<PlanSummary> {
  const { inputs } = options;
  const files = planFiles(inputs);
  const changes = stackChangesOf(inputs);
  const folders = inputs.filter((input) => fs.statSync(input).isDirectory());
  const failures = folders.flatMap(readPlanFailures);
  if (files.length === 0 && changes === undefined && failures.length === 0) {
    throw new PlanSummaryInputError(`no plan JSON files found; run plan first (${commandLine('plan')})`);
  }
  const parsed = parsePlans(files);
  const {
    synth,
    unplanned: notCurrent,
    named,
  } = await currencyOf(options, { folders, files, parsed, failures, changes });
  const unplanned = [...failures, ...notCurrent];
  const notCovered = new Set(notCurrent.map((u) => u.stack));
  const plans = deploymentOrderOf(parsed.filter(({ stack }) => !notCovered.has(stack)));
  const markdown = await reportOf(plans, unplanned, {
    folders,
    changes,
    named,
    synth,
    covered: coveredOf(parsed, failures),
  });
  const { COMMENT_LIMIT, fitComment, WORKFLOW_LINE_RESERVE } = await import('../review/plan-batches');
  return {
    markdown,
    plans,
    unplanned,
    drift: driftReport(plans, unplanned),
    comment: (note) => fitComment(COMMENT_MARKER, markdown, note, COMMENT_LIMIT - WORKFLOW_LINE_RESERVE),
  };
}

/** The stacks with a plan or a failure note. */
function coveredOf(parsed: readonly { stack: string }[], failures: readonly { stack: string }[]): Set<string> {
  return new Set([...parsed.map(({ stack }) => stack), ...failures.map((f) => f.stack)]);
}

/** The plans against the synth they must match: the stale and the missing are not covered. */
async function currencyOf(
  options: PlanSummaryOptions,
  read: {
    readonly folders: readonly string[];
    readonly files: readonly string[];
    readonly parsed: readonly { stack: string }[];
    readonly failures: readonly { stack: string }[];
    readonly changes: StackChange[] | undefined;
  },
): Promise<{ synth: string | undefined; unplanned: UnplannedStack[]; named: string[] | undefined }> {
  const { missingPlans, stalePlans, synthOfPlans } = await import('../terraform/plan-currency');
  const synthFor = (folder: string): string | undefined => {
    if (options.synth === 'none') return undefined;
    const out = options.synth ?? synthOfPlans(folder);
    if (out !== undefined && !fs.existsSync(path.join(out, 'manifest.json'))) {
      throw new PlanSummaryInputError(
        `--synth ${out} holds no synth (no manifest.json); give the folder synth wrote, or 'none'`,
      );
    }
    return out;
  };
  const stale = read.folders.flatMap((folder) => {
    const out = synthFor(folder);
    if (out === undefined) return [];
    const inFolder = read.parsed.filter(({ stack }) => read.files.includes(path.join(folder, `${stack}.json`)));
    return stalePlans(
      out,
      folder,
      inFolder.map(({ stack }) => stack),
    );
  });
  const synth = read.folders.map(synthFor).find((out) => out !== undefined);
  const named = plannedStacksOf(read.folders);
  const covered = coveredOf(read.parsed, read.failures);
  return {
    synth,
    named,
    unplanned: [...stale, ...(synth === undefined ? [] : missingPlans(synth, covered, read.changes, named))],
  };
}

/** The report: the change's order and the search floor first, then removed, unchanged and not-asked-for stacks, then each stack. */
async function reportOf(
  plans: readonly StackPlan[],
  unplanned: readonly UnplannedStack[],
  context: {
    readonly folders: readonly string[];
    readonly changes: StackChange[] | undefined;
    readonly named: string[] | undefined;
    readonly synth: string | undefined;
    readonly covered: Set<string>;
  },
): Promise<string> {
  const { notAskedForMarkdown, planSummaryMarkdown } = await import('../review/plan-summary');
  const { readTransitionOrder, transitionMarkdown } = await import('../review/transition-order');
  const { searchFloorAttention } = await import('../review/search-floor');
  const { stacksNotAskedFor } = await import('../terraform/plan-currency');
  const order = context.folders.map(readTransitionOrder).find((found) => found !== undefined);
  let markdown = planSummaryMarkdown(plans, unplanned, [
    ...(order === undefined ? [] : transitionMarkdown(order)),
    ...searchFloorAttention(plans),
  ]);
  // Removed and unchanged stacks come before the per-stack details, which a comment may have to cut.
  if (context.changes !== undefined)
    markdown = markdown.replace('## Changes per stack', `${stackChangesMarkdown(context.changes)}## Changes per stack`);
  if (context.named !== undefined && context.synth !== undefined) {
    const others = notAskedForMarkdown(context.named, stacksNotAskedFor(context.synth, context.named, context.covered));
    markdown = markdown.replace('## Changes per stack', `${others}## Changes per stack`);
  }
  return markdown;
}
