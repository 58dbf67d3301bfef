import * as path from 'path';
import { Command } from 'commander';
import { outDirOption, synthesizedStacks } from './synth-output';
import { EXIT, UsageError } from './exit-codes';

/** `cdktf-audit-logging plan`: a saved plan, as JSON, for every synthesized stack. */
export function planCommand(): Command {
  return new Command('plan')
    .description('Run terraform init, plan and show -json in every synthesized stack (or the ones named).')
    .argument('[stacks...]', 'stack names (default: every stack of the last synth)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
Uses whatever AWS credentials the environment holds; each stack's provider then assumes its deploy
role. Writes <out>/plans/<stack>.json, the input of plan-summary. Run synth first. Exit 0 when every
stack planned, 1 when one failed, 2 for bad arguments.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging plan
  $ cdktf-audit-logging plan log-archive organization --timeout 600`,
    )
    .action(async (stacks: string[], options: { out?: string; timeout?: string }) => {
      const timeout = options.timeout ?? (process.env.PLAN_TIMEOUT_SECONDS || '1800');
      const timeoutSeconds = Number(timeout);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
        throw new UsageError(`--timeout ${timeout} is not a number of seconds; give a whole number such as 1800`);
      }
      process.exitCode = await plan(outDirOption(options.out), stacks, timeoutSeconds);
    });
}

async function plan(out: string, wanted: readonly string[], timeoutSeconds: number): Promise<number> {
  const { planToJson, TerraformFailed } = await import('../../modules/terraform-cli/plan');
  const { Terraform } = await import('../../modules/terraform-cli/terraform');
  const available = synthesizedStacks(out);
  const unknown = wanted.filter((stack) => !available.includes(stack));
  if (unknown.length > 0) {
    throw new UsageError(`no synthesized stack ${unknown.join(', ')}; the stacks are: ${available.join(', ')}`);
  }
  const terraform = Terraform.find();
  let failed = 0;
  for (const stack of wanted.length > 0 ? wanted : available) {
    const dir = path.join(out, 'stacks', stack);
    const jsonFile = path.join(out, 'plans', `${stack}.json`);
    process.stdout.write(`${stack}: init, plan, show -json\n`);
    try {
      const init = await terraform.exec(dir, ['init', '-input=false'], { timeoutSeconds });
      if (init.code !== 0 || init.timedOut) throw new TerraformFailed('init', init);
      await planToJson(terraform, dir, jsonFile, { timeoutSeconds });
      process.stdout.write(`${stack}: ${path.relative(process.cwd(), jsonFile)}\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${stack}: ${(error as Error).message}\n`);
    }
  }
  return failed === 0 ? EXIT.ok : EXIT.finding;
}
