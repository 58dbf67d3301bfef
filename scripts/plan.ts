/**
 * npm run plan [-- <stack>...]: `terraform init`, `plan -out` and `show -json` for every synthesized
 * stack (or the ones named), with whatever AWS credentials the environment holds (each stack's
 * provider then assumes its deploy role). Writes cdktf.out/plans/<stack>.json, the input of
 * `npm run plan-summary`. Run `npm run synth` first.
 *
 * Environment: PLAN_TIMEOUT_SECONDS limits each Terraform command (default 1800).
 * Exit 0 when every stack planned, 1 when one failed, 2 for bad arguments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { planToJson, TerraformFailed } from '../modules/terraform-cli/plan';
import { Terraform } from '../modules/terraform-cli/terraform';

const OUT = path.resolve(__dirname, '..', process.env.CDKTF_OUTDIR || 'cdktf.out');

async function main(): Promise<number> {
  const stacksDir = path.join(OUT, 'stacks');
  if (!fs.existsSync(stacksDir)) {
    process.stderr.write(`No synthesized stacks in ${stacksDir}: run npm run synth first.\n`);
    return 2;
  }
  const available = fs.readdirSync(stacksDir).sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((stack) => !available.includes(stack));
  if (unknown.length > 0) {
    process.stderr.write(`No synthesized stack ${unknown.join(', ')}; the stacks are: ${available.join(', ')}\n`);
    return 2;
  }
  const timeoutSeconds = Number(process.env.PLAN_TIMEOUT_SECONDS || 1800);
  const terraform = Terraform.find();
  let failed = 0;
  for (const stack of wanted.length > 0 ? wanted : available) {
    const dir = path.join(stacksDir, stack);
    const jsonFile = path.join(OUT, 'plans', `${stack}.json`);
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
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
