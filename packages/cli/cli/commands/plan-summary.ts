import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { EXIT } from './exit-codes';
import { oldSpelling, renamedValue } from './renamed-option';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';

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

async function planSummary(inputs: readonly string[], options: SummaryOptions): Promise<number> {
  const output = renamedValue(
    'plan-summary',
    { old: '--out', new: '--output' },
    { old: options.out, new: options.output },
  );
  const { summarizePlans } = await import('../../toolkit/actions/plan-summary-action');
  const summary = await summarizePlans({ inputs, synth: options.synth });
  if (output === undefined) process.stdout.write(summary.markdown);
  else fs.writeFileSync(output, summary.markdown);
  if (options.comment !== undefined) fs.writeFileSync(options.comment, summary.comment(options.commentNote));
  if (options.drift !== undefined) {
    const { drift, plans, unplanned } = summary;
    fs.writeFileSync(options.drift, drift.markdown);
    process.stderr.write(
      `${drift.drifted.length} of ${counted(plans.length, 'stack')} drifted` +
        (unplanned.length === 0 ? '\n' : `; ${counted(unplanned.length, 'stack')} not planned\n`),
    );
  }
  return EXIT.ok;
}
