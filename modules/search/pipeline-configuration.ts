import type { SearchSource, SourceCodec } from './search-sources';

/*
 * The OpenSearch Ingestion pipeline's configuration body (YAML, Data Prepper's format): one
 * sub-pipeline per source, each reading its queue of S3 object notifications, with the codec of its
 * files, writing to its own index of the collection, and sending what cannot be indexed to the
 * dead-letter bucket. Every component names the one pipeline role. Nothing sets a document id: a
 * TIMESERIES collection assigns its own.
 *
 * The body is written as JSON, which is YAML too (YAML 1.2 is a superset of JSON): the constructs
 * then need no YAML library, and the text is deterministic.
 */

/** What the pipeline's configuration needs to know. */
export interface PipelineConfigurationProps {
  /** The Region of the pipeline, the queues and the collection. */
  readonly region: string;
  /** The role every component assumes (`sts_role_arn`). */
  readonly roleArn: string;
  /** The collection's endpoint, `https://<id>.<region>.aoss.amazonaws.com`. */
  readonly collectionEndpoint: string;
  /** The network policy the ingestion service keeps for its own access to the collection. */
  readonly networkPolicyName: string;
  /** The sources, each with the URL of its queue. */
  readonly sources: readonly (SearchSource & { readonly queueUrl: string })[];
  /** The bucket of what cannot be indexed. */
  readonly deadLetterBucketName: string;
  /** Also scan the objects already under each source's prefix, once. */
  readonly backfill: boolean;
}

/** The field of an application log document that holds its one log event (`id`, `timestamp`, `message`). */
export const LOG_EVENT_FIELD = 'logEvent';

/**
 * One envelope a line, made into one document per log event: the line is parsed (owner, logGroup,
 * logStream, logEvents become fields), a control message (CloudWatch Logs checking the
 * destination) is dropped, and `split_event` on the `logEvents` array makes an event of each
 * element, every other field copied onto it (Data Prepper 2.16 and later; docs/search.md, "One
 * document per log event"). The event's own time is the document's `@timestamp`.
 */
const LOG_EVENT_PROCESSORS = [
  { parse_json: { source: 'message' } },
  { drop_events: { drop_when: '/messageType != "DATA_MESSAGE"' } },
  { delete_entries: { with_keys: ['message'] } },
  { split_event: { field: 'logEvents' } },
  { rename_keys: { entries: [{ from_key: 'logEvents', to_key: LOG_EVENT_FIELD }] } },
  { date: { match: [{ key: `${LOG_EVENT_FIELD}/timestamp`, patterns: ['epoch_milli'] }], destination: '@timestamp' } },
];

/** The `codec`, `compression` and processors of a source, by how its files are written. */
function reading(codec: SourceCodec, excludePrefixes: readonly string[]) {
  const drop =
    excludePrefixes.length === 0
      ? []
      : [
          {
            drop_events: {
              drop_when: excludePrefixes.map((p) => `startsWith(/s3/key, "${p}")`).join(' or '),
            },
          },
        ];
  switch (codec) {
    case 'cloudtrail-records':
      // The json codec makes an event of each element of the file's array: `Records`.
      return {
        codec: { json: {} },
        processor: [
          {
            date: { match: [{ key: 'eventTime', patterns: ["yyyy-MM-dd'T'HH:mm:ss'Z'"] }], destination: '@timestamp' },
          },
        ],
      };
    case 'logs-envelope-lines':
      return { codec: { newline: {} }, processor: [...drop, ...LOG_EVENT_PROCESSORS] };
    case 'flow-log-text':
      return {
        codec: { csv: { delimiter: ' ', detect_header: true } },
        processor: [{ date: { match: [{ key: 'start', patterns: ['epoch_second'] }], destination: '@timestamp' } }],
      };
  }
}

/** The pipeline's configuration, as an object (one key per sub-pipeline, and `version`). */
export function pipelineConfiguration(props: PipelineConfigurationProps): Record<string, unknown> {
  const aws = { sts_role_arn: props.roleArn, region: props.region };
  const body: Record<string, unknown> = { version: '2' };
  for (const source of props.sources) {
    const { codec, processor } = reading(source.codec, source.excludePrefixes ?? []);
    body[`${source.id}-pipeline`] = {
      source: {
        s3: {
          notification_type: 'sqs',
          compression: 'gzip',
          codec,
          sqs: { queue_url: source.queueUrl },
          ...(props.backfill
            ? {
                scan: {
                  buckets: [{ bucket: { name: source.bucketName, filter: { include_prefix: [source.prefix] } } }],
                },
              }
            : {}),
          aws,
        },
      },
      processor,
      sink: [
        {
          opensearch: {
            hosts: [props.collectionEndpoint],
            index: source.id,
            aws: { ...aws, serverless: true, serverless_options: { network_policy_name: props.networkPolicyName } },
            dlq: {
              s3: {
                bucket: props.deadLetterBucketName,
                key_path_prefix: `${source.id}/`,
                region: props.region,
                sts_role_arn: props.roleArn,
              },
            },
          },
        },
      ],
    };
  }
  return body;
}

/** The pipeline's configuration body, as the YAML (in its JSON form) the pipeline takes. */
export function pipelineConfigurationBody(props: PipelineConfigurationProps): string {
  return JSON.stringify(pipelineConfiguration(props), null, 1);
}
