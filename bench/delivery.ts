/*
 * npm run bench:delivery [-- --accounts 1000 --regions 17 --days 7 --seeded-accounts 25]
 *
 * How verify-delivery scales, in three parts:
 * 1. Request counts for a complete archive, over an archive held in memory that lists and pages as
 *    S3 does (e2e/harness/memory-archive.ts): at the full scale, and as accounts, Regions and days grow. Each
 *    count is checked against the formula the docs give (a listing per account, Region, kind and
 *    calendar month); the run exits 1 if one differs.
 * 2. Against moto, at the full scale, with the archive's buckets empty: every request moto must
 *    answer, and the report of every day missing (exit 1, as the command would). moto lists a bucket
 *    by scanning every key in Python, so it cannot hold a complete archive of this size (357,000
 *    keys for 1,000 accounts, 17 Regions and 7 days): part 3 measures a complete one it can hold.
 * 3. Against moto, a complete archive of --seeded-accounts accounts (every Region and day), seeded
 *    with PutObject: the check must find nothing missing and make the predicted number of requests.
 * It prints Markdown tables (BENCHMARKS.md, "Evidence delivery").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseConfig } from '../modules/org-config/load';
import { AWS_REGIONS_BY_PARTITION } from '../modules/core/regions';
import { mapLimit } from '../packages/cli/toolkit/common/map-limit';
import {
  addDays,
  checkDelivery,
  DeliveryExpectation,
  deliveryExpectation,
  DeliveryWindow,
  S3ArchiveLister,
  windowDays,
  windowMonths,
} from '../packages/cli/toolkit/delivery';
import { deliveredFiles, MemoryArchive } from '../e2e/harness/memory-archive';
import { startMoto } from '../e2e/harness/moto';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

const ACCOUNTS = option('accounts', 1000);
const REGIONS = option('regions', 17);
const DAYS = option('days', 7);
const SEEDED = option('seeded-accounts', 25);
const LAST_DAY = '2026-11-22';

function config(accounts: number, regions: number) {
  const governed = AWS_REGIONS_BY_PARTITION.aws.slice(0, regions);
  return parseConfig(
    JSON.stringify({
      organization: { id: 'o-benchdelivery', managementAccountId: '100000000001' },
      homeRegion: governed[0],
      governedRegions: governed,
      logArchive: { accountId: '100000000002' },
      members: Array.from({ length: accounts }, (_, i) => ({
        name: `member-${i}`,
        accountId: String(300000000000 + i),
      })),
    }),
  );
}

function window(days: number, last = LAST_DAY): DeliveryWindow {
  return { from: addDays(last, -(days - 1)), to: last };
}

/** The docs' formula: one listing per account and Region, kind and month (members: 3 kinds; the rest: 2). */
function predicted(expectation: DeliveryExpectation, days: DeliveryWindow): number {
  const months = windowMonths(days).length;
  return expectation.targets.reduce(
    (sum, t) => sum + months * ((t.trail === undefined ? 0 : 2) + (t.config === undefined ? 0 : 1)),
    0,
  );
}

function seedMemory(expectation: DeliveryExpectation, days: DeliveryWindow): MemoryArchive {
  const archive = new MemoryArchive();
  for (const target of expectation.targets)
    for (const day of windowDays(days))
      for (const file of deliveredFiles(target, day)) archive.put(file.bucket, file.key);
  return archive;
}

let failed = false;
function check(condition: boolean, message: string): void {
  if (!condition) {
    failed = true;
    process.stderr.write(`FAILED: ${message}\n`);
  }
}

async function counts(): Promise<void> {
  process.stdout.write(
    '\n### Requests for a complete archive (in memory, paged as S3 does)\n\n| Accounts | Regions | Days | Months | Files | Requests | Predicted |\n|---:|---:|---:|---:|---:|---:|---:|\n',
  );
  const points: [number, number, number, string?][] = [
    [ACCOUNTS, REGIONS, DAYS],
    [ACCOUNTS / 10, REGIONS, DAYS],
    [ACCOUNTS, 1, DAYS],
    [ACCOUNTS, REGIONS, 1],
    [ACCOUNTS, REGIONS, 30, '2026-11-30'],
    [ACCOUNTS, REGIONS, 31, '2026-11-30'],
  ];
  for (const [accounts, regions, days, last] of points) {
    const expectation = deliveryExpectation(config(accounts, regions));
    const span = window(days, last);
    const archive = seedMemory(expectation, span);
    const files = expectation.targets.reduce((sum, t) => sum + deliveredFiles(t, span.from).length, 0) * days;
    const report = await checkDelivery(expectation, span, archive, { counts: () => archive.counts });
    const expected = predicted(expectation, span);
    check(report.complete, `${accounts}x${regions}x${days}: the complete archive has gaps`);
    check(
      report.requests === expected,
      `${accounts}x${regions}x${days}: ${report.requests} requests, predicted ${expected}`,
    );
    process.stdout.write(
      `| ${accounts + 2} | ${regions} | ${days} | ${windowMonths(span).length} | ${files} | ${report.requests} | ${expected} |\n`,
    );
  }
}

async function againstMoto(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-delivery-'));
  const moto = await startMoto(path.join(dir, 'moto.log'));
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
    });
    const full = config(ACCOUNTS, REGIONS);
    const expectation = deliveryExpectation(full);
    const s3 = new S3Client({ region: full.homeRegion, forcePathStyle: true });
    const buckets = [...new Set(expectation.targets.flatMap((t) => [t.trail?.bucket, t.config?.bucket]))].filter(
      (b): b is string => b !== undefined,
    );
    for (const bucket of buckets)
      await s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: full.homeRegion as never },
        }),
      );
    process.stdout.write(
      '\n### verify-delivery against moto\n\n| Archive | Accounts | Regions | Days | Keys in moto | Requests | Attempts | Missing days | Wall time (s) | Requests/s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n',
    );
    const run = async (label: string, selection: DeliveryExpectation, keys: number) => {
      const lister = new S3ArchiveLister(full.homeRegion);
      const report = await checkDelivery(selection, window(DAYS), lister, { counts: () => lister.counts });
      lister.destroy();
      const missing = report.gaps.reduce((sum, g) => sum + g.days.length, 0);
      const accounts = new Set(selection.targets.map((t) => t.accountId)).size;
      process.stdout.write(
        `| ${label} | ${accounts} | ${REGIONS} | ${DAYS} | ${keys} | ${report.requests} | ${report.attempts} | ${missing} | ${report.seconds.toFixed(1)} | ${(report.requests / report.seconds).toFixed(0)} |\n`,
      );
      return report;
    };
    const empty = await run('empty', expectation, 0);
    check(empty.requests === predicted(expectation, window(DAYS)), `empty: ${empty.requests} requests`);
    check(
      empty.gaps.reduce((sum, g) => sum + g.days.length, 0) ===
        expectation.targets.reduce((sum, t) => sum + DAYS * ((t.trail ? 2 : 0) + (t.config ? 1 : 0)), 0),
      'empty: not every day of every kind is reported missing',
    );
    const seeded = deliveryExpectation(full, {
      accounts: Array.from({ length: SEEDED }, (_, i) => String(300000000000 + i)),
    });
    const files = seeded.targets.flatMap((t) => windowDays(window(DAYS)).flatMap((day) => deliveredFiles(t, day)));
    const started = Date.now();
    await mapLimit(files, 16, (f) => s3.send(new PutObjectCommand({ Bucket: f.bucket, Key: f.key, Body: '{}' })));
    process.stderr.write(`seeded ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const complete = await run('complete', seeded, files.length);
    check(complete.complete, 'the seeded archive has gaps');
    check(complete.requests === predicted(seeded, window(DAYS)), `complete: ${complete.requests} requests`);
    s3.destroy();
  } finally {
    await moto.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await counts();
  await againstMoto();
  if (failed) process.exitCode = 1;
}

void main();
