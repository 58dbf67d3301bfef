import { parse } from 'yaml';
import { PIPELINE_BODY_MAX_CHARS } from '../../modules/search/search-names';
import { resourceOf } from '../support/stack-json';
import { shippedConfig, synthStack } from '../support/synth';
import { sampleConfiguration } from './pipeline-model';
import { ANALYST, PIPELINE_ROLE, synthSearch } from './search-cases';

/*
 * The OpenSearch Ingestion pipeline's configuration body, parsed as YAML (as the service reads it)
 * and checked: a sub-pipeline per source with its codec, one role everywhere, the dead-letter sink,
 * nothing a TIMESERIES collection refuses, and within the provider's limit.
 */

type SubPipeline = {
  source: { s3: Record<string, any> };
  processor: Record<string, any>[];
  sink: { opensearch: Record<string, any> }[];
};

const bodyOf = (synth: Record<string, any>): string =>
  resourceOf(synth, 'aws_osis_pipeline').pipeline_configuration_body;
const parsed = (synth: Record<string, any>) => parse(bodyOf(synth)) as Record<string, unknown>;
const subPipelines = (synth: Record<string, any>) =>
  Object.fromEntries(Object.entries(parsed(synth)).filter(([key]) => key !== 'version')) as Record<string, SubPipeline>;

/** Every value of `key` anywhere in `value`. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

const on = synthSearch({ analystRoleArns: [ANALYST] }, { applicationLogs: true });

test('the body is YAML of version 2, with one sub-pipeline per source', () => {
  expect(parsed(on).version).toBe('2');
  expect(Object.keys(subPipelines(on)).sort()).toEqual([
    'application-logs-pipeline',
    'cloudtrail-pipeline',
    'vpc-flow-logs-pipeline',
  ]);
});

test('[osis-pipeline-role-named-in-yaml] every source, sink and dead-letter queue names the one pipeline role', () => {
  const roles = valuesOf(parsed(on), 'sts_role_arn');
  // Each sub-pipeline: its source, its sink, its sink's dead letters.
  expect(roles).toHaveLength(9);
  expect(new Set(roles)).toEqual(new Set([PIPELINE_ROLE]));
});

test('each source reads its own queue, with the codec of its files', () => {
  const pipelines = subPipelines(on);
  const s3 = (id: string) => pipelines[`${id}-pipeline`].source.s3;
  expect(s3('cloudtrail')).toMatchObject({ notification_type: 'sqs', compression: 'gzip', codec: { json: {} } });
  expect(s3('application-logs')).toMatchObject({ compression: 'gzip', codec: { newline: {} } });
  expect(s3('vpc-flow-logs')).toMatchObject({
    compression: 'gzip',
    codec: { csv: { delimiter: ' ', detect_header: true } },
  });
  for (const id of ['cloudtrail', 'application-logs', 'vpc-flow-logs']) {
    expect(s3(id).sqs.queue_url).toMatch(
      new RegExp(`^\\$\\{aws_sqs_queue\\.search_ingestion_queue-${id}_[0-9A-F]+\\.url\\}$`),
    );
  }
});

test("each source's documents get the event time as @timestamp; Firehose's error output is dropped", () => {
  const pipelines = subPipelines(on);
  expect(pipelines['cloudtrail-pipeline'].processor).toContainEqual({
    date: { match: [{ key: 'eventTime', patterns: ["yyyy-MM-dd'T'HH:mm:ss'Z'"] }], destination: '@timestamp' },
  });
  expect(pipelines['vpc-flow-logs-pipeline'].processor).toContainEqual({
    date: { match: [{ key: 'start', patterns: ['epoch_second'] }], destination: '@timestamp' },
  });
  const logs = pipelines['application-logs-pipeline'].processor;
  expect(logs[0]).toEqual({ drop_events: { drop_when: 'startsWith(/s3/key, "application-logs/errors/")' } });
  expect(logs).toContainEqual({ parse_json: { source: 'message' } });
  expect(logs[logs.length - 1]).toEqual({
    date: { match: [{ key: 'logEvent/timestamp', patterns: ['epoch_milli'] }], destination: '@timestamp' },
  });
});

test('[osis-split-event-supported] [osis-minor-version-unpublished] the application logs split each envelope into its log events, control messages dropped, with no delimiter (an array)', () => {
  const logs = subPipelines(on)['application-logs-pipeline'].processor;
  const names = logs.map((step) => Object.keys(step)[0]);
  expect(names).toEqual([
    'drop_events',
    'parse_json',
    'drop_events',
    'delete_entries',
    'split_event',
    'rename_keys',
    'date',
  ]);
  expect(logs[2]).toEqual({ drop_events: { drop_when: '/messageType != "DATA_MESSAGE"' } });
  // Data Prepper before 2.16 refuses split_event without a delimiter: validate-pipeline says so (docs/search.md).
  expect(logs[4]).toEqual({ split_event: { field: 'logEvents' } });
  expect(logs[5]).toEqual({ rename_keys: { entries: [{ from_key: 'logEvents', to_key: 'logEvent' }] } });
  // The documents' tests run these processors from the function the stack renders, unsynthesized.
  expect(sampleConfiguration()['application-logs-pipeline'].processor).toEqual(logs);
  // The other sources keep one document per record or line: nothing splits them.
  for (const id of ['cloudtrail', 'vpc-flow-logs']) {
    expect(valuesOf(subPipelines(on)[`${id}-pipeline`], 'split_event')).toEqual([]);
  }
});

test('[osis-network-policy-name-is-the-pipelines] each sink writes its own index of the collection, through the network policy of the pipeline, never one Terraform manages', () => {
  for (const [name, pipeline] of Object.entries(subPipelines(on))) {
    const sink = pipeline.sink.map((s) => s.opensearch);
    expect(sink).toHaveLength(1);
    expect(sink[0].index).toBe(name.replace(/-pipeline$/, ''));
    expect(sink[0].hosts).toEqual([
      expect.stringMatching(/^\$\{aws_opensearchserverless_collection\..*\.collection_endpoint\}$/),
    ]);
    expect(sink[0].aws).toMatchObject({
      serverless: true,
      serverless_options: { network_policy_name: 'audit-logs-pipeline' },
    });
  }
  const managed = Object.values(
    on.resource.aws_opensearchserverless_security_policy as Record<string, { name: string }>,
  );
  expect(managed.map((p) => p.name)).not.toContain('audit-logs-pipeline');
});

test('what cannot be indexed goes to the dead-letter bucket, under a prefix per source', () => {
  const bucket = resourceOf(on, 'aws_s3_bucket', 'dead-letters').bucket;
  expect(bucket).toBe('audit-search-dlq-222222222222-eu-west-1');
  for (const [name, pipeline] of Object.entries(subPipelines(on))) {
    expect(pipeline.sink[0].opensearch.dlq).toEqual({
      s3: {
        bucket,
        key_path_prefix: `${name.replace(/-pipeline$/, '')}/`,
        region: 'eu-west-1',
        sts_role_arn: PIPELINE_ROLE,
      },
    });
  }
});

test('[aoss-timeseries-assigns-document-ids] no document id, nor any option a TIMESERIES collection refuses', () => {
  const text = bodyOf(on);
  for (const option of ['document_id', 'document_id_field', 'routing_field', 'action', 'index_type']) {
    expect(valuesOf(parsed(on), option)).toEqual([]);
  }
  expect(text).not.toMatch(/document_id/);
});

test('a backfill scans each source prefix once, only when asked', () => {
  expect(valuesOf(parsed(on), 'scan')).toEqual([]);
  const backfill = synthSearch({ analystRoleArns: [ANALYST], backfill: true });
  expect(valuesOf(parsed(backfill), 'scan')).toEqual([
    { buckets: [{ bucket: { name: 'acme-audit', filter: { include_prefix: ['AWSLogs/o-abcdefghij/'] } } }] },
    { buckets: [{ bucket: { name: 'acme-audit-member-logs', filter: { include_prefix: ['vpc-flow-logs/'] } } }] },
  ]);
});

test("the body stays within the provider's 24,000 characters, with real values in place of the references", () => {
  for (const synth of [on, synthStack(shippedConfig('examples/full.config.json'), 'log-archive')]) {
    // A queue URL and a collection endpoint as AWS returns them are longer than their references.
    const real = bodyOf(synth)
      .replace(
        /\$\{aws_sqs_queue\.[^}]+\.url\}/g,
        `https://sqs.ap-southeast-4.amazonaws.com/222222222222/${'q'.repeat(80)}`,
      )
      .replace(
        /\$\{aws_opensearchserverless_collection\.[^}]+\}/g,
        `https://${'c'.repeat(40)}.ap-southeast-4.aoss.amazonaws.com`,
      );
    expect(real.length).toBeLessThan(PIPELINE_BODY_MAX_CHARS);
  }
});
