import * as path from 'path';
import { PutBucketNotificationConfigurationCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { MotoAccount } from '../../../e2e/harness/aws';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { sendSigned, type SignedAnswer } from '../../support/signed-request';
import { tempDir } from '../../support/synth';

/*
 * e2e/harness/moto_search_apis.py (items 34 to 37 of moto_server.py): the harness's moto answers
 * OpenSearch Serverless's data access and lifecycle policies and DeleteSecurityPolicy, OpenSearch
 * Ingestion's pipeline timestamps and tag paths as their API references describe them, and its S3
 * refuses a notification configuration whose queue does not exist or does not admit S3 for that
 * bucket ([s3-notification-destination-verified-at-put]). There is no OpenSearch or SQS client in the
 * toolkit's dependencies, so those requests are signed here with SigV4, as the AWS provider signs them.
 */

jest.setTimeout(60_000);

const REGION = 'eu-west-1';
const ACCOUNT = '370000000001';
let moto: MotoServer;
let account: MotoAccount;

/** One signed request for `service`: a JSON body, a target header for the JSON protocols. */
async function send(
  service: string,
  method: string,
  requestPath: string,
  options: { body?: object; target?: string; json10?: boolean; query?: Record<string, string> } = {},
): Promise<SignedAnswer> {
  return sendSigned(moto.endpoint, await account.client(REGION), {
    service,
    region: REGION,
    method,
    path: requestPath,
    body: options.body,
    target: options.target,
    contentType: options.json10 ? 'application/x-amz-json-1.0' : 'application/json',
    query: options.query,
  });
}

/** An OpenSearch Serverless operation (JSON 1.0, X-Amz-Target OpenSearchServerless.<Operation>). */
const aoss = (operation: string, body: object) =>
  send('aoss', 'POST', '/', { body, target: `OpenSearchServerless.${operation}`, json10: true });
/** An SQS operation (JSON 1.0, X-Amz-Target AmazonSQS.<Operation>). */
const sqs = (operation: string, body: object) =>
  send('sqs', 'POST', '/', { body, target: `AmazonSQS.${operation}`, json10: true });

const DATA_POLICY = JSON.stringify([
  {
    Rules: [{ ResourceType: 'index', Resource: ['index/logs/*'], Permission: ['aoss:ReadDocument'] }],
    Principal: [`arn:aws:iam::${ACCOUNT}:role/analyst`],
  },
]);
const LIFECYCLE = JSON.stringify({
  Rules: [{ ResourceType: 'index', Resource: ['index/logs/trail'], MinIndexRetention: '365d' }],
});

beforeAll(async () => {
  moto = await startMoto(path.join(tempDir('moto-search-'), 'moto.log'));
  account = new MotoAccount(moto.endpoint, ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`);
});

afterAll(async () => {
  await moto?.stop({ quiet: true });
});

describe('OpenSearch Serverless data access policies (item 34)', () => {
  test('created, read back as the document sent, updated at its version only, deleted; a second one of the name conflicts', async () => {
    const created = await aoss('CreateAccessPolicy', { name: 'logs-access', type: 'data', policy: DATA_POLICY });
    expect(created.status).toBe(200);
    expect(created.body.accessPolicyDetail).toEqual(
      expect.objectContaining({ name: 'logs-access', type: 'data', policy: JSON.parse(DATA_POLICY) }),
    );
    expect(typeof created.body.accessPolicyDetail.createdDate).toBe('number');
    const again = await aoss('CreateAccessPolicy', { name: 'logs-access', type: 'data', policy: DATA_POLICY });
    expect([again.status, again.body.__type]).toEqual([400, 'ConflictException']);

    const read = await aoss('GetAccessPolicy', { name: 'logs-access', type: 'data' });
    expect(read.body.accessPolicyDetail).toEqual(created.body.accessPolicyDetail);
    const stale = await aoss('UpdateAccessPolicy', {
      name: 'logs-access',
      type: 'data',
      policyVersion: 'bm90LXRoZS12ZXJzaW9uLWF0LWFsbA==',
      policy: DATA_POLICY,
    });
    expect(stale.body.__type).toBe('ConflictException');
    const updated = await aoss('UpdateAccessPolicy', {
      name: 'logs-access',
      type: 'data',
      policyVersion: created.body.accessPolicyDetail.policyVersion,
      description: 'analysts read',
    });
    expect(updated.body.accessPolicyDetail.description).toBe('analysts read');
    expect(updated.body.accessPolicyDetail.policyVersion).not.toBe(created.body.accessPolicyDetail.policyVersion);

    expect((await aoss('DeleteAccessPolicy', { name: 'logs-access', type: 'data' })).status).toBe(200);
    const gone = await aoss('GetAccessPolicy', { name: 'logs-access', type: 'data' });
    expect(gone.body.__type).toBe('ResourceNotFoundException');
    expect((await aoss('DeleteAccessPolicy', { name: 'logs-access', type: 'data' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('OpenSearch Serverless lifecycle policies and DeleteSecurityPolicy (item 35)', () => {
  test('a batch read answers what it holds, and NOT_FOUND for the rest; deleted once', async () => {
    await aoss('CreateLifecyclePolicy', { name: 'logs-lifecycle', type: 'retention', policy: LIFECYCLE });
    const batch = await aoss('BatchGetLifecyclePolicy', {
      identifiers: [
        { name: 'logs-lifecycle', type: 'retention' },
        { name: 'other', type: 'retention' },
      ],
    });
    expect(batch.body.lifecyclePolicyDetails).toEqual([
      expect.objectContaining({ name: 'logs-lifecycle', policy: JSON.parse(LIFECYCLE) }),
    ]);
    expect(batch.body.lifecyclePolicyErrorDetails).toEqual([
      expect.objectContaining({ name: 'other', type: 'retention', errorCode: 'NOT_FOUND' }),
    ]);
    expect((await aoss('DeleteLifecyclePolicy', { name: 'logs-lifecycle', type: 'retention' })).status).toBe(200);
    expect((await aoss('DeleteLifecyclePolicy', { name: 'logs-lifecycle', type: 'retention' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
  });

  test('a security policy is deleted by type and name', async () => {
    const encryption = JSON.stringify({
      Rules: [{ ResourceType: 'collection', Resource: ['collection/logs'] }],
      AWSOwnedKey: true,
    });
    await aoss('CreateSecurityPolicy', { name: 'logs-encryption', type: 'encryption', policy: encryption });
    expect((await aoss('DeleteSecurityPolicy', { name: 'logs-encryption', type: 'encryption' })).status).toBe(200);
    expect((await aoss('GetSecurityPolicy', { name: 'logs-encryption', type: 'encryption' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
    expect((await aoss('DeleteSecurityPolicy', { name: 'logs-encryption', type: 'encryption' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('OpenSearch Ingestion (item 36)', () => {
  test('a pipeline is read with numeric timestamps, and its tags by the path the provider sends', async () => {
    const created = await send('osis', 'POST', '/2022-01-01/osis/createPipeline', {
      body: { PipelineName: 'logs', MinUnits: 1, MaxUnits: 2, PipelineConfigurationBody: 'version: "2"\n' },
    });
    expect(created.status).toBe(200);
    const read = await send('osis', 'GET', '/2022-01-01/osis/getPipeline/logs');
    expect(typeof read.body.Pipeline.CreatedAt).toBe('number');
    expect(typeof read.body.Pipeline.LastUpdatedAt).toBe('number');
    const arn = read.body.Pipeline.PipelineArn as string;
    for (const tagsPath of ['/2022-01-01/osis/listTagsForResource', '/2022-01-01/osis/listTagsForResource/']) {
      const tags = await send('osis', 'GET', tagsPath, { query: { arn } });
      expect([tagsPath, tags.status, tags.body.Tags]).toEqual([tagsPath, 200, []]);
    }
    const report = await moto.modelCheck();
    expect(report.refusedRequests).toBe(0);
  });
});

describe('[s3-notification-destination-verified-at-put] S3 verifies the queues of a notification configuration (item 37)', () => {
  const bucket = 'search-notifications';
  const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
  const put = async (name: string) => {
    const s3 = new S3Client(await account.client(REGION));
    return s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          QueueConfigurations: [{ QueueArn: queueArn(name), Events: ['s3:ObjectCreated:*'] }],
        },
      }),
    );
  };
  const policy = (condition: object) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queueArn('admitting'),
          Condition: condition,
        },
      ],
    });

  beforeAll(async () => {
    const s3 = new S3Client(await account.client(REGION));
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
  });

  test('a queue that does not exist is refused', async () => {
    await expect(put('missing')).rejects.toThrow(/Unable to validate the following destination configurations/);
  });

  test('a queue without a policy for S3, or admitting another bucket, is refused', async () => {
    await sqs('CreateQueue', { QueueName: 'closed' });
    await expect(put('closed')).rejects.toThrow(/Unable to validate/);
    await sqs('CreateQueue', {
      QueueName: 'admitting',
      Attributes: { Policy: policy({ ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::another-bucket' } }) },
    });
    await expect(put('admitting')).rejects.toThrow(/Unable to validate/);
  });

  test('a queue whose policy admits S3 for this bucket of this account is accepted', async () => {
    const queueUrl = `${moto.endpoint}/${ACCOUNT}/admitting`;
    const set = await sqs('SetQueueAttributes', {
      QueueUrl: queueUrl,
      Attributes: {
        Policy: policy({
          ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` },
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
        }),
      },
    });
    expect(set.status).toBe(200);
    await expect(put('admitting')).resolves.toBeDefined();
  });
});
