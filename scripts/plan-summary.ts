/**
 * npm run plan-summary [-- [--out <file>] [<plan.json or folder>...]]: one Markdown report of the
 * plans `npm run plan` wrote (default: cdktf.out/plans). Each file is one stack, named after the
 * file. Prints the report, or writes it to --out.
 *
 * Exit 0 when the report was written, 2 for bad arguments or unreadable plans.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PlanJson, planSummaryMarkdown, StackPlan } from '../modules/review/plan-summary';
import { deploymentOrderOf } from '../modules/review/stack-order';

function planFiles(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    if (!fs.existsSync(input)) throw new Error(`${input} does not exist; run npm run plan first`);
    if (!fs.statSync(input).isDirectory()) return [input];
    return fs
      .readdirSync(input)
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(input, name));
  });
}

function main(argv: string[]): number {
  let out: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') {
      out = argv[++i];
      if (out === undefined) throw new Error('--out needs a file name');
    } else if (argv[i].startsWith('--')) {
      throw new Error(`unknown option ${argv[i]}; usage: plan-summary [--out <file>] [<plan.json or folder>...]`);
    } else inputs.push(argv[i]);
  }
  const files = planFiles(inputs.length > 0 ? inputs : [path.join('cdktf.out', 'plans')]);
  if (files.length === 0) throw new Error('no plan JSON files found; run npm run plan first');
  const plans: StackPlan[] = files.map((file) => {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as PlanJson;
    if (plan.format_version === undefined) throw new Error(`${file} is not the output of terraform show -json`);
    return { stack: path.basename(file, '.json'), plan };
  });
  const markdown = planSummaryMarkdown(deploymentOrderOf(plans));
  if (out === undefined) process.stdout.write(markdown);
  else fs.writeFileSync(out, markdown);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`plan-summary: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
