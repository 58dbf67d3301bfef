import { AuditNaming } from '../../../modules/core/naming';
import { deliveryProtectionStatements } from '../../../modules/guardrails/application-logs-protection';
import { deployPolicy, type DeployStackJson } from '../../../packages/cli/toolkit/deploy-role/deploy-policy';
import { resourceOf } from '../../support/stack-json';
import {
  ACQUIRED,
  ARCHIVE,
  MANAGEMENT,
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
    ['PutRecord', 'ExplicitlyDenied', "a forged record would land in the archive as a member's logs"],
    ['PutRecordBatch', 'ExplicitlyDenied', "forged records would land in the archive as a member's logs"],
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

/*
 * The streams' key: a customer managed key of the log archive (Checkov CKV_AWS_241), which Firehose
 * uses through the grant it makes with the caller's credentials when the deploy role creates or
 * re-keys a stream ([firehose-cmk-grant-made-by-caller], a forward access session:
 * [kms-via-service-forward-access]); the destinations' roles put records with it, which Firehose
 * authorizes against them too ([firehose-put-records-need-the-stream-key]).
 */
describe("the streams' key, evaluated as AWS would", () => {
  const STREAM_KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/0f0f0f0f-1111-2222-3333-444444444444`;
  const withStreamKey = (text: string) =>
    parseTerraformPolicy(text.replace(/\$\{aws_kms_key\.application-logs_key_[^}]+\.arn\}/g, STREAM_KEY));
  const streams = Object.values(
    synth.resource.aws_kinesis_firehose_delivery_stream as Record<string, Record<string, any>>,
  );
  const keys = Object.entries(synth.resource.aws_kms_key as Record<string, { policy: string }>);
  const streamKeyPolicy = () => {
    const found = keys.filter(([address]) => address.startsWith('application-logs_key'));
    expect(found).toHaveLength(1);
    return withStreamKey(found[0][1].policy);
  };
  const destinationRole = (region: string) =>
    role(ARCHIVE, `audit-application-logs-${region}`, {
      identityPolicy: withStreamKey(
        resourceOf(synth, 'aws_iam_role_policy', `destination-policy-${region}`).policy.replace(
          /\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\}/,
          stream(region),
        ),
      ),
      orgId: ORG,
    });
  const viaFirehose = { 'kms:ViaService': 'firehose.eu-west-1.amazonaws.com' };
  const deploy = deployPolicy('log-archive', synth as DeployStackJson, { managementAccountId: MANAGEMENT });
  const deployRole = role(ARCHIVE, config.deployment.roleName, { identityPolicy: deploy.document, orgId: ORG });

  test('[firehose-cmk-grant-made-by-caller] each stream is under a customer managed key of the archive, not an AWS owned one', () => {
    expect(streams).toHaveLength(config.governedRegions.length);
    for (const s of streams) {
      expect(s.server_side_encryption).toEqual({
        enabled: true,
        key_type: 'CUSTOMER_MANAGED_CMK',
        key_arn: expect.stringMatching(/^\$\{aws_kms_key\.application-logs_key_[^}]+\.arn\}$/),
      });
    }
  });

  test.each([
    [
      "[firehose-put-records-need-the-stream-key] a destination's role generates a data key through Firehose",
      'eu-west-1',
      'kms:GenerateDataKey',
      viaFirehose,
      'Allowed',
    ],
    [
      '[firehose-put-records-need-the-stream-key] and decrypts through Firehose',
      'us-east-1',
      'kms:Decrypt',
      viaFirehose,
      'Allowed',
    ],
    ['but not outside Firehose', 'eu-west-1', 'kms:Decrypt', {}, 'ImplicitlyDenied'],
    ['nor hands out grants on it', 'eu-west-1', 'kms:CreateGrant', viaFirehose, 'ImplicitlyDenied'],
  ] as const)('%s', async (_title, region, action, context, expected) => {
    const { decision } = await evaluate(streamKeyPolicy(), ARCHIVE, {
      caller: destinationRole(region),
      action,
      resource: STREAM_KEY,
      context,
    });
    expect(decision).toBe(expected);
  });

  test.each([
    [
      '[kms-via-service-forward-access] the deploy role creates the grant through Firehose',
      'kms:CreateGrant',
      viaFirehose,
      'Allowed',
    ],
    ['[kms-via-service-forward-access] and reads the key through Firehose', 'kms:DescribeKey', viaFirehose, 'Allowed'],
    [
      '[kms-via-service-forward-access] but creates no grant on its own, outside Firehose',
      'kms:CreateGrant',
      {},
      'ImplicitlyDenied',
    ],
    [
      '[kms-via-service-forward-access] nor through another service',
      'kms:CreateGrant',
      { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' },
      'ImplicitlyDenied',
    ],
  ] as const)('%s', async (_title, action, context, expected) => {
    const { decision } = await evaluate(streamKeyPolicy(), ARCHIVE, {
      caller: deployRole,
      action,
      resource: STREAM_KEY,
      context,
    });
    expect(decision).toBe(expected);
  });

  test("[kms-via-service-forward-access] the deploy role's derived policy holds the grant to the account's keys of the streams' Region, through Firehose", () => {
    expect(deploy.document.Statement.find((s) => s.Sid === 'ForwardAccessFirehose')).toEqual({
      Sid: 'ForwardAccessFirehose',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Resource: [`arn:aws:kms:eu-west-1:${ARCHIVE}:key/*`],
      Condition: { StringEquals: { 'kms:ViaService': ['firehose.eu-west-1.amazonaws.com'] } },
    });
    expect(deploy.document.Statement.filter((s) => s.Action.includes('kms:CreateGrant'))).toHaveLength(1);
  });

  test("Firehose itself is not let in by the key's policy (only by its grant)", async () => {
    expect(JSON.stringify(streamKeyPolicy())).not.toContain('firehose.amazonaws.com');
    const { decision } = await evaluate(streamKeyPolicy(), ARCHIVE, {
      caller: service('firehose.amazonaws.com'),
      action: 'kms:Decrypt',
      resource: STREAM_KEY,
    });
    expect(decision).toBe('ImplicitlyDenied');
  });
});
