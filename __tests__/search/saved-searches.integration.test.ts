import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parse } from 'yaml';
import { APPLICATION_LOGS_QUERIES } from '../../modules/analytics/application-logs-queries';
import { ATHENA_QUERIES } from '../../modules/analytics/athena-queries';
import { IP_ADDRESS_PLACEHOLDER, PRINCIPAL_PLACEHOLDER, savedSearches } from '../../modules/search/saved-searches';
import { REQUEST_ID_PLACEHOLDER } from '../../modules/analytics/application-logs-insights-queries';
import { OfflineApplicationLogs } from '../../packages/cli/toolkit/investigate/application-logs';
import { OfflineLogs } from '../../packages/cli/toolkit/investigate/investigation';
import { ResultRow } from '../../packages/cli/toolkit/investigate/duckdb-engine';
import { resourceOf } from '../support/stack-json';
import { ROOT, tempDir } from '../support/synth';
import { deliver, EVENTS } from '../toolkit/investigate/corpus-logs';
import { matches, termsRows } from './dsl-model';
import { documentsOf, type PipelineEvent } from './pipeline-model';
import { ANALYST, synthSearch } from './search-cases';

/*
 * The saved searches answer as the other tiers do, on the same logs: each CloudTrail search, over
 * the documents the pipeline's body makes of the corpus as CloudTrail delivers it (pipeline-model),
 * evaluated as OpenSearch would (dsl-model), selects the records its Athena query selects, run by
 * investigate's engine (DuckDB) on the same files; the application logs' searches count and find
 * what Athena's do on the fixture's envelopes, by account and log group. Where a search says it
 * differs (`differs`), the comparison leaves that difference out, and only that.
 */

const body = parse(
  resourceOf(synthSearch({ analystRoleArns: [ANALYST] }, { applicationLogs: true }), 'aws_osis_pipeline')
    .pipeline_configuration_body,
) as Record<string, any>;
const SEARCHES = new Map(savedSearches().map((s) => [s.name, s]));
const PRINCIPAL = 'role/';
const IP = '192.168.10.20';
const REQUEST = 'req-7c1d';

/** A search's request with its placeholders replaced by the values given to the Athena query. */
function requestOf(name: string): Record<string, any> {
  const text = JSON.stringify(SEARCHES.get(name)?.request)
    .replaceAll(PRINCIPAL_PLACEHOLDER, PRINCIPAL)
    .replaceAll(IP_ADDRESS_PLACEHOLDER, IP)
    .replaceAll(REQUEST_ID_PLACEHOLDER, REQUEST);
  return JSON.parse(text) as Record<string, any>;
}

/** Every file under `root`, gzipped as S3 holds it, with its key. */
function objectsUnder(root: string, bucket: string): { bucket: string; key: string; body: Buffer }[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const bytes = fs.readFileSync(file);
      return {
        bucket,
        key: path.relative(root, file).split(path.sep).join('/'),
        body: file.endsWith('.gz') ? bytes : zlib.gzipSync(bytes),
      };
    });
}

const sorted = (values: string[]) => [...values].sort();
/** The query of that name in a catalog. */
function named<Q extends { name: string }>(queries: readonly Q[], name: string): Q {
  const found = queries.find((q) => q.name === name);
  if (found === undefined) throw new Error(`no query ${name}`);
  return found;
}
const at = (d: PipelineEvent, field: string) =>
  field.split('.').reduce<any>((v, part) => v?.[part], d) as string | undefined;

describe('the CloudTrail saved searches, against Athena on the corpus', () => {
  let logs: OfflineLogs;
  let documents: PipelineEvent[];
  beforeAll(async () => {
    const root = tempDir('search-parity');
    deliver(root, EVENTS);
    logs = await OfflineLogs.load(
      root,
      ATHENA_QUERIES.map((q) => q.sql),
    );
    documents = documentsOf(body['cloudtrail-pipeline'], objectsUnder(root, 'acme-audit'));
  }, 60_000);
  afterAll(() => logs?.close());

  const listing = ATHENA_QUERIES.filter((q) => !/GROUP BY/.test(q.sql('t')));
  test.each(listing.map((q) => [q.name, q] as const))('%s selects the records Athena selects', async (name, query) => {
    const values = name === 'actions-by-principal' ? [PRINCIPAL] : name === 'activity-from-ip' ? [IP] : [];
    const rows = (await logs.run(query.sql, values)).rows;
    const found = documents.filter((d) => matches(requestOf(name).query, d));
    // Every query lists the time and the caller; all but console-signins-without-mfa the call.
    const withName = 'eventname' in (rows[0] ?? {});
    const row = (r: ResultRow) => `${r.eventtime}|${withName ? r.eventname : ''}|${r.identity_arn ?? ''}`;
    const doc = (d: PipelineEvent) =>
      `${at(d, 'eventTime')}|${withName ? at(d, 'eventName') : ''}|${at(d, 'userIdentity.arn') ?? ''}`;
    expect(rows.length).toBeGreaterThan(0);
    expect(sorted(found.map(doc))).toEqual(sorted(rows.map(row)));
  });

  test('denied-calls-by-principal counts as Athena does, but for the records without a caller ARN', async () => {
    const query = named(ATHENA_QUERIES, 'denied-calls-by-principal');
    const rows = (await logs.run(query.sql, [])).rows.filter((r) => r.identity_arn !== null);
    const request = requestOf('denied-calls-by-principal');
    const found = documents.filter((d) => matches(request.query, d));
    const [aggregation] = Object.values(request.aggs as Record<string, object>);
    const buckets = termsRows(aggregation, found).map(
      ({ keys, count }) =>
        `${keys['userIdentity.arn']}|${keys.eventSource}|${keys.eventName}|${keys.errorCode}|${count}`,
    );
    // Athena's groups also split by the account of the file; the corpus's principals each have one.
    const expected = rows.map((r) => `${r.identity_arn}|${r.eventsource}|${r.eventname}|${r.errorcode}|${r.calls}`);
    expect(buckets.length).toBeGreaterThan(0);
    expect(sorted(buckets)).toEqual(sorted(expected));
  });

  test('top-callers-and-errors counts calls, errors and distinct calls as Athena does, but for the records without a caller ARN', async () => {
    const query = named(ATHENA_QUERIES, 'top-callers-and-errors');
    const rows = (await logs.run(query.sql, [])).rows.filter((r) => r.identity_arn !== null);
    const [aggregation] = Object.values(requestOf('top-callers-and-errors').aggs as Record<string, object>);
    const buckets = termsRows(aggregation, documents).map(({ keys, count, documents: inBucket }) =>
      [
        keys.recipientAccountId,
        keys['userIdentity.arn'],
        count,
        inBucket.filter((d) => d.errorCode !== undefined && d.errorCode !== null).length,
        new Set(inBucket.map((d) => d.eventName)).size,
      ].join('|'),
    );
    const expected = rows.map((r) => [r.accountid, r.identity_arn, r.calls, r.errors, r.distinct_calls].join('|'));
    expect(sorted(buckets)).toEqual(sorted(expected));
  });
});

describe('the application logs saved searches, against Athena on the fixture envelopes', () => {
  let logs: OfflineApplicationLogs;
  let documents: PipelineEvent[];
  beforeAll(async () => {
    const objects = JSON.parse(
      fs.readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'application-logs', 'objects.json'), 'utf8'),
    ) as { key: string; envelopes: object[] }[];
    const root = tempDir('search-parity-logs');
    for (const { key, envelopes } of objects) {
      fs.mkdirSync(path.dirname(path.join(root, key)), { recursive: true });
      fs.writeFileSync(path.join(root, key), zlib.gzipSync(envelopes.map((e) => `${JSON.stringify(e)}\n`).join('')));
    }
    logs = await OfflineApplicationLogs.load(root);
    // investigate reads the accounts' folders only; so does the comparison.
    documents = documentsOf(
      body['application-logs-pipeline'],
      objectsUnder(root, 'acme-audit-member-logs').filter((o) => /^application-logs\/\d{12}\//.test(o.key)),
    );
  }, 60_000);
  afterAll(() => logs?.close());

  const athena = (name: string) => named(APPLICATION_LOGS_QUERIES, name);
  const run = async (name: string, values: string[] = []) =>
    (await logs.run(athena(name).sql, values, { from: '0000/01/01', to: '9999/12/31' })).rows;
  /** Athena's rows summed over Regions, which the documents do not hold (the search says so). */
  const byGroup = (rows: ResultRow[], column: string) => {
    const sums = new Map<string, number>();
    for (const r of rows)
      sums.set(`${r.account}|${r.loggroup}`, (sums.get(`${r.account}|${r.loggroup}`) ?? 0) + Number(r[column]));
    return sorted([...sums].map(([key, n]) => `${key}|${n}`));
  };
  const buckets = (name: string) => {
    const request = requestOf(name);
    const found = documents.filter((d) => matches(request.query, d));
    const [aggregation] = Object.values(request.aggs as Record<string, object>);
    return sorted(termsRows(aggregation, found).map(({ keys, count }) => `${keys.owner}|${keys.logGroup}|${count}`));
  };

  test('application-errors-by-log-group: the same errors by account and log group (the analyzed words are the \\b words)', async () => {
    const expected = byGroup(await run('application-errors-by-log-group'), 'errors');
    expect(expected.length).toBeGreaterThan(1);
    expect(buckets('application-errors-by-log-group')).toEqual(expected);
  });

  test('application-loudest-log-groups: the same events by account and log group', async () => {
    expect(buckets('application-loudest-log-groups')).toEqual(
      byGroup(await run('application-loudest-log-groups'), 'events'),
    );
  });

  test('application-request-across-accounts: the same events for a request id, in time order', async () => {
    const rows = await run('application-request-across-accounts', [REQUEST]);
    const found = documents
      .filter((d) => matches(requestOf('application-request-across-accounts').query, d))
      .sort((a, b) => String(a['@timestamp']).localeCompare(String(b['@timestamp'])));
    expect(rows.length).toBeGreaterThan(1);
    expect(found.map((d) => `${d.owner}|${d.logGroup}|${at(d, 'logEvent.message')}`)).toEqual(
      rows.map((r) => `${r.account}|${r.loggroup}|${r.message}`),
    );
  });
});
