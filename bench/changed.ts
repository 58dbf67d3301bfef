/**
 * npm run bench:changed -- [members] [--check]: how many stacks a typical change makes a pull
 * request plan, and how long finding them takes, for an organization of that many members (default
 * 1000) in 17 Regions with 10 members outside the organization.
 *
 * Synthesizes the base config and three changed configs, each as `npm run synth` does, then
 * compares each with the base as `npm run plan -- --changed` does, timing the comparison:
 * (a) one more alarm e-mail, (b) flow logs for one member's VPC, (c) one more governed Region.
 * With --check, exits 1 when (b) plans more than 2 stacks, (a) more than the organization stack
 * and the outside members' (each holds its own alarm topic with the same subscribers), or when
 * detection takes 10% of the synth time or more.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { largeConfigInput } from '../__tests__/analytics/large-config';
import { compareSynths, stacksToPlan } from '../packages/cli/toolkit/review/stack-changes';

const ROOT = path.resolve(__dirname, '..');
const OUTSIDE = 10;

/** A config change and the most stacks it may make a pull request plan. */
interface Scenario {
  readonly name: string;
  readonly change: (config: Record<string, unknown>) => void;
  readonly maxPlanned: number | undefined;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: '(a) a new alarm e-mail',
    change: (config) => {
      (config.alarms as { emails: string[] }).emails.push('oncall@example.com');
    },
    maxPlanned: 1 + OUTSIDE,
  },
  {
    name: "(b) one member's flow logs added",
    change: (config) => {
      (config.members as Record<string, unknown>[])[0].vpcFlowLogs = [{ vpcId: 'vpc-0123456789abcdef0' }];
    },
    maxPlanned: 2,
  },
  {
    name: '(c) a new governed Region',
    change: (config) => {
      (config.governedRegions as string[]).push('eu-central-2');
    },
    maxPlanned: undefined,
  },
];

function synth(config: Record<string, unknown>, dir: string, name: string): { out: string; seconds: number } {
  const file = path.join(dir, `${name}.config.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  const out = path.join(dir, `${name}.out`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), 'synth', '--config', file, '--out', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`synth of ${name} failed:\n${result.stderr}`);
  return { out, seconds: (Date.now() - started) / 1000 };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const members = Number(argv.find((arg) => !arg.startsWith('--')) ?? 1000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-bench-changed-'));
  const baseConfig = () => {
    const config = largeConfigInput(members, { outside: OUTSIDE });
    config.alarms = { emails: ['secops@example.com'] };
    return config;
  };
  const base = synth(baseConfig(), dir, 'base');
  process.stdout.write(
    `${members} members and ${OUTSIDE} outside the organization, 17 Regions: base synth ${base.seconds.toFixed(1)} s\n\n`,
  );
  process.stdout.write(
    '| Change | stacks | planned | unchanged | head synth (s) | detection (s) | detection / synth |\n|---|---:|---:|---:|---:|---:|---:|\n',
  );
  const missed: string[] = [];
  for (const scenario of SCENARIOS) {
    const config = baseConfig();
    scenario.change(config);
    const head = synth(config, dir, scenario.name.slice(1, 2));
    const started = process.hrtime.bigint();
    const changes = compareSynths(head.out, base.out);
    const detection = Number(process.hrtime.bigint() - started) / 1e9;
    const planned = stacksToPlan(changes);
    const share = detection / head.seconds;
    process.stdout.write(
      `| ${scenario.name} | ${changes.length} | ${planned.length}${planned.length <= 3 ? ` (${planned.join(', ')})` : ''} | ${changes.filter((c) => c.kind === 'unchanged').length} | ${head.seconds.toFixed(1)} | ${detection.toFixed(2)} | ${(share * 100).toFixed(1)}% |\n`,
    );
    if (scenario.maxPlanned !== undefined && planned.length > scenario.maxPlanned) {
      missed.push(
        `${scenario.name} plans ${planned.length} stacks (${planned.slice(0, 5).join(', ')}...), more than ${scenario.maxPlanned}`,
      );
    }
    if (share >= 0.1) missed.push(`${scenario.name}: detection took ${(share * 100).toFixed(1)}% of the synth time`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  for (const line of missed) process.stderr.write(`MISSED ${line}\n`);
  return check && missed.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
