/**
 * The scale benchmark behind `npm run bench` (bench/scale-command.ts has its help and runs it):
 * synth time, peak memory and the size of every document AWS limits, for organizations of 10 to
 * 1,000 members.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { largeConfigInput } from '../__tests__/analytics/large-config';
import { parseConfig } from '../modules/org-config/load';
import { AWS_DOCUMENT_LIMITS, documentSizes, LimitedDocument } from '../modules/core/aws-limits';
import { GuardrailsStack } from '../stacks/guardrails';
import { LogArchiveStack } from '../stacks/log-archive';
import { MemberStack } from '../stacks/member';
import { OrganizationStack } from '../stacks/organization';
import { BenchMeasurement, checkTargets } from './scale-targets';
import { EXIT } from '../packages/cli/cli/commands/exit-codes';
import { program } from '../packages/cli/cli/program';

const ROOT = path.resolve(__dirname, '..');
/** The command line as a clone runs it: the sources through tools/swc-register.js. */
const CLI = [process.execPath, path.join(ROOT, 'bin', 'cdktf-audit-logging.js')];
/** The last recorded run's ratios, which the next run is checked against (`--record` writes it). */
export const RECORDED_FILE = path.join(ROOT, 'bench', 'recorded.json');

/** What `--record` keeps of a run. */
export interface RecordedRun {
  /** The 100-member synth's wall time over the floor's. */
  readonly synth100OverFloor: number;
  /** When and on which commit it was measured. */
  readonly measured: string;
  readonly commit: string;
}

/** The last recorded run, when there is one. */
export function recordedRun(): RecordedRun | undefined {
  return fs.existsSync(RECORDED_FILE) ? (JSON.parse(fs.readFileSync(RECORDED_FILE, 'utf8')) as RecordedRun) : undefined;
}

/** Wall seconds and peak RSS (MB) of a command, from GNU time. */
function timed(args: string[], env: NodeJS.ProcessEnv): { seconds: number; rssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  return { seconds, rssMb: Math.round(kb / 1024) };
}

function median<T>(runs: T[], key: (t: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)];
}

/**
 * Runs the benchmark; with `check`, returns 1 when a target was missed; with `record`, keeps the
 * run's ratios in bench/recorded.json for the next runs' checks.
 */
export function bench(counts: readonly number[], check: boolean, record = false): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-bench-'));
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  // Start-up: each command's --help against bare node, in turn, median of 3, after one untimed run
  // of each (a clone's first start transpiles what it loads; the next ones read it back).
  const bare: number[] = [];
  const startupRuns = new Map<string, number[]>();
  const commands = ['', ...program().commands.map((c) => c.name())];
  for (const name of commands) timed([...CLI, ...(name === '' ? [] : [name]), '--help'], env);
  for (let i = 0; i < 3; i += 1) {
    bare.push(timed([process.execPath, '-e', '0'], env).seconds);
    for (const name of commands) {
      const seconds = timed([...CLI, ...(name === '' ? [] : [name]), '--help'], env).seconds;
      startupRuns.set(name, [...(startupRuns.get(name) ?? []), seconds]);
    }
  }
  const bareNodeSeconds = median(bare, (s) => s);
  const startups = commands.map((name) => ({
    command: name === '' ? '--help' : `${name} --help`,
    seconds: median(startupRuns.get(name) ?? [], (s) => s),
  }));

  // The floor: node and the modules synth loads, as a clone loads them (through the register, whose
  // JavaScript the start-up runs above have kept), building nothing.
  const floorScript = path.join(dir, 'floor.js');
  fs.writeFileSync(
    floorScript,
    [
      path.join(ROOT, 'tools', 'swc-register.js'),
      path.join(ROOT, 'stacks', 'index.ts'),
      path.join(ROOT, 'modules', 'org-config', 'load.ts'),
    ]
      .map((file) => `require(${JSON.stringify(file)});`)
      .join(' ') + '\n',
  );
  // Five runs: the floor is the ratio's denominator, and one slow start of 0.6 s moves it by a tenth.
  const floor = median(
    [0, 1, 2, 3, 4].map(() => timed([process.execPath, floorScript], env)),
    (r) => r.seconds,
  );

  const synth = (config: string, out: string) => timed([...CLI, 'synth', '--config', config, '--out', out], env);
  const shipped = median(
    [0, 1, 2].map(() => synth(path.join(ROOT, 'examples', 'starter.config.json'), path.join(dir, 'out-shipped'))),
    (r) => r.seconds,
  );

  const sizeRows: string[] = [];
  const synths: (BenchMeasurement['synths'][number] & { stacks: number })[] = [];
  const documents: BenchMeasurement['documents'][number][] = [];
  for (const n of counts) {
    const input = largeConfigInput(n, { outside: 10, allFeatures: true, readers: 5 });
    const file = path.join(dir, `config-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(input));
    // The median of three: a single synth's wall time varied by a third between runs on a busy machine.
    const run = median(
      [0, 1, 2].map(() => synth(file, path.join(dir, `out-${n}`))),
      (r) => r.seconds,
    );
    const stacks = fs.readdirSync(path.join(dir, `out-${n}`, 'stacks')).length;
    synths.push({ members: n, stacks, seconds: run.seconds, rssMb: run.rssMb });

    const config = parseConfig(JSON.stringify(input));
    const app = Testing.app();
    const measured = [
      new LogArchiveStack(app, config),
      new OrganizationStack(app, config),
      new GuardrailsStack(app, config),
      new MemberStack(app, config, config.members[0]),
    ].flatMap((stack) => documentSizes(JSON.parse(Testing.synth(stack))));
    const largest = new Map<LimitedDocument, number>();
    for (const s of measured) largest.set(s.kind, Math.max(largest.get(s.kind) ?? 0, s.size));
    for (const [kind, size] of largest) documents.push({ members: n, kind, size, limit: AWS_DOCUMENT_LIMITS[kind] });
    sizeRows.push(
      `| ${n} | ${(Object.keys(AWS_DOCUMENT_LIMITS) as LimitedDocument[])
        .map(
          (kind) =>
            `${largest.get(kind) ?? 0} (${Math.round((100 * (largest.get(kind) ?? 0)) / AWS_DOCUMENT_LIMITS[kind])}%)`,
        )
        .join(' | ')} |`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `node ${process.version}, ${os.cpus().length} cores (${cpu}), ${execFileSync('uname', ['-r']).toString().trim()}`,
  );
  console.log('');
  console.log(`bare node (node -e 0; median of 3): ${bareNodeSeconds.toFixed(3)} s`);
  console.log('');
  console.log('| command (as a clone runs it) | start-up, median of 3 | over bare node |');
  console.log('| --- | --- | --- |');
  for (const startup of startups) {
    console.log(
      `| ${startup.command} | ${startup.seconds.toFixed(3)} s | ${(startup.seconds / bareNodeSeconds).toFixed(2)}x |`,
    );
  }
  console.log('');
  console.log(
    `floor (node and the modules synth loads, nothing built; median of 5): ${floor.seconds.toFixed(2)} s, ${floor.rssMb} MB`,
  );
  console.log(
    `shipped examples/starter.config.json (median of 3): ${shipped.seconds.toFixed(2)} s, ${shipped.rssMb} MB (${(shipped.seconds / floor.seconds).toFixed(2)}x the floor)`,
  );
  console.log('');
  console.log('| members | stacks | synth wall (median of 3) | over the floor | peak RSS |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const synth of synths) {
    console.log(
      `| ${synth.members} | ${synth.stacks} | ${synth.seconds.toFixed(2)} s | ${(synth.seconds - floor.seconds).toFixed(2)} s | ${synth.rssMb} MB |`,
    );
  }
  const from = synths.find((r) => r.members === 100);
  const to = synths.find((r) => r.members === 1000);
  if (from && to) {
    console.log('');
    console.log(
      `growth 100 -> 1000 members: ${(to.seconds / from.seconds).toFixed(1)}x the wall time (${((to.seconds - floor.seconds) / (from.seconds - floor.seconds)).toFixed(1)}x over the floor) for 10x the members`,
    );
  }
  console.log('');
  console.log(
    `| members | ${(Object.keys(AWS_DOCUMENT_LIMITS) as LimitedDocument[]).map((k) => `${k} (limit ${AWS_DOCUMENT_LIMITS[k]})`).join(' | ')} |`,
  );
  console.log(
    `| --- | ${Object.keys(AWS_DOCUMENT_LIMITS)
      .map(() => '---')
      .join(' | ')} |`,
  );
  for (const row of sizeRows) console.log(row);

  const measurement: BenchMeasurement = {
    floorSeconds: floor.seconds,
    shippedSeconds: shipped.seconds,
    synths,
    documents,
    bareNodeSeconds,
    startups,
    recorded: recordedRun(),
  };
  const hundred = synths.find((r) => r.members === 100);
  if (record && hundred !== undefined) {
    const kept: RecordedRun = {
      synth100OverFloor: Number((hundred.seconds / floor.seconds).toFixed(3)),
      measured: new Date().toISOString().slice(0, 10),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(),
    };
    fs.writeFileSync(RECORDED_FILE, `${JSON.stringify(kept, null, 2)}\n`);
    console.log('');
    console.log(`recorded in bench/recorded.json: the 100-member synth at ${kept.synth100OverFloor}x the floor`);
  }
  if (check) {
    const targets = checkTargets(measurement);
    const missed = targets.filter((r) => !r.met);
    console.log('');
    console.log(`targets: ${targets.length - missed.length} of ${targets.length} met`);
    for (const result of targets) console.log(`- ${result.met ? 'met' : 'MISSED'}: ${result.line}`);
    if (missed.length > 0) return EXIT.finding;
  }
  return EXIT.ok;
}
