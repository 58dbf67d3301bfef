import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteAccountPolicyCommand,
  DescribeAccountPoliciesCommand,
  PutAccountPolicyCommand,
  PutDestinationCommand,
  PutDestinationPolicyCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { APPLICATION_LOGS_QUERIES } from '../../../modules/analytics/application-logs-queries';
import { MotoAccount } from '../../../e2e/harness/aws';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { OfflineApplicationLogs } from '../../../packages/cli/toolkit/investigate/application-logs';
import { tempDir } from '../../support/synth';

/*
 * e2e/harness/moto_application_logs_apis.py: the harness's moto holds account-level subscription
 * filter policies as CloudWatch Logs does (one per account and Region, selection criteria, a
 * destination of the same Region that grants the sender), and delivers what a selected log group
 * receives through the log archive's destination to its Firehose stream, which writes it under
 * application-logs/<account>/<region>/<yyyy>/<MM>/<dd>/ as the archive's streams are configured.
 * Then investigate, on a copy of that bucket, finds one request id across two accounts.
 * The facts each test holds the harness to: [logs-account-policy-one-per-region],
 * [logs-account-policy-selection-criteria], [logs-destination-same-region-as-senders],
 * [logs-destination-account-grant-needs-no-sender-role], [logs-account-policy-covers-future-log-groups]
 * and [logs-subscription-envelope-names-no-region].
 */

jest.setTimeout(120_000);

const REGION = 'eu-west-1';
const ARCHIVE = '310000000002';
const PAYMENTS = '310000000005';
const INGEST = '310000000006';
const OUTSIDER = '310000000009';
const BUCKET = `audit-logs-${ARCHIVE}-${REGION}-member-logs`;
const STREAM = `audit-application-logs-${REGION}`;
const DESTINATION = `arn:aws:logs:${REGION}:${ARCHIVE}:destination:audit-application-logs`;
const POLICY = 'audit-application-logs';
const TRAIL_GROUP = '/aws/cloudtrail/audit-trail';

let moto: MotoServer;
const clients = new Map<string, { logs: CloudWatchLogsClient; s3: S3Client; firehose: FirehoseClient }>();
const of = (account: string) => clients.get(account) as NonNullable<ReturnType<typeof clients.get>>;

beforeAll(async () => {
  moto = await startMoto(path.join(tempDir('moto-application-logs-'), 'moto.log'));
  for (const account of [ARCHIVE, PAYMENTS, INGEST, OUTSIDER]) {
    const config = await new MotoAccount(
      moto.endpoint,
      account,
      `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
    ).client(REGION);
    clients.set(account, {
      logs: new CloudWatchLogsClient(config),
      s3: new S3Client(config),
      firehose: new FirehoseClient(config),
    });
  }
  const archive = of(ARCHIVE);
  await archive.s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
  // The stream as modules/application-logs/application-logs-delivery.ts configures it.
  const stream = await archive.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: STREAM,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: `arn:aws:iam::${ARCHIVE}:role/audit-application-logs-delivery`,
        BucketARN: `arn:aws:s3:::${BUCKET}`,
        Prefix: `application-logs/!{partitionKeyFromQuery:account}/${REGION}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        ErrorOutputPrefix: `application-logs/errors/${REGION}/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        CompressionFormat: 'GZIP',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            { Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] },
            {
              Type: 'MetadataExtraction',
              Parameters: [
                { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
                { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{account:.owner}' },
              ],
            },
            { Type: 'AppendDelimiterToRecord' },
          ],
        },
      },
    }),
  );
  const destination = await archive.logs.send(
    new PutDestinationCommand({
      destinationName: 'audit-application-logs',
      targetArn: stream.DeliveryStreamARN,
      roleArn: `arn:aws:iam::${ARCHIVE}:role/audit-application-logs-${REGION}`,
    }),
  );
  expect(destination.destination?.arn).toBe(DESTINATION);
  await archive.logs.send(
    new PutDestinationPolicyCommand({
      destinationName: 'audit-application-logs',
      accessPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'SendersSubscribe',
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam::${PAYMENTS}:root`, `arn:aws:iam::${INGEST}:root`] },
            Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'],
            Resource: DESTINATION,
          },
        ],
      }),
    }),
  );
});

afterAll(async () => {
  await moto?.stop();
});

const policy = (selectionCriteria?: string, destinationArn = DESTINATION) =>
  new PutAccountPolicyCommand({
    policyName: POLICY,
    policyType: 'SUBSCRIPTION_FILTER_POLICY',
    policyDocument: JSON.stringify({ DestinationArn: destinationArn, FilterPattern: '', Distribution: 'Random' }),
    scope: 'ALL',
    ...(selectionCriteria === undefined ? {} : { selectionCriteria }),
  });

async function write(account: string, group: string, messages: string[]): Promise<void> {
  const { logs } = of(account);
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((error: Error) => {
    if (error.name !== 'ResourceAlreadyExistsException') throw error;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'app/1' })).catch((error: Error) => {
    if (error.name !== 'ResourceAlreadyExistsException') throw error;
  });
  const now = Date.now();
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: 'app/1',
      logEvents: messages.map((message, i) => ({ timestamp: now + i, message })),
    }),
  );
}

/** An object of the archive bucket, as stored. */
async function stored(key: string): Promise<Buffer> {
  const object = await of(ARCHIVE).s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function archived(): Promise<string[]> {
  const listed = await of(ARCHIVE).s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'application-logs/' }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('account-level subscription filter policies on the harness', () => {
  test('one per account and Region: kept, read back, replaced by its own name, refused under another', async () => {
    const { logs } = of(PAYMENTS);
    await logs.send(policy(`LogGroupName NOT IN ["${TRAIL_GROUP}"]`));
    const described = await logs.send(new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY' }));
    expect(described.accountPolicies).toEqual([
      expect.objectContaining({
        policyName: POLICY,
        policyType: 'SUBSCRIPTION_FILTER_POLICY',
        accountId: PAYMENTS,
        scope: 'ALL',
        selectionCriteria: `LogGroupName NOT IN ["${TRAIL_GROUP}"]`,
      }),
    ]);
    await expect(
      logs.send(
        new PutAccountPolicyCommand({
          policyName: 'another-vendor',
          policyType: 'SUBSCRIPTION_FILTER_POLICY',
          policyDocument: JSON.stringify({ DestinationArn: DESTINATION }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    // The same name again: replaced, still one.
    await logs.send(policy(`LogGroupName NOT IN ["${TRAIL_GROUP}", "/aws/lambda/noisy"]`));
    const again = await logs.send(new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY' }));
    expect(again.accountPolicies?.map((p) => p.selectionCriteria)).toEqual([
      `LogGroupName NOT IN ["${TRAIL_GROUP}", "/aws/lambda/noisy"]`,
    ]);
  });

  test.each([
    ['a destination that does not grant the account', OUTSIDER, undefined, DESTINATION, 'AccessDeniedException'],
    [
      'a destination of another Region',
      INGEST,
      undefined,
      `arn:aws:logs:us-east-1:${ARCHIVE}:destination:audit-application-logs`,
      'InvalidParameterException',
    ],
    [
      'selection criteria of another form',
      INGEST,
      'LogGroupNamePrefix IN ["/aws"]',
      DESTINATION,
      'InvalidParameterException',
    ],
    [
      'selection criteria past 25,000 characters',
      INGEST,
      `LogGroupName NOT IN [${Array.from({ length: 1300 }, (_, i) => `"/aws/lambda/fn-${i}"`).join(', ')}]`,
      DESTINATION,
      'InvalidParameterException',
    ],
  ])('refuses %s (%s)', async (_what, account, criteria, destinationArn, error) => {
    await expect(of(account).logs.send(policy(criteria, destinationArn))).rejects.toMatchObject({ name: error });
    const held = await of(account).logs.send(
      new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY' }),
    );
    expect(held.accountPolicies).toEqual([]);
  });
});

describe('delivery through the log archive to the archive bucket', () => {
  test('every selected log group of two accounts reaches application-logs/<account>/<region>/<day>/, the excluded one does not', async () => {
    await of(INGEST).logs.send(policy(`LogGroupName NOT IN ["${TRAIL_GROUP}"]`));
    await write(PAYMENTS, '/aws/lambda/payments-api', ['ERROR payment declined request_id=req-7c1d']);
    await write(PAYMENTS, TRAIL_GROUP, ['{"eventName":"PutObject","requestID":"req-7c1d"}']);
    await write(INGEST, '/ecs/ingest', ['received order-5531 request_id=req-7c1d', 'stored order-5531']);
    // A group that did not exist when the policy was put: it is covered too.
    await write(INGEST, '/aws/lambda/created-later', ['started']);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const keys = await archived();
    const layout = new RegExp(
      `^application-logs/(${PAYMENTS}|${INGEST})/${REGION}/${day}/${STREAM}-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}\\.gz$`,
    );
    expect(keys).toHaveLength(3);
    expect(keys.every((key) => layout.test(key))).toBe(true);
    expect(keys.filter((key) => key.includes(`/${PAYMENTS}/`))).toHaveLength(1);

    // One envelope per object, one line each, as AWS writes it.
    const text = gunzipSync(await stored(keys[0])).toString();
    expect(text.endsWith('\n')).toBe(true);
    const envelope = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(envelope).sort()).toEqual(
      ['logEvents', 'logGroup', 'logStream', 'messageType', 'owner', 'policyLevel', 'subscriptionFilters'].sort(),
    );
    expect(envelope).toMatchObject({
      messageType: 'DATA_MESSAGE',
      subscriptionFilters: [POLICY],
      policyLevel: 'ACCOUNT_LEVEL_POLICY',
    });

    // investigate, on a copy of the bucket: the request id in both accounts, not in the trail's group.
    const copy = tempDir('application-logs-copy-');
    for (const key of keys) {
      fs.mkdirSync(path.dirname(path.join(copy, key)), { recursive: true });
      fs.writeFileSync(path.join(copy, key), await stored(key));
    }
    const logs = await OfflineApplicationLogs.load(copy);
    try {
      const query = APPLICATION_LOGS_QUERIES.find((q) => q.name === 'application-request-across-accounts');
      const answer = await logs.run(query?.sql ?? (() => ''), ['req-7c1d'], { from: day, to: day });
      expect(answer.rows.map((row) => `${row.account} ${row.loggroup}`)).toEqual([
        `${PAYMENTS} /aws/lambda/payments-api`,
        `${INGEST} /ecs/ingest`,
      ]);
    } finally {
      logs.close();
    }
  });

  test('once the policy is deleted nothing more is delivered, and a second delete is refused', async () => {
    const { logs } = of(PAYMENTS);
    const before = await archived();
    await logs.send(new DeleteAccountPolicyCommand({ policyName: POLICY, policyType: 'SUBSCRIPTION_FILTER_POLICY' }));
    await write(PAYMENTS, '/aws/lambda/payments-api', ['after the policy']);
    expect(await archived()).toEqual(before);
    await expect(
      logs.send(new DeleteAccountPolicyCommand({ policyName: POLICY, policyType: 'SUBSCRIPTION_FILTER_POLICY' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
