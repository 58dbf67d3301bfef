import { Testing } from 'cdktf';
import { CloudTrailColumnarCopy, CloudTrailColumnarCopyProps } from '../../modules/analytics/cloudtrail-columnar-copy';
import { COLUMNAR_COPY_COLUMNS } from '../../modules/analytics/columnar-copy-sql';
import { CLOUDTRAIL_COLUMNS } from '../../modules/analytics/cloudtrail-schema';
import { AccountStack } from '../../modules/deployment/account-stack';
import { configWithAccounts } from './large-config';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf } from '../stacks/policy/simulate';
import { resourceOf, resourcesOf, synthStack } from '../support/synth';
import { parseTrino } from './trino';
import { succeeds } from '../support/succeeds';
import { synthJson } from '../support/stack-json';

/* The columnar copy of the CloudTrail table: its bucket, Iceberg table, workgroup and daily schedule. */

const ARCHIVE = '222222222222';
const PROPS: CloudTrailColumnarCopyProps = {
  databaseName: 'audit_logs',
  sourceTableName: 'cloudtrail',
  source: { bucketName: 'acme-audit', prefix: 'AWSLogs/o-abcdefghij/' },
  tableName: 'cloudtrail_columnar',
  bucketName: 'acme-audit-columnar',
  kmsKeyArn: `arn:aws:kms:eu-west-1:${ARCHIVE}:key/11111111-2222-3333-4444-555555555555`,
};

function synthCopy(props: Partial<CloudTrailColumnarCopyProps> = {}): Record<string, any> {
  const stack = new AccountStack(Testing.app(), 'log-archive', { accountId: ARCHIVE, region: 'eu-west-1' });
  new CloudTrailColumnarCopy(stack, 'copy', { ...PROPS, ...props });
  return synthJson(stack);
}

const synth = synthCopy();
const schedule = resourceOf(synth, 'aws_scheduler_schedule');
const input = JSON.parse(schedule.target.input) as Record<string, any>;

describe('the columnar copy', () => {
  test('lives in a bucket of its own: SSE-KMS with the log key, versioned, no Object Lock, its data never expired by S3', () => {
    const bucket = resourceOf(synth, 'aws_s3_bucket');
    expect(bucket.bucket).toBe('acme-audit-columnar');
    expect(bucket.object_lock_enabled).toBeUndefined();
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    const encryption = resourceOf(synth, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: PROPS.kmsKeyArn,
    });
    const rules = resourceOf(synth, 'aws_s3_bucket_lifecycle_configuration').rule as any[];
    // Only the workgroup's own results expire; Iceberg deletes its data files itself.
    expect(rules.filter((r) => r.expiration !== undefined)).toEqual([
      expect.objectContaining({ filter: [{ prefix: 'athena-results/' }], expiration: [{ days: 30 }] }),
    ]);
  });

  test('is an Iceberg table with the source columns and the partition columns, left to Iceberg once created', () => {
    const table = resourceOf(synth, 'aws_glue_catalog_table');
    expect(table.open_table_format_input).toEqual({ iceberg_input: { metadata_operation: 'CREATE', version: '2' } });
    expect(table.storage_descriptor.location).toBe('s3://acme-audit-columnar/cloudtrail/');
    expect(table.storage_descriptor.columns.map((c: { name: string }) => c.name)).toEqual([
      ...CLOUDTRAIL_COLUMNS.map((c) => c.name),
      'accountid',
      'region',
      'eventdate',
    ]);
    expect(table.storage_descriptor.columns).toEqual(COLUMNAR_COPY_COLUMNS.map((c) => ({ ...c })));
    expect(table.partition_keys).toBeUndefined();
    expect(table.lifecycle.ignore_changes).toEqual(['parameters', 'storage_descriptor']);
  });

  test('is kept in a workgroup of its own, whose results are encrypted in the copy bucket', () => {
    const workgroup = resourceOf(synth, 'aws_athena_workgroup');
    expect(workgroup.name).toBe('audit-columnar-copy');
    expect(workgroup.configuration).toMatchObject({
      enforce_workgroup_configuration: true,
      engine_version: { selected_engine_version: 'Athena engine version 3' },
      result_configuration: {
        output_location: 's3://acme-audit-columnar/athena-results/',
        expected_bucket_owner: ARCHIVE,
        encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: PROPS.kmsKeyArn },
      },
    });
  });

  test('is added to daily by Scheduler calling Athena directly, one query per scheduled run', () => {
    expect(schedule.schedule_expression).toBe('cron(30 5 * * ? *)');
    expect(schedule.schedule_expression_timezone).toBe('UTC');
    expect(schedule.target.arn).toBe('arn:aws:scheduler:::aws-sdk:athena:startQueryExecution');
    expect(schedule.target.role_arn).toMatch(/^\$\{aws_iam_role\.copy_schedule-role_\w+\.arn\}$/);
    expect(Object.keys(resourcesOf(synth, 'aws_lambda_function'))).toEqual([]);
    expect(input.WorkGroup).toBe('audit-columnar-copy');
    expect(input.QueryExecutionContext).toEqual({ Database: 'audit_logs' });
    expect(input.ClientRequestToken).toBe('columnar-copy-run-<aws.scheduler.scheduled-time>');
    // Athena's token is 32 to 128 characters; the scheduled time is 20.
    expect(input.ClientRequestToken.replace('<aws.scheduler.scheduled-time>', '2026-11-25T05:30:00Z')).toHaveLength(38);
    expect(input.QueryString).toContain('INSERT INTO audit_logs.cloudtrail_columnar (');
    expect(input.QueryString).toContain('FROM audit_logs.cloudtrail\n');
    expect(input.QueryString).toContain("from_iso8601_timestamp('<aws.scheduler.scheduled-time>') - INTERVAL '1' DAY");
    expect(input.QueryString).not.toContain('accountid IN');
  });

  test('[scheduler-group-deletion-deletes-its-schedules] [scheduler-schedule-joins-its-group-at-creation] runs in a schedule group that holds it alone, named after the copy, joined when the schedule is created', () => {
    const groups = Object.values(resourcesOf(synth, 'aws_scheduler_schedule_group')) as any[];
    expect(groups).toEqual([{ name: 'audit-columnar-copy' }]);
    const [groupAddress] = Object.keys(resourcesOf(synth, 'aws_scheduler_schedule_group'));
    // By reference: Terraform makes the group before the schedule, and removes the schedule first.
    expect(schedule.group_name).toBe(`\${aws_scheduler_schedule_group.${groupAddress}.name}`);
    const schedules = Object.values(resourcesOf(synth, 'aws_scheduler_schedule')) as any[];
    expect(schedules.filter((s) => s.group_name === schedule.group_name)).toHaveLength(1);
  });

  test('the daily insert parses as Trino (Athena engine 3)', () => {
    const ast = parseTrino(input.QueryString.replace(/<aws\.scheduler\.scheduled-time>/g, '2026-11-25T05:30:00Z'));
    expect((ast as { type: string }).type).toBe('insert');
  });

  test('names the accounts when the source table projects them as injected', () => {
    const injected = synthCopy({ sourceAccountIds: ['111111111111', '444444444444'] });
    const sql = JSON.parse(resourceOf(injected, 'aws_scheduler_schedule').target.input).QueryString as string;
    expect(sql).toContain("AND accountid IN ('111111111111', '444444444444')");
  });

  test.each([
    ['cron(30 5 * * ? *)', true],
    ['cron(0/15 * * * ? 2026)', true],
    ['rate(1 day)', false],
    ['cron(30 5 * * ?)', false],
    ['cron(30 5 * * ? * *)', false],
    ['cron(30 5 * * ? *) ', false],
  ])('the config and the construct agree on the schedule %j (accepted: %s)', (schedule, accepted) => {
    expect(succeeds(() => configOf({ ...POLICY_TEST_CONFIG, analytics: { columnarCopy: { schedule } } }))).toBe(
      accepted,
    );
    expect(succeeds(() => synthCopy({ schedule }))).toBe(accepted);
  });

  test('a schedule, name or prefix AWS would refuse fails at synth, naming the prop', () => {
    expect(() => synthCopy({ schedule: 'rate(1 day)' })).toThrow(/schedule.*is not an EventBridge Scheduler cron/);
    expect(() => synthCopy({ name: 'a'.repeat(56) })).toThrow(/name.*IAM's 64/);
    expect(() => synthCopy({ source: { bucketName: 'acme-audit', prefix: 'AWSLogs' } })).toThrow(
      /source\.prefix.*must end in "\/"/,
    );
    expect(() => synthCopy({ resultsExpirationDays: 0 })).toThrow(/resultsExpirationDays/);
  });
});

describe('the columnar copy in the log archive stack', () => {
  test('is on by default, over the organization trail table, and can be left out', () => {
    const stack = synthStack(configOf(POLICY_TEST_CONFIG), 'log-archive');
    expect(resourceOf(stack, 'aws_glue_catalog_table', 'columnar').name).toBe('cloudtrail_columnar');
    expect(resourceOf(stack, 'aws_s3_bucket', 'columnar').bucket).toBe('acme-audit-columnar');
    const off = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, analytics: { columnarCopy: { enabled: false } } }),
      'log-archive',
    );
    expect(Object.keys(resourcesOf(off, 'aws_scheduler_schedule'))).toEqual([]);
    expect(Object.keys(resourcesOf(off, 'aws_glue_catalog_table')).filter((t) => t.includes('columnar'))).toEqual([]);
  });

  test('the investigator reads the copy too', () => {
    const stack = synthStack(configOf(POLICY_TEST_CONFIG), 'log-archive');
    const policy = resourceOf(stack, 'aws_iam_role_policy', 'investigator').policy as string;
    expect(policy).toContain('arn:aws:s3:::acme-audit-columnar/cloudtrail/*');
  });

  test('over an injected projection (above 100 accounts), the daily insert names every organization account', () => {
    const large = synthStack(configWithAccounts(150), 'log-archive');
    const sql = JSON.parse(resourceOf(large, 'aws_scheduler_schedule').target.input).QueryString as string;
    expect((sql.match(/'\d{12}'/g) ?? []).length).toBeGreaterThanOrEqual(150);
  });

  test('a schedule the config gives that Scheduler would refuse is refused with the field', () => {
    expect(() =>
      configOf({ ...POLICY_TEST_CONFIG, analytics: { columnarCopy: { schedule: 'cron(30 5 * *)' } } }),
    ).toThrow(/analytics\.columnarCopy\.schedule.*use cron\(\) with six fields/s);
  });
});
