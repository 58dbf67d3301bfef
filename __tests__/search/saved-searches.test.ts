import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { INVESTIGATION_QUERIES } from '../../modules/alarms/investigation-queries';
import { APPLICATION_LOGS_INSIGHTS_QUERIES } from '../../modules/analytics/application-logs-insights-queries';
import { APPLICATION_LOGS_QUERIES } from '../../modules/analytics/application-logs-queries';
import { ATHENA_QUERIES } from '../../modules/analytics/athena-queries';
import { ANSWERED_NAMES, savedObjectsNdjson, savedSearches } from '../../modules/search/saved-searches';
import { ROOT } from '../support/root';
import { documentsOf, sampleConfiguration, fieldPaths, type PipelineEvent } from './pipeline-model';

/*
 * The saved searches (modules/search/saved-searches.ts): every question the other tiers save has its
 * counterpart by name; each is a query DSL body over fields the pipeline writes, checked against the
 * documents its body's processors make of real CloudTrail files and of the application logs'
 * envelopes; the lists of calls are the other tiers' own; docs/search-saved-objects.ndjson is what
 * the catalog generates (UPDATE_SEARCH_SAVED_OBJECTS=1 rewrites it).
 */

const SEARCHES = savedSearches();
const NDJSON_FILE = path.join(ROOT, 'docs', 'search-saved-objects.ndjson');
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');

const body = sampleConfiguration();

/** The documents of each index: real CloudTrail records and the fixture's application logs, through the body. */
function documentsByIndex(): Record<string, PipelineEvent[]> {
  const records = [
    ...fs
      .readFileSync(path.join(FIXTURES, 'cloudtrail', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { kind: string; event: object })
      .filter((line) => line.kind === 'real-log')
      .map((line) => line.event),
    ...fs
      .readFileSync(path.join(FIXTURES, 'cloudtrail', 'network-activity', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { event?: object }).event ?? JSON.parse(line)),
  ];
  const trail = {
    bucket: 'acme-audit',
    key: 'AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2023/07/10/file.json.gz',
    body: zlib.gzipSync(JSON.stringify({ Records: records })),
  };
  const objects = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'application-logs', 'objects.json'), 'utf8')) as {
    key: string;
    envelopes: object[];
  }[];
  const logs = objects.map(({ key, envelopes }) => ({
    bucket: 'acme-audit-member-logs',
    key,
    body: zlib.gzipSync(envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join('')),
  }));
  return {
    cloudtrail: documentsOf(body['cloudtrail-pipeline'], [trail]),
    'application-logs': documentsOf(body['application-logs-pipeline'], logs),
  };
}
const DOCUMENTS = documentsByIndex();

/** Every `[field, value]` a request names: query clauses' keys, and aggregations' `field`. */
function fieldsOf(value: unknown, clause?: string): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldsOf(v, clause));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]): [string, unknown][] => {
    // A terms aggregation names its `field`; a query clause is keyed by the field.
    const aggregation = typeof (inner as { field?: unknown }).field === 'string';
    if (['term', 'terms', 'wildcard', 'prefix', 'match_phrase'].includes(key) && !aggregation) {
      return Object.entries(inner as object).map(([field, v]) => [field, v]);
    }
    if (key === 'field' && typeof inner === 'string') return [[inner, clause]];
    return fieldsOf(inner, key);
  });
}

const namesOf = (tierNames: readonly string[]) => new Set(tierNames);
const ALL_NAMES = namesOf([
  ...ATHENA_QUERIES.map((q) => q.name),
  ...APPLICATION_LOGS_QUERIES.map((q) => q.name),
  ...APPLICATION_LOGS_INSIGHTS_QUERIES.map((q) => q.name),
  ...INVESTIGATION_QUERIES.map((q) => q.id),
]);

test('every saved query of the other tiers has its saved search, by the same name, and no search answers a name none holds', () => {
  expect(new Set(SEARCHES.map((s) => s.name))).toEqual(ALL_NAMES);
  expect(SEARCHES).toHaveLength(ALL_NAMES.size);
  for (const names of Object.values(ANSWERED_NAMES)) for (const name of names) expect(ALL_NAMES).toContain(name);
  const both = SEARCHES.find((s) => s.name === APPLICATION_LOGS_QUERIES[0].name);
  expect(both?.tiers).toEqual(['athena', 'application-logs-insights']);
});

test('[aoss-sql-and-ppl] each answer is one query DSL body over one index, valid JSON, with its placeholders in it', () => {
  for (const search of SEARCHES) {
    expect(JSON.parse(JSON.stringify(search.request))).toEqual(search.request);
    expect(['cloudtrail', 'application-logs']).toContain(search.index);
    expect(search.request.query).toBeDefined();
    for (const placeholder of search.placeholders) expect(JSON.stringify(search.request)).toContain(placeholder);
    // The days are the time range of the search, not values it asks for.
    expect(search.description).not.toMatch(/Asks for/);
  }
});

test.each(SEARCHES.map((s) => [s.name, s] as const))(
  '%s names only fields the pipeline writes to its index',
  (_name, search) => {
    const documents = DOCUMENTS[search.index];
    const written = new Set(['@timestamp', ...documents.flatMap((d) => fieldPaths(d))]);
    const fields = fieldsOf(search.request);
    expect(fields.length).toBeGreaterThan(0);
    for (const [field] of fields) {
      const base = field.replace(/\.keyword$/, '');
      expect({ field: base, written: written.has(base) }).toEqual({ field: base, written: true });
      if (field.endsWith('.keyword')) {
        // A keyword subfield exists only on a string field.
        const values = documents
          .map((d) => base.split('.').reduce<any>((v, part) => v?.[part], d))
          .filter((v) => v !== undefined);
        expect(values.every((v) => typeof v === 'string')).toBe(true);
      }
    }
  },
);

/** The quoted names of every `eventname IN (...)` of an Athena query's text. */
function sqlEventNames(sql: string): string[] {
  return [...sql.matchAll(/eventname IN \(([^)]*)\)/g)].flatMap((m) =>
    [...m[1].matchAll(/'([^']+)'/g)].map((n) => n[1]),
  );
}
/** The names of every `eventName in [...]` of a Logs Insights query. */
function insightsEventNames(query: string): string[] {
  return [...query.matchAll(/eventName in \[([^\]]*)\]/g)].flatMap((m) =>
    [...m[1].matchAll(/"([^"]+)"/g)].map((n) => n[1]),
  );
}
const dslEventNames = (request: object) =>
  fieldsOf(request)
    .filter(([field, value]) => field === 'eventName.keyword' && Array.isArray(value))
    .flatMap(([, value]) => value as string[]);

test('the calls a search looks for are the ones its Athena or Logs Insights query names', () => {
  const byName = new Map(SEARCHES.map((s) => [s.name, s]));
  let compared = 0;
  for (const [name, names] of [
    ...ATHENA_QUERIES.map((q) => [q.name, sqlEventNames(q.sql('t'))] as const),
    ...INVESTIGATION_QUERIES.map((q) => [q.id, insightsEventNames(q.query)] as const),
  ]) {
    if (names.length === 0) continue;
    compared += 1;
    const request = byName.get(name)?.request ?? {};
    expect({ name, calls: new Set(dslEventNames(request)) }).toEqual({ name, calls: new Set(names) });
  }
  expect(compared).toBe(6);
});

test('docs/search-saved-objects.ndjson is what the catalog generates (UPDATE_SEARCH_SAVED_OBJECTS=1 rewrites it)', () => {
  if (process.env.UPDATE_SEARCH_SAVED_OBJECTS === '1') fs.writeFileSync(NDJSON_FILE, savedObjectsNdjson());
  expect(fs.readFileSync(NDJSON_FILE, 'utf8')).toBe(savedObjectsNdjson());
});

test('the saved objects: an index pattern per index, timed by @timestamp, and a search per question whose filter is its query', () => {
  const objects = savedObjectsNdjson()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { type: string; id: string; attributes: any; references?: any[] });
  const patterns = objects.filter((o) => o.type === 'index-pattern');
  expect(patterns.map((p) => [p.attributes.title, p.attributes.timeFieldName])).toEqual([
    ['cloudtrail', '@timestamp'],
    ['application-logs', '@timestamp'],
  ]);
  const searches = objects.filter((o) => o.type === 'search');
  expect(searches.map((s) => s.attributes.title)).toEqual(SEARCHES.map((s) => s.name));
  expect(new Set(objects.map((o) => o.id)).size).toBe(objects.length);
  for (const [i, object] of searches.entries()) {
    const source = JSON.parse(object.attributes.kibanaSavedObjectMeta.searchSourceJSON);
    expect(source.filter[0].query).toEqual(SEARCHES[i].request.query);
    const [reference] = object.references ?? [];
    expect(reference).toEqual({ name: source.indexRefName, type: 'index-pattern', id: expect.any(String) });
    expect(patterns.find((p) => p.id === reference.id)?.attributes.title).toBe(SEARCHES[i].index);
  }
});
