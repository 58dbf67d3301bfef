/*
 * List prices the cost estimate multiplies by, in USD, with the AWS page each comes from. A price
 * `read` on the page was seen there in the stored copy of the page on PRICES_READ, with the words
 * quoted in `stated`; the others are AWS's US East (N. Virginia) list prices as that page publishes
 * them in a table its script draws, which the stored copies did not hold: the report marks them so a
 * reader checks them. Only us-east-1 is recorded: an estimate for another home Region uses these
 * and says so, since most Regions cost the same or a little more.
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
}

const CLOUDTRAIL = 'https://aws.amazon.com/cloudtrail/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const CONFIG = 'https://aws.amazon.com/config/pricing/';
const SECURITY_HUB = 'https://aws.amazon.com/security-hub/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const ATHENA = 'https://aws.amazon.com/athena/pricing/';

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
] as const;

export type PriceName = (typeof PRICE_NAMES)[number];

/** US East (N. Virginia). */
const US_EAST_1: Readonly<Record<PriceName, PriceItem>> = {
  'cloudtrail.managementEventsFirstCopy': {
    usd: 0,
    per: 100_000,
    unit: 'events',
    source: CLOUDTRAIL,
    stated: 'The first copy of management events is delivered free of charge.',
  },
  'cloudtrail.dataEvents': {
    usd: 0.1,
    per: 100_000,
    unit: 'events',
    source: CLOUDTRAIL,
    stated: 'charged at $0.10 per 100,000 events',
  },
  'cloudtrail.insightsAnalyzed': { usd: 0.35, per: 100_000, unit: 'events analyzed', source: CLOUDTRAIL },
  's3.standard': { usd: 0.023, per: 1, unit: 'GB-month (first 50 TB)', source: S3 },
  's3.standardIa': { usd: 0.0125, per: 1, unit: 'GB-month', source: S3 },
  's3.glacierFlexible': { usd: 0.0036, per: 1, unit: 'GB-month', source: S3 },
  's3.deepArchive': { usd: 0.00099, per: 1, unit: 'GB-month', source: S3 },
  's3.putRequests': { usd: 0.005, per: 1_000, unit: 'PUT requests', source: S3 },
  'logs.ingestion': { usd: 0.5, per: 1, unit: 'GB ingested (Standard log class)', source: CLOUDWATCH },
  'logs.storage': { usd: 0.03, per: 1, unit: 'GB-month stored', source: CLOUDWATCH },
  'cloudwatch.metric': { usd: 0.3, per: 1, unit: 'custom metric-month (first 10,000)', source: CLOUDWATCH },
  'cloudwatch.alarm': { usd: 0.1, per: 1, unit: 'standard alarm-month', source: CLOUDWATCH },
  'config.item': { usd: 0.003, per: 1, unit: 'configuration item (continuous recording)', source: CONFIG },
  'config.ruleEvaluation': {
    usd: 0.001,
    per: 1,
    unit: 'rule evaluation (first 100,000 a Region)',
    source: CONFIG,
    stated: '0.001 USD per rule evaluation, the first 100,000 per Region (the page in Chinese)',
  },
  'securityhub.check': { usd: 0.001, per: 1, unit: 'security check (first 100,000)', source: SECURITY_HUB },
  'kms.key': {
    usd: 1,
    per: 1,
    unit: 'key-month',
    source: KMS,
    stated: 'Each AWS KMS key that you create in KMS costs $1/month.',
  },
  'kms.requests': { usd: 0.03, per: 10_000, unit: 'requests', source: KMS },
  'athena.tb': { usd: 5, per: 1, unit: 'TB scanned', source: ATHENA },
};

/** The prices of each Region recorded. */
export const PRICES: Readonly<Record<string, Readonly<Record<PriceName, PriceItem>>>> = { 'us-east-1': US_EAST_1 };

/** The Regions with prices. */
export const PRICE_REGIONS = Object.keys(PRICES);
