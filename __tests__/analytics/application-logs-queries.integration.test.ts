import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { APPLICATION_LOGS_QUERIES } from '../../modules/analytics/application-logs-queries';
import { OfflineApplicationLogs } from '../../packages/cli/toolkit/investigate/application-logs';
import { ResultRow } from '../../packages/cli/toolkit/investigate/duckdb-engine';
import { parseTrino, partitionPredicates } from './trino';
import { ROOT, tempDir } from '../support/synth';

/*
 * The saved queries over the application logs, run by DuckDB (with the Trino functions it lacks, as
 * investigate defines them) on envelopes laid out as the archive's streams write them
 * (fixtures/application-logs), loaded as investigate loads them (OfflineApplicationLogs): each
 * answers its question, positives and neighbours, and its main predicate, changed, changes the
 * answer. The partitions come from the keys, as the table's projection reads them; the columns are
 * the table's.
 */

interface LogEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}
interface Envelope {
  readonly messageType: string;
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly logEvents: readonly LogEvent[];
}
const OBJECTS = JSON.parse(
  fs.readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'application-logs', 'objects.json'), 'utf8'),
) as { key: string; envelopes: Envelope[] }[];

/** Every log event of the fixture with its partitions (from its key) and envelope. */
const EVENTS = OBJECTS.flatMap(({ key, envelopes }) => {
  const [, account, region, yyyy, mm, dd] = key.split('/');
  return envelopes.flatMap((envelope) =>
    envelope.logEvents.map((event) => ({ account, region, day: `${yyyy}/${mm}/${dd}`, envelope, event })),
  );
});
const DAYS = ['2026/11/26', '2026/11/26'];
const onDays = EVENTS.filter((e) => e.day === '2026/11/26' && e.envelope.messageType === 'DATA_MESSAGE');

const query = (name: string) => {
  const found = APPLICATION_LOGS_QUERIES.find((q) => q.name === name);
  if (found === undefined) throw new Error(`no query ${name}`);
  return found;
};

let logs: OfflineApplicationLogs;
beforeAll(async () => {
  const folder = tempDir('application-logs-');
  for (const { key, envelopes } of OBJECTS) {
    fs.mkdirSync(path.dirname(path.join(folder, key)), { recursive: true });
    fs.writeFileSync(path.join(folder, key), zlib.gzipSync(envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n'));
  }
  // Every day, as investigate loads them with no --from and --to: each query's day predicate is tested.
  logs = await OfflineApplicationLogs.load(folder);
}, 60_000);
afterAll(() => logs?.close());

/** The query's rows, its first two `?` bound to the first and last of `values`' days. */
const run = async (sql: string, [from, to, ...values]: readonly string[]): Promise<ResultRow[]> =>
  (await logs.run(() => sql, values, { from, to })).rows;

describe('the saved queries over the application logs, on the fixture envelopes', () => {
  test('the fixture has positives and neighbours for each query, and the control message', () => {
    expect(EVENTS.some((e) => e.envelope.messageType === 'CONTROL_MESSAGE')).toBe(true);
    expect(new Set(onDays.map((e) => e.account)).size).toBe(2);
  });

  test.each(APPLICATION_LOGS_QUERIES.map((q) => [q.name, q] as const))(
    '%s parses as Trino and reads only the days asked for',
    (_name, q) => {
      const predicates = partitionPredicates(parseTrino(q.sql('application_logs')), 'day');
      expect(predicates).toHaveLength(1);
      expect(q.sql('application_logs')).toMatch(/^SELECT [\s\S]+\nWHERE day BETWEEN \? AND \?\n/m);
    },
  );

  test('application-errors-by-log-group: whole words, any case, by account and log group; not errors=0 or TerrorTrack', async () => {
    const sql = query('application-errors-by-log-group').sql('application_logs');
    const isError = (m: string) => /\b(error|exception|fatal|panic)\b/i.test(m);
    const expected = new Map<string, number>();
    for (const e of onDays.filter((x) => isError(x.event.message))) {
      const key = `${e.account}|${e.region}|${e.envelope.logGroup}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const rows = await run(sql, DAYS);
    expect(new Map(rows.map((r) => [`${r.account}|${r.region}|${r.loggroup}`, Number(r.errors)]))).toEqual(expected);
    expect(expected.size).toBe(3);
    // Neighbours: "errors=0" and "TerrorTrack" are in the fixture and counted nowhere.
    expect(onDays.filter((e) => /errors=0|TerrorTrack/.test(e.event.message))).toHaveLength(2);
    // The predicate, changed, changes the answer.
    expect(await run(sql.replace('(?i)', ''), DAYS)).not.toEqual(rows);
  });

  test('application-request-across-accounts: one request id in two accounts, in time order, only on the days asked', async () => {
    const sql = query('application-request-across-accounts').sql('application_logs');
    const rows = await run(sql, [...DAYS, 'req-7c1d']);
    const expected = onDays
      .filter((e) => e.event.message.includes('req-7c1d'))
      .sort((a, b) => a.event.timestamp - b.event.timestamp)
      .map((e) => `${e.account}|${e.envelope.logGroup}|${e.event.message}`);
    expect(rows.map((r) => `${r.account}|${r.loggroup}|${r.message}`)).toEqual(expected);
    expect(new Set(rows.map((r) => r.account)).size).toBe(2);
    // The day before holds the same id: outside the range, not read.
    expect(EVENTS.some((e) => e.day === '2026/11/25' && e.event.message.includes('req-7c1d'))).toBe(true);
    // The control message lands under application-logs/CloudwatchLogs/ (its owner is not an account):
    // neither the table's projection (account ids) nor investigate reads that folder.
    expect(await run(sql, [...DAYS, 'Checking health'])).toEqual([]);
    expect(await run(sql.replace("messagetype = 'DATA_MESSAGE'", 'true'), [...DAYS, 'Checking health'])).toEqual([]);
    expect(logs.files.read).toBe(OBJECTS.filter((o) => /^application-logs\/\d{12}\//.test(o.key)).length);
    expect(logs.files.read).toBeLessThan(OBJECTS.length);
  });

  test('application-loudest-log-groups: events and characters by log group, most first', async () => {
    const rows = await run(query('application-loudest-log-groups').sql('application_logs'), DAYS);
    const groups = new Map<string, { events: number; characters: number }>();
    for (const e of onDays) {
      const key = `${e.account}|${e.region}|${e.envelope.logGroup}`;
      const known = groups.get(key) ?? { events: 0, characters: 0 };
      groups.set(key, { events: known.events + 1, characters: known.characters + e.event.message.length });
    }
    const expected = [...groups]
      .sort(([ka, a], [kb, b]) => b.events - a.events || ka.localeCompare(kb))
      .map(([key, v]) => `${key}|${v.events}|${v.characters}`);
    expect(rows.map((r) => `${r.account}|${r.region}|${r.loggroup}|${r.events}|${r.message_characters}`)).toEqual(
      expected,
    );
  });
});
