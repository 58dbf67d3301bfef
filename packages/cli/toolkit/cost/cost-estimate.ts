import {
  applicationLogSenders,
  auditConfigRules,
  type OrgConfig,
  recordsConfig,
  remediatesFlowLogs,
  runsOwnSecurityHub,
} from '@audit-logging/cdktf/toolkit-api/config';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { type CostLine, PRICE_REGIONS, PRICES, type PriceItem, type PriceName } from './prices';
import { type SearchFloor, searchFloor, searchLines } from './search-cost';

/*
 * The monthly cost of what the config builds, line by line: each line is one service and what
 * drives it (events, GB, keys, alarms...), its monthly quantity, the price it is multiplied by and
 * that price's source. Quantities come from the config and the synthesized stacks (counts of
 * alarms, metric filters, keys, rules) and from the volumes given (events per account and day and
 * the rest of {@link CostVolumes}); a line whose volume nobody can know from here (flow logs,
 * session logs, findings) is listed as not estimated, never as zero. A month is 30 days.
 */

/** Days in the month the estimate is for. */
export const DAYS_PER_MONTH = 30;

/** What the config cannot say: how much activity there is. Each has a default the report names. */
export interface CostVolumes {
  /** Management events each account records a day, in all its Regions together. */
  readonly managementEventsPerAccountDay: number;
  /** S3 and Lambda data events each account records a day, when the trail records data events. */
  readonly dataEventsPerAccountDay?: number;
  /** Bytes of gzip log file per event in the archive (BENCHMARKS.md, "The cost estimate's measured sizes"). */
  readonly gzipBytesPerEvent: number;
  /** Bytes of JSON per event as CloudWatch Logs ingests it (measured: 1,300 in the corpus). */
  readonly jsonBytesPerEvent: number;
  /** AWS Config configuration items each recorded account records a month in each governed Region. */
  readonly configItemsPerAccountRegionMonth: number;
  /** AWS Config rule evaluations each account has a day in each governed Region. */
  readonly ruleEvaluationsPerAccountRegionDay: number;
  /** Security Hub security checks each account runs a month in each governed Region. */
  readonly securityHubChecksPerAccountRegionMonth: number;
  /**
   * GB of log events that each account sending application logs ingests into CloudWatch Logs a day,
   * in all its Regions together: what the delivery carries.
   */
  readonly applicationLogGbPerAccountDay: number;
  /** Bytes of each record CloudWatch Logs sends to Firehose (a gzip batch of log events). */
  readonly applicationLogRecordBytes: number;
  /** The month of the archive's life the storage lines are for (storage grows until retention ends). */
  readonly month: number;
}

/**
 * The volumes used when none is given: assumptions, named as such in every report, except the two
 * byte sizes, measured on the real CloudTrail log files of the test corpus (BENCHMARKS.md, "The
 * cost estimate's measured sizes").
 */
export const DEFAULT_VOLUMES: CostVolumes = {
  managementEventsPerAccountDay: 10_000,
  gzipBytesPerEvent: 200,
  jsonBytesPerEvent: 1_300,
  configItemsPerAccountRegionMonth: 200,
  ruleEvaluationsPerAccountRegionDay: 22,
  securityHubChecksPerAccountRegionMonth: 3_000,
  applicationLogGbPerAccountDay: 1,
  applicationLogRecordBytes: 3_000,
  month: 12,
};

/** Firehose bills ingestion per record rounded up to the next 5 KB (the Firehose pricing page). */
export const FIREHOSE_BILLED_RECORD_BYTES = 5 * 1024;

/** What the synthesized stacks hold, counted: the quantities the stacks decide. */
export interface StackCounts {
  /** CloudWatch alarms (`aws_cloudwatch_metric_alarm`). */
  readonly alarms: number;
  /** Metric filters (`aws_cloudwatch_log_metric_filter`): one custom metric each. */
  readonly metricFilters: number;
  /** Customer managed KMS keys (`aws_kms_key`). */
  readonly kmsKeys: number;
}

/** Counts {@link StackCounts} in synthesized stacks' Terraform JSON. */
export function countStacks(stacks: readonly { readonly json: { resource?: Record<string, object> } }[]): StackCounts {
  const count = (type: string) =>
    stacks.reduce((total, stack) => total + Object.keys(stack.json.resource?.[type] ?? {}).length, 0);
  return {
    alarms: count('aws_cloudwatch_metric_alarm'),
    metricFilters: count('aws_cloudwatch_log_metric_filter'),
    kmsKeys: count('aws_kms_key'),
  };
}

export interface CostEstimate {
  /** The Region whose prices were used. */
  readonly priceRegion: string;
  /** The home Region, when its prices are not recorded and `priceRegion`'s stand in for them. */
  readonly standsInFor?: string;
  readonly volumes: CostVolumes;
  /** The volumes the user did not give: defaults, assumptions. */
  readonly assumed: readonly (keyof CostVolumes)[];
  readonly accounts: number;
  readonly regions: number;
  /** The accounts whose application logs are delivered (0 when the delivery is off). */
  readonly applicationLogAccounts: number;
  readonly lines: readonly CostLine[];
  /** The sum of the estimated lines, USD a month. */
  readonly totalUsd: number;
  /** With `logArchive.search`: the search tier's floor, what it bills idle (standby replicas as configured). */
  readonly searchFloor?: SearchFloor & { readonly standbyReplicas: boolean };
}

/** A usage error of the estimate (a Region without prices, a volume out of range), naming the fix. */
export class CostInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** GB (10^9 bytes), as AWS bills storage and ingestion. */
const GB = 1e9;

/**
 * Days an object spends in each storage class in the archive's month `month`, from the lifecycle:
 * Standard until the first transition, then each class until the next, up to expiry (or forever).
 * The archive then holds `daily GB x days` in each class.
 */
export function daysInClasses(
  retention: OrgConfig['logArchive']['retention'],
  month: number,
): { standard: number; standardIa: number; glacier: number; deepArchive: number } {
  const age = month * DAYS_PER_MONTH;
  const end = Math.min(age, retention.expireAfterDays ?? Number.POSITIVE_INFINITY);
  const bounds = [
    retention.transitionToInfrequentAccessDays ?? null,
    retention.transitionToGlacierDays ?? null,
    retention.transitionToDeepArchiveDays ?? null,
  ];
  const span = (from: number, to: number | null) => Math.max(0, Math.min(to ?? end, end) - Math.min(from, end));
  const ia = bounds[0];
  const glacier = bounds[1];
  const deep = bounds[2];
  const firstAfter = (...next: (number | null)[]) => next.find((d) => d !== null) ?? null;
  return {
    standard: span(0, firstAfter(ia, glacier, deep)),
    standardIa: ia === null ? 0 : span(ia, firstAfter(glacier, deep)),
    glacier: glacier === null ? 0 : span(glacier, deep),
    deepArchive: deep === null ? 0 : span(deep, null),
  };
}

/** The Region whose prices stand in when the home Region's are not recorded. */
export const FALLBACK_PRICE_REGION = 'us-east-1';

/**
 * The estimate of `config` and its stacks' counts, at `priceRegion`'s prices: by default the home
 * Region's, or {@link FALLBACK_PRICE_REGION}'s when the home Region has none recorded (the estimate
 * says so); a `priceRegion` given without prices is an error.
 */
export function estimateCost(
  config: OrgConfig,
  counts: StackCounts,
  given: Partial<CostVolumes> = {},
  requestedRegion?: string,
): CostEstimate {
  const { prices, priceRegion, standsInFor } = pricesFor(config, requestedRegion);
  const volumes = checkedVolumes(given);
  const assumed = (Object.keys(DEFAULT_VOLUMES) as (keyof CostVolumes)[]).filter((name) => given[name] === undefined);
  const basis = estimateBasis(config, counts, volumes, prices);
  const lines: CostLine[] = [
    ...cloudTrailLines(basis),
    ...archiveLines(basis),
    ...cloudWatchLines(basis),
    ...configLines(basis),
    ...securityHubLines(basis),
    // Application logs: what the members' applications write, delivered by Firehose into the archive.
    ...applicationLogLines(config, volumes, basis.line, notEstimated, prices),
    ...kmsAndAnalyticsLines(basis),
    // The search tier (logArchive.search): its capacity floors and the storage of what it indexes.
    ...searchLines(config, volumes, priceRegion, notEstimated),
  ];
  const totalUsd = lines.reduce((sum, l) => sum + (l.usd ?? 0), 0);
  const search = config.logArchive.search;
  return {
    priceRegion,
    ...(standsInFor === undefined ? {} : { standsInFor }),
    volumes,
    assumed,
    accounts: basis.accounts,
    regions: basis.regions,
    applicationLogAccounts: applicationLogSenders(config).length,
    lines,
    totalUsd,
    ...(search === null || search === undefined
      ? {}
      : {
          searchFloor: { ...searchFloor(search.standbyReplicas, priceRegion), standbyReplicas: search.standbyReplicas },
        }),
  };
}

/** The prices of the Region asked for, or of the home Region, or of the stand-in when it has none recorded. */
function pricesFor(
  config: OrgConfig,
  requestedRegion: string | undefined,
): { prices: Readonly<Record<PriceName, PriceItem>>; priceRegion: string; standsInFor?: string } {
  const standsInFor =
    requestedRegion === undefined && PRICES[config.homeRegion] === undefined ? config.homeRegion : undefined;
  const priceRegion = requestedRegion ?? (standsInFor === undefined ? config.homeRegion : FALLBACK_PRICE_REGION);
  const prices = PRICES[priceRegion];
  if (prices === undefined) {
    throw new CostInputError(
      `no prices recorded for ${priceRegion}: the table has ${PRICE_REGIONS.join(', ')}; give --price-region with one ` +
        "of them (an estimate at that Region's prices), or add the Region's prices with their source to toolkit/cost/prices.ts",
    );
  }
  return { prices, priceRegion, ...(standsInFor === undefined ? {} : { standsInFor }) };
}

/** The defaults with the volumes given over them, each checked. */
function checkedVolumes(given: Partial<CostVolumes>): CostVolumes {
  const volumes: CostVolumes = { ...DEFAULT_VOLUMES, ...given };
  for (const [name, value] of Object.entries(volumes)) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new CostInputError(`${name} is ${value}: a volume is a number of 0 or more`);
    }
  }
  if (!Number.isInteger(volumes.month) || volumes.month < 1) {
    throw new CostInputError(`month is ${volumes.month}: the month of the archive's life is a whole number from 1`);
  }
  return volumes;
}

/** A priced line: `quantity` of `unit` at the price `name`. */
type PricedLine = (
  service: string,
  driver: string,
  quantity: number,
  unit: string,
  name: PriceName,
  note?: string,
) => CostLine;

/** A line with no price: what drives it, and why it is not estimated. */
function notEstimated(service: string, driver: string, note: string): CostLine {
  return { service, driver, quantity: 0, unit: '', note };
}

/** What every service's lines are computed from: the config, the stacks' counts, the volumes, the prices. */
interface EstimateBasis {
  readonly config: OrgConfig;
  readonly counts: StackCounts;
  readonly volumes: CostVolumes;
  readonly line: PricedLine;
  readonly accounts: number;
  readonly regions: number;
  /** Members of the organization (the organization trail records them). */
  readonly inOrg: number;
  readonly managementEvents: number;
  readonly dataEventsOn: boolean;
  /** GB of gzip log files the archive receives a day. */
  readonly dailyGb: number;
  /** CloudTrail log files a month: at most one per account and Region every 5 minutes. */
  readonly files: number;
}

function estimateBasis(
  config: OrgConfig,
  counts: StackCounts,
  volumes: CostVolumes,
  prices: Readonly<Record<PriceName, PriceItem>>,
): EstimateBasis {
  const accounts = config.members.length;
  const regions = config.governedRegions.length;
  const trail = config.trail;
  const dataEventsOn = trail.dataEvents.s3 !== 'none' || trail.dataEvents.lambda !== 'none';
  const line: PricedLine = (service, driver, quantity, unit, name, note) => {
    const item = prices[name];
    return {
      service,
      driver,
      quantity,
      unit,
      usd: (quantity / item.per) * item.usd,
      price: item,
      ...(note ? { note } : {}),
    };
  };
  return {
    config,
    counts,
    volumes,
    line,
    accounts,
    regions,
    inOrg: config.members.filter((m) => m.inOrganization).length,
    managementEvents: volumes.managementEventsPerAccountDay * accounts * DAYS_PER_MONTH,
    dataEventsOn,
    dailyGb:
      ((volumes.managementEventsPerAccountDay + (dataEventsOn ? (volumes.dataEventsPerAccountDay ?? 0) : 0)) *
        accounts *
        volumes.gzipBytesPerEvent) /
      GB,
    // CloudTrail delivers a file about every 5 minutes per account and Region with activity.
    files: accounts * regions * (24 * 12) * DAYS_PER_MONTH,
  };
}

function cloudTrailLines({
  config,
  volumes,
  line,
  accounts,
  inOrg,
  managementEvents,
  dataEventsOn,
}: EstimateBasis): CostLine[] {
  const trail = config.trail;
  const outside = config.members.filter((m) => !m.inOrganization && m.standaloneTrail);
  const lines: CostLine[] = [
    {
      ...line(
        'CloudTrail',
        `management events, the first copy (organization trail over ${inOrg} accounts, account trails over ${outside.length})`,
        managementEvents,
        'events',
        'cloudtrail.managementEventsFirstCopy',
      ),
      note: 'free: one copy of the management events per account and Region; a second trail that records them pays for every event',
    },
  ];
  if (dataEventsOn) {
    const dataEvents = (volumes.dataEventsPerAccountDay ?? 0) * accounts * DAYS_PER_MONTH;
    lines.push(
      volumes.dataEventsPerAccountDay === undefined
        ? notEstimated(
            'CloudTrail',
            'data events',
            'the trail records data events and no volume was given: --data-events-per-account-day',
          )
        : line('CloudTrail', 'data events (every copy is billed)', dataEvents, 'events', 'cloudtrail.dataEvents'),
    );
  }
  if (trail.networkActivityEvents.length > 0) {
    // The pricing page's table is rendered by script and was not read here: no price is assumed.
    lines.push(
      notEstimated(
        'CloudTrail',
        `network activity events of ${trail.networkActivityEvents.length} event source(s)`,
        'billed per event (the CloudTrail pricing page); their volume is every call through a VPC endpoint of those services, which the config cannot know',
      ),
    );
  }
  if (trail.insights) {
    lines.push(
      line(
        'CloudTrail',
        'Insights: management events analyzed for both types (write events twice: an upper bound)',
        managementEvents * 2,
        'events',
        'cloudtrail.insightsAnalyzed',
      ),
    );
  }
  return lines;
}

/** S3: the log archive's storage by class over the archive's life, and CloudTrail's PUT requests. */
function archiveLines({ config, volumes, line, dailyGb, files }: EstimateBasis): CostLine[] {
  const copies = config.logArchive.replication === null ? 1 : 2;
  const days = daysInClasses(config.logArchive.retention, volumes.month);
  const copyNote = copies === 2 ? '; twice: the replica in the second Region holds the same' : '';
  const storage: [PriceName, string, number][] = [
    ['s3.standard', 'S3 Standard', days.standard],
    ['s3.standardIa', 'S3 Standard-IA', days.standardIa],
    ['s3.glacierFlexible', 'S3 Glacier Flexible Retrieval', days.glacier],
    ['s3.deepArchive', 'S3 Glacier Deep Archive', days.deepArchive],
  ];
  return [
    ...storage
      .filter(([, , inClass]) => inClass !== 0)
      .map(([name, label, inClass]) =>
        line(
          'S3',
          `${label}: CloudTrail logs of ${inClass} days in month ${volumes.month} (${dailyGb.toFixed(2)} GB a day)${copyNote}`,
          dailyGb * inClass * copies,
          'GB-month',
          name,
        ),
      ),
    line(
      'S3',
      'PUT requests: CloudTrail log files, at most one per account and Region every 5 minutes',
      files * copies,
      'requests',
      's3.putRequests',
    ),
    notEstimated(
      'S3',
      'AWS Config snapshots and history, VPC flow logs, Session Manager logs, the server access logs of the buckets',
      'their size depends on your resources and traffic: verify-delivery lists what arrives',
    ),
  ];
}

/** CloudWatch Logs: the organization trail's log group, and each account trail's outside it; the alarms. */
function cloudWatchLines({ config, counts, volumes, line, managementEvents }: EstimateBasis): CostLine[] {
  const trail = config.trail;
  const ingestedGb = (managementEvents * volumes.jsonBytesPerEvent) / GB;
  const retainedMonths = Math.min(volumes.month, trail.cloudWatchLogsRetentionDays / DAYS_PER_MONTH);
  return [
    line('CloudWatch Logs', "ingestion of the trails' management events", ingestedGb, 'GB', 'logs.ingestion'),
    line(
      'CloudWatch Logs',
      `storage of ${trail.cloudWatchLogsRetentionDays} days of events (billed compressed; the gzip size here)`,
      ((managementEvents * volumes.gzipBytesPerEvent) / GB) * retainedMonths,
      'GB-month',
      'logs.storage',
    ),
    line('CloudWatch', 'custom metrics of the metric filters', counts.metricFilters, 'metrics', 'cloudwatch.metric'),
    line('CloudWatch', 'alarms (CIS, evasion pack, heartbeats)', counts.alarms, 'alarms', 'cloudwatch.alarm'),
  ];
}

/** AWS Config: the items recorded, the audit account's rules, the flow-log remediation's rule. */
function configLines({ config, volumes, line, regions, inOrg }: EstimateBasis): CostLine[] {
  const lines: CostLine[] = [];
  const recorded = config.members.filter(recordsConfig);
  if (recorded.length > 0) {
    lines.push(
      line(
        'AWS Config',
        `configuration items recorded (${recorded.length} accounts x ${regions} Regions)`,
        volumes.configItemsPerAccountRegionMonth * recorded.length * regions,
        'items',
        'config.item',
      ),
    );
  }
  const rules = auditConfigRules(config);
  if (rules.length > 0) {
    lines.push(
      line(
        'AWS Config',
        `rule evaluations of the ${rules.length} detective rules (${inOrg} accounts x ${regions} Regions)`,
        volumes.ruleEvaluationsPerAccountRegionDay * inOrg * regions * DAYS_PER_MONTH,
        'evaluations',
        'config.ruleEvaluation',
      ),
    );
  }
  if (config.awsConfig.flowLogsForEveryVpc) {
    // One account rule per member and Region, periodic every 24 hours: one evaluation of each VPC a
    // day. The VPCs are assumed: the default VPC AWS creates in each Region.
    const remediated = config.members.filter((member) => remediatesFlowLogs(config, member));
    lines.push(
      line(
        'AWS Config',
        `vpc-flow-logs-enabled evaluations of flowLogsForEveryVpc (${remediated.length} accounts x ${regions} Regions x 1 VPC assumed, daily)`,
        remediated.length * regions * DAYS_PER_MONTH,
        'evaluations',
        'config.ruleEvaluation',
      ),
    );
  }
  return lines;
}

/** Security Hub's checks in the audit account's organization, and the findings export's stream. */
function securityHubLines({ config, volumes, line, regions, inOrg }: EstimateBasis): CostLine[] {
  const audit = config.audit === false || config.audit === undefined ? undefined : config.audit;
  if (audit === undefined || !audit.securityHub) return [];
  // The organization's accounts, and the members outside it that run Security Hub on their own.
  const withHub = inOrg + config.members.filter((m) => runsOwnSecurityHub(config, m)).length;
  return [
    line(
      'Security Hub',
      `security checks (${withHub} accounts x ${regions} Regions; the first tier's price)`,
      volumes.securityHubChecksPerAccountRegionMonth * withHub * regions,
      'checks',
      'securityhub.check',
    ),
    ...(audit.exportFindings
      ? [
          notEstimated(
            'Firehose',
            "the findings stream's GB",
            'depends on how many findings change; Firehose bills the GB ingested, each record rounded up to 5 KB',
          ),
        ]
      : []),
  ];
}

/** KMS keys and requests, the columnar copy's Athena scans, and what Athena and Glue bill by use. */
function kmsAndAnalyticsLines({ config, counts, line, dailyGb, files }: EstimateBasis): CostLine[] {
  return [
    line('KMS', 'customer managed keys (every aws_kms_key of the stacks)', counts.kmsKeys, 'keys', 'kms.key'),
    line('KMS', 'requests: a data key for each log file CloudTrail writes', files, 'requests', 'kms.requests'),
    // Athena: the columnar copy reads each day once.
    ...(config.analytics.columnarCopy.enabled
      ? [
          line(
            'Athena',
            'the columnar copy: each day of logs read once',
            (dailyGb * DAYS_PER_MONTH) / 1000,
            'TB scanned',
            'athena.tb',
          ),
        ]
      : []),
    notEstimated('Athena', 'saved queries you run', 'billed per TB each query scans: the workgroup caps a query'),
    notEstimated(
      'Glue and S3',
      "the crawler's daily runs and the columnar copy's storage",
      'the crawler bills DPU-hours by its run time; the copy stores about a fifth of the gzip size it copies ' +
        '(docs/log-analytics.md)',
    ),
  ];
}

/**
 * The delivery of the members' application logs (docs/application-logs.md): each sending account's
 * CloudWatch Logs sends gzip batches to a destination of the log archive, and one Firehose stream per
 * governed Region ingests them (each record billed rounded up to 5 KB), unzips them, partitions them
 * by account and writes gzip objects into the member-logs bucket, at most one per account and
 * Region every buffering interval. The gzip size is the CloudTrail volumes' ratio
 * (gzipBytesPerEvent / jsonBytesPerEvent). The CloudWatch Logs ingestion is not the delivery's: each
 * member pays it already, and the line says how much.
 */
function applicationLogLines(
  config: OrgConfig,
  volumes: CostVolumes,
  line: PricedLine,
  notEstimated: (service: string, driver: string, note: string) => CostLine,
  prices: Readonly<Record<PriceName, PriceItem>>,
): CostLine[] {
  const senders = applicationLogSenders(config).length;
  if (senders === 0) return [];
  const regions = config.governedRegions.length;
  const volume = volumes.applicationLogGbPerAccountDay;
  const recordBytes = volumes.applicationLogRecordBytes;
  if (volume > 0 && recordBytes < 1) {
    throw new CostInputError(
      `applicationLogRecordBytes is ${recordBytes}: a record is at least 1 byte (--application-log-record-bytes)`,
    );
  }
  const gzipRatio = volumes.jsonBytesPerEvent === 0 ? 1 : volumes.gzipBytesPerEvent / volumes.jsonBytesPerEvent;
  const eventsGb = volume * senders * DAYS_PER_MONTH;
  const gzipGb = eventsGb * gzipRatio;
  const records = volume === 0 ? 0 : (gzipGb * GB) / recordBytes;
  const billedRecordBytes = Math.ceil(recordBytes / FIREHOSE_BILLED_RECORD_BYTES) * FIREHOSE_BILLED_RECORD_BYTES;
  const intervals = (24 * 3600) / config.applicationLogs.bufferingSeconds;
  const objects = volume === 0 ? 0 : senders * regions * intervals * DAYS_PER_MONTH;
  const who = `${senders} accounts x ${volume} GB a day`;
  const ingestion = prices['logs.ingestion'];
  const days = daysInClasses(config.logArchive.retention, volumes.month);
  const storage: [PriceName, string, number][] = [
    ['s3.standard', 'S3 Standard', days.standard],
    ['s3.standardIa', 'S3 Standard-IA', days.standardIa],
    ['s3.glacierFlexible', 'S3 Glacier Flexible Retrieval', days.glacier],
    ['s3.deepArchive', 'S3 Glacier Deep Archive', days.deepArchive],
  ];
  const dailyGzipGb = gzipGb / DAYS_PER_MONTH;
  return [
    line(
      'Firehose',
      `ingestion of the application logs (${who}, gzip at ${gzipRatio.toFixed(3)} of their size, in records of ${recordBytes} bytes billed as ${billedRecordBytes})`,
      (records * billedRecordBytes) / GB,
      'GB',
      'firehose.ingestion',
      "Direct PUT's price, assumed: the pricing page names no source class for a CloudWatch Logs subscription; its Vended Logs price is for logs AWS services publish themselves",
    ),
    line(
      'Firehose',
      `decompression of the application logs' CloudWatch Logs batches (${who})`,
      eventsGb,
      'GB',
      'firehose.decompression',
    ),
    line(
      'Firehose',
      `dynamic partitioning of the application logs by account: the GB delivered (${who})`,
      eventsGb,
      'GB',
      'firehose.partitionedGb',
    ),
    line(
      'Firehose',
      `dynamic partitioning of the application logs: objects written, at most one per account and Region every ${config.applicationLogs.bufferingSeconds} s (${senders} accounts x ${regions} Regions; an upper bound)`,
      objects,
      'objects',
      'firehose.partitionedObject',
    ),
    notEstimated(
      'Firehose',
      'the JQ query that reads the account of each application log record (billed per JQ processing hour)',
      'its run time depends on the records; the pricing page bills it by the hour',
    ),
    ...storage
      .filter(([, , inClass]) => inClass > 0)
      .map(([name, label, inClass]) =>
        line(
          'S3',
          `${label}: application logs of ${inClass} days in month ${volumes.month} (${dailyGzipGb.toFixed(2)} GB of gzip a day)`,
          dailyGzipGb * inClass,
          'GB-month',
          name,
        ),
      ),
    line(
      'S3',
      'PUT requests: the application log objects Firehose writes (an upper bound)',
      objects,
      'requests',
      's3.putRequests',
    ),
    ...(config.applicationLogs.liveSearch.enabled
      ? [
          notEstimated(
            'CloudWatch Logs',
            'Logs Insights queries over the linked log groups (applicationLogs.liveSearch)',
            "sharing the members' log groups with the log archive adds no charge (the CloudWatch guide: no extra cost for logs); each query is billed per GB it scans, to the log archive account",
          ),
        ]
      : []),
    notEstimated(
      'CloudWatch Logs',
      `ingestion of the application logs in the members (${who})`,
      `each member pays it already, with or without delivery: ${eventsGb.toLocaleString('en-US', { maximumFractionDigits: 2 })} GB a month at ${ingestion.usd} USD per GB is ${(eventsGb * ingestion.usd).toLocaleString('en-US', { maximumFractionDigits: 2 })} USD in the members' bills, not counted here`,
    ),
  ];
}
