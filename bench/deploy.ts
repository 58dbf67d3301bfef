/**
 * npm run bench:deploy -- [members]: the wall time and peak memory of `npm run deploy` for that
 * many member stacks (default 24) applied to moto on loopback, once with --parallel 1 and once
 * with the default parallelism, in one run. Each run deploys its own set of members (fresh state),
 * after the log archive. Memory is the PSS of the deploy command and every process under it
 * (terraform and its providers), sampled every 500 ms. Prints a Markdown table. Too long for
 * .ci/run: BENCHMARKS.md, "Parallel deploys", has its last run.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../modules/org-config/load';
import { AuditNaming } from '../modules/core/naming';
import { GroupMemorySampler, processTreeMembers } from '../packages/cli/toolkit/terraform/process-memory';
import { Terraform } from '../packages/cli/toolkit/terraform/terraform';
import { startMoto } from '../e2e/harness/moto';
import { createPrerequisites, deployedConfig, MotoAccounts } from '../e2e/harness/setup';
import { Progress, runCommand, StackRunner, synthesize } from '../e2e/harness/stack-runner';

const ROOT = path.resolve(__dirname, '..');

/** One deploy run: its wall time, the parallelism it used, the peak PSS and CPU of its process tree, and moto's CPU. */
interface DeployRun {
  readonly parallel: number;
  readonly seconds: number;
  readonly peakMb: number;
  readonly applySeconds: number;
  readonly cpuSeconds: number;
  readonly motoCpuSeconds: number;
}

/** CPU seconds one process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  return processTreeMembers(pid).find((member) => member.pid === pid)?.cpuSeconds ?? 0;
}

function deploy(out: string, stacks: readonly string[], motoPid: number, parallel?: number): Promise<DeployRun> {
  const motoBefore = cpuSecondsOf(motoPid);
  const args = [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), 'deploy', '--out', out, ...stacks];
  if (parallel !== undefined) args.push('--parallel', String(parallel));
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = new GroupMemorySampler(child.pid as number, 500, processTreeMembers);
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const { peakBytes, cpuSeconds } = sampler.stop();
      const motoCpuSeconds = cpuSecondsOf(motoPid) - motoBefore;
      const text = Buffer.concat(output).toString('utf8');
      if (code !== 0) {
        reject(new Error(`deploy exited ${code}:\n${text.slice(-4000)}`));
        return;
      }
      const used = Number(/, (\d+) at a time/.exec(text)?.[1]);
      const applySeconds = [...text.matchAll(/^\S+\s+done\s+([\d.]+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      resolve({
        parallel: used,
        seconds: (Date.now() - started) / 1000,
        peakMb: Math.round(peakBytes / 2 ** 20),
        applySeconds,
        cpuSeconds,
        motoCpuSeconds,
      });
    });
  });
}

async function main(argv: string[]): Promise<void> {
  const count = Number(argv[0] ?? 24);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-bench-deploy-'));
  const progress = new Progress();
  const terraform = Terraform.find();
  const moto = await startMoto(path.join(workDir, 'moto.log'));
  try {
    const input = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'e2e.config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const member = (set: string, i: number) => ({
      name: `${set}-${String(i).padStart(2, '0')}`,
      accountId: String((set === 'a' ? 720000000000 : 730000000000) + i),
      sessionManagerLogs: true,
    });
    input.members = ['a', 'b'].flatMap((set) => Array.from({ length: count }, (_, i) => member(set, i)));
    const example = path.join(workDir, 'bench.config.json');
    fs.writeFileSync(example, JSON.stringify(input));
    const config = loadConfig(example);
    const accounts = new MotoAccounts(moto.endpoint, AuditNaming.fromConfig(config));
    const prerequisites = await createPrerequisites(config, accounts);
    const deployedFile = path.join(workDir, 'deployed.config.json');
    fs.writeFileSync(deployedFile, JSON.stringify(deployedConfig(input, prerequisites)));
    const out = path.join(workDir, 'out');
    const stacks = synthesize(deployedFile, out);
    const runner = new StackRunner(terraform, moto.endpoint, workDir, progress);
    for (const [stack, dir] of stacks) runner.writeOverride(stack, dir);
    progress.line('bench', 'deploy log-archive (not timed)');
    runCommand('deploy', ['--out', out, 'log-archive'], 900);
    const set = (prefix: string) => [...stacks.keys()].filter((stack) => stack.startsWith(`member-${prefix}-`)).sort();
    progress.line('bench', `deploy ${count} members with --parallel 1`);
    const one = await deploy(out, set('a'), moto.pid, 1);
    progress.line('bench', `deploy ${count} members with the default parallelism`);
    const many = await deploy(out, set('b'), moto.pid);
    const row = (name: string, run: DeployRun) =>
      `| ${name} | ${count} | ${run.parallel} | ${run.seconds.toFixed(0)} | ${run.applySeconds.toFixed(0)} | ` +
      `${run.cpuSeconds.toFixed(0)} | ${run.motoCpuSeconds.toFixed(0)} | ${run.peakMb} |\n`;
    process.stdout.write(
      '\n| Run | members | parallel | wall (s) | sum of applies (s) | terraform CPU (s) | moto CPU (s) | peak PSS (MB) |\n' +
        '|---|---:|---:|---:|---:|---:|---:|---:|\n' +
        row('--parallel 1', one) +
        row('default', many) +
        `\nSpeed-up ${(one.seconds / many.seconds).toFixed(2)}x on ${os.availableParallelism()} CPUs.\n`,
    );
  } finally {
    await moto.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
