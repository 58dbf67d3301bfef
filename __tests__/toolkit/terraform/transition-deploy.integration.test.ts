import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../../support/cli';
import { FAKE_TERRAFORM } from '../../support/root';
import { tempDir } from '../../support/synth';
import { RUNNING } from '../../core/transitions';

/*
 * A change's order as plan, deploy and synth run it, with the stand-in for terraform
 * (__tests__/support/fake-terraform.sh), which logs which stack it applied and when. The change is
 * live search turned off: AWS refuses to delete a sink while links to it remain
 * ([oam-delete-links-before-sink]), so every member's stack applies before the log archive's.
 */

interface Logged {
  readonly stack: string;
  readonly command: string;
  readonly start: number;
  readonly end: number;
  readonly started?: boolean;
}

const LIVE_SEARCH_OFF = { ...RUNNING, applicationLogs: { enabled: true } };
const LIVE_SEARCH_OFF_AND_REGION_ADDED = {
  ...LIVE_SEARCH_OFF,
  governedRegions: ['eu-west-1', 'us-east-1', 'eu-central-1'],
};

async function cli(args: string[]) {
  const log = path.join(tempDir('fake-tf-log'), 'terraform.log');
  const result = await runCliInProcess(args, {
    env: { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_LOG: log, FAKE_TF_MS: '20', AUDIT_CONFIG: '', CDKTF_OUTDIR: '' },
  });
  const logged = fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Logged)
        .filter((line) => line.started !== true)
    : [];
  return { ...result, applies: logged.filter((l) => l.command === 'apply') };
}

/** Synthesizes `config` into `out`, as a user's synth does (over the previous synth there, if any). */
async function synth(config: object, out: string) {
  const file = path.join(tempDir('transition-config'), 'audit.config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return cli(['synth', '--config', file, '--out', out]);
}

/** The organization running: its synth deployed (with the fake Terraform), as a change starts from. */
async function running(config: object, out: string): Promise<void> {
  expect((await synth(config, out)).status).toBe(0);
  expect((await cli(['deploy', '--out', out])).status).toBe(0);
}

const membersBeforeArchive = (applies: readonly Logged[]) => {
  const archive = applies.find((a) => a.stack === 'log-archive');
  const members = applies.filter((a) => a.stack.startsWith('member-'));
  expect(archive).toBeDefined();
  expect(members.length).toBe(2);
  return members.every((m) => m.end <= (archive?.start ?? 0));
};

describe('live search off', () => {
  test('synth prints the order, and deploy applies the members before the log archive', async () => {
    const out = tempDir('transition-out');
    await running(RUNNING, out);
    const changed = await synth(LIVE_SEARCH_OFF, out);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toContain('Apply member-acquired, member-payments first');
    expect(changed.stdout).toContain('oam-delete-links-before-sink');

    const deployed = await cli(['deploy', '--out', out]);
    expect(deployed.stderr).toBe('');
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toContain('removal wave first');
    expect(membersBeforeArchive(deployed.applies)).toBe(true);
  }, 120_000);

  test('deploy --changed derives the order from the base synth', async () => {
    const base = tempDir('transition-base');
    const out = tempDir('transition-head');
    await synth(RUNNING, base);
    await synth(LIVE_SEARCH_OFF, out);
    const deployed = await cli(['deploy', '--out', out, '--changed', '--base', base]);
    expect(deployed.status).toBe(0);
    expect(membersBeforeArchive(deployed.applies)).toBe(true);
  }, 120_000);

  test('plan-summary names the stacks that go first, and why, under Needs attention', async () => {
    const base = tempDir('transition-plan-base');
    const out = tempDir('transition-plan-head');
    await synth(RUNNING, base);
    await synth(LIVE_SEARCH_OFF, out);
    const planned = await cli(['plan', '--out', out, '--changed', '--base', base]);
    expect(planned.status).toBe(0);
    const summary = await cli(['plan-summary', path.join(out, 'plans')]);
    expect(summary.status).toBe(0);
    const attention = summary.stdout.slice(summary.stdout.indexOf('## Needs attention'));
    expect(attention).toMatch(/member-payments.*before.*log-archive/);
    expect(attention).toContain('live search sink');
  }, 120_000);
});

describe('a second change before the first is deployed', () => {
  test('is compared with the synth the first started from, until deploy applies them', async () => {
    const out = tempDir('transition-pending');
    await running(RUNNING, out);
    await synth(LIVE_SEARCH_OFF, out);
    // A Region added on top of live search off, not yet deployed: from the running organization, no order.
    const refused = await synth(LIVE_SEARCH_OFF_AND_REGION_ADDED, out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('transition-base');
    // Deployed, the change is forgotten: the Region is then a change of its own, in the usual waves.
    expect((await cli(['deploy', '--out', out])).status).toBe(0);
    expect(fs.existsSync(path.join(out, 'transition-base'))).toBe(false);
    const added = await synth(LIVE_SEARCH_OFF_AND_REGION_ADDED, out);
    expect(added.status).toBe(0);
    expect(fs.existsSync(path.join(out, 'transition-order.json'))).toBe(false);
  }, 120_000);
});

describe('the last linking member removed', () => {
  test('deploy refuses until its stack is destroyed (its folder gone), then applies', async () => {
    const out = tempDir('transition-removed');
    const one = { ...RUNNING, members: RUNNING.members.slice(0, 1) };
    await running(one, out);
    const removed = await synth({ ...one, members: [] }, out);
    expect(removed.stdout).toContain('Destroy member-payments before log-archive applies');
    const refused = await cli(['deploy', '--out', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('deploy refused: Destroy member-payments');
    expect(refused.applies).toEqual([]);
    // Destroyed (terraform -chdir=... destroy), then its folder deleted, as synth's warning says.
    fs.rmSync(path.join(out, 'stacks', 'member-payments'), { recursive: true });
    expect((await cli(['deploy', '--out', out])).status).toBe(0);
  }, 120_000);
});

describe('a change to a synth never deployed', () => {
  test('needs no order: nothing of the first synth exists in AWS', async () => {
    const out = tempDir('transition-undeployed');
    await synth(RUNNING, out);
    const changed = await synth(LIVE_SEARCH_OFF_AND_REGION_ADDED, out);
    expect(changed.status).toBe(0);
    expect(fs.existsSync(path.join(out, 'transition-order.json'))).toBe(false);
  }, 120_000);
});

describe('a change with no order', () => {
  test('synth refuses it with the steps, naming the fields, and leaves the previous synth', async () => {
    const out = tempDir('transition-refused');
    await running(RUNNING, out);
    const before = fs.readFileSync(path.join(out, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8');
    const refused = await synth(LIVE_SEARCH_OFF_AND_REGION_ADDED, out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('No order applies this change in one deploy');
    expect(refused.stderr).toContain('applicationLogs.liveSearch');
    expect(refused.stderr).toContain('Split it in two');
    expect(fs.readFileSync(path.join(out, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8')).toBe(before);
  }, 120_000);
});

describe('application logs off: the log archive held nothing else in us-east-1', () => {
  const providerRegions = (out: string, stack: string): string[] =>
    (
      JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
        provider: { aws: { region: string }[] };
      }
    ).provider.aws
      .map((p) => p.region)
      .sort();

  test('synth keeps its provider there until deploy has destroyed them, and a synth after that deploy drops it', async () => {
    const out = tempDir('transition-out');
    await running(RUNNING, out);
    expect(providerRegions(out, 'log-archive')).toEqual(['eu-west-1', 'us-east-1']);

    const off = { ...RUNNING, applicationLogs: { enabled: false } };
    const changed = await synth(off, out);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toMatch(
      /log-archive keeps its AWS provider in us-east-1, with nothing else there, until deploy has destroyed its \d+ resource\(s\) there/,
    );
    expect(providerRegions(out, 'log-archive')).toEqual(['eu-west-1', 'us-east-1']);
    // A second synth before the deploy still keeps it: the change's base is the deployed synth.
    expect((await synth(off, out)).status).toBe(0);
    expect(providerRegions(out, 'log-archive')).toEqual(['eu-west-1', 'us-east-1']);

    expect((await cli(['deploy', '--out', out])).status).toBe(0);
    const after = await synth(off, out);
    expect(after.status).toBe(0);
    expect(after.stdout).not.toContain('keeps its AWS provider');
    expect(providerRegions(out, 'log-archive')).toEqual(['eu-west-1']);
  });
});
