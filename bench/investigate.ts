/*
 * npm run bench:investigate [-- <log files>]
 *
 * Generates a copy of an organization trail's logs (default 10,000 gzip files: 10 accounts, 4
 * Regions, 30 days; 1 to 49 records each, 25 on average, drawn from the real records of the test
 * corpus, so about 1 KB of JSON per record as CloudTrail writes them), then runs in a fresh process
 * each:
 * - investigate root-user-activity for 7 of the 30 days (files outside left out by name);
 * - investigate top-callers-and-errors over all 30 days (every record grouped);
 * - a plain JavaScript scan of the same files giving the same answer (read, gunzip, JSON.parse,
 *   filter or count): the floor to beat;
 * - bare DuckDB: one read_json with its default settings over the same files, the question in its own SQL, no
 *   table built: the reference the engine should stay within 2x of;
 * - investigate on the Parquet copy `investigate --export parquet` writes (the export timed once).
 * It prints time and peak memory (maximum resident set size of the process) as a Markdown table for
 * BENCHMARKS.md ("Investigating offline"), and exits 1 when any engine's answer differs from the others'. The copy is deleted afterwards.
 *
 * With `--whole-process <runs>`, it also times whole processes, start-up included, as a user runs
 * them: the command line's `investigate top-callers-and-errors` against a node process that runs
 * bare DuckDB's read_json of the same files (DuckDB lists them) with the same grouping, and the
 * same on the Parquet copy against DuckDB's read_parquet of it; each pair `runs` times in turn after
 * one unmeasured run of each, with the minimum, median and maximum of each and of the pairs' ratios.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { ATHENA_QUERIES } from '../modules/analytics/athena-queries';
import { seededRandom } from '../e2e/harness/fault-proxy';
import { findLogFiles, readRecords } from '../packages/cli/toolkit/investigate/log-files';
import { investigate, OfflineLogs, sqlList } from '../packages/cli/toolkit/investigate/investigation';
import { DuckDbEngine } from '../packages/cli/toolkit/investigate/duckdb-engine';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, '__tests__', 'fixtures', 'cloudtrail', 'events.jsonl');
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => String(210000000000 + i));
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
const DAYS = 30;
const WEEK = { from: '2026/10/10', to: '2026/10/16' };
const ALL = { from: '2026/10/01', to: '2026/10/30' };

type Event = Record<string, unknown> & { userIdentity?: Record<string, unknown> };

/**
 * Writes `total` log files under `root`. With `uniqueIds`, each record gets its own eventID and
 * requestID (as CloudTrail's are), instead of the corpus record's: what a columnar format cannot
 * compress away.
 */
export function generate(
  root: string,
  total: number,
  options: { uniqueIds?: boolean } = {},
): { bytes: number; records: number } {
  const corpus = fs
    .readFileSync(CORPUS, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: Event }).event)
    .filter((event) => /^\d{4}-\d{2}-\d{2}T/.test(String(event.eventTime)));
  // Seeded, so that every run writes the same copy.
  const next = seededRandom(2411);
  const slots = ACCOUNTS.length * REGIONS.length * DAYS;
  let bytes = 0;
  let records = 0;
  for (let i = 0; i < total; i += 1) {
    const slot = i % slots;
    const account = ACCOUNTS[slot % ACCOUNTS.length];
    const region = REGIONS[Math.floor(slot / ACCOUNTS.length) % REGIONS.length];
    const day = 1 + (Math.floor(slot / (ACCOUNTS.length * REGIONS.length)) % DAYS);
    const date = `2026-10-${String(day).padStart(2, '0')}`;
    const minute = i % 1440;
    const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}`;
    const count = 1 + Math.floor(next() * 49);
    const batch = Array.from({ length: count }, (_, j) => {
      const event = corpus[Math.floor(next() * corpus.length)];
      return {
        ...event,
        eventTime: `${date}T${time.slice(0, 2)}:${time.slice(2)}:${String(j % 60).padStart(2, '0')}Z`,
        awsRegion: region,
        recipientAccountId: account,
        ...(options.uniqueIds === true ? { eventID: uuid(next), requestID: uuid(next) } : {}),
      };
    });
    const dir = path.join(root, 'AWSLogs', 'o-bench12345', account, 'CloudTrail', region, '2026', '10', date.slice(8));
    fs.mkdirSync(dir, { recursive: true });
    const body = gzipSync(JSON.stringify({ Records: batch }));
    fs.writeFileSync(
      path.join(dir, `${account}_CloudTrail_${region}_${date.replace(/-/g, '')}T${time}Z_${i}.json.gz`),
      body,
    );
    bytes += body.length;
    records += count;
  }
  return { bytes, records };
}

/** A version-4-shaped UUID from the seeded sequence. */
function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What one measured run prints on its last line. */
interface Measured {
  readonly seconds: number;
  readonly rows: number;
  /** SHA-256 of the answer's rows as sorted text (time and caller, or caller and count): equal when the engines agree. */
  readonly answer: string;
  readonly files: number;
}

/** The root-user question and the top-callers count, in plain JavaScript, over the files in range. */
/** The rows as text, sorted and hashed: root activity by time and caller, top callers by caller and count. */
function answerDigest(lines: string[]): string {
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

async function plainScan(root: string, query: string, days: typeof ALL): Promise<Omit<Measured, 'seconds'>> {
  const { files } = await findLogFiles(root, days);
  const roots: Event[] = [];
  const callers = new Map<string, number>();
  for (const file of files) {
    for (const event of (await readRecords(file.file)) as Event[]) {
      const identity = event.userIdentity ?? {};
      if (query === 'root-user-activity') {
        if (identity.type === 'Root' && identity.invokedBy === undefined && event.eventType !== 'AwsServiceEvent') {
          roots.push(event);
        }
      } else {
        const key = `${file.partition?.accountid}|${String(identity.arn ?? '')}`;
        callers.set(key, (callers.get(key) ?? 0) + 1);
      }
    }
  }
  const lines =
    query === 'root-user-activity'
      ? roots.map((e) => `${String(e.eventTime)}|${String(e.userIdentity?.arn ?? '')}`)
      : [...callers].map(([key, calls]) => `${key}|${calls}`);
  return { rows: lines.length, files: files.length, answer: answerDigest(lines) };
}

/** The question asked of DuckDB directly: read_json over the files, no table, no dialect. */
async function bareDuckDb(root: string, query: string, days: typeof ALL): Promise<Omit<Measured, 'seconds'>> {
  const { files } = await findLogFiles(root, days);
  const list = sqlList(files.map((f) => f.file));
  const records =
    `(SELECT unnest(Records) AS r FROM read_json(${list}, columns = {Records: 'STRUCT("eventTime" VARCHAR, ` +
    `"eventType" VARCHAR, "recipientAccountId" VARCHAR, "userIdentity" STRUCT("type" VARCHAR, "arn" VARCHAR, "invokedBy" VARCHAR))[]'}, ` +
    `format = 'auto'))`;
  const sql =
    query === 'root-user-activity'
      ? `SELECT r.eventTime || '|' || coalesce(r.userIdentity.arn, '') AS line FROM ${records} WHERE r.userIdentity.type = 'Root' AND r.userIdentity.invokedBy IS NULL AND r.eventType IS DISTINCT FROM 'AwsServiceEvent'`
      : `SELECT r.recipientAccountId || '|' || coalesce(r.userIdentity.arn, '') || '|' || count(*) AS line FROM ${records} GROUP BY r.recipientAccountId, r.userIdentity.arn`;
  const engine = await DuckDbEngine.open();
  try {
    const lines = (await engine.query(sql)).rows.map((row) => String(row.line));
    return { rows: lines.length, files: files.length, answer: answerDigest(lines) };
  } finally {
    engine.close();
  }
}

async function measure(engine: string, query: string, root: string, range: string): Promise<void> {
  const days = range === 'week' ? WEEK : ALL;
  const started = process.hrtime.bigint();
  let result: Omit<Measured, 'seconds'>;
  if (engine === 'export') {
    const whole = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
    try {
      const file = await whole.exportParquet(`${root}-columnar`);
      result = { rows: whole.records, files: whole.files.read, answer: String(fs.statSync(file).size) };
    } finally {
      whole.close();
    }
  } else if (engine === 'duckdb' || engine === 'parquet') {
    const saved = ATHENA_QUERIES.find((q) => q.name === query);
    if (saved === undefined) throw new Error(`no query ${query}`);
    const logs = engine === 'parquet' ? `${root}-columnar` : root;
    const answer = await investigate(saved.sql, { logs, days });
    const lines = answer.rows.map((r) =>
      query === 'root-user-activity'
        ? `${String(r.eventtime)}|${String(r.identity_arn ?? '')}`
        : `${String(r.accountid)}|${String(r.identity_arn ?? '')}|${String(r.calls)}`,
    );
    result = { rows: lines.length, files: answer.files.read, answer: answerDigest(lines) };
  } else if (engine === 'bare') result = await bareDuckDb(root, query, days);
  else result = await plainScan(root, query, days);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const measured: Measured = { seconds, ...result };
  process.stdout.write(`${JSON.stringify({ ...measured, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

/** Runs one measurement in a fresh process and returns what it printed. */
function run(engine: string, query: string, root: string, range: string): Measured & { maxRssKb: number } {
  const child = spawnSync(
    process.execPath,
    ['-r', require.resolve('../tools/swc-register.js'), __filename, 'measure', engine, query, root, range],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`${engine} ${query} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measured & { maxRssKb: number };
}

const ENGINE_NAMES: Readonly<Record<string, string>> = {
  duckdb: 'investigate (native DuckDB) on the .json.gz files',
  plain: 'plain JavaScript scan',
  bare: 'bare DuckDB read_json of the same files',
  parquet: 'investigate on the Parquet copy',
};

/** Bare DuckDB in a node process of its own: the grouping of top-callers-and-errors, no table. */
const BARE_SCRIPT = `'use strict';
const { DuckDBInstance } = require(${JSON.stringify(path.join(ROOT, 'node_modules', '@duckdb', 'node-api'))});
(async () => {
  const [source, kind] = process.argv.slice(2);
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const sql = kind === 'parquet'
    ? "SELECT accountid, useridentity.arn AS arn, count(*) AS calls FROM read_parquet('" + source + "/**/*.parquet') GROUP BY ALL ORDER BY ALL"
    : "SELECT r.recipientAccountId, r.userIdentity.arn, count(*) AS calls FROM (SELECT unnest(Records) AS r FROM read_json('" + source + "/**/*.json.gz', columns = {Records: 'STRUCT(\\"recipientAccountId\\" VARCHAR, \\"userIdentity\\" STRUCT(\\"arn\\" VARCHAR))[]'}, format = 'auto')) GROUP BY ALL ORDER BY ALL";
  process.stdout.write((await connection.runAndReadAll(sql)).getRows().length + '\\n');
})();
`;

/** Wall seconds of one whole process, and the rows it answered (bare: its count; investigate: CSV lines). */
function wholeProcess(args: readonly string[]): { seconds: number; rows: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 2 ** 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${child.stderr}`);
  const out = child.stdout.trim();
  return { seconds, rows: /^\d+$/.test(out) ? Number(out) : out.split('\n').length - 1 };
}

const spread = (values: readonly number[], digits: number): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return [sorted[0], median, sorted[sorted.length - 1]].map((v) => v.toFixed(digits)).join(' / ');
};

/** investigate against bare DuckDB, whole processes, on the files and on the Parquet copy. */
function compareWholeProcesses(root: string, total: number, runs: number): void {
  const bare = path.join(`${root}-columnar`, '..', `${path.basename(root)}-bare.js`);
  fs.writeFileSync(bare, BARE_SCRIPT);
  const cli = path.join(ROOT, 'bin', 'cdktf-audit-logging.js');
  process.stdout.write(
    `\nWhole processes, ${runs} runs of each in turn after one unmeasured (min / median / max):\n\n` +
      '| Files | Source | investigate (s) | bare DuckDB (s) | investigate / bare |\n|---:|---|---|---|---|\n',
  );
  try {
    for (const [source, logs, kind] of [
      ['.json.gz', root, 'json'],
      ['Parquet copy', `${root}-columnar`, 'parquet'],
    ] as const) {
      const ours = [cli, 'investigate', 'top-callers-and-errors', '--logs', logs, '--format', 'csv'];
      const theirs = [bare, logs, kind];
      const a: number[] = [];
      const b: number[] = [];
      for (let run = -1; run < runs; run += 1) {
        const x = wholeProcess(ours);
        const y = wholeProcess(theirs);
        if (x.rows !== y.rows) throw new Error(`${source}: investigate answered ${x.rows} rows, bare DuckDB ${y.rows}`);
        if (run < 0) continue;
        a.push(x.seconds);
        b.push(y.seconds);
      }
      process.stdout.write(
        `| ${total} | ${source} | ${spread(a, 3)} | ${spread(b, 3)} | ${spread(
          a.map((x, i) => x / b[i]),
          2,
        )} |\n`,
      );
    }
  } finally {
    fs.rmSync(bare, { force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'measure') {
    await measure(process.argv[3], process.argv[4], process.argv[5], process.argv[6]);
    return;
  }
  const flag = process.argv.indexOf('--whole-process');
  const runs = flag === -1 ? 0 : Number(process.argv[flag + 1]);
  if (flag !== -1 && !(Number.isInteger(runs) && runs > 0)) {
    throw new Error(`--whole-process ${process.argv[flag + 1]}: give the number of runs, such as 5`);
  }
  const positional = process.argv
    .slice(2)
    .filter((_, i, all) => all[i] !== '--whole-process' && all[i - 1] !== '--whole-process');
  const total = Number(positional[0] ?? 10000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'investigate-bench-'));
  try {
    const generated = Date.now();
    const { bytes, records } = generate(root, total);
    process.stdout.write(
      `generated ${total} log files, ${records} records, ${(bytes / 2 ** 20).toFixed(1)} MB gzip, in ${((Date.now() - generated) / 1000).toFixed(1)} s\n\n`,
    );
    const exported = run('export', '-', root, 'all');
    process.stdout.write(
      `investigate --export parquet: ${exported.rows} records from ${exported.files} files in ${exported.seconds.toFixed(1)} s, ` +
        `${(Number(exported.answer) / 2 ** 20).toFixed(1)} MB Parquet (zstd)\n\n`,
    );
    process.stdout.write('| Query | Days | Engine | Files read | Rows | Time (s) | Peak memory (MB) |\n');
    process.stdout.write('|---|---|---|---:|---:|---:|---:|\n');
    for (const [query, range] of [
      ['root-user-activity', 'week'],
      ['top-callers-and-errors', 'all'],
    ]) {
      const answers = new Set<string>();
      for (const engine of ['duckdb', 'plain', 'bare', 'parquet']) {
        const result = run(engine, query, root, range);
        process.stdout.write(
          `| ${query} | ${range === 'week' ? '7 of 30' : '30 of 30'} | ${ENGINE_NAMES[engine]} | ${result.files} | ${result.rows} | ${result.seconds.toFixed(1)} | ${Math.round(result.maxRssKb / 1024)} |\n`,
        );
        answers.add(result.answer);
      }
      if (answers.size !== 1) throw new Error(`${query}: the engines gave different answers`);
    }
    process.stdout.write('\nEvery engine gave the same answer to each query.\n');
    if (runs > 0) compareWholeProcesses(root, total, runs);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(`${root}-columnar`, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
