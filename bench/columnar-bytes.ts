/*
 * npm run bench:columnar-bytes
 *
 * How many bytes each saved query reads from the raw logs (gzip JSON, as Athena's CloudTrail table
 * reads them) and from the columnar copy (Parquet, as the Iceberg table holds it), both read by
 * native DuckDB on this machine. The copy is made with the daily insert the schedule runs (one
 * statement per day), then written one Parquet file per day (zstd, as Athena writes Iceberg data),
 * in the order the insert produced its rows (account, Region, time): each day's commit lands in
 * files of its own. A day of this month is about 8,300 records, one Parquet row group: nothing
 * within a day can be skipped here, so the order's effect on account and Region predicates (files
 * and row groups with narrow account ranges, in a large organization's day) is not measured.
 *
 * Bytes read are the process's own read bytes (/proc/self/io rchar) around loading and running the
 * query in a fresh engine: the log files of the query's days for the raw logs (left out by name
 * outside them, as partition projection does), the Parquet footers and the column chunks of the
 * row groups DuckDB does not skip for the copy. A last table asks for one account and one Region:
 * the raw logs read only that account's Region folders (as partition projection does). Linux only.
 * The data is the 10,000-file month of bench:investigate (10 accounts, 4 Regions, 30 days), each
 * record with its own eventID and requestID; each query asks for 7 of the 30 days. The records are drawn from the 198 of the test
 * corpus, so the other fields repeat more than real logs do: the Parquet copy is smaller than it
 * would be, and the ratios are an upper bound of what real logs give.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ATHENA_QUERIES } from '../modules/analytics/athena-queries';
import { COLUMNAR_COPY_COLUMNS, columnarCopySql, dayLiteral } from '../modules/analytics/columnar-copy-sql';
import { OfflineLogs } from '../packages/cli/toolkit/investigate/investigation';
import { duckDbType, parseHiveType } from '../packages/cli/toolkit/investigate/table-schema';
import { generate } from './investigate';

const WEEK = { from: '2026/10/10', to: '2026/10/16' };
/** The account and Region of the last table (of bench:investigate's 10 accounts and 4 Regions). */
const ONE = { account: '210000000003', region: 'eu-west-1' };
/** Calls per principal of one account and Region: a saved query's question, narrowed to them. */
const ONE_ACCOUNT_AND_REGION = {
  name: 'top callers of one account and Region',
  sql: (table: string) => `SELECT useridentity.arn AS identity_arn, count(*) AS calls,
  count_if(errorcode IS NOT NULL) AS errors
FROM ${table}
WHERE eventdate BETWEEN ? AND ? AND accountid = '${ONE.account}' AND region = '${ONE.region}'
GROUP BY useridentity.arn`,
};
const DAYS = Array.from({ length: 30 }, (_, i) => `2026/10/${String(i + 1).padStart(2, '0')}`);
/** Values of the queries that ask for more than the days: a caller and an address seen in the corpus. */
const VALUES: Record<string, string[]> = {
  'actions-by-principal': ['role/', 'role/'],
  'activity-from-ip': ['203.0.113.12'],
};

function readBytes(): number {
  const match = /^rchar: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'));
  if (match === null) throw new Error('/proc/self/io has no rchar: this bench needs Linux');
  return Number(match[1]);
}

/** Bytes read by loading `folder` for one query and running it over the week, and the rows it gave. */
async function measure(
  folder: string,
  query: { readonly name: string; readonly sql: (table: string) => string },
): Promise<{ bytes: number; rows: string }> {
  const before = readBytes();
  const logs = await OfflineLogs.load(folder, [query.sql], { days: WEEK });
  try {
    const answer = await logs.run(query.sql, VALUES[query.name] ?? []);
    return {
      bytes: readBytes() - before,
      rows: answer.rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n'),
    };
  } finally {
    logs.close();
  }
}

/** Makes the copy: the daily insert for each day, then one Parquet file per day. */
async function makeCopy(root: string, out: string): Promise<number> {
  const logs = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
  try {
    const columns = COLUMNAR_COPY_COLUMNS.map((c) => `${c.name} ${duckDbType(parseHiveType(c.type))}`);
    await logs.execute(`CREATE TABLE cloudtrail_copy (${columns.join(', ')})`);
    for (const day of DAYS) {
      await logs.execute(
        columnarCopySql({ sourceTable: 'cloudtrail', copyTable: 'cloudtrail_copy', day: dayLiteral(day) }),
      );
    }
    fs.mkdirSync(out, { recursive: true });
    for (const day of DAYS) {
      const file = path.join(out, `${day.replace(/\//g, '-')}.parquet`);
      await logs.execute(
        `COPY (SELECT * FROM cloudtrail_copy WHERE eventdate = ${dayLiteral(day)}) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
    return logs.records;
  } finally {
    logs.close();
  }
}

function folderBytes(folder: string): number {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-columnar-'));
  const copy = `${root}-copy`;
  try {
    const { bytes, records } = generate(root, 10_000, { uniqueIds: true });
    const copied = await makeCopy(root, copy);
    if (copied !== records) throw new Error(`the copy holds ${copied} records of ${records}`);
    process.stdout.write(
      `${records} records; raw logs ${(bytes / 2 ** 20).toFixed(1)} MiB gzip JSON, columnar copy ${(folderBytes(copy) / 2 ** 20).toFixed(1)} MiB Parquet\n\n`,
    );
    process.stdout.write('| saved query (7 of 30 days) | gzip JSON read (MiB) | columnar read (MiB) | fewer bytes |\n');
    process.stdout.write('|---|---:|---:|---:|\n');
    const ratios: number[] = [];
    for (const query of ATHENA_QUERIES) {
      const raw = await measure(root, query);
      const columnar = await measure(copy, query);
      if (raw.rows !== columnar.rows) throw new Error(`${query.name}: the copy gave another answer than the raw logs`);
      const ratio = raw.bytes / columnar.bytes;
      ratios.push(ratio);
      process.stdout.write(
        `| ${query.name} | ${(raw.bytes / 2 ** 20).toFixed(1)} | ${(columnar.bytes / 2 ** 20).toFixed(2)} | ${ratio.toFixed(0)}x |\n`,
      );
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    process.stdout.write(
      `\nMedian ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}x fewer bytes (least ${sorted[0].toFixed(0)}x); every query gave the same rows on both.\n`,
    );

    // One account and Region: the raw logs read only their folders, as projection does.
    const folders = path.join(root, 'AWSLogs', 'o-bench12345', ONE.account, 'CloudTrail', ONE.region);
    const narrowed = [
      ['gzip JSON, that account and Region only', await measure(folders, ONE_ACCOUNT_AND_REGION)],
      ['columnar copy', await measure(copy, ONE_ACCOUNT_AND_REGION)],
    ] as const;
    if (new Set(narrowed.map(([, m]) => m.rows)).size !== 1) {
      throw new Error(`${ONE_ACCOUNT_AND_REGION.name}: the forms gave different answers`);
    }
    process.stdout.write(`\n| ${ONE_ACCOUNT_AND_REGION.name} (7 of 30 days) | read (MiB) |\n|---|---:|\n`);
    for (const [form, m] of narrowed) process.stdout.write(`| ${form} | ${(m.bytes / 2 ** 20).toFixed(2)} |\n`);
    process.stdout.write('\nBoth gave the same rows.\n');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
