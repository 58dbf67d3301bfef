import { AuditNaming } from '../../../modules/core/naming';
import { deliveryProtectionStatements } from '../../../modules/guardrails/application-logs-protection';
import { resourceOf } from '../../support/stack-json';
import {
  ACQUIRED,
  ARCHIVE,
  ORG,
  OUTSIDER,
  PAYMENTS,
  POLICY_TEST_CONFIG,
  READER,
  SANDBOX,
  TOOLING,
} from './log-archive-cases';
import {
  configOf,
  Decision,
  evaluate,
  parseTerraformPolicy,
  policyOf,
  PolicyRequest,
  role,
  rootUser,
  service,
  synthLogArchive,
} from './simulate';

/*
 * The members' application logs, as AWS would decide each request from the synthesized policies:
 * the destinations' access policies (who may name a destination in a subscription), the
 * destinations' roles (for whom CloudWatch Logs may put records into the streams), the streams' role
 * with the member-logs bucket's and the log key's policies (where the records land), each evaluated
 * with the context the service sends.
 */

const config = configOf({
  ...POLICY_TEST_CONFIG,
  applicationLogs: { enabled: true, optedOutMembers: ['tooling'] },
});
const naming = AuditNaming.fromConfig(config);
const synth = synthLogArchive(config);

const accessPolicy = (region: string) =>
  parseTerraformPolicy(
    resourceOf(synth, 'aws_cloudwatch_log_destination_policy', `access-policy-${region}`).access_policy,
  );
const destinationTrust = (region: string) =>
  parseTerraformPolicy(resourceOf(synth, 'aws_iam_role', `destination-role-${region}`).assume_role_policy);
const destinationRolePolicy = parseTerraformPolicy(
  resourceOf(synth, 'aws_iam_role_policy', 'destination-policy-eu-west-1').policy.replace(
    /\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\}/,
    `arn:aws:firehose:eu-west-1:${ARCHIVE}:deliverystream/audit-application-logs-eu-west-1`,
  ),
);
const deliveryPolicy = parseTerraformPolicy(
  resourceOf(synth, 'aws_iam_role_policy', 'application-logs_delivery-policy').policy,
);
const bucketPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'archive_member-logs_');
const keyPolicy = policyOf(synth, 'aws_kms_key', 'archive_key_');

const destination = (region: string) => naming.applicationLogsDestinationArn(region);
const destinationRole = (region: string) => `arn:aws:iam::${ARCHIVE}:role/audit-application-logs-${region}`;
const stream = (region: string) =>
  `arn:aws:firehose:eu-west-1:${ARCHIVE}:deliverystream/audit-application-logs-${region}`;
const logGroup = (account: string, region: string) => `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/api`;
const bucket = naming.memberLogsBucketArn;
const logsObject = `${bucket}/application-logs/${PAYMENTS}/eu-west-1/2026/11/27/audit-application-logs-eu-west-1-1-2026-11-27-00-00-00-abc.gz`;
const KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const viaS3 = (object: string) => ({
  'kms:ViaService': 's3.eu-west-1.amazonaws.com',
  'kms:EncryptionContext:aws:s3:arn': object,
});

const streamsRole = role(ARCHIVE, 'audit-application-logs-delivery', { identityPolicy: deliveryPolicy, orgId: ORG });
/** CloudWatch Logs assuming a destination role for `account`'s resource `sourceArn`, with its organization when it has one. */
const assume = (region: string, sourceArn: string | undefined, orgId?: string): PolicyRequest => ({
  caller: service('logs.amazonaws.com'),
  action: 'sts:AssumeRole',
  resource: destinationRole(region),
  context: {
    ...(sourceArn === undefined ? {} : { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] }),
    ...(orgId === undefined ? {} : { 'aws:SourceOrgID': orgId }),
  },
});

type Case = readonly [string, unknown, PolicyRequest, Decision];

const cases: readonly Case[] = [
  [
    '[logs-account-policy-needs-put-subscription-filter] a sending member may subscribe to the destination of its Region',
    accessPolicy('eu-west-1'),
    {
      caller: role(PAYMENTS, 'deploy', { orgId: ORG }),
      action: 'logs:PutSubscriptionFilter',
      resource: destination('eu-west-1'),
    },
    'Allowed',
  ],
  [
    'a member outside the organization that sends may too',
    accessPolicy('us-east-1'),
    { caller: rootUser(ACQUIRED), action: 'logs:PutSubscriptionFilter', resource: destination('us-east-1') },
    'Allowed',
  ],
  [
    'an opted-out member may not',
    accessPolicy('eu-west-1'),
    {
      caller: role(TOOLING, 'deploy', { orgId: ORG }),
      action: 'logs:PutSubscriptionFilter',
      resource: destination('eu-west-1'),
    },
    'ImplicitlyDenied',
  ],
  [
    'nor an account outside the config',
    accessPolicy('eu-west-1'),
    { caller: rootUser(OUTSIDER), action: 'logs:PutSubscriptionFilter', resource: destination('eu-west-1') },
    'ImplicitlyDenied',
  ],
  [
    'nor may a sender change or delete the destination',
    accessPolicy('eu-west-1'),
    { caller: rootUser(PAYMENTS), action: 'logs:DeleteDestination', resource: destination('eu-west-1') },
    'ImplicitlyDenied',
  ],
  [
    "[logs-destination-role-source-org-id] CloudWatch Logs assumes the Region's role to deliver a member's log group of the organization",
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(PAYMENTS, 'eu-west-1'), ORG),
    'Allowed',
  ],
  [
    "[logs-destination-role-source-org-id] and for the test message of the archive's own destination",
    destinationTrust('eu-west-1'),
    assume('eu-west-1', destination('eu-west-1'), ORG),
    'Allowed',
  ],
  [
    '[logs-destination-role-source-org-id] for an opted-out member too: the access policy, not the trust, keeps it from sending',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(TOOLING, 'eu-west-1'), ORG),
    'Allowed',
  ],
  [
    "[logs-destination-role-source-arn-and-org-id] but not for a member's log group of another Region (its ARN names the Region)",
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(PAYMENTS, 'us-east-1'), ORG),
    'ImplicitlyDenied',
  ],
  [
    '[logs-destination-role-source-arn-and-org-id] nor for a resource of the organization that is not CloudWatch Logs',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', `arn:aws:sns:eu-west-1:${PAYMENTS}:topic`, ORG),
    'ImplicitlyDenied',
  ],
  [
    '[logs-destination-role-source-arn-and-org-id] nor for a log group of the Region when the request names no organization',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(PAYMENTS, 'eu-west-1')),
    'ImplicitlyDenied',
  ],
  [
    "[logs-destination-role-source-arn-and-org-id] nor for another organization's log group of the Region",
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(OUTSIDER, 'eu-west-1'), 'o-otherorg123'),
    'ImplicitlyDenied',
  ],
  [
    '[logs-destination-role-source-arn-per-account] and for a sender outside the organization, by its ARN in that Region',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(ACQUIRED, 'eu-west-1')),
    'Allowed',
  ],
  [
    "[logs-destination-role-source-arn-per-account] but not for that sender's log group of another Region",
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(ACQUIRED, 'us-east-1')),
    'ImplicitlyDenied',
  ],
  [
    'nor for an account outside the organization and the config (the confused deputy)',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(OUTSIDER, 'eu-west-1')),
    'ImplicitlyDenied',
  ],
  [
    'nor for an account of another organization',
    destinationTrust('eu-west-1'),
    assume('eu-west-1', logGroup(OUTSIDER, 'eu-west-1'), 'o-otherorg123'),
    'ImplicitlyDenied',
  ],
  ['nor without a source', destinationTrust('eu-west-1'), assume('eu-west-1', undefined), 'ImplicitlyDenied'],
  [
    "the destination's role puts records into its Region's stream",
    undefined,
    {
      caller: role(ARCHIVE, 'audit-application-logs-eu-west-1', { identityPolicy: destinationRolePolicy }),
      action: 'firehose:PutRecordBatch',
      resource: stream('eu-west-1'),
    },
    'Allowed',
  ],
  [
    "but not into another Region's",
    undefined,
    {
      caller: role(ARCHIVE, 'audit-application-logs-eu-west-1', { identityPolicy: destinationRolePolicy }),
      action: 'firehose:PutRecord',
      resource: stream('us-east-1'),
    },
    'ImplicitlyDenied',
  ],
  [
    "the streams' role writes an object under the application logs' prefix",
    bucketPolicy,
    { caller: streamsRole, action: 's3:PutObject', resource: logsObject },
    'Allowed',
  ],
  ['and finds the bucket', bucketPolicy, { caller: streamsRole, action: 's3:ListBucket', resource: bucket }, 'Allowed'],
  [
    'but writes nowhere else (AWS Config logs)',
    bucketPolicy,
    {
      caller: streamsRole,
      action: 's3:PutObject',
      resource: `${bucket}/config-logs/AWSLogs/${PAYMENTS}/Config/x.json.gz`,
    },
    'ImplicitlyDenied',
  ],
  [
    'nor deletes what it wrote (the retention guard)',
    bucketPolicy,
    { caller: streamsRole, action: 's3:DeleteObject', resource: logsObject },
    'ExplicitlyDenied',
  ],
  [
    'nor does a sending member write there itself',
    bucketPolicy,
    { caller: role(PAYMENTS, 'Admin', { orgId: ORG }), action: 's3:PutObject', resource: logsObject },
    'ImplicitlyDenied',
  ],
  [
    'a reader reads the application logs',
    bucketPolicy,
    { caller: role(READER, 'Auditor'), action: 's3:GetObject', resource: logsObject },
    'Allowed',
  ],
  [
    "the streams' role encrypts through S3 with the log key",
    keyPolicy,
    { caller: streamsRole, action: 'kms:GenerateDataKey', resource: KEY, context: viaS3(logsObject) },
    'Allowed',
  ],
  [
    'nor outside S3',
    keyPolicy,
    { caller: streamsRole, action: 'kms:GenerateDataKey', resource: KEY },
    'ImplicitlyDenied',
  ],
];

describe("the members' application logs, evaluated as AWS would", () => {
  test.each(cases)('%s', async (_title, policy, request, expected) => {
    const { decision, ignoredContextKeys } = await evaluate(policy, ARCHIVE, request);
    expect(ignoredContextKeys).toEqual([]);
    expect(decision).toBe(expected);
  });

  test('[logs-account-policy-needs-put-subscription-filter] each access policy grants the senders logs:PutAccountPolicy on the destination too', () => {
    // IAM's catalog gives logs:PutAccountPolicy no resource type, so the simulator refuses it on a
    // destination; CloudWatch Logs checks the destination's own policy for it (API_PutAccountPolicy).
    for (const region of config.governedRegions) {
      const statements = (
        accessPolicy(region) as { Statement: { Action: string[]; Resource: string; Principal: { AWS: string[] } }[] }
      ).Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0].Action).toEqual(['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy']);
      expect(statements[0].Resource).toBe(destination(region));
      expect(statements[0].Principal.AWS).toEqual(
        [PAYMENTS, ACQUIRED, SANDBOX].sort().map((a) => `arn:aws:iam::${a}:root`),
      );
    }
  });

  test('without applicationLogs, the archive admits no application logs writer and builds no destination', () => {
    const without = synthLogArchive(configOf(POLICY_TEST_CONFIG));
    expect(without.resource.aws_cloudwatch_log_destination).toBeUndefined();
    expect(JSON.stringify(policyOf(without, 'aws_s3_bucket_policy', 'archive_member-logs_'))).not.toContain(
      'ApplicationLogs',
    );
    expect(JSON.stringify(policyOf(without, 'aws_kms_key', 'archive_key_'))).not.toContain('ApplicationLogs');
  });
});

/*
 * The delivery guardrail against the log archive's administrator: every operation of Firehose's
 * API (botocore's firehose 2015-08-04 model) on an application logs stream, with the service control
 * policy the guardrails attach to the archive account. An operation that changes a stream's
 * encryption or destination, or deletes it, is denied to all but the deploy role; the others are
 * read-only or add records and remove none. Re-keying a stream to a key of one's own and revoking
 * Firehose's grant on it would stop the delivery: Firehose drops what it cannot decrypt after 24 hours
 * ([firehose-cmk-undecryptable-records-dropped]), so the grants on the archive's keys are kept too.
 */
describe('the delivery guardrail, against the archive account administrator', () => {
  const scp = {
    Version: '2012-10-17',
    Statement: deliveryProtectionStatements({
      partition: 'aws',
      deployRoleName: config.deployment.roleName,
      breakGlassPrincipalArns: [],
      archiveAccountId: ARCHIVE,
      destinationName: 'audit-application-logs',
    }),
  };
  const layers = {
    serviceControlPolicies: [
      {
        orgIdentifier: ARCHIVE,
        policies: [
          {
            name: 'FullAWSAccess',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
          { name: 'evidence-protection', policy: scp },
        ],
      },
    ],
  };
  const admin = role(ARCHIVE, 'Admin', { orgId: ORG });
  const deployer = role(ARCHIVE, config.deployment.roleName, { orgId: ORG });
  const FIREHOSE_OPERATIONS: readonly (readonly [string, Decision, string])[] = [
    ['CreateDeliveryStream', 'Allowed', 'makes a new stream; ours exists under its name'],
    ['DeleteDeliveryStream', 'ExplicitlyDenied', 'deletes the stream and what it buffers'],
    ['DescribeDeliveryStream', 'Allowed', 'read-only'],
    ['ListDeliveryStreams', 'Allowed', 'read-only'],
    ['ListTagsForDeliveryStream', 'Allowed', 'read-only'],
    ['PutRecord', 'Allowed', 'adds a record, removes none'],
    ['PutRecordBatch', 'Allowed', 'adds records, removes none'],
    [
      'StartDeliveryStreamEncryption',
      'ExplicitlyDenied',
      're-keys the stream: a key of its own, whose grant it then revokes',
    ],
    ['StopDeliveryStreamEncryption', 'ExplicitlyDenied', 'takes the stream off our key'],
    ['TagDeliveryStream', 'Allowed', "no guardrail keys on the streams' tags"],
    ['UntagDeliveryStream', 'Allowed', "no guardrail keys on the streams' tags"],
    ['UpdateDestination', 'ExplicitlyDenied', 'redirects the stream'],
  ];

  test.each(FIREHOSE_OPERATIONS)('firehose:%s by the administrator: %s (%s)', async (operation, expected) => {
    const resource = operation === 'ListDeliveryStreams' ? '*' : stream('eu-west-1');
    const { decision } = await evaluate(
      undefined,
      ARCHIVE,
      { caller: admin, action: `firehose:${operation}`, resource },
      layers,
    );
    expect(decision).toBe(expected);
  });

  test.each([
    ['kms:RevokeGrant', 'ExplicitlyDenied'],
    ['kms:RetireGrant', 'ExplicitlyDenied'],
  ] as const)('%s on a key of the archive (the grant Firehose encrypts with): %s', async (action, expected) => {
    const { decision } = await evaluate(undefined, ARCHIVE, { caller: admin, action, resource: KEY }, layers);
    expect(decision).toBe(expected);
  });

  test.each(['firehose:StartDeliveryStreamEncryption', 'firehose:UpdateDestination'])(
    'the deploy role still may %s (Terraform applies key changes)',
    async (action) => {
      const { decision } = await evaluate(
        undefined,
        ARCHIVE,
        { caller: deployer, action, resource: stream('us-east-1') },
        layers,
      );
      expect(decision).toBe('Allowed');
    },
  );
});
