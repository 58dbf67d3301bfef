import { Testing } from 'cdktf';
import { AuditLoggingError } from '../../modules/core/errors';
import { policyDocument } from '../../modules/iam/policy-document';
import { LogArchive, LogArchiveProps } from '../../modules/log-archive/log-archive';
import { AuditKey } from '../../modules/kms/audit-key';
import { AccountStack } from '../../modules/deployment/account-stack';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, synthLogArchive } from '../stacks/policy/simulate';
import { synthJson } from '../support/stack-json';

type Synth = Record<string, any>;

/** Resources of `type` in a synthesized stack, by address name. */
const resources = (synth: Synth, type: string): Record<string, any> => synth.resource?.[type] ?? {};
/** The one resource of `type` whose name contains `part`. */
function one(synth: Synth, type: string, part = ''): any {
  const found = Object.entries(resources(synth, type)).filter(([name]) => name.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${part}", got ${found.length}`);
  return found[0][1];
}
const sids = (policy: string): string[] => (JSON.parse(policy).Statement as { Sid: string }[]).map((s) => s.Sid);
const withArchive = (logArchive: Record<string, unknown>): Synth =>
  synthLogArchive(configOf({ ...POLICY_TEST_CONFIG, logArchive: { ...POLICY_TEST_CONFIG.logArchive, ...logArchive } }));

describe('log archive stack with the defaults', () => {
  const synth = withArchive({});

  test('the key rotates, waits 30 days before deletion and cannot be destroyed by Terraform', () => {
    expect(one(synth, 'aws_kms_key', 'archive_key_')).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the key alias has the deterministic name the organization stack uses', () => {
    expect(one(synth, 'aws_kms_alias', 'archive_key_').name).toBe('alias/audit-logs');
  });

  test('the log bucket is never emptied or destroyed by Terraform and has Object Lock', () => {
    expect(one(synth, 'aws_s3_bucket', 'archive_logs_')).toMatchObject({
      bucket: 'acme-audit',
      force_destroy: false,
      object_lock_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the log bucket is versioned', () => {
    expect(one(synth, 'aws_s3_bucket_versioning', 'archive_logs_').versioning_configuration).toEqual({
      status: 'Enabled',
    });
  });

  test('the log bucket encrypts with the log key and an S3 Bucket Key', () => {
    expect(one(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'archive_logs_').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.archive_key_\w+\.arn\}$/),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test.each(['archive_logs_', 'archive_access-logs_'])('%s: ACLs are off and all public access is blocked', (part) => {
    expect(one(synth, 'aws_s3_bucket_ownership_controls', part).rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(one(synth, 'aws_s3_bucket_public_access_block', part)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('Object Lock defaults to GOVERNANCE for 365 days', () => {
    expect(one(synth, 'aws_s3_bucket_object_lock_configuration').rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 365 },
    });
  });

  test('the lifecycle moves logs to Standard-IA at 90 days and Glacier at 365, and expires them at 2557', () => {
    const [retention, markers] = one(synth, 'aws_s3_bucket_lifecycle_configuration', 'archive_logs_').rule;
    expect(retention).toEqual({
      id: 'audit-log-retention',
      status: 'Enabled',
      filter: [{}],
      transition: [
        { days: 90, storage_class: 'STANDARD_IA' },
        { days: 365, storage_class: 'GLACIER' },
      ],
      expiration: [{ days: 2557 }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(markers).toEqual({
      id: 'expired-delete-markers',
      status: 'Enabled',
      filter: [{}],
      expiration: [{ expired_object_delete_marker: true }],
    });
  });

  test('the lifecycle waits for versioning', () => {
    expect(one(synth, 'aws_s3_bucket_lifecycle_configuration', 'archive_logs_').depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_versioning\.archive_logs_/),
    ]);
  });

  test('server access logs go to the access-log bucket under the log bucket name, partitioned by date', () => {
    expect(one(synth, 'aws_s3_bucket_logging', 'archive_logs_')).toMatchObject({
      target_bucket: 'acme-audit-access-logs',
      target_prefix: 'acme-audit/',
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      depends_on: [
        expect.stringMatching(/^aws_s3_bucket\.archive_access-logs_/),
        expect.stringMatching(/^aws_s3_bucket_policy\.archive_access-logs_/),
      ],
    });
  });

  test('the access-log bucket uses SSE-S3 and has no Object Lock', () => {
    expect(one(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'archive_access-logs_').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(one(synth, 'aws_s3_bucket', 'archive_access-logs_').object_lock_enabled).toBeUndefined();
    expect(Object.keys(resources(synth, 'aws_s3_bucket_object_lock_configuration'))).toHaveLength(1);
  });

  test('access logs expire after 365 days', () => {
    expect(one(synth, 'aws_s3_bucket_lifecycle_configuration', 'archive_access-logs_').rule[0].expiration).toEqual([
      { days: 365 },
    ]);
  });

  test('the log bucket policy has one statement per purpose, in a stable order', () => {
    expect(sids(one(synth, 'aws_s3_bucket_policy', 'archive_logs_').policy)).toEqual([
      'DenyInsecureTransport',
      'CloudTrailAclCheck',
      'CloudTrailOrganizationWrite',
      'CloudTrailAccountWrite555555555555',
      'CloudTrailAccountWrite777777777777',
      'ReadersLocateBucket',
      'ReadersListLogs',
      'ReadersReadLogs',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
  });

  test('no statement denies uploads without an encryption header (it would block CloudTrail)', () => {
    const policy = one(synth, 'aws_s3_bucket_policy', 'archive_logs_').policy as string;
    expect(policy).not.toContain('s3:x-amz-server-side-encryption');
  });

  test('the access-log bucket policy lets only S3 logging write, TLS only', () => {
    expect(sids(one(synth, 'aws_s3_bucket_policy', 'archive_access-logs_').policy)).toEqual([
      'DenyInsecureTransport',
      'ServerAccessLogDelivery',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
  });

  test('the key policy has one statement per purpose', () => {
    expect(sids(one(synth, 'aws_kms_key', 'archive_key_').policy)).toEqual([
      'KeyAdministration',
      'CloudTrailEncryptLogs',
      'CloudTrailDescribeKey',
      'TrailAccountsDescribeKey',
      'ConfigEncryptDeliveries',
      'ConfigEncryptDeliveriesOutside',
      'LogDeliveryEncryptFlowLogs',
      'LogDeliveryEncryptFlowLogsOutside',
      'SessionLoggersEncryptThroughS3',
      'SessionLoggersEncryptThroughS3Outside',
      'ReadersDecryptThroughS3',
    ]);
  });

  test('the bucket policy waits for the public access block', () => {
    expect(one(synth, 'aws_s3_bucket_policy', 'archive_logs_').depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_public_access_block\.archive_logs_/),
    ]);
  });

  test('there is no replication unless asked for', () => {
    expect(resources(synth, 'aws_s3_bucket_replication_configuration')).toEqual({});
    expect(Object.keys(resources(synth, 'aws_s3_bucket')).filter((name) => name.startsWith('archive_'))).toHaveLength(
      3,
    );
  });

  test('outputs the bucket names, the bucket ARN, the key ARN and the alias ARN, each described', () => {
    expect(Object.keys(synth.output).sort()).toEqual([
      'athena_results_bucket_name',
      'athena_workgroup_name',
      'cloudtrail_table_name',
      'columnar_copy_workgroup_name',
      'columnar_table_name',
      'glue_database_name',
      'investigator_role_arn',
      'log_bucket_arn',
      'log_bucket_name',
      'log_key_alias_arn',
      'log_key_arn',
      'member_logs_bucket_name',
    ]);
    expect(synth.output.member_logs_bucket_name.value).toBe('acme-audit-member-logs');
    expect(synth.output.log_bucket_name.value).toBe('acme-audit');
    expect(synth.output.log_bucket_arn.value).toBe('arn:aws:s3:::acme-audit');
    for (const output of Object.values(synth.output) as { description: string }[])
      expect(output.description.length).toBeGreaterThan(10);
  });
});

describe('member-logs bucket (AWS Config, flow logs, session logs)', () => {
  const synth = withArchive({});

  test('is versioned, encrypted with the log key, never destroyed, and has no Object Lock (AWS Config cannot deliver into one)', () => {
    expect(one(synth, 'aws_s3_bucket', 'archive_member-logs_')).toMatchObject({
      bucket: 'acme-audit-member-logs',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(one(synth, 'aws_s3_bucket', 'archive_member-logs_').object_lock_enabled).toBeUndefined();
    expect(one(synth, 'aws_s3_bucket_versioning', 'archive_member-logs_').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(one(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'archive_member-logs_').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.archive_key_\w+\.arn\}$/),
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(one(synth, 'aws_s3_bucket_public_access_block', 'archive_member-logs_')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('has the same lifecycle as the log bucket', () => {
    const rules = (part: string) => one(synth, 'aws_s3_bucket_lifecycle_configuration', part).rule;
    expect(rules('archive_member-logs_')).toEqual(rules('archive_logs_'));
  });

  test('logs its server access under its own name in the access-log bucket', () => {
    expect(one(synth, 'aws_s3_bucket_logging', 'archive_member-logs_')).toMatchObject({
      target_bucket: 'acme-audit-access-logs',
      target_prefix: 'acme-audit-member-logs/',
    });
  });

  test('its policy has one statement per delivery and kind of source (the organization, accounts outside it), not one per account', () => {
    expect(sids(one(synth, 'aws_s3_bucket_policy', 'archive_member-logs_').policy)).toEqual([
      'DenyInsecureTransport',
      'ConfigBucketCheck',
      'ConfigWrite',
      'ConfigBucketCheckOutside',
      'ConfigWriteOutside',
      'FlowLogsBucketCheck',
      'FlowLogsWrite',
      'FlowLogsBucketCheckOutside',
      'FlowLogsWriteOutside',
      'SessionLogsEncryptionCheck',
      'SessionLogsWrite',
      'SessionLogsEncryptionCheckOutside',
      'SessionLogsWriteOutside',
      'ReadersLocateBucket',
      'ReadersListLogs',
      'ReadersReadLogs',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
  });

  test('policy variables reach AWS literally: Terraform sees $${...}, not an interpolation', () => {
    const policy = one(synth, 'aws_s3_bucket_policy', 'archive_member-logs_').policy as string;
    expect(policy).toContain('config-logs/AWSLogs/$${aws:SourceAccount}/Config/*');
    expect(policy).toContain('ssm-logs/$${aws:PrincipalAccount}/*');
    expect(policy).not.toMatch(/[^$]\$\{aws:/);
  });

  test('without members that deliver, the bucket exists with only the readers and the guards', () => {
    const quiet = synthLogArchive(
      configOf({ ...POLICY_TEST_CONFIG, members: [{ name: 'sandbox', accountId: '555555555555', awsConfig: false }] }),
    );
    expect(sids(one(quiet, 'aws_s3_bucket_policy', 'archive_member-logs_').policy)).toEqual([
      'DenyInsecureTransport',
      'ReadersLocateBucket',
      'ReadersListLogs',
      'ReadersReadLogs',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
    expect(sids(one(quiet, 'aws_kms_key', 'archive_key_').policy)).toEqual([
      'KeyAdministration',
      'CloudTrailEncryptLogs',
      'CloudTrailDescribeKey',
      'TrailAccountsDescribeKey',
      'ReadersDecryptThroughS3',
    ]);
  });
});

describe('log archive stack, config switches', () => {
  test('Object Lock COMPLIANCE mode and days come from logArchive.objectLock', () => {
    const synth = withArchive({ objectLock: { mode: 'COMPLIANCE', days: 2557 } });
    expect(one(synth, 'aws_s3_bucket_object_lock_configuration').rule).toEqual({
      default_retention: { mode: 'COMPLIANCE', days: 2557 },
    });
  });

  test('lifecycle steps set to null are left out, and Deep Archive is added when set', () => {
    const synth = withArchive({
      retention: {
        transitionToInfrequentAccessDays: null,
        transitionToGlacierDays: 30,
        transitionToDeepArchiveDays: 180,
        expireAfterDays: null,
        noncurrentVersionExpirationDays: 7,
      },
    });
    const rule = one(synth, 'aws_s3_bucket_lifecycle_configuration', 'archive_logs_').rule[0];
    expect(rule.transition).toEqual([
      { days: 30, storage_class: 'GLACIER' },
      { days: 180, storage_class: 'DEEP_ARCHIVE' },
    ]);
    expect(rule.expiration).toBeUndefined();
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 7 }]);
  });

  test('access-log expiry comes from logArchive.accessLogExpirationDays', () => {
    const synth = withArchive({ accessLogExpirationDays: 90 });
    expect(one(synth, 'aws_s3_bucket_lifecycle_configuration', 'archive_access-logs_').rule[0].expiration).toEqual([
      { days: 90 },
    ]);
  });

  test('without readers there is no reader statement in the bucket or key policy', () => {
    const synth = withArchive({ readerAccountIds: [] });
    expect(
      sids(one(synth, 'aws_s3_bucket_policy', 'archive_logs_').policy).filter((s) => s.startsWith('Readers')),
    ).toEqual([]);
    expect(sids(one(synth, 'aws_kms_key', 'archive_key_').policy)).not.toContain('ReadersDecryptThroughS3');
  });

  test('without Config members there is no Config statement', () => {
    const config = { ...POLICY_TEST_CONFIG, members: [] };
    const synth = synthLogArchive(configOf(config));
    expect(sids(one(synth, 'aws_s3_bucket_policy', 'archive_logs_').policy)).not.toContain('ConfigBucketCheck');
    expect(sids(one(synth, 'aws_kms_key', 'archive_key_').policy)).not.toContain('ConfigEncryptDeliveries');
  });

  describe('with replication to eu-central-1', () => {
    const synth = withArchive({ replication: { region: 'eu-central-1' } });
    const providers = synth.provider.aws as { alias?: string; region: string }[];

    test('adds a provider for the replica Region with the same account guard', () => {
      expect(providers).toHaveLength(2);
      expect(providers[1]).toMatchObject({
        alias: 'eu-central-1',
        region: 'eu-central-1',
        allowed_account_ids: ['222222222222'],
      });
    });

    test('the replica bucket and its key are in the replica Region, protected like the source', () => {
      const bucket = one(synth, 'aws_s3_bucket', 'replication');
      expect(bucket).toMatchObject({
        bucket: 'acme-audit-replica',
        provider: 'aws.eu-central-1',
        object_lock_enabled: true,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(one(synth, 'aws_kms_key', 'replication')).toMatchObject({
        provider: 'aws.eu-central-1',
        enable_key_rotation: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(one(synth, 'aws_s3_bucket_object_lock_configuration', 'replication').rule).toEqual({
        default_retention: { mode: 'GOVERNANCE', days: 365 },
      });
    });

    test('replicates every object, encrypted with the replica key, but not deletions', () => {
      const replication = one(synth, 'aws_s3_bucket_replication_configuration');
      expect(replication.rule).toEqual([
        {
          id: 'copy-every-object',
          status: 'Enabled',
          filter: {},
          delete_marker_replication: { status: 'Disabled' },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
          destination: {
            bucket: 'arn:aws:s3:::acme-audit-replica',
            storage_class: 'STANDARD',
            encryption_configuration: {
              replica_kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.archive_replication_key_\w+\.arn\}$/),
            },
          },
        },
      ]);
      expect(replication.depends_on).toHaveLength(2);
    });

    // [s3-replication-trust-names-the-principal-alone] S3 documents no condition key it sends when
    // it assumes a replication role: a condition on one could stop replication, silently.
    test('the replication role is trusted by S3, in the form its guide gives', () => {
      const trust = JSON.parse(one(synth, 'aws_iam_role', 'replication').assume_role_policy);
      expect(trust.Statement).toEqual([
        { Sid: 'S3Replicates', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });
  });
});

describe('LogArchive construct', () => {
  /** The log archive account's stack: the construct reads its account, Region and partition. */
  const archiveStack = (region = 'eu-west-1') =>
    new AccountStack(Testing.app(), 'log-archive', { accountId: '222222222222', region });
  const props: LogArchiveProps = {
    bucketName: 'bkt',
    accessLogBucketName: 'bkt-access-logs',
    memberLogsBucketName: 'bkt-member-logs',
    keyAliasName: 'alias/logs',
    organizationId: 'o-abcdefghij',
    managementAccountId: '111111111111',
    organizationTrailArn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org',
    configPrefix: 'config-logs',
    flowLogsPrefix: 'vpc-flow-logs',
    sessionLogsPrefix: 'ssm-logs',
    deployRoleArn: 'arn:aws:iam::222222222222:role/deploy',
    retention: {
      transitionToInfrequentAccessDays: 90,
      transitionToGlacierDays: 365,
      transitionToDeepArchiveDays: null,
      expireAfterDays: 2557,
      noncurrentVersionExpirationDays: 90,
    },
    objectLock: { mode: 'GOVERNANCE', days: 365 },
  };

  test('exposes the names and ARNs other stacks need', () => {
    const archive = new LogArchive(archiveStack(), 'archive', props);
    expect(archive.bucketName).toBe('bkt');
    expect(archive.bucketArn).toBe('arn:aws:s3:::bkt');
    expect(archive.keyArn).toMatch(/^\$\{TfToken\[/);
  });

  test('keeps access logs 365 days when accessLogExpirationDays is not given', () => {
    const stack = archiveStack();
    new LogArchive(stack, 'archive', props);
    const synth = synthJson(stack);
    expect(one(synth, 'aws_s3_bucket_lifecycle_configuration', 'access-logs').rule[0].expiration).toEqual([
      { days: 365 },
    ]);
  });

  test('a key deletion window KMS does not accept is an error naming the construct', () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new AuditKey(scope, 'key', {
            description: 'd',
            aliasName: 'alias/x',
            policyStatements: [],
            deletionWindowInDays: 3,
          }),
      ),
    ).toThrow(
      new AuditLoggingError(
        'stack/key: props.deletionWindowInDays 3 is not accepted by KMS; use a whole number from 7 to 30',
      ),
    );
  });
});

describe('policyDocument', () => {
  const statement = { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } as const;

  test('rejects two statements with the same Sid', () => {
    expect(() => policyDocument([statement, statement])).toThrow('policy statement Sid "A" is used twice');
  });

  test('rejects a Sid that is not letters and digits', () => {
    expect(() => policyDocument([{ ...statement, Sid: 'a-b' }])).toThrow(
      'policy statement Sid "a-b" must be letters and digits',
    );
  });
});
