/*
 * npm run bench:verify-logs [-- <log files>]
 *
 * Generates a tree of CloudTrail log files (default 10000, about 2 KB of JSON each before gzip) in
 * 4 Regions with their signed hourly digests (100 log files per hour), then times verify-logs on
 * it in this process and prints files per second. The tree is deleted afterwards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parsePublicKeys } from '../packages/cli/toolkit/integrity/digest-file';
import { DigestTreeWriter, makeSigningKey } from '../packages/cli/toolkit/integrity/digest-writer';
import { verifyTree } from '../packages/cli/toolkit/integrity/verify-tree';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10000);
  const perHour = 100;
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-bench-'));
  const key = makeSigningKey();
  const start = Date.UTC(2026, 0, 1);
  const event = (i: number) => ({
    eventVersion: '1.09',
    eventTime: new Date(start + i * 1000).toISOString(),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-sdk-js/3.700.0',
    requestParameters: { bucketName: 'example', key: `reports/${i}.csv` },
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::444444444444:assumed-role/app/session',
      accountId: '444444444444',
    },
    eventID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  });
  const generated = Date.now();
  let written = 0;
  for (const [r, region] of regions.entries()) {
    const writer = new DigestTreeWriter(root, {
      bucket: 'bench-bucket',
      accountPath: 'o-abcdefghij/444444444444',
      accountId: '444444444444',
      region,
      trailName: 'org-trail',
      homeRegion: 'us-east-1',
      privateKey: key.privateKey,
      fingerprint: key.fingerprint,
    });
    const share = Math.ceil((total - written) / (regions.length - r));
    for (let hour = 0; written < total && hour * perHour < share; hour++) {
      const count = Math.min(perHour, share - hour * perHour, total - written);
      const logs = Array.from({ length: count }, (_, i) =>
        JSON.stringify({ Records: Array.from({ length: 4 }, (__, j) => event(written + i * 4 + j)) }),
      );
      await writer.writeHour(new Date(start + hour * 3600_000), logs);
      written += count;
    }
  }
  const generatedSeconds = (Date.now() - generated) / 1000;

  const publicKeys = parsePublicKeys(JSON.stringify({ PublicKeyList: [key.listEntry] }));
  const began = process.hrtime.bigint();
  const report = await verifyTree(root, { publicKeys });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  fs.rmSync(root, { recursive: true, force: true });
  const logs = report.streams.reduce((sum, s) => sum + s.logs.valid, 0);
  if (!report.ok || logs !== total)
    throw new Error(`the generated tree did not verify (${logs} of ${total} log files valid)`);
  console.log(`generated ${total} log files and ${report.files.digests} digests in ${generatedSeconds.toFixed(1)} s`);
  console.log(
    `verified ${total} log files and ${report.files.digests} digests in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} log files/s (node ${process.version}, ${os.cpus().length} cores)`,
  );
}

void main();
