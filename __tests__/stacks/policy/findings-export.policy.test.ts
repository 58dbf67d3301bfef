import { AuditNaming } from '../../../modules/core/naming';
import { RESOURCE_ACTIONS } from '../../../packages/cli/toolkit/deploy-role/resource-actions';
import { synthStack } from '../../support/synth';
import { ACQUIRED, ARCHIVE, POLICY_TEST_CONFIG, READER } from './log-archive-cases';
import { configOf, Decision, evaluate, policyOf, PolicyRequest, role, service, synthLogArchive } from './simulate';

/*
 * Security Hub's findings, exported by the audit account into the member-logs bucket: the archive's
 * bucket and key policies admit the audit account's delivery role, and only it, only under the
 * findings' prefix; the delivery role's own policy reaches nothing else (least privilege), evaluated
 * together as AWS would.
 */

const AUDIT = '888888888888';
const config = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: AUDIT } });
const naming = AuditNaming.fromConfig(config);
const synth = synthLogArchive(config);
const bucketPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'archive_member-logs_');
const keyPolicy = policyOf(synth, 'aws_kms_key', 'archive_key_');
const audit = synthStack(config, 'audit');
const deliveryPolicy = JSON.parse(
  String(
    Object.values(audit.resource.aws_iam_role_policy as Record<string, { name: string; policy: string }>).find(
      (p) => p.name === 'write-findings',
    )?.policy,
  ),
) as unknown;

const bucket = naming.memberLogsBucketArn;
const findingsKey = `${bucket}/securityhub-findings/2026/11/24/audit-securityhub-findings-1-2026-11-24-00-00-00-abc.gz`;
const acquiredFindingsKey = `${bucket}/securityhub-findings/outside-organization/${ACQUIRED}/2026/11/24/audit-securityhub-findings-1-2026-11-24-00-00-00-abc.gz`;
const KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/11111111-2222-3333-4444-555555555555`;
const viaS3 = (object: string) => ({
  'kms:ViaService': 's3.eu-west-1.amazonaws.com',
  'kms:EncryptionContext:aws:s3:arn': object,
});

/** The delivery role, with its own policy as synthesized. */
const deliveryRole = role(AUDIT, 'audit-securityhub-findings-delivery', { identityPolicy: deliveryPolicy });
/** The delivery role of the member outside the organization that runs its own Security Hub. */
const acquiredDelivery = role(ACQUIRED, 'audit-securityhub-findings-delivery');
/** Another role of the audit account, allowed everything by its own policy. */
const otherAuditRole = role(AUDIT, 'Admin');

const cases: readonly (readonly [string, 'bucket' | 'key', PolicyRequest, Decision])[] = [
  [
    'the delivery role writes a finding under the prefix',
    'bucket',
    { caller: deliveryRole, action: 's3:PutObject', resource: findingsKey },
    'Allowed',
  ],
  [
    'and aborts its own multipart upload there',
    'bucket',
    { caller: deliveryRole, action: 's3:AbortMultipartUpload', resource: findingsKey },
    'Allowed',
  ],
  [
    'and finds the bucket',
    'bucket',
    { caller: deliveryRole, action: 's3:GetBucketLocation', resource: bucket },
    'Allowed',
  ],
  [
    'but writes nowhere else in the bucket (Config logs)',
    'bucket',
    {
      caller: deliveryRole,
      action: 's3:PutObject',
      resource: `${bucket}/config-logs/AWSLogs/${AUDIT}/Config/x.json.gz`,
    },
    'ImplicitlyDenied',
  ],
  [
    'nor reads what it wrote',
    'bucket',
    { caller: deliveryRole, action: 's3:GetObject', resource: findingsKey },
    'ImplicitlyDenied',
  ],
  [
    'nor deletes it (the retention guard)',
    'bucket',
    { caller: deliveryRole, action: 's3:DeleteObject', resource: findingsKey },
    'ExplicitlyDenied',
  ],
  [
    'another role of the audit account writes no finding',
    'bucket',
    { caller: otherAuditRole, action: 's3:PutObject', resource: findingsKey },
    'ImplicitlyDenied',
  ],
  [
    'a role of that name in another account writes none',
    'bucket',
    {
      caller: role('999999999999', 'audit-securityhub-findings-delivery'),
      action: 's3:PutObject',
      resource: findingsKey,
    },
    'ImplicitlyDenied',
  ],
  [
    "the delivery role of a member outside the organization (its own Security Hub's) writes a finding in its own folder",
    'bucket',
    { caller: acquiredDelivery, action: 's3:PutObject', resource: acquiredFindingsKey },
    'Allowed',
  ],
  [
    'and encrypts it through S3 with the archive key',
    'key',
    { caller: acquiredDelivery, action: 'kms:GenerateDataKey', resource: KEY, context: viaS3(acquiredFindingsKey) },
    'Allowed',
  ],
  [
    "but writes nothing among the audit account's findings (no guardrail binds its administrators)",
    'bucket',
    { caller: acquiredDelivery, action: 's3:PutObject', resource: findingsKey },
    'ImplicitlyDenied',
  ],
  [
    "nor encrypts for the audit account's findings",
    'key',
    { caller: acquiredDelivery, action: 'kms:GenerateDataKey', resource: KEY, context: viaS3(findingsKey) },
    'ImplicitlyDenied',
  ],
  [
    "nor in another outside member's folder",
    'bucket',
    {
      caller: acquiredDelivery,
      action: 's3:PutObject',
      resource: `${bucket}/securityhub-findings/outside-organization/999999999999/2026/11/24/x.gz`,
    },
    'ImplicitlyDenied',
  ],
  [
    'another role of that member writes none',
    'bucket',
    { caller: role(ACQUIRED, 'Admin'), action: 's3:PutObject', resource: acquiredFindingsKey },
    'ImplicitlyDenied',
  ],
  [
    'nor does its delivery role write elsewhere (its flow logs prefix)',
    'bucket',
    {
      caller: acquiredDelivery,
      action: 's3:PutObject',
      resource: `${bucket}/vpc-flow-logs/AWSLogs/${ACQUIRED}/x.log.gz`,
    },
    'ImplicitlyDenied',
  ],
  [
    'a reader reads the findings',
    'bucket',
    { caller: role(READER, 'Auditor'), action: 's3:GetObject', resource: findingsKey },
    'Allowed',
  ],
  [
    'the delivery role encrypts a finding through S3 with the archive key',
    'key',
    { caller: deliveryRole, action: 'kms:GenerateDataKey', resource: KEY, context: viaS3(findingsKey) },
    'Allowed',
  ],
  [
    'but not for another prefix',
    'key',
    {
      caller: deliveryRole,
      action: 'kms:GenerateDataKey',
      resource: KEY,
      context: viaS3(`${bucket}/ssm-logs/${AUDIT}/x`),
    },
    'ImplicitlyDenied',
  ],
  ['nor outside S3', 'key', { caller: deliveryRole, action: 'kms:GenerateDataKey', resource: KEY }, 'ImplicitlyDenied'],
  [
    'another role of the audit account cannot use the key',
    'key',
    { caller: otherAuditRole, action: 'kms:GenerateDataKey', resource: KEY, context: viaS3(findingsKey) },
    'ImplicitlyDenied',
  ],
];

/*
 * The stream's own key (Checkov CKV_AWS_241): what Firehose buffers is encrypted with a customer
 * managed key of the audit account. Its policy delegates to the account's IAM policies; EventBridge's
 * role may generate data keys with it and decrypt (Firehose checks the caller of PutRecord), on that
 * key alone; Firehose itself uses it through the grant the stream's creator makes, never by its policy.
 */
const STREAM_KEY = `arn:aws:kms:eu-west-1:${AUDIT}:key/99999999-8888-7777-6666-555555555555`;
const withStreamKey = (text: string) =>
  JSON.parse(text.replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, STREAM_KEY)) as unknown;
const auditPolicies = audit.resource.aws_iam_role_policy as Record<string, { name: string; policy: string }>;
const eventsPolicy = withStreamKey(String(Object.values(auditPolicies).find((p) => p.name === 'put-findings')?.policy));
const streamKeyPolicy = withStreamKey(
  String(
    Object.entries(audit.resource.aws_kms_key as Record<string, { policy: string }>).find(([name]) =>
      name.includes('findings'),
    )?.[1].policy,
  ),
);
const eventsRole = role(AUDIT, 'audit-securityhub-findings-events', { identityPolicy: eventsPolicy });

const streamKeyCases: readonly (readonly [string, string, PolicyRequest, Decision])[] = [
  [
    "EventBridge's role generates a data key with the stream's key",
    STREAM_KEY,
    { caller: eventsRole, action: 'kms:GenerateDataKey', resource: STREAM_KEY },
    'Allowed',
  ],
  ['and decrypts with it', STREAM_KEY, { caller: eventsRole, action: 'kms:Decrypt', resource: STREAM_KEY }, 'Allowed'],
  [
    'but may not hand out grants on it',
    STREAM_KEY,
    { caller: eventsRole, action: 'kms:CreateGrant', resource: STREAM_KEY },
    'ImplicitlyDenied',
  ],
  [
    'nor change its policy',
    STREAM_KEY,
    { caller: eventsRole, action: 'kms:PutKeyPolicy', resource: STREAM_KEY },
    'ImplicitlyDenied',
  ],
  [
    'nor use any other key of the account',
    `arn:aws:kms:eu-west-1:${AUDIT}:key/00000000-1111-2222-3333-444444444444`,
    {
      caller: eventsRole,
      action: 'kms:GenerateDataKey',
      resource: `arn:aws:kms:eu-west-1:${AUDIT}:key/00000000-1111-2222-3333-444444444444`,
    },
    'ImplicitlyDenied',
  ],
  [
    'Firehose is not let in by the key policy (only by its grant)',
    STREAM_KEY,
    { caller: service('firehose.amazonaws.com'), action: 'kms:GenerateDataKey', resource: STREAM_KEY },
    'ImplicitlyDenied',
  ],
  [
    'a role of another account cannot use it',
    STREAM_KEY,
    { caller: role('999999999999', 'Admin'), action: 'kms:Decrypt', resource: STREAM_KEY },
    'ImplicitlyDenied',
  ],
];

describe("the findings stream's key, evaluated as AWS would", () => {
  test('[firehose-cmk-grant-made-by-caller] Firehose gets the key by the grant the deploy role makes, not by the key policy', () => {
    expect(RESOURCE_ACTIONS.aws_kinesis_firehose_delivery_stream.create).toEqual(
      expect.arrayContaining(['kms:CreateGrant', 'kms:DescribeKey']),
    );
    expect(JSON.stringify(streamKeyPolicy)).not.toContain('firehose.amazonaws.com');
  });

  test.each(streamKeyCases)('%s', async (_title, _key, request, expected) => {
    const { decision } = await evaluate(streamKeyPolicy, AUDIT, request);
    expect(decision).toBe(expected);
  });
});

describe("Security Hub's findings in the archive, evaluated as AWS would", () => {
  test.each(cases.map(([title, policy, request, expected]) => [title, policy, request, expected] as const))(
    '%s',
    async (_title, policy, request, expected) => {
      const { decision, ignoredContextKeys } = await evaluate(
        policy === 'bucket' ? bucketPolicy : keyPolicy,
        ARCHIVE,
        request,
      );
      expect(ignoredContextKeys).toEqual([]);
      expect(decision).toBe(expected);
    },
  );

  test('without an audit account, the archive admits no findings writer', () => {
    const without = synthLogArchive(configOf(POLICY_TEST_CONFIG));
    expect(JSON.stringify(policyOf(without, 'aws_s3_bucket_policy', 'archive_member-logs_'))).not.toContain(
      'SecurityHubFindings',
    );
    expect(JSON.stringify(policyOf(without, 'aws_kms_key', 'archive_key_'))).not.toContain('SecurityHubFindings');
  });
});
