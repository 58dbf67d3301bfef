import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';

/*
 * For each rule of the scan pack, the smallest Terraform JSON that complies and the smallest that
 * does not, with the problem the rule must name. Adding a rule adds a row here.
 */

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** One rule's pair of cases: the stacks, and the resource (`<type>.<name>` of the first stack) judged. */
export interface RuleCase {
  readonly rule: string;
  readonly judged: string;
  readonly compliant: readonly SynthesizedStack[];
  readonly nonCompliant: readonly SynthesizedStack[];
  /** A part of the problem the rule reports on the non-compliant case. */
  readonly problem: string;
}

const stack = (resource: Resources, extra: Record<string, unknown> = {}, name = 'log-archive'): SynthesizedStack => ({
  name,
  json: { resource, ...extra } as SynthesizedStack['json'],
});

const KEY = { aws_kms_key: { key: { enable_key_rotation: true } } };
const OUR_KEY = '${aws_kms_key.key.arn}';
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const BUCKET_REF = '${aws_s3_bucket.logs.id}';
const bucketWith = (type: string, body: Record<string, unknown>): Resources => ({
  ...KEY,
  aws_s3_bucket: { logs: { bucket: 'acme-logs' } },
  [type]: { part: { bucket: BUCKET_REF, ...body } },
});
const trust = (condition?: object): string =>
  policy({
    Effect: 'Allow',
    Principal: { Service: 'config.amazonaws.com' },
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  });
const PINNED = {
  provider: {
    aws: [
      { allowed_account_ids: ['111111111111'], assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/Deploy' }] },
    ],
  },
};
const guardrails = (resource: string): SynthesizedStack =>
  stack(
    {
      aws_organizations_policy: {
        scp: {
          type: 'SERVICE_CONTROL_POLICY',
          content: policy({
            Sid: 'DenyRoleChanges',
            Effect: 'Deny',
            Action: ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
            Resource: resource,
          }),
        },
      },
    },
    {},
    'guardrails',
  );
const ROLE = { aws_iam_role: { role: { name: 'audit-config-recorder', assume_role_policy: trust() } } };

export const RULE_CASES: readonly RuleCase[] = [
  {
    rule: 'kms-key-rotation',
    judged: 'aws_kms_key.key',
    compliant: [stack(KEY)],
    nonCompliant: [stack({ aws_kms_key: { key: { enable_key_rotation: false } } })],
    problem: 'rotation is off',
  },
  {
    rule: 'kms-key-policy-not-open',
    judged: 'aws_kms_key.key',
    compliant: [
      stack({
        aws_kms_key: {
          key: {
            policy: policy({
              Sid: 'Org',
              Effect: 'Allow',
              Principal: '*',
              Action: 'kms:Decrypt',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            }),
          },
        },
      }),
    ],
    nonCompliant: [
      stack({
        aws_kms_key: {
          key: { policy: policy({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*' }) },
        },
      }),
    ],
    problem: 'statement Open allows everyone',
  },
  {
    rule: 's3-bucket-encrypted-with-our-key',
    judged: 'aws_s3_bucket.logs',
    compliant: [
      stack(
        bucketWith('aws_s3_bucket_server_side_encryption_configuration', {
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: OUR_KEY } }],
        }),
      ),
    ],
    nonCompliant: [
      stack(
        bucketWith('aws_s3_bucket_server_side_encryption_configuration', {
          rule: [
            {
              apply_server_side_encryption_by_default: {
                sse_algorithm: 'aws:kms',
                kms_master_key_id: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/s3',
              },
            },
          ],
        }),
      ),
    ],
    problem: 'default encryption is aws:kms without a key of ours',
  },
  {
    rule: 's3-bucket-public-access-blocked',
    judged: 'aws_s3_bucket.logs',
    compliant: [
      stack(
        bucketWith('aws_s3_bucket_public_access_block', {
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ),
    ],
    nonCompliant: [
      stack(
        bucketWith('aws_s3_bucket_public_access_block', {
          block_public_acls: true,
          block_public_policy: false,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ),
    ],
    problem: 'block_public_policy off',
  },
  {
    rule: 's3-bucket-versioned',
    judged: 'aws_s3_bucket.logs',
    compliant: [stack(bucketWith('aws_s3_bucket_versioning', { versioning_configuration: { status: 'Enabled' } }))],
    nonCompliant: [
      stack(bucketWith('aws_s3_bucket_versioning', { versioning_configuration: { status: 'Suspended' } })),
    ],
    problem: 'versioning is not Enabled',
  },
  {
    rule: 's3-bucket-tls-only',
    judged: 'aws_s3_bucket.logs',
    compliant: [
      stack(
        bucketWith('aws_s3_bucket_policy', {
          policy: policy({
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        }),
      ),
    ],
    nonCompliant: [
      stack(
        bucketWith('aws_s3_bucket_policy', {
          policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: '*' }),
        }),
      ),
    ],
    problem: 'no policy statement denies requests without TLS',
  },
  {
    rule: 's3-bucket-acls-disabled',
    judged: 'aws_s3_bucket.logs',
    compliant: [
      stack(bucketWith('aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'BucketOwnerEnforced' } })),
    ],
    nonCompliant: [
      stack(bucketWith('aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'ObjectWriter' } })),
    ],
    problem: 'not BucketOwnerEnforced',
  },
  {
    rule: 's3-bucket-access-logged',
    judged: 'aws_s3_bucket.logs',
    compliant: [stack(bucketWith('aws_s3_bucket_logging', { target_bucket: 'acme-access-logs' }))],
    nonCompliant: [stack(bucketWith('aws_s3_bucket_versioning', { versioning_configuration: { status: 'Enabled' } }))],
    problem: 'no server access logging',
  },
  {
    rule: 'sns-topic-encrypted-with-our-key',
    judged: 'aws_sns_topic.alarms',
    compliant: [stack({ ...KEY, aws_sns_topic: { alarms: { kms_master_key_id: OUR_KEY } } })],
    nonCompliant: [stack({ aws_sns_topic: { alarms: { kms_master_key_id: 'alias/aws/sns' } } })],
    problem: 'kms_master_key_id is alias/aws/sns',
  },
  {
    rule: 'sns-topic-policy-not-open',
    judged: 'aws_sns_topic_policy.alarms',
    compliant: [
      stack({
        aws_sns_topic_policy: {
          alarms: {
            policy: policy({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*' } },
            }),
          },
        },
      }),
    ],
    nonCompliant: [
      stack({
        aws_sns_topic_policy: {
          alarms: { policy: policy({ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sns:Subscribe' }) },
        },
      }),
    ],
    problem: 'statement Anyone allows everyone',
  },
  {
    rule: 'log-group-encrypted-with-our-key',
    judged: 'aws_cloudwatch_log_group.trail',
    compliant: [stack({ ...KEY, aws_cloudwatch_log_group: { trail: { kms_key_id: OUR_KEY } } })],
    nonCompliant: [stack({ aws_cloudwatch_log_group: { trail: { retention_in_days: 365 } } })],
    problem: 'kms_key_id is undefined',
  },
  {
    rule: 'log-group-retention',
    judged: 'aws_cloudwatch_log_group.trail',
    compliant: [stack({ aws_cloudwatch_log_group: { trail: { retention_in_days: 365 } } })],
    nonCompliant: [stack({ aws_cloudwatch_log_group: { trail: { retention_in_days: 0 } } })],
    problem: 'no retention_in_days',
  },
  {
    rule: 'firehose-encrypted-with-our-key',
    judged: 'aws_kinesis_firehose_delivery_stream.stream',
    compliant: [
      stack({
        ...KEY,
        aws_kinesis_firehose_delivery_stream: {
          stream: { server_side_encryption: { enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: OUR_KEY } },
        },
      }),
    ],
    nonCompliant: [
      stack({
        aws_kinesis_firehose_delivery_stream: {
          stream: { server_side_encryption: { enabled: true, key_type: 'AWS_OWNED_CMK' } },
        },
      }),
    ],
    problem: 'encrypted with AWS_OWNED_CMK',
  },
  {
    rule: 'sqs-queue-encrypted-with-our-key',
    judged: 'aws_sqs_queue.queue',
    compliant: [stack({ ...KEY, aws_sqs_queue: { queue: { kms_master_key_id: '${aws_kms_key.key.key_id}' } } })],
    nonCompliant: [stack({ aws_sqs_queue: { queue: { sqs_managed_sse_enabled: true } } })],
    problem: 'kms_master_key_id is undefined',
  },
  {
    rule: 'glue-catalog-encrypted-with-our-key',
    judged: 'aws_glue_catalog_table.table',
    compliant: [
      stack({
        ...KEY,
        aws_glue_catalog_table: { table: { name: 'org_cloudtrail' } },
        aws_glue_data_catalog_encryption_settings: {
          settings: {
            data_catalog_encryption_settings: {
              encryption_at_rest: { catalog_encryption_mode: 'SSE-KMS', sse_aws_kms_key_id: OUR_KEY },
            },
          },
        },
      }),
    ],
    nonCompliant: [stack({ aws_glue_catalog_table: { table: { name: 'org_cloudtrail' } } })],
    problem: 'no SSE-KMS encryption at rest',
  },
  {
    rule: 'glue-crawler-encrypted',
    judged: 'aws_glue_crawler.crawler',
    compliant: [
      stack({
        ...KEY,
        aws_glue_crawler: { crawler: { security_configuration: '${aws_glue_security_configuration.security.name}' } },
        aws_glue_security_configuration: {
          security: {
            encryption_configuration: {
              cloudwatch_encryption: { cloudwatch_encryption_mode: 'SSE-KMS', kms_key_arn: OUR_KEY },
              job_bookmarks_encryption: { job_bookmarks_encryption_mode: 'CSE-KMS', kms_key_arn: OUR_KEY },
              s3_encryption: { s3_encryption_mode: 'SSE-KMS', kms_key_arn: OUR_KEY },
            },
          },
        },
      }),
    ],
    nonCompliant: [
      stack({
        ...KEY,
        aws_glue_crawler: { crawler: { security_configuration: '${aws_glue_security_configuration.security.name}' } },
        aws_glue_security_configuration: {
          security: {
            encryption_configuration: {
              cloudwatch_encryption: { cloudwatch_encryption_mode: 'DISABLED' },
              job_bookmarks_encryption: { job_bookmarks_encryption_mode: 'CSE-KMS', kms_key_arn: OUR_KEY },
              s3_encryption: { s3_encryption_mode: 'SSE-KMS', kms_key_arn: OUR_KEY },
            },
          },
        },
      }),
    ],
    problem: 'cloudwatch_encryption without a key of ours',
  },
  {
    rule: 'athena-workgroup-results-encrypted',
    judged: 'aws_athena_workgroup.investigations',
    compliant: [
      stack({
        ...KEY,
        aws_athena_workgroup: {
          investigations: {
            configuration: {
              enforce_workgroup_configuration: true,
              result_configuration: {
                encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: OUR_KEY },
              },
            },
          },
        },
      }),
    ],
    nonCompliant: [
      stack({
        aws_athena_workgroup: {
          investigations: {
            configuration: {
              enforce_workgroup_configuration: true,
              result_configuration: { encryption_configuration: { encryption_option: 'SSE_S3' } },
            },
          },
        },
      }),
    ],
    problem: 'results are not encrypted with SSE_KMS',
  },
  {
    rule: 'iam-service-trust-confused-deputy',
    judged: 'aws_iam_role.role',
    compliant: [
      stack({
        aws_iam_role: {
          role: { assume_role_policy: trust({ StringEquals: { 'AWS:SourceAccount': '111111111111' } }) },
        },
      }),
    ],
    nonCompliant: [stack(ROLE)],
    problem: 'trusts config.amazonaws.com without a confused-deputy condition',
  },
  {
    rule: 'iam-role-guardrail-protected',
    judged: 'aws_iam_role.role',
    compliant: [stack(ROLE, PINNED, 'member-a'), guardrails('arn:aws:iam::*:role/audit-config-*')],
    nonCompliant: [stack(ROLE, PINNED, 'member-a'), guardrails('arn:aws:iam::*:role/AuditLoggingDeployRole')],
    problem:
      'no service control policy denies iam:UpdateAssumeRolePolicy on arn:aws:iam::111111111111:role/audit-config-recorder',
  },
  {
    rule: 'iam-policy-no-full-admin',
    judged: 'aws_iam_role_policy.inline',
    compliant: [
      stack({
        aws_iam_role_policy: { inline: { policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) } },
      }),
    ],
    nonCompliant: [
      stack({
        aws_iam_role_policy: {
          inline: { policy: policy({ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }) },
        },
      }),
    ],
    problem: 'statement Admin allows * on *',
  },
];
