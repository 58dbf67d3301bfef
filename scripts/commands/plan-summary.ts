import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { EXIT, UsageError } from './exit-codes';

/** `cdktf-audit-logging plan-summary`: one Markdown report of the saved plans, for a pull request. */
export function planSummaryCommand(): Command {
  return new Command('plan-summary')
    .description('Turn the plans that `plan` wrote into one Markdown report: what needs attention first.')
    .argument('[inputs...]', 'plan JSON files or folders of them (default: cdktf.out/plans)')
    .option('--out <file>', 'write the report here instead of printing it')
    .addHelpText(
      'after',
      `
Each file is one stack, named after the file. Deletes and replaces of data-bearing resources and
every bucket, key or topic policy change come first. Exit 0 when the report was written, 2 for bad
arguments or unreadable plans.

Examples:
  $ cdktf-audit-logging plan-summary
  $ cdktf-audit-logging plan-summary --out plan.md cdktf.out/plans/log-archive.json`,
    )
    .action(async (inputs: string[], options: { out?: string }) => {
      process.exitCode = await planSummary(inputs.length > 0 ? inputs : [path.join('cdktf.out', 'plans')], options.out);
    });
}

function planFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    if (!fs.existsSync(input)) throw new UsageError(`${input} does not exist; run plan first`);
    if (!fs.statSync(input).isDirectory()) return [input];
    return fs
      .readdirSync(input)
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(input, name));
  });
}

async function planSummary(inputs: readonly string[], out: string | undefined): Promise<number> {
  const { planSummaryMarkdown } = await import('../../modules/review/plan-summary');
  type PlanJson = import('../../modules/review/plan-summary').PlanJson;
  const { deploymentOrderOf } = await import('../../modules/review/stack-order');
  const files = planFiles(inputs);
  if (files.length === 0) throw new UsageError('no plan JSON files found; run plan first');
  const plans = files.map((file) => {
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
  const markdown = planSummaryMarkdown(deploymentOrderOf(plans));
  if (out === undefined) process.stdout.write(markdown);
  else fs.writeFileSync(out, markdown);
  return EXIT.ok;
}
