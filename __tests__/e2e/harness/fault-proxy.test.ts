import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDataSetCommand, QuickSightClient } from '@aws-sdk/client-quicksight';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { FaultKind, FaultProxy, loopbackCertificate, seededRandom, serviceOf } from '../../../e2e/harness/fault-proxy';
import { tempDir } from '../../support/temp';
import { waitUntil } from '../../support/wait';

/* The fault proxy of npm run e2e:faults, against a stand-in for moto that answers S3's ListBuckets. */

const LIST_BUCKETS =
  '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>';

let upstream: http.Server;
let upstreamUrl: string;
let upstreamRequests = 0;
let lastForwardedProto: string | undefined;

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      upstreamRequests += 1;
      lastForwardedProto = request.headers['x-forwarded-proto'] as string | undefined;
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(LIST_BUCKETS);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function withProxy<T>(
  options: { rate: number; kinds?: FaultKind[]; seed?: number },
  run: (proxy: FaultProxy) => Promise<T>,
): Promise<T> {
  const proxy = new FaultProxy({ target: upstreamUrl, seed: options.seed ?? 7, delayMs: 20, ...options });
  await proxy.start();
  try {
    return await run(proxy);
  } finally {
    await proxy.stop();
  }
}

test('the seeded sequence replays: the same seed gives the same draws', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const first = Array.from({ length: 5 }, a);
  expect(Array.from({ length: 5 }, b)).toEqual(first);
  expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
});

test('the service comes from the SigV4 credential scope', () => {
  expect(serviceOf('AWS4-HMAC-SHA256 Credential=AKID/20261123/eu-west-1/kms/aws4_request, SignedHeaders=host')).toBe(
    'kms',
  );
  expect(serviceOf(undefined)).toBe('unknown');
});

test.each([
  ['S3 (REST-XML)', () => new S3Client(sdk()).send(new ListBucketsCommand({})), 'SlowDown', 503],
  ['KMS (JSON)', () => new KMSClient(sdk()).send(new DescribeKeyCommand({ KeyId: 'k' })), 'ThrottlingException', 400],
  ['STS (query)', () => new STSClient(sdk()).send(new GetCallerIdentityCommand({})), 'Throttling', 400],
  [
    'Organizations (JSON)',
    () => new OrganizationsClient(sdk()).send(new DescribeOrganizationCommand({})),
    'TooManyRequestsException',
    400,
  ],
  ['EC2 (EC2 query)', () => new EC2Client(sdk()).send(new DescribeVpcsCommand({})), 'RequestLimitExceeded', 503],
  [
    'QuickSight (REST-JSON, a GET without a body)',
    () =>
      new QuickSightClient(sdk()).send(new DescribeDataSetCommand({ AwsAccountId: '123456789012', DataSetId: 'd' })),
    'ThrottlingException',
    429,
  ],
  [
    'Scheduler (REST-JSON)',
    () => new SchedulerClient(sdk()).send(new GetScheduleCommand({ Name: 's' })),
    'ThrottlingException',
    429,
  ],
])('a throttled %s request gets the error the SDK reads as throttling', async (_name, call, code, status) => {
  await withProxy({ rate: 1, kinds: ['throttle'] }, async (proxy) => {
    endpoint = proxy.endpoint;
    const error = (await call().then(
      () => undefined,
      (e: unknown) => e,
    )) as Parameters<typeof isThrottlingError>[0];
    expect(error.name).toBe(code);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    // The SDK's own classification, which its retry strategy follows.
    expect(isThrottlingError(error)).toBe(true);
    expect(proxy.counts.byKind.throttle).toBe(1);
  });
});

test('a server error is a 500 the SDK retries', async () => {
  await withProxy({ rate: 1, kinds: ['server-error'] }, async (proxy) => {
    endpoint = proxy.endpoint;
    const error = (await new KMSClient(sdk())
      .send(new DescribeKeyCommand({ KeyId: 'k' }))
      .catch((e: unknown) => e)) as Parameters<typeof isTransientError>[0];
    expect(error.name).toBe('InternalFailure');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(isTransientError(error)).toBe(true);
  });
});

test('a reset drops the connection before the request reaches the service', async () => {
  await withProxy({ rate: 1, kinds: ['reset'] }, async (proxy) => {
    endpoint = proxy.endpoint;
    const before = upstreamRequests;
    const error = (await new S3Client(sdk()).send(new ListBucketsCommand({})).catch((e: unknown) => e)) as Parameters<
      typeof isTransientError
    >[0] & { message: string };
    // (Under jest the SDK wraps the socket error, so its code is read from the message here; the
    // 30% test below shows that the SDK retries it.)
    expect(error.message).toContain('ECONNRESET');
    expect(upstreamRequests).toBe(before);
    expect(proxy.counts.byKind.reset).toBe(1);
  });
});

test('a request not yet answered is listed as pending, with its action and whether moto has it', async () => {
  await withProxy({ rate: 1, kinds: ['delay'] }, async (proxy) => {
    endpoint = proxy.endpoint;
    // The delay is long and the age is read once the proxy holds the request: on a busy machine the
    // client's first request can take a while to reach the proxy, and its age counts from there.
    proxy.setKinds(['delay'], 1500);
    const call = new KMSClient(sdk()).send(new DescribeKeyCommand({ KeyId: 'k' })).catch((e: unknown) => e);
    await waitUntil(() => proxy.pending().length > 0, 'the proxy to hold the request');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const held = proxy.pending();
    expect(held).toEqual([expect.objectContaining({ id: 1, what: 'kms TrentService.DescribeKey', forwarded: false })]);
    expect(held[0].seconds).toBeGreaterThan(0.1);
    expect(proxy.pending(60)).toEqual([]);
    await call;
    expect(proxy.pending()).toEqual([]);
  });
});

test('at 30% faults of every kind, clients with retries get every answer, and the counts add up', async () => {
  await withProxy({ rate: 0.3, seed: 11 }, async (proxy) => {
    endpoint = proxy.endpoint;
    const s3 = new S3Client({ ...sdk(), maxAttempts: 8 });
    for (let i = 0; i < 40; i += 1) await s3.send(new ListBucketsCommand({}));
    const { requests, injected, byKind } = proxy.counts;
    expect(injected).toBeGreaterThan(5);
    expect(requests).toBeGreaterThanOrEqual(40 + injected - byKind.delay);
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(injected);
    expect(Object.values(byKind).filter((n) => n > 0).length).toBe(4);
  });
});

test('over TLS with a loopback certificate, it tells moto the request came over TLS', async () => {
  const tls = loopbackCertificate(tempDir('fault-proxy-tls'));
  const proxy = new FaultProxy({ target: upstreamUrl, seed: 1, rate: 0, tls });
  await proxy.start();
  try {
    expect(proxy.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const s3 = new S3Client({
      ...sdk(),
      endpoint: proxy.endpoint,
      requestHandler: { httpsAgent: new https.Agent({ ca: fs.readFileSync(tls.certFile) }) },
    });
    await s3.send(new ListBucketsCommand({}));
    expect(lastForwardedProto).toBe('https');
  } finally {
    await proxy.stop();
  }
});

let endpoint = '';
function sdk() {
  return { endpoint, region: 'eu-west-1', credentials, maxAttempts: 1, forcePathStyle: true };
}
