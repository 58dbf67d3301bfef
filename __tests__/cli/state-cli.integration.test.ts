import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { stackJson, writeSynth } from '../support/fake-synth';
import { tempDir } from '../support/synth';
import { forceUnlockCommand, lockedMessage, stateLockOf } from '../../packages/cli/toolkit/terraform/state-lock';
import { TerraformFailed } from '../../packages/cli/toolkit/terraform/plan';
import { migrateToS3 } from '../../packages/cli/toolkit/terraform/state-migration';
import {
  importIdArgument,
  taintedInstances,
  taintedMessage,
  unrecordedMessage,
  unrecordedResources,
} from '../../packages/cli/toolkit/terraform/interrupted-apply';
import { AuditLoggingError } from '../../modules/core/errors';
import type { Terraform } from '../../packages/cli/toolkit/terraform/terraform';
import { FAKE_TERRAFORM } from '../support/root';
import { bootstrapState, migrateState, StateInputError } from '../../packages/cli/toolkit/actions/state-action';
import { RecordingIo } from '../../packages/cli/toolkit/common/toolkit-io';

/*
 * The state lock as Terraform reports it, the commands that create the state bucket and move local
 * state, and their refusals. Terraform against the S3 backend in moto, with real locks, kills and
 * migrations, runs in npm run e2e:faults.
 */

/** The Terraform commands the stand-in ran, from its log. */
function terraformCommands(log: string): string[] {
  return fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { command: string }).command);
}

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
    // A folder with a space is one shell word, as in the import and untaint lines.
    expect(forceUnlockCommand("my stacks/o'brien", lock)).toBe(
      `terraform -chdir='my stacks/o'\\''brien' force-unlock -force ${lock.id}`,
    );
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
    expect(terraformCommands(log)).not.toContain('force-unlock');
  });
});

describe('resources left tainted by an interrupted apply', () => {
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
    expect(terraformCommands(log)).not.toContain('untaint');
  });
});

describe('resources created by a killed apply but never recorded', () => {
  test("are read from Terraform's 'already exists' errors with their address and name", () => {
    const output = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'terraform', 'already-exists.txt'), 'utf8');
    // The SDK names the call in the first three; the last error is the provider's own words
    const operation = { service: 'S3', operation: 'CreateBucket' };
    expect(unrecordedResources(output)).toEqual([
      {
        address: 'aws_s3_bucket.archive_access-logs_bucket_F238FF33',
        id: 'e2e-org-audit-logs-access-logs',
        operation,
      },
      { address: 'aws_s3_bucket.archive_logs_bucket_CB0E8357', id: 'e2e-org-audit-logs', operation },
      { address: 'aws_s3_bucket.archive_member-logs_bucket_465311D5', id: 'e2e-org-audit-logs-member-logs', operation },
      { address: 'aws_s3_bucket.archive_replication_bucket_286F4A3F', id: 'e2e-org-audit-logs-replica' },
    ]);
    expect(unrecordedMessage('d', unrecordedResources(output), [])).toContain(
      "  terraform -chdir=d import 'aws_s3_bucket.archive_logs_bucket_CB0E8357' 'e2e-org-audit-logs'\n",
    );
  });

  test("one made by this apply's own retried create says so, not that an apply was killed", () => {
    // Given a create whose first answer was lost: the SDK retried it and AWS said it exists
    const output = [
      'Error: creating Glue Catalog Database (audit_logs): operation error Glue: CreateDatabase, https response',
      'error StatusCode: 400, RequestID: 8f2d, AlreadyExistsException: Database already exists.',
      '',
      '  with aws_glue_catalog_database.analytics_database_BEC7AB95,',
      '  on cdk.tf.json line 120, in resource.aws_glue_catalog_database.analytics_database_BEC7AB95:',
      '',
      'Error: creating S3 Bucket (audit-logs-1): BucketAlreadyOwnedByYou',
      '',
      '  with aws_s3_bucket.archive_logs_bucket_CB0E8357,',
      '',
    ].join('\n');
    const found = unrecordedResources(output);
    expect(found[0].operation).toEqual({ service: 'Glue', operation: 'CreateDatabase' });
    const lost = [{ service: 'Glue', operation: 'CreateDatabase', calls: 1, lostAnswer: 'no response' }];

    // Then the Glue database is this apply's, the bucket an earlier killed apply's, both with their import
    const message = unrecordedMessage('my stacks/log-archive', found, lost);
    expect(message).toMatch(
      /^2 resources exist in AWS but not in the state\. This apply most likely made them itself \(aws_glue_catalog_database\.analytics_database_BEC7AB95\):\n1 call of Glue CreateDatabase got no response, and its retry was told the resource exists\./,
    );
    expect(message).toContain('For the others, an earlier apply created them and was killed');
    // The folder is one shell word, quoted
    expect(message).toContain(
      "  terraform -chdir='my stacks/log-archive' import 'aws_s3_bucket.archive_logs_bucket_CB0E8357' 'audit-logs-1'",
    );
    // Without such a call, or with one of another operation, the cause is the killed apply
    for (const others of [[], [{ ...lost[0], operation: 'CreateTable' }]]) {
      expect(unrecordedMessage('d', found, others)).toMatch(
        /^2 resources exist in AWS but not in the state: an earlier apply created them and was killed/,
      );
    }
    // Two databases of the operation and one lost call: which one it made is not known, so neither is claimed
    const twice = [found[0], { ...found[0], address: 'aws_glue_catalog_database.other', id: 'other' }];
    expect(unrecordedMessage('d', twice, lost)).not.toContain('most likely made');
    // Retries not watched: both causes are said to be possible
    expect(unrecordedMessage('d', found, undefined)).toContain(
      'or this apply made them with a create whose answer was lost and that it retried',
    );
    // All of them this apply's own
    expect(unrecordedMessage('d', found.slice(0, 1), lost)).toMatch(
      /^1 resource exists in AWS but not in the state\. This apply most likely made them itself:\n/,
    );
  });

  test('a flow log is imported by its own id, looked up by VPC in the Region of its provider', () => {
    const output = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'terraform', 'flow-log-exists.txt'), 'utf8');
    const found = unrecordedResources(output);
    const operation = { service: 'EC2', operation: 'CreateFlowLogs' };
    expect(found).toEqual([
      { address: 'aws_flow_log.flow-logs_vpc-73f70f8ed4f9db159_DAE9BC30', id: 'vpc-73f70f8ed4f9db159', operation },
      { address: 'aws_flow_log.flow-logs_vpc-87dc2ebfb0b58748d_D68B4C94', id: 'vpc-87dc2ebfb0b58748d', operation },
    ]);
    const out = writeSynth(tempDir('flow-log-import'), {
      'member-w': {
        ...stackJson('member-w', { regions: ['eu-west-1', 'eu-central-1'] }),
        resource: {
          aws_flow_log: {
            'flow-logs_vpc-73f70f8ed4f9db159_DAE9BC30': {},
            'flow-logs_vpc-87dc2ebfb0b58748d_D68B4C94': { provider: 'aws.eu-central-1' },
          },
        },
      },
    });
    const dir = path.join(out, 'stacks', 'member-w');
    expect(found.map((resource) => importIdArgument(dir, resource))).toEqual([
      `"$(aws ec2 describe-flow-logs --region eu-west-1 --filter Name=resource-id,Values=vpc-73f70f8ed4f9db159 --query 'FlowLogs[0].FlowLogId' --output text)"`,
      `"$(aws ec2 describe-flow-logs --region eu-central-1 --filter Name=resource-id,Values=vpc-87dc2ebfb0b58748d --query 'FlowLogs[0].FlowLogId' --output text)"`,
    ]);
  });

  test('Glue databases and tables import by catalog (the account), IAM policies by ARN', () => {
    const out = writeSynth(tempDir('glue-import'), {
      'log-archive': {
        ...stackJson('log-archive', { account: '222222222222' }),
        resource: {
          aws_glue_catalog_database: { db: { name: 'audit_logs' } },
          aws_glue_catalog_table: { t: { name: 'cloudtrail', database_name: '${aws_glue_catalog_database.db.name}' } },
          aws_iam_policy: { p: { name: 'config-delivery' } },
        },
      },
    });
    const dir = path.join(out, 'stacks', 'log-archive');
    expect(
      [
        { address: 'aws_glue_catalog_database.db', id: 'audit_logs' },
        { address: 'aws_glue_catalog_table.t', id: 'cloudtrail' },
        { address: 'aws_iam_policy.p', id: 'config-delivery' },
        { address: 'aws_s3_bucket.logs', id: 'logs-bucket' },
      ].map((resource) => importIdArgument(dir, resource)),
    ).toEqual([
      "'222222222222:audit_logs'",
      "'222222222222:audit_logs:cloudtrail'",
      "'arn:aws:iam::222222222222:policy/config-delivery'",
      "'logs-bucket'",
    ]);
  });

  test('Scheduler schedules import by group and name, Firehose streams by ARN (the form each resource type reads)', () => {
    const out = writeSynth(tempDir('schedule-import'), {
      'log-archive': {
        ...stackJson('log-archive', { account: '222222222222' }),
        resource: {
          aws_scheduler_schedule: { daily: { name: 'audit-columnar-copy-daily' }, grouped: { group_name: 'audit' } },
          aws_kinesis_firehose_delivery_stream: { findings: { name: 'audit-findings' } },
        },
      },
    });
    const dir = path.join(out, 'stacks', 'log-archive');
    // The error of an existing schedule names it alone; the import id is <group>/<name>.
    const [found] = unrecordedResources(
      'Error: creating EventBridge Scheduler Schedule (audit-columnar-copy-daily): operation error Scheduler: ' +
        'CreateSchedule, https response error StatusCode: 409, ConflictException: Schedule ' +
        'audit-columnar-copy-daily already exists.\n\n  with aws_scheduler_schedule.daily,\n',
    );
    expect(
      [
        found,
        { address: 'aws_scheduler_schedule.grouped', id: 'nightly' },
        { address: 'aws_kinesis_firehose_delivery_stream.findings', id: 'audit-findings' },
      ].map((resource) => importIdArgument(dir, resource)),
    ).toEqual([
      "'default/audit-columnar-copy-daily'",
      "'audit/nightly'",
      "'arn:aws:firehose:eu-west-1:222222222222:deliverystream/audit-findings'",
    ]);
  });

  test('other create errors are not taken for one', () => {
    expect(
      unrecordedResources(
        'Error: creating S3 Bucket (b): operation error S3: CreateBucket, AccessDenied\n\n  with aws_s3_bucket.b,\n',
      ),
    ).toEqual([]);
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

  test('the actions through their API: each stack that cannot move is a warning and a failure, the rest a line each', async () => {
    const out = writeSynth(tempDir('state-action'), {
      'member-a': stackJson('member-a'),
      'member-b': stackJson('member-b'),
    });
    const from = tempDir('state-action-from');
    for (const stack of ['member-a', 'member-b']) fs.writeFileSync(path.join(from, `terraform.${stack}.tfstate`), '{}');
    const io = new RecordingIo();
    const result = await migrateState({ out, from, timeoutSeconds: 5, terraform }, io);
    // Both are synthesized with local state: each refused before terraform runs, neither stops the other.
    expect(result.moved).toEqual([]);
    expect(result.failed.map((f) => f.stack)).toEqual(['member-a', 'member-b']);
    expect(io.lines('warn')).toEqual(result.failed.map((f) => `${f.stack}: ${f.message}`));
    expect(io.lines('info')).toEqual([]);
    const none = new RecordingIo();
    expect(
      await migrateState({ out, from: tempDir('state-action-empty'), timeoutSeconds: 5, terraform }, none),
    ).toEqual({
      moved: [],
      failed: [],
    });
    expect(none.lines('info')).toEqual([
      expect.stringMatching(/^no local state files terraform.<stack>.tfstate in .*: nothing to move$/),
    ]);
    await expect(bootstrapState({ out, timeoutSeconds: 5, terraform })).rejects.toThrow(StateInputError);
  });

  test.each([['bootstrap'], ['migrate']])('state %s --help shows its usage and an example', async (sub) => {
    const result = await runCliInProcess(['state', sub, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cdktf-audit-logging state ${sub} `));
    expect(result.stdout).toMatch(new RegExp(`^  \\$ .*cdktf-audit-logging state ${sub}`, 'm'));
  });
});
