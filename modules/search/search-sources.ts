/*
 * The sources the search tier indexes, as data: where their objects land in the archive, how they
 * are read, and which index they fill. The pipeline's configuration and the notifications are loops
 * over this table.
 */

/** How the pipeline reads one source's objects. */
export type SourceCodec =
  /** A CloudTrail log file: gzip JSON whose `Records` array holds the events. */
  | 'cloudtrail-records'
  /** A Firehose object of ours: gzip, one CloudWatch Logs envelope (JSON) a line. */
  | 'logs-envelope-lines'
  /** A VPC flow log file: gzip, space-delimited text with a header line. */
  | 'flow-log-text';

/** The id of each source: its sub-pipeline, its queue and its index. */
export const SEARCH_SOURCE_IDS = {
  cloudTrail: 'cloudtrail',
  applicationLogs: 'application-logs',
  flowLogs: 'vpc-flow-logs',
} as const;

/** One source of the search tier. */
export interface SearchSource {
  /** Stable id: names the sub-pipeline, the queue and the index. Lowercase letters, digits and hyphens. */
  readonly id: string;
  /** The archive bucket its objects land in. */
  readonly bucketName: string;
  /** The key prefix of its objects, ending in `/`. */
  readonly prefix: string;
  /** How its objects are read. */
  readonly codec: SourceCodec;
  /** Key prefixes under {@link prefix} that are not its logs (Firehose's error output) and are dropped. */
  readonly excludePrefixes?: readonly string[];
}

/** The sources of an archive: the organization trail, the application logs (when any member sends), the flow logs. */
export function archiveSearchSources(props: {
  readonly logBucketName: string;
  readonly memberLogsBucketName: string;
  /** `AWSLogs/<organization id>/`. */
  readonly organizationTrailPrefix: string;
  /** `application-logs`, or undefined when no member sends application logs. */
  readonly applicationLogsPrefix: string | undefined;
  /** `vpc-flow-logs`. */
  readonly flowLogsPrefix: string;
}): SearchSource[] {
  const application = props.applicationLogsPrefix;
  return [
    {
      id: SEARCH_SOURCE_IDS.cloudTrail,
      bucketName: props.logBucketName,
      prefix: props.organizationTrailPrefix,
      codec: 'cloudtrail-records',
    },
    ...(application === undefined
      ? []
      : [
          {
            id: SEARCH_SOURCE_IDS.applicationLogs,
            bucketName: props.memberLogsBucketName,
            prefix: `${application}/`,
            codec: 'logs-envelope-lines' as const,
            excludePrefixes: [`${application}/errors/`],
          },
        ]),
    {
      id: SEARCH_SOURCE_IDS.flowLogs,
      bucketName: props.memberLogsBucketName,
      prefix: `${props.flowLogsPrefix}/`,
      codec: 'flow-log-text',
    },
  ];
}
