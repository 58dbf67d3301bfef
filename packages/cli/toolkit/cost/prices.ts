/*
 * List prices the cost estimate multiplies by, in USD, with the AWS page each comes from. Each price
 * but the free first copy of management events is read in AWS's pricing data, the JSON the pricing
 * pages draw their tables from, per Region (PRICE_DATA: a public mirror of it, June 2025); where the
 * stored copy of a page stated a us-east-1 price in words on PRICES_READ, `stated` quotes them.
 * Recorded: us-east-1, eu-west-1 and eu-central-1. Another home Region is estimated at us-east-1's
 * prices, and the report says so.
 */

/** The day the pages were read. */
export const PRICES_READ = '2026-11-26';

/** One price: `usd` for every `per` units of `unit`. */
export interface PriceItem {
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  /** The AWS pricing page. */
  readonly source: string;
  /** The words of the page that state it, when they were read there; else undefined. */
  readonly stated?: string;
  /** The row of AWS's pricing data it was read in ({@link PRICE_DATA}), with the Region's value. */
  readonly data?: PriceDataRow & { readonly region: string; readonly value: string };
  /**
   * Where a price found neither in AWS's pricing data nor in the words of a stored copy of its page
   * was read: a copy of the page's figure elsewhere. The report marks such a price * (check it on the page).
   */
  readonly readIn?: string;
}

const CLOUDTRAIL = 'https://aws.amazon.com/cloudtrail/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const CONFIG = 'https://aws.amazon.com/config/pricing/';
const SECURITY_HUB = 'https://aws.amazon.com/security-hub/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const ATHENA = 'https://aws.amazon.com/athena/pricing/';
const FIREHOSE = 'https://aws.amazon.com/firehose/pricing/';

/** The prices by name. */
export const PRICE_NAMES = [
  'cloudtrail.managementEventsFirstCopy',
  'cloudtrail.dataEvents',
  'cloudtrail.insightsAnalyzed',
  's3.standard',
  's3.standardIa',
  's3.glacierFlexible',
  's3.deepArchive',
  's3.putRequests',
  'logs.ingestion',
  'logs.storage',
  'cloudwatch.metric',
  'cloudwatch.alarm',
  'config.item',
  'config.ruleEvaluation',
  'securityhub.check',
  'kms.key',
  'kms.requests',
  'athena.tb',
  'firehose.ingestion',
  'firehose.decompression',
  'firehose.partitionedGb',
  'firehose.partitionedObject',
] as const;

export type PriceName = (typeof PRICE_NAMES)[number];

/**
 * Where each price is read in AWS's pricing data: the JSON that the pricing pages' scripts draw their
 * tables from (`https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<service>/USD/current/<service>.json`),
 * as the public mirror {@link PRICE_DATA} keeps it, one file per service, one value per Region: USD
 * per unit (per event, per GB, per request...). The free first copy of management events has no row.
 */
const DATA_ROWS: Readonly<Record<Exclude<PriceName, 'cloudtrail.managementEventsFirstCopy'>, PriceDataRow>> = {
  'cloudtrail.dataEvents': { file: 'cloudtrail', label: 'Data Events Recorded' },
  'cloudtrail.insightsAnalyzed': { file: 'cloudtrail', label: 'Insights Events' },
  's3.standard': { file: 's3', label: 'Standard Storage First 50 TB per GB Mo' },
  's3.standardIa': { file: 's3', label: 'Standard Infrequent Access Storage per GB-Mo' },
  's3.glacierFlexible': { file: 's3', label: 'Glacier Storage per GB Mo' },
  's3.deepArchive': { file: 's3glacierdeeparchive', label: 'Glacier Deep Archive GB Mo' },
  's3.putRequests': { file: 's3', label: 'PUT COPY/POST or LIST requests per Requests' },
  'logs.ingestion': { file: 'cloudwatch', label: 'Logs Collected Data Ingestion' },
  'logs.storage': { file: 'cloudwatch', label: 'Stored Data' },
  'cloudwatch.metric': { file: 'cloudwatch', label: 'Metric for the first 10000' },
  'cloudwatch.alarm': { file: 'cloudwatch', label: 'Alarm Standard' },
  'config.item': { file: 'config', label: 'Config' },
  'config.ruleEvaluation': { file: 'config', label: 'Config Rules first 100000' },
  'securityhub.check': { file: 'securityhub', label: 'ComplianceCheck first 100000 per Security Checks' },
  'kms.key': { file: 'kms', label: 'Encryption Key' },
  'kms.requests': { file: 'kms', label: 'API request - Non Free Tier' },
  'athena.tb': { file: 'athena', label: 'Athena Queries' },
  // Direct PUT's first tier. The rows that name Vended Logs are for the logs AWS services publish
  // to Firehose themselves, which a CloudWatch Logs subscription is not: an assumption the report names.
  'firehose.ingestion': { file: 'kinesisfirehose', label: 'Per GB of data ingested first 500TB' },
  'firehose.decompression': { file: 'kinesisfirehose', label: 'Per GB of data decompressed' },
  'firehose.partitionedGb': { file: 'kinesisfirehose', label: 'Per GB of dynamically partitioned data delivered' },
  'firehose.partitionedObject': { file: 'kinesisfirehose', label: 'Per object dynamically partitioned' },
};

/** A row of AWS's pricing data: its file (service) and label. */
export interface PriceDataRow {
  readonly file: string;
  readonly label: string;
}

/** The public mirror of AWS's pricing data the per-Region values were read in. */
export const PRICE_DATA = {
  repository: 'https://github.com/QuinnyPig/aws-price-watcher',
  commit: 'a6645eb2e53e9399396a714cdc4f3c346c7f06c0',
  /** `processed/<file>.json` at the commit; its data files were last updated in June 2025. */
  path: 'processed/<file>.json',
  asOf: '2025-06',
} as const;

/** Each price's shape: its unit, how many units the price is for, its page. */
const SHAPES: Readonly<Record<PriceName, Omit<PriceItem, 'usd' | 'data' | 'stated'>>> = {
  'cloudtrail.managementEventsFirstCopy': { per: 100_000, unit: 'events', source: CLOUDTRAIL },
  'cloudtrail.dataEvents': { per: 100_000, unit: 'events', source: CLOUDTRAIL },
  'cloudtrail.insightsAnalyzed': { per: 100_000, unit: 'events analyzed', source: CLOUDTRAIL },
  's3.standard': { per: 1, unit: 'GB-month (first 50 TB)', source: S3 },
  's3.standardIa': { per: 1, unit: 'GB-month', source: S3 },
  's3.glacierFlexible': { per: 1, unit: 'GB-month', source: S3 },
  's3.deepArchive': { per: 1, unit: 'GB-month', source: S3 },
  's3.putRequests': { per: 1_000, unit: 'PUT requests', source: S3 },
  'logs.ingestion': { per: 1, unit: 'GB ingested (Standard log class)', source: CLOUDWATCH },
  'logs.storage': { per: 1, unit: 'GB-month stored', source: CLOUDWATCH },
  'cloudwatch.metric': { per: 1, unit: 'custom metric-month (first 10,000)', source: CLOUDWATCH },
  'cloudwatch.alarm': { per: 1, unit: 'standard alarm-month', source: CLOUDWATCH },
  'config.item': { per: 1, unit: 'configuration item (continuous recording)', source: CONFIG },
  'config.ruleEvaluation': { per: 1, unit: 'rule evaluation (first 100,000 a Region)', source: CONFIG },
  'securityhub.check': { per: 1, unit: 'security check (first 100,000)', source: SECURITY_HUB },
  'kms.key': { per: 1, unit: 'key-month', source: KMS },
  'kms.requests': { per: 10_000, unit: 'requests', source: KMS },
  'athena.tb': { per: 1, unit: 'TB scanned', source: ATHENA },
  'firehose.ingestion': { per: 1, unit: 'GB ingested (first 500 TB)', source: FIREHOSE },
  'firehose.decompression': { per: 1, unit: 'GB decompressed', source: FIREHOSE },
  'firehose.partitionedGb': { per: 1, unit: 'GB dynamically partitioned', source: FIREHOSE },
  'firehose.partitionedObject': { per: 1_000, unit: 'objects dynamically partitioned', source: FIREHOSE },
};

/** The words of a pricing page that state a price, where the stored copy of the page had them (us-east-1's). */
const STATED: Partial<Record<PriceName, string>> = {
  'cloudtrail.managementEventsFirstCopy': 'The first copy of management events is delivered free of charge.',
  'cloudtrail.dataEvents': 'charged at $0.10 per 100,000 events',
  'config.ruleEvaluation': '0.001 USD per rule evaluation, the first 100,000 per Region (the page in Chinese)',
  'kms.key': 'Each AWS KMS key that you create in KMS costs $1/month.',
};

/**
 * The value of each data row in each Region recorded, as the data holds it (USD per unit), read at
 * {@link PRICE_DATA}'s commit: `US East (N. Virginia)`, `EU (Ireland)`, `EU (Frankfurt)`.
 */
const DATA_VALUES: Readonly<Record<string, Readonly<Record<keyof typeof DATA_ROWS, string>>>> = {
  'us-east-1': {
    'cloudtrail.dataEvents': '0.0000010000',
    'cloudtrail.insightsAnalyzed': '0.0000035000',
    's3.standard': '0.0230000000',
    's3.standardIa': '0.0125000000',
    's3.glacierFlexible': '0.0036000000',
    's3.deepArchive': '0.0009900000',
    's3.putRequests': '0.0000050000',
    'logs.ingestion': '0.5000000000',
    'logs.storage': '0.0300000000',
    'cloudwatch.metric': '0.3000000000',
    'cloudwatch.alarm': '0.1000000000',
    'config.item': '0.0030000000',
    'config.ruleEvaluation': '0.0010000000',
    'securityhub.check': '0.0010000000',
    'kms.key': '1.0000000000',
    'kms.requests': '0.0000030000',
    'athena.tb': '5.0000000000',
    'firehose.ingestion': '0.0290000000',
    'firehose.decompression': '0.0032500000',
    'firehose.partitionedGb': '0.0200000000',
    'firehose.partitionedObject': '0.0000050000',
  },
  'eu-west-1': {
    'cloudtrail.dataEvents': '0.0000010000',
    'cloudtrail.insightsAnalyzed': '0.0000035000',
    's3.standard': '0.0230000000',
    's3.standardIa': '0.0125000000',
    's3.glacierFlexible': '0.0036000000',
    's3.deepArchive': '0.0009900000',
    's3.putRequests': '0.0000050000',
    'logs.ingestion': '0.5700000000',
    'logs.storage': '0.0300000000',
    'cloudwatch.metric': '0.3000000000',
    'cloudwatch.alarm': '0.1000000000',
    'config.item': '0.0030000000',
    'config.ruleEvaluation': '0.0010000000',
    'securityhub.check': '0.0010000000',
    'kms.key': '1.0000000000',
    'kms.requests': '0.0000030000',
    'athena.tb': '5.0000000000',
    'firehose.ingestion': '0.0310000000',
    'firehose.decompression': '0.0034800000',
    'firehose.partitionedGb': '0.0220000000',
    'firehose.partitionedObject': '0.0000055000',
  },
  'eu-central-1': {
    'cloudtrail.dataEvents': '0.0000010000',
    'cloudtrail.insightsAnalyzed': '0.0000035000',
    's3.standard': '0.0245000000',
    's3.standardIa': '0.0135000000',
    's3.glacierFlexible': '0.0040500000',
    's3.deepArchive': '0.0018000000',
    's3.putRequests': '0.0000054000',
    'logs.ingestion': '0.6300000000',
    'logs.storage': '0.0324000000',
    'cloudwatch.metric': '0.3000000000',
    'cloudwatch.alarm': '0.1000000000',
    'config.item': '0.0030000000',
    'config.ruleEvaluation': '0.0010000000',
    'securityhub.check': '0.0010000000',
    'kms.key': '1.0000000000',
    'kms.requests': '0.0000030000',
    'athena.tb': '5.0000000000',
    'firehose.ingestion': '0.0330000000',
    'firehose.decompression': '0.0036900000',
    'firehose.partitionedGb': '0.0290000000',
    'firehose.partitionedObject': '0.0000072000',
  },
};

/** The Region names the data uses. */
export const DATA_REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};

/** The prices of one Region: each data value times the units the price is for. */
function pricesOf(region: string): Readonly<Record<PriceName, PriceItem>> {
  const values = DATA_VALUES[region];
  return Object.fromEntries(
    PRICE_NAMES.map((name) => {
      const shape = SHAPES[name];
      const stated =
        region === 'us-east-1' || name === 'cloudtrail.managementEventsFirstCopy' ? STATED[name] : undefined;
      if (name === 'cloudtrail.managementEventsFirstCopy') return [name, { ...shape, usd: 0, stated }];
      const row = DATA_ROWS[name];
      // Rounded to 1e-8 USD, so that 0.000001 x 100,000 reads 0.1 and not its floating-point neighbour.
      const usd = Math.round(Number(values[name]) * shape.per * 1e8) / 1e8;
      const item: PriceItem = {
        ...shape,
        usd,
        ...(stated === undefined ? {} : { stated }),
        data: { ...row, region: DATA_REGION_NAMES[region], value: values[name] },
      };
      return [name, item];
    }),
  ) as Record<PriceName, PriceItem>;
}

/** The prices of each Region recorded. */
export const PRICES: Readonly<Record<string, Readonly<Record<PriceName, PriceItem>>>> = Object.fromEntries(
  Object.keys(DATA_VALUES).map((region) => [region, pricesOf(region)]),
);

/** The Regions with prices. */
export const PRICE_REGIONS = Object.keys(PRICES);

const OPENSEARCH = 'https://aws.amazon.com/opensearch-service/pricing/';

/** The search tier's prices by name (`logArchive.search`): OpenSearch Serverless and OpenSearch Ingestion. */
export const SEARCH_PRICE_NAMES = ['aoss.ocu', 'aoss.storage', 'osis.ocu'] as const;

export type SearchPriceName = (typeof SEARCH_PRICE_NAMES)[number];

/** The day the search tier's prices were read. */
export const SEARCH_PRICES_READ = '2026-11-28';

/**
 * The search tier's prices, per Region recorded: us-east-1 only. AWS's pricing data as
 * {@link PRICE_DATA} mirrors it has no OpenSearch Serverless or OpenSearch Ingestion row (its `es`
 * file holds the managed clusters' instances and Direct Query), and no stored copy of the pricing
 * page held their table: each figure is the page's us-east-1 price as a copy of it elsewhere quotes
 * it (`readIn`), so the report marks it * (check it on the page). Another Region is estimated at
 * us-east-1's, and the report says so.
 */
export const SEARCH_PRICES: Readonly<Record<string, Readonly<Record<SearchPriceName, PriceItem>>>> = {
  'us-east-1': {
    'aoss.ocu': {
      usd: 0.24,
      per: 1,
      unit: 'OCU-hour (indexing or search)',
      source: OPENSEARCH,
      readIn:
        'https://c3x.dev/resources/aws/aws_opensearchserverless_collection/ (the OpenSearch Serverless OCU at about 0.24 USD an OCU-hour)',
    },
    'aoss.storage': {
      usd: 0.024,
      per: 1,
      unit: 'GB-month of managed storage',
      source: OPENSEARCH,
      readIn:
        "https://c3x.dev/resources/aws/aws_opensearchserverless_collection/ (OpenSearch Serverless's managed storage at about 0.024 USD a GB-month)",
    },
    'osis.ocu': {
      usd: 0.24,
      per: 1,
      unit: 'Ingestion OCU-hour',
      source: OPENSEARCH,
      readIn:
        "https://community.aws/content/2dEtFgRmJUB2pLuPbWLKqp0wjcN (March 2024: the pricing page's ingestion section, 0.24 USD per Ingestion OCU-hour in most Regions)",
    },
  },
};

/** One line of the estimate. */
export interface CostLine {
  readonly service: string;
  /** What drives it, in words. */
  readonly driver: string;
  /** The monthly quantity, in the price's unit (before dividing by the price's `per`). */
  readonly quantity: number;
  readonly unit: string;
  /** USD a month; undefined when not estimated. */
  readonly usd?: number;
  /** The price used, with its source; undefined when not estimated. */
  readonly price?: PriceItem;
  /** Why a line is not estimated, or what it assumes. */
  readonly note?: string;
}
