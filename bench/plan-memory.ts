/**
 * npm run bench:plan-memory -- [regions] [--check] [--env NAME=VALUE]...: the peak memory and time of
 * `terraform plan` for one member stack that governs that many Regions (default 1,3,9,17), against
 * moto on loopback. Memory is the proportional set size (PSS) of terraform and all its provider
 * processes, sampled every 250 ms (toolkit/terraform/process-memory.ts), with the provider's DEBUG
 * log written and read as `plan` and `deploy` run it (toolkit/terraform/retry-log.ts). Each `--env`
 * adds a variable to Terraform's environment, which its provider processes inherit (GOGC, say).
 * Prints a Markdown table (BENCHMARKS.md, "Plan memory per member stack"). With --check, exits 1 when a measured peak is more than
 * 25% over the model deploy and plan use to choose their parallelism (toolkit/terraform/stack-memory.ts)
 * or under 60% of it, so that the model cannot drift from what is measured. The band is wider below:
 * a model that counts high only lowers parallelism, and the same plan's peak moves between two
 * ranges from day to day (the provider binary's pages mapped or not; see the model).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REGIONS_17, largeConfigInput } from '../__tests__/analytics/large-config';
import { startMoto } from '../e2e/harness/moto';
import { writeMotoOverride } from '../e2e/harness/override';
import { runCommand } from '../e2e/harness/stack-runner';
import { expectedPeakMb } from '../packages/cli/toolkit/terraform/stack-memory';
import { pidsRunning } from '../packages/cli/toolkit/terraform/process-memory';
import { Terraform } from '../packages/cli/toolkit/terraform/terraform';

const MEMBER_STACK = 'member-member-0';
/** --check fails a peak over this share of the model (the model undercounts: deploy could run out of memory). */
const MOST_OVER_MODEL = 1.25;
/**
 * --check fails a peak under this share of the model (the model counts so high that parallelism
 * suffers). The same plan's peak falls in two ranges from day to day, as the kernel keeps more or
 * fewer of the provider binary's clean pages mapped (BENCHMARKS.md, "Plan memory per member
 * stack"), and the model follows the higher: the floor leaves room under the lower range, and
 * still catches a model twice too high.
 */
const LEAST_OF_MODEL = 0.5;

export interface PlanMemory {
  readonly regions: number;
  readonly providers: number;
  readonly resources: number;
  readonly initSeconds: number;
  readonly planSeconds: number;
  readonly planCpuSeconds: number;
  readonly peakPssMb: number;
}

async function measure(
  terraform: Terraform,
  endpoint: string,
  workDir: string,
  regions: number,
  env: NodeJS.ProcessEnv,
): Promise<PlanMemory> {
  const input = largeConfigInput(1);
  input.governedRegions = REGIONS_17.slice(0, regions);
  (input.members as Record<string, unknown>[])[0].sessionManagerLogs = true;
  const configFile = path.join(workDir, `regions-${regions}.config.json`);
  fs.writeFileSync(configFile, JSON.stringify(input));
  const out = path.join(workDir, `out-${regions}`);
  runCommand('synth', ['--config', configFile, '--out', out], 300);
  const dir = path.join(out, 'stacks', MEMBER_STACK);
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
    provider: { aws: { alias?: string }[] };
    resource: Record<string, Record<string, unknown>>;
  };
  writeMotoOverride(dir, endpoint, path.join(workDir, `state-${regions}.tfstate`));
  const limit = { timeoutSeconds: 600, env };
  const init = await terraform.exec(dir, ['init', '-input=false'], limit);
  if (init.code !== 0) throw new Error(`init failed:\n${init.stderr}`);
  const plan = await terraform.exec(dir, ['plan', '-input=false', '-out=bench.tfplan'], {
    ...limit,
    sampleMemory: true,
    // As plan and deploy run it: with the provider's DEBUG log written to a file and read.
    watchRetries: true,
  });
  if (plan.code !== 0) throw new Error(`plan failed:\n${plan.stderr || plan.stdout}`);
  return {
    regions,
    providers: stack.provider.aws.length,
    resources: Object.values(stack.resource).reduce((sum, byName) => sum + Object.keys(byName).length, 0),
    initSeconds: init.seconds,
    planSeconds: plan.seconds,
    planCpuSeconds: plan.cpuSeconds ?? 0,
    peakPssMb: Math.round((plan.peakPssBytes ?? 0) / 2 ** 20),
  };
}

async function main(argv: string[]): Promise<void> {
  const env: NodeJS.ProcessEnv = {};
  const counts: number[] = [];
  const check = argv.includes('--check');
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--check') continue;
    if (argv[i] === '--env') {
      const [name, ...value] = (argv[++i] ?? '').split('=');
      env[name] = value.join('=');
    } else counts.push(...argv[i].split(',').map(Number));
  }
  const others = pidsRunning('terraform-provider-aws');
  if (others.length > 0) {
    process.stderr.write(
      `other terraform-provider-aws processes are running (pids ${others.join(', ')}): they share the provider's pages, so the peak PSS measured here would read low. Let them finish (or stop the ones you started) and run again.\n`,
    );
    process.exitCode = 1;
    return;
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-plan-memory-'));
  const terraform = Terraform.find();
  const moto = await startMoto(path.join(workDir, 'moto.log'));
  const missed: string[] = [];
  try {
    process.stdout.write(
      `| Regions | providers | resources | init (s) | plan (s) | plan CPU (s) | peak PSS (MB) | model (MB) |\n|---|---|---|---|---|---|---|---|\n`,
    );
    for (const regions of counts.length > 0 ? counts : [1, 3, 9, 17]) {
      const m = await measure(terraform, moto.endpoint, workDir, regions, env);
      process.stdout.write(
        `| ${m.regions} | ${m.providers} | ${m.resources} | ${m.initSeconds.toFixed(1)} | ${m.planSeconds.toFixed(1)} | ${m.planCpuSeconds.toFixed(0)} | ${m.peakPssMb} | ${expectedPeakMb(m.providers)} |\n`,
      );
      const ratio = m.peakPssMb / expectedPeakMb(m.providers);
      if (ratio > MOST_OVER_MODEL || ratio < LEAST_OF_MODEL) {
        missed.push(
          `${m.regions} Regions: peak ${m.peakPssMb} MB is ${(ratio * 100).toFixed(0)}% of the model's ${expectedPeakMb(m.providers)} MB`,
        );
      }
    }
  } finally {
    await moto.stop();
  }
  for (const line of missed) process.stderr.write(`MISSED ${line}: measure again and update STACK_MEMORY_MODEL\n`);
  if (check && missed.length > 0) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
