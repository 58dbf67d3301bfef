import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Testing } from 'cdktf';
import { FaultProxy, loopbackCertificate } from '../../../e2e/harness/fault-proxy';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { AccountStack } from '../../../modules/deployment/account-stack';
import { SecureBucket } from '../../../modules/storage/secure-bucket';
import { InProcessResult, runCliAsync } from '../../support/cli';
import { parseConfig } from '../../../modules/org-config/load';
import { deliveryExpectation } from '../../../packages/cli/toolkit/delivery';
import { deliveredFiles } from '../../../e2e/harness/memory-archive';
import { synthConfig } from '../../support/synth';

/*
 * verify-delivery against moto: an archive seeded under the real key layout with deliberate holes,
 * in buckets that carry this product's own bucket policy (TLS only), reached over TLS on loopback as
 * AWS is reached. The report must name exactly the holes.
 */

const ORG = 'o-motodelivery1';
const BUCKET = 'audit-logs-100000000002-eu-west-1';
const MEMBER_LOGS = `${BUCKET}-member-logs`;
const REGIONS = ['eu-west-1', 'us-east-1'];
const DAYS = ['2026-10-31', '2026-11-01', '2026-11-02'];
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let dir: string;
let moto: MotoServer;
let tlsProxy: FaultProxy;
let configFile: string;
/** The command lines the tests read, started together once the archive is seeded (each takes a Node start-up). */
let runs: Record<'json' | 'text' | 'complete' | 'unlistable' | 'noCredentials' | 'cost', Promise<InProcessResult>>;
/** The CloudTrail log files seeded, and their bytes (what cost --from-archive must measure). */
let seededLogs = { files: 0, bytes: 0 };

const CONFIG = {
  organization: { id: ORG, managementAccountId: '100000000001' },
  homeRegion: 'eu-west-1',
  governedRegions: REGIONS,
  logArchive: { accountId: '100000000002' },
  members: [
    { name: 'workloads', accountId: '200000000001' },
    { name: 'acquired', accountId: '200000000002', inOrganization: false, standaloneTrail: true },
    { name: 'analytics', accountId: '200000000003' },
  ],
};

/** The policy SecureBucket gives `bucketName`: the TLS-only statement every bucket of ours has. */
function productPolicy(bucketName: string): string {
  const stack = new AccountStack(Testing.app(), 'policy', { accountId: '222222222222', region: 'eu-west-1' });
  return new SecureBucket(stack, 'bucket', { bucketName, lifecycleRules: [], policyStatements: [] }).policyJson;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-delivery-moto-'));
  moto = await startMoto(path.join(dir, 'moto.log'));
  const tls = loopbackCertificate(dir);
  tlsProxy = new FaultProxy({ target: moto.endpoint, rate: 0, seed: 1, tls });
  await tlsProxy.start();
  const plain = new S3Client({ endpoint: moto.endpoint, region: 'eu-west-1', credentials, forcePathStyle: true });
  const overTls = new S3Client({
    endpoint: tlsProxy.endpoint,
    region: 'eu-west-1',
    credentials,
    forcePathStyle: true,
    requestHandler: { httpsAgent: new https.Agent({ ca: fs.readFileSync(tls.certFile) }) },
  });
  for (const bucket of [BUCKET, MEMBER_LOGS]) {
    await plain.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    await plain.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: productPolicy(bucket) }));
  }
  // The policy is in force: a write without TLS is refused, as on AWS.
  const refused = (await plain
    .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'AWSLogs/probe', Body: 'x' }))
    .catch((error: unknown) => error)) as { $metadata?: { httpStatusCode?: number } };
  expect(refused.$metadata?.httpStatusCode).toBe(403);

  const expectation = deliveryExpectation(parseConfig(JSON.stringify(CONFIG)));
  const puts: Promise<unknown>[] = [];
  for (const target of expectation.targets) {
    for (const day of DAYS) {
      const skip = new Set<string>();
      if (target.name === 'workloads' && day === '2026-11-01') skip.add('logs').add('digests'); // a missing day
      if (target.name === 'acquired' && target.region === 'us-east-1') skip.add('logs').add('digests'); // a missing Region
      if (target.name === 'analytics') skip.add('digests'); // digests missing while logs exist
      if (target.name === 'acquired') skip.add('snapshot').add('history'); // Config missing in one account
      for (const file of deliveredFiles(target, day)) {
        if (skip.has(file.kind)) continue;
        // Log files of a size of their own, so that the measure of cost --from-archive is checked.
        const body = file.kind === 'logs' ? 'x'.repeat(100 + seededLogs.files) : '{}';
        if (file.kind === 'logs') seededLogs = { files: seededLogs.files + 1, bytes: seededLogs.bytes + body.length };
        puts.push(overTls.send(new PutObjectCommand({ Bucket: file.bucket, Key: file.key, Body: body })));
      }
    }
  }
  await Promise.all(puts);
  plain.destroy();
  overTls.destroy();
  configFile = path.join(dir, 'audit.config.json');
  fs.writeFileSync(configFile, JSON.stringify(CONFIG));
  const synthOut = path.join(dir, 'cdktf.out');
  synthConfig(parseConfig(JSON.stringify(CONFIG)), synthOut);
  runs = {
    json: verifyDelivery(['--json']),
    text: verifyDelivery([]),
    complete: verifyDelivery(['--accounts', 'workloads,log-archive', '--regions', 'eu-west-1', '--from', '2026-11-02']),
    unlistable: verifyDelivery(['--accounts', 'workloads', '--max-attempts', '2'], 'http://127.0.0.1:1'),
    cost: runCliAsync(
      [
        'cost',
        '--config',
        configFile,
        '--out',
        synthOut,
        '--from-archive',
        '--from',
        DAYS[0],
        '--to',
        DAYS[DAYS.length - 1],
        '--gzip-bytes-per-event',
        '10',
        '--format',
        'json',
      ],
      { env: archiveEnv(tlsProxy.endpoint) },
    ),
    noCredentials: runCliAsync(['verify-delivery', '--config', configFile, '--accounts', 'workloads'], {
      env: {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
        AWS_CONFIG_FILE: path.join(dir, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      },
    }),
  };
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(runs ?? {}));
  await tlsProxy?.stop();
  await moto?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The environment of a command that lists the archive through `endpoint`. */
function archiveEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: '',
    AWS_PROFILE: '',
    NODE_EXTRA_CA_CERTS: path.join(dir, 'loopback-cert.pem'),
  };
}

function verifyDelivery(args: string[], endpoint = tlsProxy.endpoint) {
  return runCliAsync(
    ['verify-delivery', '--config', configFile, '--from', DAYS[0], '--to', DAYS[DAYS.length - 1], ...args],
    { env: archiveEnv(endpoint) },
  );
}

test('the report names exactly the holes, and exits 1', async () => {
  const result = await runs.json;
  expect(result.status).toBe(1);
  const report = JSON.parse(result.stdout) as {
    gaps: { name: string; region: string; kind: string; days: string[] }[];
    requests: number;
    complete: boolean;
  };
  expect(report.gaps.map((g) => `${g.name} ${g.region} ${g.kind} ${g.days.join(',')}`)).toEqual([
    'acquired eu-west-1 config-snapshots 2026-10-31,2026-11-01,2026-11-02',
    'acquired us-east-1 cloudtrail-logs 2026-10-31,2026-11-01,2026-11-02',
    'acquired us-east-1 cloudtrail-digests 2026-10-31,2026-11-01,2026-11-02',
    'acquired us-east-1 config-snapshots 2026-10-31,2026-11-01,2026-11-02',
    'analytics eu-west-1 cloudtrail-digests 2026-10-31,2026-11-01,2026-11-02',
    'analytics us-east-1 cloudtrail-digests 2026-10-31,2026-11-01,2026-11-02',
    'workloads eu-west-1 cloudtrail-logs 2026-11-01',
    'workloads eu-west-1 cloudtrail-digests 2026-11-01',
    'workloads us-east-1 cloudtrail-logs 2026-11-01',
    'workloads us-east-1 cloudtrail-digests 2026-11-01',
  ]);
  // One listing a month (2) for each account and Region (5 x 2) and kind: CloudTrail logs, digests,
  // and AWS Config for the 3 members.
  expect(report.requests).toBe(5 * 2 * 2 * 2 + 3 * 2 * 2);
});

test('the text report: the matrix and what was looked for where', async () => {
  const result = await runs.text;
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('22 missing days of evidence in 3 accounts.');
  expect(result.stdout).toContain(
    [
      'account                  eu-west-1  us-east-1',
      'acquired   200000000002  S3         L3 D3 S3',
      'analytics  200000000003  D3         D3',
      'workloads  200000000001  L1 D1      L1 D1',
    ].join('\n'),
  );
  expect(result.stdout).toContain(
    'analytics 200000000003 eu-west-1: CloudTrail digest files on 2026-10-31..2026-11-02 (log files arrived)',
  );
});

test('one complete account and Region exits 0', async () => {
  const result = await runs.complete;
  expect(result.stdout).toContain('2026-11-02 to 2026-11-02 (1 day), 2 accounts in 1 Region: complete.');
  expect(result.status).toBe(0);
});

test('an archive AWS does not answer for stops with exit 1, an operation that failed, naming the bucket', async () => {
  const result = await runs.unlistable;
  expect(result.status).toBe(1);
  // (Node 20 also prints the AWS SDK's notice that it will need Node 22.)
  expect(result.stderr).toMatch(
    /^cdktf-audit-logging verify-delivery: cannot list s3:\/\/audit-logs-100000000002-eu-west-1\/AWSLogs\/\S+: gave up after 2 attempts: Error: connect ECONNREFUSED/m,
  );
  expect(result.stdout).toBe('');
});

test('without credentials it says which it needs, exit 2', async () => {
  const result = await runs.noCredentials;
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('verify-delivery: no AWS credentials to list the archive with: ');
});

test('cost --from-archive measures the events per account and day from the log files S3 lists, digests left out', async () => {
  const result = await runs.cost;
  expect(result.stderr).not.toMatch(/cost:/);
  expect(result.status).toBe(0);
  const estimate = JSON.parse(result.stdout) as {
    assumed: string[];
    volumes: { managementEventsPerAccountDay: number };
    measuredInArchive: { logFiles: number; gzipBytes: number; accountDays: number; accounts: number; requests: number };
  };
  // Every account a trail records (management, log archive, workloads, analytics, acquired's own
  // trail), each day of the window; the seeded holes only lower the bytes.
  expect(estimate.measuredInArchive).toMatchObject({
    logFiles: seededLogs.files,
    gzipBytes: seededLogs.bytes,
    accounts: 5,
    accountDays: 5 * DAYS.length,
    requests: 5 * REGIONS.length * DAYS.length,
  });
  expect(estimate.volumes.managementEventsPerAccountDay).toBeCloseTo(seededLogs.bytes / (5 * DAYS.length) / 10);
  expect(estimate.assumed).not.toContain('managementEventsPerAccountDay');
});
