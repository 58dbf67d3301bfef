import { ANALYST, synthSearch } from '../../search/search-cases';
import { resourceOf, resourcesOf } from '../../support/stack-json';
import { ACQUIRED, ARCHIVE, BUCKET, KEY, MEMBER_LOGS, ORG, OUTSIDER, PAYMENTS } from './log-archive-cases';
import { evaluate, parseTerraformPolicy, role, service } from './simulate';

/*
 * The search tier's IAM policies, as AWS would decide each request: the pipeline role's own policy
 * (reads the archive's prefixes and never deletes, consumes its queues, writes the collection and
 * its dead letters), its trust (OpenSearch Ingestion, for this account's pipelines only), and the
 * queues' policies (S3 sends the notifications of our buckets only).
 */

const synth = synthSearch({ analystRoleArns: [ANALYST], backfill: true }, { applicationLogs: true });
const REGION = 'eu-west-1';
const COLLECTION = `arn:aws:aoss:${REGION}:${ARCHIVE}:collection/0a1b2c3d4e5f60718293`;
const SEARCH_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4`;
const DLQ = 'arn:aws:s3:::audit-search-dlq-222222222222-eu-west-1';
const queue = (id: string) => `arn:aws:sqs:${REGION}:${ARCHIVE}:audit-search-${id}`;

/** A policy's text with the references Terraform resolves at apply replaced by values of their form. */
function resolved(text: string): unknown {
  return parseTerraformPolicy(
    text
      .replace(/\$\{aws_kms_key\.[^}]*search[^}]*\.arn\}/g, SEARCH_KEY)
      .replace(/\$\{aws_kms_key\.[^}]*archive[^}]*\.arn\}/g, KEY)
      .replace(/\$\{aws_opensearchserverless_collection\.[^}]+\.arn\}/g, COLLECTION),
  );
}

const rolePolicy = resolved(resourceOf(synth, 'aws_iam_role_policy', 'search_ingestion_role-policy').policy);
const trust = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role', 'search_ingestion_role').assume_role_policy);
const pipelineRole = role(ARCHIVE, 'audit-search-pipeline', { identityPolicy: rolePolicy, orgId: ORG });

// A key is decided by its key policy and the caller's own policy together: both keys' policies delegate to IAM.
const keyPolicies: Record<string, unknown> = {
  [KEY]: resolved(resourceOf(synth, 'aws_kms_key', 'archive_key').policy),
  [SEARCH_KEY]: resolved(resourceOf(synth, 'aws_kms_key', 'search_key').policy),
};
const asPipeline = (action: string, resource: string, context: Record<string, string> = {}) =>
  evaluate(keyPolicies[resource], ARCHIVE, { caller: pipelineRole, action, resource, context }).then((r) => r.decision);

describe('[osis-pipeline-role-named-in-yaml] the pipeline role reads the archive and never deletes it', () => {
  const trailLog = `${BUCKET}/AWSLogs/${ORG}/${PAYMENTS}/CloudTrail/${REGION}/2026/11/21/x.json.gz`;
  const flowLog = `${MEMBER_LOGS}/vpc-flow-logs/AWSLogs/${PAYMENTS}/vpcflowlogs/${REGION}/2026/11/21/x.log.gz`;
  const appLog = `${MEMBER_LOGS}/application-logs/${PAYMENTS}/${REGION}/2026/11/21/x.gz`;

  test("it reads each source's objects, and nothing outside the sources' prefixes", async () => {
    for (const object of [trailLog, flowLog, appLog]) expect(await asPipeline('s3:GetObject', object)).toBe('Allowed');
    for (const object of [
      `${MEMBER_LOGS}/config-logs/x.json.gz`,
      `${MEMBER_LOGS}/ssm-logs/x.log`,
      `${BUCKET}/AWSLogs/${ACQUIRED}/x`,
    ]) {
      expect(await asPipeline('s3:GetObject', object)).toBe('ImplicitlyDenied');
    }
  });

  test('it never deletes, overwrites or unlocks an object of the archive', async () => {
    for (const action of [
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:PutObject',
      's3:PutObjectRetention',
      's3:BypassGovernanceRetention',
    ]) {
      for (const object of [trailLog, flowLog, appLog])
        expect(await asPipeline(action, object)).toBe('ImplicitlyDenied');
    }
    for (const action of ['s3:PutBucketPolicy', 's3:PutBucketNotification', 's3:PutLifecycleConfiguration']) {
      expect(await asPipeline(action, BUCKET)).toBe('ImplicitlyDenied');
    }
  });

  test('the backfill lists the source prefixes only', async () => {
    expect(await asPipeline('s3:ListBucket', BUCKET, { 's3:prefix': `AWSLogs/${ORG}/${PAYMENTS}/` })).toBe('Allowed');
    expect(await asPipeline('s3:ListBucket', MEMBER_LOGS, { 's3:prefix': 'vpc-flow-logs/AWSLogs/' })).toBe('Allowed');
    expect(await asPipeline('s3:ListBucket', MEMBER_LOGS, { 's3:prefix': 'config-logs/' })).toBe('ImplicitlyDenied');
  });

  test("it decrypts the archive's objects through S3 only, and the queues' messages through SQS only", async () => {
    expect(await asPipeline('kms:Decrypt', KEY, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await asPipeline('kms:Decrypt', KEY)).toBe('ImplicitlyDenied');
    expect(await asPipeline('kms:Decrypt', KEY, { 'kms:ViaService': `sqs.${REGION}.amazonaws.com` })).toBe(
      'ImplicitlyDenied',
    );
    expect(await asPipeline('kms:Decrypt', SEARCH_KEY, { 'kms:ViaService': `sqs.${REGION}.amazonaws.com` })).toBe(
      'Allowed',
    );
    expect(await asPipeline('kms:Decrypt', SEARCH_KEY)).toBe('ImplicitlyDenied');
    expect(await asPipeline('kms:Encrypt', KEY, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe(
      'ImplicitlyDenied',
    );
  });

  test('it consumes its own queues and no other', async () => {
    for (const id of ['cloudtrail', 'application-logs', 'vpc-flow-logs']) {
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
        expect(await asPipeline(action, queue(id))).toBe('Allowed');
      }
      expect(await asPipeline('sqs:SendMessage', queue(id))).toBe('ImplicitlyDenied');
      expect(await asPipeline('sqs:SetQueueAttributes', queue(id))).toBe('ImplicitlyDenied');
    }
    expect(await asPipeline('sqs:ReceiveMessage', queue('other'))).toBe('ImplicitlyDenied');
  });

  test('it writes its dead letters, and reads none back', async () => {
    expect(await asPipeline('s3:PutObject', `${DLQ}/cloudtrail/x.json`)).toBe('Allowed');
    expect(await asPipeline('s3:GetObject', `${DLQ}/cloudtrail/x.json`)).toBe('ImplicitlyDenied');
    expect(
      await asPipeline('kms:GenerateDataKey', SEARCH_KEY, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }),
    ).toBe('Allowed');
  });
});

describe('[osis-network-policy-name-is-the-pipelines] the pipeline role and the collection', () => {
  test('it reaches its collection, no other', async () => {
    expect(await asPipeline('aoss:APIAccessAll', COLLECTION)).toBe('Allowed');
    expect(await asPipeline('aoss:APIAccessAll', COLLECTION.replace(/collection\/.*/, 'collection/another'))).toBe(
      'ImplicitlyDenied',
    );
    expect(await asPipeline('aoss:DeleteCollection', COLLECTION)).toBe('ImplicitlyDenied');
  });

  test("it keeps its own network policy for our collection, and can touch no other collection's", async () => {
    for (const action of ['aoss:CreateSecurityPolicy', 'aoss:UpdateSecurityPolicy', 'aoss:GetSecurityPolicy']) {
      expect(await asPipeline(action, '*', { 'aoss:collection': 'audit-logs' })).toBe('Allowed');
      expect(await asPipeline(action, '*', { 'aoss:collection': 'another' })).toBe('ImplicitlyDenied');
    }
    for (const action of [
      'aoss:DeleteSecurityPolicy',
      'aoss:UpdateAccessPolicy',
      'aoss:DeleteAccessPolicy',
      'aoss:DeleteLifecyclePolicy',
    ]) {
      expect(await asPipeline(action, '*', { 'aoss:collection': 'audit-logs' })).toBe('ImplicitlyDenied');
    }
  });
});

describe('[osis-trust-source-account-and-arn] only OpenSearch Ingestion, for this account and Region, assumes the pipeline role', () => {
  const ROLE = `arn:aws:iam::${ARCHIVE}:role/audit-search-pipeline`;
  const assume = (caller: Parameters<typeof evaluate>[2]['caller'], context: Record<string, string>) =>
    evaluate(trust, ARCHIVE, { caller, action: 'sts:AssumeRole', resource: ROLE, context }).then((r) => r.decision);
  const pipelineArn = (account: string, region = REGION) => `arn:aws:osis:${region}:${account}:pipeline/audit-logs`;

  test("the service, for a pipeline of the log archive account in the archive's Region", async () => {
    expect(
      await assume(service('osis-pipelines.amazonaws.com'), {
        'aws:SourceAccount': ARCHIVE,
        'aws:SourceArn': pipelineArn(ARCHIVE),
      }),
    ).toBe('Allowed');
  });

  test("another account's pipeline, another Region, another service or a person is refused", async () => {
    const osis = service('osis-pipelines.amazonaws.com');
    expect(await assume(osis, { 'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': pipelineArn(OUTSIDER) })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await assume(osis, { 'aws:SourceAccount': ARCHIVE, 'aws:SourceArn': pipelineArn(ARCHIVE, 'us-east-1') }),
    ).toBe('ImplicitlyDenied');
    expect(await assume(osis, {})).toBe('ImplicitlyDenied');
    expect(
      await assume(service('firehose.amazonaws.com'), {
        'aws:SourceAccount': ARCHIVE,
        'aws:SourceArn': pipelineArn(ARCHIVE),
      }),
    ).toBe('ImplicitlyDenied');
    expect(await assume(role(PAYMENTS, 'Admin', { orgId: ORG }), {})).toBe('ImplicitlyDenied');
  });
});

describe('[s3-notifications-need-queue-policy] the queues admit S3 notifications of our buckets only', () => {
  const policies = Object.values(resourcesOf(synth, 'aws_sqs_queue_policy')) as { policy: string }[];
  const policyOf = (id: string) => {
    const found = policies.map((p) => parseTerraformPolicy(p.policy) as { Statement: { Resource: string }[] });
    const one = found.find((p) => p.Statement[0].Resource === queue(id));
    if (one === undefined) throw new Error(`no policy for ${id}`);
    return one;
  };
  const send = (id: string, caller: Parameters<typeof evaluate>[2]['caller'], context: Record<string, string> = {}) =>
    evaluate(policyOf(id), ARCHIVE, { caller, action: 'sqs:SendMessage', resource: queue(id), context }).then(
      (r) => r.decision,
    );
  const s3 = service('s3.amazonaws.com');

  test("S3 sends the notifications of the source's own bucket", async () => {
    expect(await send('cloudtrail', s3, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': ARCHIVE })).toBe('Allowed');
    expect(await send('vpc-flow-logs', s3, { 'aws:SourceArn': MEMBER_LOGS, 'aws:SourceAccount': ARCHIVE })).toBe(
      'Allowed',
    );
    expect(await send('application-logs', s3, { 'aws:SourceArn': MEMBER_LOGS, 'aws:SourceAccount': ARCHIVE })).toBe(
      'Allowed',
    );
  });

  test("another bucket (even ours, for another source's queue), another account's bucket, or anyone else is refused", async () => {
    expect(await send('cloudtrail', s3, { 'aws:SourceArn': MEMBER_LOGS, 'aws:SourceAccount': ARCHIVE })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await send('cloudtrail', s3, { 'aws:SourceArn': 'arn:aws:s3:::someone-else', 'aws:SourceAccount': OUTSIDER }),
    ).toBe('ImplicitlyDenied');
    // A bucket of the same name in another account (after ours were deleted) is not ours.
    expect(await send('cloudtrail', s3, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': OUTSIDER })).toBe(
      'ImplicitlyDenied',
    );
    expect(await send('cloudtrail', role(PAYMENTS, 'Admin', { orgId: ORG }))).toBe('ImplicitlyDenied');
    expect(
      await send('cloudtrail', service('sns.amazonaws.com'), { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': ARCHIVE }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the search key', () => {
  const keyPolicy = keyPolicies[SEARCH_KEY];
  const use = (caller: Parameters<typeof evaluate>[2]['caller'], action: string) =>
    evaluate(keyPolicy, ARCHIVE, { caller, action, resource: SEARCH_KEY }).then((r) => r.decision);

  test('S3 encrypts the notifications it sends into the queues', async () => {
    expect(await use(service('s3.amazonaws.com'), 'kms:GenerateDataKey')).toBe('Allowed');
    expect(await use(service('s3.amazonaws.com'), 'kms:Decrypt')).toBe('Allowed');
    expect(await use(service('s3.amazonaws.com'), 'kms:ScheduleKeyDeletion')).toBe('ImplicitlyDenied');
  });

  test('no other account, and no other service, may use it', async () => {
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant']) {
      expect(await use(role(OUTSIDER, 'Admin'), action)).toBe('ImplicitlyDenied');
      expect(await use(role(PAYMENTS, 'Admin', { orgId: ORG }), action)).toBe('ImplicitlyDenied');
      expect(await use(service('sns.amazonaws.com'), action)).toBe('ImplicitlyDenied');
    }
  });
});
