import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { EXIT, UsageError } from './exit-codes';
import { oldSpelling, renamedValue } from './renamed-option';
import { StackChange, STACK_CHANGES_FILE, stackChangesMarkdown } from '../../toolkit/review/stack-changes';
import { isPlanSidecar, readPlanFailures, readPlannedStacks } from '../../toolkit/terraform/stack-files';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { commandLine } from '../../toolkit/common/invocation';

/** `cdktf-audit-logging plan-summary`: one Markdown report of the saved plans, for a pull request. */
export function planSummaryCommand(): Command {
  return new Command('plan-summary')
    .description('Turn the plans that `plan` wrote into one Markdown report: what needs attention first.')
    .argument('[inputs...]', 'plan JSON files or folders of them (default: cdktf.out/plans)')
    .option('--output <file>', 'write the report here instead of printing it')
    .addOption(oldSpelling('--out <file>', '--output'))
    .option('--comment <file>', "also write a pull-request comment body that fits in GitHub's 65,536 characters")
    .option(
      '--comment-note <text>',
      'with --comment: where the full report is when the comment is cut',
      "The full summary is in this run's `plan-summary` artifact.",
    )
    .option('--drift <file>', 'also write the drift issue: the stacks whose plan is not empty (exit 0 either way)')
    .option(
      '--synth <out>',
      "the synth the plans must match (default: the folder that holds a plans folder, such as cdktf.out for cdktf.out/plans); 'none' checks nothing",
    )
    .addHelpText(
      'after',
      `
Each file is one stack, named after the file. Stacks without a current plan are listed first, as
not covered: those whose plan failed or did not start (plan records them in its folder), those
whose plan was made from another synth of the stack than the one beside the plans folder (stale:
the config or the code changed since), and the stacks of that synth with no plan (missing), each
with the command that plans it again. A stale plan is never shown as "No changes". Deletes and replaces of data-bearing resources and
every bucket, key or topic policy change come first. A folder that plan --changed wrote holds
stack-changes.json: the report then also lists the removed stacks (with what destroying them would
take) and the unchanged ones. A folder with transition-order.json (a change that must apply in an
order of its own: removals consumers first) opens "Needs attention" with that order. Exit 0 when
the report was written, 2 for bad arguments or unreadable plans.

Examples:
  $ cdktf-audit-logging plan-summary
  $ cdktf-audit-logging plan-summary --output plan.md cdktf.out/plans/log-archive.json
  $ cdktf-audit-logging plan-summary --output plan-summary.md --comment comment.md plans
  $ cdktf-audit-logging plan-summary --output plan-summary.md --drift drift.md plans`,
    )
    .action(async (inputs: string[], options: SummaryOptions) => {
      process.exitCode = await planSummary(inputs.length > 0 ? inputs : [path.join('cdktf.out', 'plans')], options);
    });
}

/** Options of `plan-summary`, as commander parses them. */
interface SummaryOptions {
  readonly synth?: string;
  readonly output?: string;
  /** The old spelling of --output (one meaning per option name: --out is the synth folder elsewhere). */
  readonly out?: string;
  readonly comment?: string;
  readonly commentNote: string;
  readonly drift?: string;
}

/** The marker that identifies the workflow's comment, so that later runs update it. */
export const COMMENT_MARKER = '<!-- cdktf-audit-logging plan summary -->';

function planFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    if (!fs.existsSync(input)) throw new UsageError(`${input} does not exist; run plan first (${commandLine('plan')})`);
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

async function planSummary(inputs: readonly string[], options: SummaryOptions): Promise<number> {
  const { notAskedForMarkdown, planSummaryMarkdown } = await import('../../toolkit/review/plan-summary');
  type PlanJson = import('../../toolkit/review/plan-summary').PlanJson;
  const { deploymentOrderOf } = await import('@audit-logging/cdktf/toolkit-api/core');
  const output = renamedValue(
    'plan-summary',
    { old: '--out', new: '--output' },
    { old: options.out, new: options.output },
  );
  const files = planFiles(inputs);
  const changes = stackChangesOf(inputs);
  const folders = inputs.filter((input) => fs.statSync(input).isDirectory());
  const failures = folders.flatMap(readPlanFailures);
  if (files.length === 0 && changes === undefined && failures.length === 0) {
    throw new UsageError(`no plan JSON files found; run plan first (${commandLine('plan')})`);
  }
  const parsed = files.map((file) => {
    let plan: PlanJson;
    try {
      plan = JSON.parse(fs.readFileSync(file, 'utf8')) as PlanJson;
    } catch (error) {
      throw new UsageError(
        `${file} is not JSON (${(error as Error).message}); give the output of terraform show -json`,
      );
    }
    if (plan.format_version === undefined) throw new UsageError(`${file} is not the output of terraform show -json`);
    return { stack: path.basename(file, '.json'), plan };
  });
  // The plans against the synth they must match: stale and missing plans are not covered.
  const { missingPlans, stacksNotAskedFor, stalePlans, synthOfPlans } =
    await import('../../toolkit/terraform/plan-currency');
  const synthFor = (folder: string): string | undefined => {
    if (options.synth === 'none') return undefined;
    const out = options.synth ?? synthOfPlans(folder);
    if (out !== undefined && !fs.existsSync(path.join(out, 'manifest.json'))) {
      throw new UsageError(`--synth ${out} holds no synth (no manifest.json); give the folder synth wrote, or 'none'`);
    }
    return out;
  };
  const stale = folders.flatMap((folder) => {
    const out = synthFor(folder);
    if (out === undefined) return [];
    const inFolder = parsed.filter(({ stack }) => files.includes(path.join(folder, `${stack}.json`)));
    return stalePlans(
      out,
      folder,
      inFolder.map(({ stack }) => stack),
    );
  });
  const synth = folders.map(synthFor).find((out) => out !== undefined);
  const covered = new Set([...parsed.map(({ stack }) => stack), ...failures.map((f) => f.stack)]);
  const named = plannedStacksOf(folders);
  const notCurrent = [...stale, ...(synth === undefined ? [] : missingPlans(synth, covered, changes, named))];
  const unplanned = [...failures, ...notCurrent];
  const notCovered = new Set(notCurrent.map((u) => u.stack));
  const plans = parsed.filter(({ stack }) => !notCovered.has(stack));
  const { readTransitionOrder, transitionMarkdown } = await import('../../toolkit/review/transition-order');
  const { searchFloorAttention } = await import('../../toolkit/review/search-floor');
  const order = folders.map(readTransitionOrder).find((found) => found !== undefined);
  let markdown = planSummaryMarkdown(deploymentOrderOf(plans), unplanned, [
    ...(order === undefined ? [] : transitionMarkdown(order)),
    ...searchFloorAttention(plans),
  ]);
  // Removed and unchanged stacks come before the per-stack details, which a comment may have to cut.
  if (changes !== undefined)
    markdown = markdown.replace('## Changes per stack', `${stackChangesMarkdown(changes)}## Changes per stack`);
  if (named !== undefined && synth !== undefined) {
    const others = notAskedForMarkdown(named, stacksNotAskedFor(synth, named, covered));
    markdown = markdown.replace('## Changes per stack', `${others}## Changes per stack`);
  }
  if (output === undefined) process.stdout.write(markdown);
  else fs.writeFileSync(output, markdown);
  if (options.comment !== undefined) {
    const { COMMENT_LIMIT, fitComment, WORKFLOW_LINE_RESERVE } = await import('../../toolkit/review/plan-batches');
    const limit = COMMENT_LIMIT - WORKFLOW_LINE_RESERVE;
    fs.writeFileSync(options.comment, fitComment(COMMENT_MARKER, markdown, options.commentNote, limit));
  }
  if (options.drift !== undefined) {
    const { driftReport } = await import('../../toolkit/review/drift-report');
    const report = driftReport(deploymentOrderOf(plans), unplanned);
    fs.writeFileSync(options.drift, report.markdown);
    process.stderr.write(
      `${report.drifted.length} of ${counted(plans.length, 'stack')} drifted` +
        (unplanned.length === 0 ? '\n' : `; ${counted(unplanned.length, 'stack')} not planned\n`),
    );
  }
  return EXIT.ok;
}
