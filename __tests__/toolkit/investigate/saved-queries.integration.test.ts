import * as fs from 'fs';
import * as path from 'path';
import { ATHENA_QUERIES, AthenaQuery } from '../../../modules/analytics/athena-queries';
import { watchedCalls } from '../../../modules/catalogs/evasion-api-coverage';
import {
  COLUMNAR_COPY_COLUMNS,
  COLUMNAR_COPY_ORDER,
  columnarCopySql,
  copiedDayCountSql,
  dayLiteral,
  deleteCopiedDaySql,
  SCHEDULED_DAY,
} from '../../../modules/analytics/columnar-copy-sql';
import { investigate, OfflineLogs } from '../../../packages/cli/toolkit/investigate/investigation';
import { duckDbType, parseHiveType } from '../../../packages/cli/toolkit/investigate/table-schema';
import { ResultRow } from '../../../packages/cli/toolkit/investigate/duckdb-engine';
import { datePartitionPredicates, parseTrino } from '../../analytics/trino';
import { tempDir } from '../../support/synth';
import { accountOf, deliver, Event, EVENTS } from './corpus-logs';

/*
 * Every saved query, run offline by DuckDB on the CloudTrail corpus (fixtures/cloudtrail/events.jsonl,
 * delivered here as CloudTrail would: one file per account, Region and day, in the AWSLogs layout),
 * answers its question: its rows are exactly those a predicate written from the question, over the
 * events themselves, selects. A mutation of each query's main predicate changes the answer, so the
 * comparison can fail. Each query also parses as Trino (Athena) with the date predicate.
 */

const arn = (e: Event): string | null => e.userIdentity?.arn ?? null;
const ROW = (r: ResultRow) => `${r.eventtime}|${r.eventname}|${r.identity_arn ?? ''}`;
const EVENT = (e: Event) => `${e.eventTime}|${e.eventName}|${arn(e) ?? ''}`;
const sorted = (values: string[]) => [...values].sort();

/** How each query's rows are compared with the events the question selects, and its values. */
interface Expectation {
  readonly values?: string[];
  /** The question, over the events themselves. */
  readonly expected: (events: readonly Event[]) => string[];
  /** The rows as the same strings. */
  readonly actual: (rows: readonly ResultRow[]) => string[];
  /** The main predicate's text in the query, and what a mutation makes of it. */
  readonly mutation: readonly [string, string];
}

const matching = (select: (e: Event) => boolean) => (events: readonly Event[]) =>
  sorted(events.filter(select).map(EVENT));
const rows = (r: readonly ResultRow[]) => sorted(r.map(ROW));
const json = (value: unknown): Event => (typeof value === 'string' ? JSON.parse(value) : (value ?? {}));
const EVIDENCE = [
  'DeleteBucket',
  'DeleteTrail',
  'ScheduleKeyDeletion',
  'DisableKey',
  'DeleteLogGroup',
  'DeleteLogStream',
];
const IAM_POLICY = [
  ...['CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion'],
  ...['AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy'],
  ...['DetachGroupPolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'PutUserPolicy', 'DeleteUserPolicy', 'PutGroupPolicy'],
  ...['DeleteGroupPolicy', 'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary'],
];
const TRAIL_CHANGES = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'];
const CONFIG_CHANGES = [
  'StopConfigurationRecorder',
  'DeleteConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutDeliveryChannel',
  'PutConfigurationRecorder',
];
/** A principal part that some events match by their own ARN and others by the role their session assumed. */
const PRINCIPAL = 'role/';
const IP = '192.168.10.20';

/** `<eventSource> <eventName>` of every call audit-system-changes asks for. */
const WATCHED = new Set(
  watchedCalls().flatMap(({ eventSource, eventNames }) => eventNames.map((name) => `${eventSource} ${name}`)),
);

const EXPECTATIONS: Record<string, Expectation> = {
  'actions-by-principal': {
    // One value, asked once: the caller's ARN and the role its session assumed are searched together.
    values: [PRINCIPAL],
    expected: matching(
      (e) =>
        (arn(e) ?? '').includes(PRINCIPAL) ||
        (e.userIdentity?.sessionContext?.sessionIssuer?.arn ?? '').includes(PRINCIPAL),
    ),
    actual: rows,
    mutation: ["coalesce(useridentity.arn, '')", "''"],
  },
  'root-user-activity': {
    expected: matching(
      (e) =>
        e.userIdentity?.type === 'Root' &&
        (e.userIdentity?.invokedBy ?? null) === null &&
        e.eventType !== 'AwsServiceEvent',
    ),
    actual: rows,
    mutation: ["useridentity.type = 'Root'", "useridentity.type = 'IAMUser'"],
  },
  'denied-calls-by-principal': {
    expected: (events) => {
      const groups = new Map<string, number>();
      for (const e of events.filter((x) => (x.errorCode ?? null) !== null)) {
        const key = [accountOf(e), arn(e) ?? '', e.eventSource, e.eventName, e.errorCode].join('|');
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      return sorted([...groups].map(([key, calls]) => `${key}|${calls}`));
    },
    actual: (r) =>
      sorted(
        r.map((x) => [x.accountid, x.identity_arn ?? '', x.eventsource, x.eventname, x.errorcode, x.calls].join('|')),
      ),
    mutation: ['errorcode IS NOT NULL', 'errorcode IS NULL'],
  },
  'console-signins-without-mfa': {
    expected: matching(
      (e) =>
        e.eventName === 'ConsoleLogin' &&
        json(e.additionalEventData).MFAUsed === 'No' &&
        json(e.responseElements).ConsoleLogin === 'Success',
    ),
    // It does not select the call's name, which is ConsoleLogin by its predicate.
    actual: (r) => sorted(r.map((x) => ROW({ ...x, eventname: 'ConsoleLogin' }))),
    mutation: ["'$.MFAUsed') = 'No'", "'$.MFAUsed') = 'Yes'"],
  },
  'evidence-deletions': {
    expected: matching((e) => EVIDENCE.includes(e.eventName)),
    actual: rows,
    mutation: ["IN ('DeleteBucket', 'DeleteTrail',", "IN ('DeleteBucket',"],
  },
  'iam-policy-changes': {
    expected: matching((e) => e.eventSource === 'iam.amazonaws.com' && IAM_POLICY.includes(e.eventName)),
    actual: rows,
    mutation: ["'AttachRolePolicy', ", ''],
  },
  'audit-tampering': {
    expected: matching(
      (e) =>
        (e.eventSource === 'cloudtrail.amazonaws.com' && TRAIL_CHANGES.includes(e.eventName)) ||
        (e.eventSource === 'config.amazonaws.com' && CONFIG_CHANGES.includes(e.eventName)),
    ),
    actual: rows,
    mutation: ["IN ('StopLogging', ", 'IN ('],
  },
  'audit-system-changes': {
    // The calls the alarms watch (the evasion pack's coverage catalog), allowed or not.
    expected: matching((e) => WATCHED.has(`${e.eventSource} ${e.eventName}`)),
    actual: rows,
    mutation: ["eventsource = 'cloudtrail.amazonaws.com' AND", "eventsource = 'cloudtrail.amazonaws.com' AND NOT"],
  },
  'network-changes': {
    expected: matching(
      (e) =>
        e.eventSource === 'ec2.amazonaws.com' &&
        /SecurityGroup|NetworkAcl|Route|Gateway|Vpc/.test(e.eventName) &&
        !/^(Describe|Get)/.test(e.eventName),
    ),
    actual: rows,
    mutation: ["eventname LIKE '%SecurityGroup%' OR ", ''],
  },
  'top-callers-and-errors': {
    expected: (events) => {
      const groups = new Map<string, Event[]>();
      for (const e of events) {
        const key = `${accountOf(e)}|${arn(e) ?? ''}`;
        groups.set(key, [...(groups.get(key) ?? []), e]);
      }
      return sorted(
        [...groups].map(
          ([key, es]) =>
            `${key}|${es.length}|${es.filter((e) => (e.errorCode ?? null) !== null).length}|${new Set(es.map((e) => e.eventName).filter((n) => (n ?? null) !== null)).size}`,
        ),
      );
    },
    actual: (r) =>
      sorted(r.map((x) => `${x.accountid}|${x.identity_arn ?? ''}|${x.calls}|${x.errors}|${x.distinct_calls}`)),
    mutation: ['count_if(errorcode IS NOT NULL)', 'count_if(errorcode IS NULL)'],
  },
  'vpc-endpoint-denials': {
    expected: matching((e) => e.errorCode === 'VpceAccessDenied'),
    actual: rows,
    mutation: ["errorcode = 'VpceAccessDenied'", "errorcode <> 'VpceAccessDenied'"],
  },
  'activity-from-ip': {
    values: [IP],
    expected: matching((e) => e.sourceIPAddress === IP),
    actual: rows,
    mutation: ['sourceipaddress = ?', 'sourceipaddress <> ?'],
  },
};

const mutated = (query: AthenaQuery) => (table: string) => {
  const [from, to] = EXPECTATIONS[query.name].mutation;
  return query.sql(table).replace(from, to);
};

describe('the saved queries, run offline on the CloudTrail corpus', () => {
  let logs: OfflineLogs;
  beforeAll(async () => {
    const root = tempDir('investigate-corpus');
    deliver(root, EVENTS);
    logs = await OfflineLogs.load(root, [...ATHENA_QUERIES.map((q) => q.sql), ...ATHENA_QUERIES.map(mutated)]);
  }, 60_000);
  afterAll(() => logs?.close());

  test('load every delivered event', () => {
    expect(logs.records).toBe(EVENTS.length);
  });

  test('every query has an expectation', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(ATHENA_QUERIES.map((q) => q.name).sort());
  });

  test.each(ATHENA_QUERIES.map((q) => [q.name, q] as const))(
    '%s answers exactly its question, a mutation of its predicate does not, and it parses as Trino',
    async (name, query) => {
      const expectation = EXPECTATIONS[name];
      const expected = expectation.expected(EVENTS);
      expect(expected.length).toBeGreaterThan(0);
      const answer = await logs.run(query.sql, expectation.values ?? []);
      expect(expectation.actual(answer.rows)).toEqual(expected);
      expect(query.sql('cloudtrail')).toContain(expectation.mutation[0]);
      const mutant = await logs.run(mutated(query), expectation.values ?? []);
      expect(expectation.actual(mutant.rows)).not.toEqual(expected);
      expect(datePartitionPredicates(parseTrino(query.sql('cloudtrail')))).toEqual([
        { operator: 'BETWEEN', column: 'eventdate' },
      ]);
    },
  );
});

describe('the saved queries on the columnar copy investigate --export parquet writes', () => {
  let json: OfflineLogs;
  let parquet: OfflineLogs;
  let file: string;
  let root: string;
  beforeAll(async () => {
    root = tempDir('investigate-corpus-json');
    deliver(root, EVENTS);
    const whole = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
    try {
      file = await whole.exportParquet(tempDir('investigate-corpus-parquet'));
    } finally {
      whole.close();
    }
    json = await OfflineLogs.load(
      root,
      ATHENA_QUERIES.map((q) => q.sql),
    );
    parquet = await OfflineLogs.load(
      path.dirname(file),
      ATHENA_QUERIES.map((q) => q.sql),
    );
  }, 60_000);
  afterAll(() => {
    json?.close();
    parquet?.close();
  });

  test('holds every record in one Parquet file, and nothing half-written beside it', () => {
    expect(parquet.records).toBe(EVENTS.length);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cloudtrail.parquet']);
  });

  test.each(ATHENA_QUERIES.map((q) => [q.name, q] as const))('%s gives the same rows on both', async (name, query) => {
    const values = EXPECTATIONS[name].values ?? [];
    const fromJson = await json.run(query.sql, values);
    const fromParquet = await parquet.run(query.sql, values);
    const text = (rows: ResultRow[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(fromParquet.columns).toEqual(fromJson.columns);
    expect(text(fromParquet.rows)).toEqual(text(fromJson.rows));
    // Loaded for itself alone (only the fields at the paths it names), it gives the same rows too.
    const alone = await investigate(query.sql, { logs: root, values });
    expect(alone.columns).toEqual(fromJson.columns);
    expect(text(alone.rows)).toEqual(text(fromJson.rows));
    expect(fromJson.rows.length).toBeGreaterThan(0);
  });
});

describe('the columnar copy: its daily insert and the saved queries on it, run offline', () => {
  const COPY = 'cloudtrail_copy';
  const DAYS = [...new Set(EVENTS.map((e) => (e.eventTime as string).slice(0, 10).replace(/-/g, '/')))].sort();
  let logs: OfflineLogs;
  /** The records of the copy for each day, and in all. */
  const counts = async () => {
    const perDay = await logs.run(
      () => `SELECT eventdate, count(*) AS n FROM ${COPY} WHERE eventdate BETWEEN ? AND ? GROUP BY eventdate`,
      [],
    );
    return Object.fromEntries(perDay.rows.map((r) => [r.eventdate as string, r.n as number]));
  };
  const copyDay = (day: string) =>
    logs.execute(columnarCopySql({ sourceTable: 'cloudtrail', copyTable: COPY, day: dayLiteral(day) }));

  beforeAll(async () => {
    const root = tempDir('investigate-corpus-copy');
    deliver(root, EVENTS);
    logs = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
    const columns = COLUMNAR_COPY_COLUMNS.map((c) => `${c.name} ${duckDbType(parseHiveType(c.type))}`);
    await logs.execute(`CREATE TABLE ${COPY} (${columns.join(', ')})`);
  }, 60_000);
  afterAll(() => logs?.close());

  test('the scheduled run copies the day before its scheduled time (UTC), and only that day', async () => {
    const day = DAYS[DAYS.length - 1];
    const next = new Date(Date.parse(`${day.replace(/\//g, '-')}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const scheduled = columnarCopySql({ sourceTable: 'cloudtrail', copyTable: COPY, day: SCHEDULED_DAY }).replace(
      /<aws\.scheduler\.scheduled-time>/g,
      `${next}T00:20:00Z`,
    );
    await logs.execute(scheduled);
    const expected = EVENTS.filter((e) => (e.eventTime as string).startsWith(day.replace(/\//g, '-'))).length;
    expect(await counts()).toEqual({ [day]: expected });
  });

  test('every day copied, then copied again: each record once, as many as the raw table holds', async () => {
    for (const day of DAYS) await copyDay(day);
    const once = await counts();
    for (const day of DAYS) await copyDay(day);
    expect(await counts()).toEqual(once);
    const total = Object.values(once).reduce((a, b) => a + b, 0);
    expect(total).toBe(EVENTS.length);
    expect(Object.keys(once).sort()).toEqual(DAYS);
  });

  test('each day is written in account, Region and time order, so file statistics can skip other accounts and Regions', async () => {
    // A source whose rows come in no useful order (the log files already hold one account and
    // Region each), and a copy of its own.
    const source = 'cloudtrail_shuffled';
    const copy = 'cloudtrail_copy_ordered';
    await logs.execute(`CREATE TABLE ${source} AS SELECT * FROM cloudtrail ORDER BY md5(eventid)`);
    const columns = COLUMNAR_COPY_COLUMNS.map((c) => `${c.name} ${duckDbType(parseHiveType(c.type))}`);
    await logs.execute(`CREATE TABLE ${copy} (${columns.join(', ')})`);
    const stored = async (table: string, day: string) =>
      (
        await logs.run(
          () =>
            `SELECT ${COLUMNAR_COPY_ORDER.join(', ')} FROM ${table} WHERE eventdate = ${dayLiteral(day)} AND ? <= ?`,
          [],
        )
      ).rows.map((r) => COLUMNAR_COPY_ORDER.map((column) => String(r[column])).join('|'));
    let days = 0;
    for (const day of DAYS) {
      await logs.execute(columnarCopySql({ sourceTable: source, copyTable: copy, day: dayLiteral(day) }));
      const keys = await stored(copy, day);
      expect(keys).toEqual([...keys].sort());
      // The source's order is not already this order on the days with several records.
      if ((await stored(source, day)).join() !== keys.join()) days += 1;
    }
    expect(days).toBeGreaterThan(0);
  });

  test('without its guard the insert would double a day: the guard is what keeps a second run harmless', async () => {
    const day = DAYS[0];
    const before = (await counts())[day];
    const unguarded = columnarCopySql({ sourceTable: 'cloudtrail', copyTable: COPY, day: dayLiteral(day) }).replace(
      /\n {2}AND NOT EXISTS .*$/s,
      '',
    );
    expect(unguarded).not.toContain('NOT EXISTS');
    await logs.execute(unguarded);
    expect((await counts())[day]).toBe(2 * before);
    // Replacing a day: delete it, copy it again.
    await logs.execute(deleteCopiedDaySql(COPY, dayLiteral(day)));
    expect((await counts())[day]).toBeUndefined();
    await copyDay(day);
    expect((await counts())[day]).toBe(before);
    const reported = await logs.run(() => copiedDayCountSql(COPY, dayLiteral(day)) + ' AND ? <= ?', []);
    expect(reported.rows).toEqual([{ records: before }]);
  });

  test.each(ATHENA_QUERIES.map((q) => [q.name, q] as const))(
    '%s gives the same rows on the copy as on the raw table',
    async (name, query) => {
      const values = EXPECTATIONS[name].values ?? [];
      const raw = await logs.run(query.sql, values);
      const copy = await logs.run(() => query.sql(COPY), values);
      const text = (rows: ResultRow[]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(copy.columns).toEqual(raw.columns);
      expect(text(copy.rows)).toEqual(text(raw.rows));
      expect(raw.rows.length).toBeGreaterThan(0);
    },
  );

  test('a day not written yyyy/MM/dd is refused before it reaches SQL', () => {
    expect(() => dayLiteral("2026/11/24' OR 1=1 --")).toThrow('is not a day written yyyy/MM/dd');
  });
});

describe('a saved query with a LIMIT keeps the same rows whatever order the records were inserted in', () => {
  // Each corpus event and a twin at the same time with another user agent, so every record ties
  // with another on eventtime, and many groups tie on their counts. CloudTrail gives each event its
  // own eventID; the corpus's hand-written events reuse a few, so each gets its own here.
  const twins = EVENTS.flatMap((e, i) => [
    { ...e, eventID: `event-${i}` },
    { ...e, eventID: `twin-${i}`, userAgent: `twin-agent-${i}` },
  ]);
  const INSERTED = ['md5(eventid)', 'md5(eventid) DESC'];
  let logs: OfflineLogs;
  beforeAll(async () => {
    const root = tempDir('investigate-corpus-ties');
    deliver(root, twins);
    logs = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
    for (const [i, order] of INSERTED.entries()) {
      await logs.execute(`CREATE TABLE inserted_${i} AS SELECT * FROM cloudtrail ORDER BY ${order}`);
    }
  }, 60_000);
  afterAll(() => logs?.close());

  const limited = ATHENA_QUERIES.filter((q) => /\bLIMIT \d+\s*$/.test(q.sql('cloudtrail')));

  test('every saved query has a LIMIT', () => {
    expect(limited.map((q) => q.name)).toEqual(ATHENA_QUERIES.map((q) => q.name));
  });

  test.each(limited.map((q) => [q.name, q] as const))(
    '%s: the same rows, in the same order, at every cut of its LIMIT',
    async (name, query) => {
      const values = EXPECTATIONS[name].values ?? [];
      const at = (table: string, limit: number) =>
        logs.run(() => query.sql(table).replace(/\bLIMIT \d+\s*$/, `LIMIT ${limit}`), values);
      const all = (await at('inserted_0', 1_000_000)).rows.length;
      expect(all).toBeGreaterThan(1);
      for (let limit = 1; limit <= Math.min(all, 25); limit += 1) {
        const [first, second] = await Promise.all([at('inserted_0', limit), at('inserted_1', limit)]);
        expect(second.rows).toEqual(first.rows);
        expect(first.rows).toHaveLength(limit);
      }
    },
  );
});
