import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { stackJson, writeSynth } from '../support/fake-synth';
import { tempDir } from '../support/synth';
import { forceUnlockCommand, lockedMessage, stateLockOf } from '../../modules/terraform-cli/state-lock';
import { TerraformFailed } from '../../modules/terraform-cli/plan';
import { migrateToS3 } from '../../modules/terraform-cli/state-migration';
import { taintedInstances, taintedMessage } from '../../modules/terraform-cli/tainted';
import { AuditLoggingError } from '../../modules/core/errors';
import type { Terraform } from '../../modules/terraform-cli/terraform';

/*
 * The state lock as Terraform reports it, the commands that create the state bucket and move local
 * state, and their refusals. Terraform against the S3 backend in moto, with real locks, kills and
 * migrations, runs in npm run e2e:faults.
 */

const FAKE_TERRAFORM = path.join(__dirname, '..', 'support', 'fake-terraform.sh');
const LOCKED = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'terraform', 'state-locked.txt'), 'utf8');

describe('the state lock', () => {
  test("is read from Terraform's message: id, path, operation, holder and time", () => {
    const lock = stateLockOf(LOCKED);
    expect(lock).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      path: expect.stringMatching(/^e2e-terraform-state\/cdktf-audit-logging\/member-workloads\.tfstate$/),
      operation: 'OperationTypeApply',
      who: expect.stringMatching(/@/),
      created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/),
    });
  });

  test('is not seen in other failures', () => {
    expect(stateLockOf('Error: creating S3 Bucket (x): BucketAlreadyOwnedByYou')).toBeUndefined();
  });

  test('a failed command names who holds it and the exact command that releases it, once sure', () => {
    const failed = new TerraformFailed('apply', {
      dir: 'cdktf.out/stacks/member-workloads',
      code: 1,
      stdout: '',
      stderr: LOCKED,
      timedOut: false,
      seconds: 3,
    });
    const lock = stateLockOf(LOCKED);
    if (lock === undefined) throw new Error('no lock in the fixture');
    expect(failed.lock).toEqual(lock);
    expect(failed.message).toContain(`terraform apply stopped: the state is locked (apply by ${lock.who} since`);
    expect(failed.message).toContain(
      `  terraform -chdir=cdktf.out/stacks/member-workloads force-unlock -force ${lock.id}`,
    );
    expect(failed.message).toContain('If that run is still going, wait for it to finish.');
    expect(forceUnlockCommand('d', lock)).toBe(`terraform -chdir=d force-unlock -force ${lock.id}`);
    expect(lockedMessage('d', { id: 'x' })).toMatch(/^the state is locked: lock x\./);
  });

  test('deploy stops on it, prints the command, exits 1 and never runs force-unlock itself', async () => {
    const out = writeSynth(tempDir('deploy-locked'), {
      'log-archive': stackJson('log-archive'),
      'member-workloads': stackJson('member-workloads'),
    });
    const log = path.join(tempDir('deploy-locked-log'), 'terraform.log');
    const result = await runCliInProcess(['deploy', '--out', out], {
      env: { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_LOG: log, FAKE_TF_LOCKED: 'member-workloads' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `force-unlock -force ${stateLockOf(LOCKED)?.id ?? '?'}\nthen run the same command again (deploy: with --resume).`,
    );
    expect(result.stderr).toContain(`terraform -chdir=${path.join(out, 'stacks', 'member-workloads')} force-unlock`);
    const commands = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { command: string }).command);
    expect(commands).not.toContain('force-unlock');
  });
});

describe('resources tainted by an interrupted apply', () => {
  test('are found in the state with their addresses, indexes included', () => {
    const state = {
      resources: [
        { mode: 'managed', type: 'aws_kms_key', name: 'key', instances: [{ status: 'tainted' }] },
        { mode: 'managed', type: 'aws_s3_bucket', name: 'logs', instances: [{}] },
        {
          module: 'module.m',
          mode: 'managed',
          type: 'aws_cloudwatch_log_group',
          name: 'g',
          instances: [
            { index_key: 'eu-west-1', status: 'tainted' },
            { index_key: 0, status: 'tainted' },
          ],
        },
      ],
    };
    expect(taintedInstances(state).map((t) => t.address)).toEqual([
      'aws_kms_key.key',
      'module.m.aws_cloudwatch_log_group.g["eu-west-1"]',
      'module.m.aws_cloudwatch_log_group.g[0]',
    ]);
    expect(taintedMessage('d', [{ address: 'aws_kms_key.key' }])).toContain(
      "  terraform -chdir=d untaint 'aws_kms_key.key'\n",
    );
  });

  test('deploy stops with the untaint command of each, and untaints nothing itself', async () => {
    const out = writeSynth(tempDir('deploy-tainted'), { 'log-archive': stackJson('log-archive') });
    const log = path.join(tempDir('deploy-tainted-log'), 'terraform.log');
    const result = await runCliInProcess(['deploy', '--out', out], {
      env: { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_LOG: log, FAKE_TF_TAINTED: 'log-archive' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('terraform apply stopped: 1 resources are tainted: an earlier apply was stopped');
    expect(result.stderr).toContain(
      `  terraform -chdir=${path.join(out, 'stacks', 'log-archive')} untaint 'aws_kms_key.archive_key'\n`,
    );
    const commands = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { command: string }).command);
    expect(commands).not.toContain('untaint');
  });
});

describe('state bootstrap and state migrate', () => {
  const terraform = { exec: () => Promise.reject(new Error('must not run terraform')) } as unknown as Terraform;

  test('bootstrap without a state stack says to set deployment.stateBucket', async () => {
    const out = writeSynth(tempDir('state-none'), { 'log-archive': stackJson('log-archive') });
    const result = await runCliInProcess(['state', 'bootstrap', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'has no state stack: set deployment.stateBucket in the config and synthesize first',
    );
  });

  test('migrate names the stacks without a local state file, and moves nothing when there is none', async () => {
    const out = writeSynth(tempDir('state-migrate'), { 'member-a': stackJson('member-a') });
    const empty = tempDir('state-migrate-from');
    const named = await runCliInProcess(['state', 'migrate', 'member-a', '--out', out, '--from', empty]);
    expect(named.status).toBe(2);
    expect(named.stderr).toContain(`no local state for member-a in ${empty} (terraform.<stack>.tfstate)`);
    const all = await runCliInProcess(['state', 'migrate', '--out', out, '--from', empty]);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain('nothing to move');
  });

  test('migrate refuses a stack still synthesized with local state, before running terraform', async () => {
    const out = writeSynth(tempDir('state-local'), { 'member-a': stackJson('member-a') });
    await expect(
      migrateToS3(terraform, path.join(out, 'stacks', 'member-a'), 'x.tfstate', { timeoutSeconds: 5 }),
    ).rejects.toThrow(
      new AuditLoggingError(
        'member-a is synthesized with local state: set deployment.stateBucket in the config and synthesize again before moving its state to S3',
      ),
    );
  });

  test.each([['bootstrap'], ['migrate']])('state %s --help shows its usage and an example', async (sub) => {
    const result = await runCliInProcess(['state', sub, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cdktf-audit-logging state ${sub} `));
    expect(result.stdout).toMatch(new RegExp(`^  \\$ .*cdktf-audit-logging state ${sub}`, 'm'));
  });
});
