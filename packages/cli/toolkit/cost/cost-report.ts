import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { cell } from '../compliance/compliance-report';
import type { ArchiveVolumes } from './archive-volumes';
import { type CostEstimate, type CostVolumes, DAYS_PER_MONTH } from './cost-estimate';
import { PRICE_DATA, PRICES_READ, SEARCH_PRICES_READ } from './prices';
import { searchFloorWords } from './search-cost';

/** What each volume means, for the report's list of volumes. */
const VOLUME_WORDS: Readonly<Record<keyof CostVolumes, string>> = {
  managementEventsPerAccountDay: 'management events per account and day (--events-per-account-day)',
  dataEventsPerAccountDay: 'data events per account and day (--data-events-per-account-day)',
  gzipBytesPerEvent: 'bytes of gzip log file per event (--gzip-bytes-per-event; measured on real log files)',
  jsonBytesPerEvent: 'bytes of JSON per event in CloudWatch Logs (--json-bytes-per-event; measured)',
  configItemsPerAccountRegionMonth: 'AWS Config items per account, Region and month (--config-items)',
  ruleEvaluationsPerAccountRegionDay: 'rule evaluations per account, Region and day (--rule-evaluations)',
  securityHubChecksPerAccountRegionMonth: 'Security Hub checks per account, Region and month (--security-hub-checks)',
  applicationLogGbPerAccountDay:
    'GB of application logs each sending account ingests a day, all Regions (--application-log-gb-per-account-day)',
  applicationLogRecordBytes: 'bytes per record CloudWatch Logs sends to Firehose (--application-log-record-bytes)',
  month: "of the archive's life, which the storage lines are for (--month)",
};

/** The volumes that only the application logs' delivery uses. */
const APPLICATION_LOG_VOLUMES: readonly (keyof CostVolumes)[] = [
  'applicationLogGbPerAccountDay',
  'applicationLogRecordBytes',
];

/** USD with cents, or with more digits under a cent so that small lines do not read as zero. */
export function usd(value: number): string {
  if (value === 0) return '0.00';
  if (value < 0.01) return value.toPrecision(2);
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A quantity with thousands separators, and at most two decimals. */
function amount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The search tier's floor, as a bullet of the report's head: none when search is off. */
function searchFloorBullet(estimate: CostEstimate): string[] {
  const floor = estimate.searchFloor;
  if (floor === undefined) return [];
  return [
    `- **Search tier (logArchive.search):** a floor of ${searchFloorWords(floor, floor.standbyReplicas)}. ` +
      "Its prices are marked *: AWS's pricing data above has no OpenSearch Serverless or Ingestion row, and each was read " +
      `on ${SEARCH_PRICES_READ} in a copy of the OpenSearch pricing page's figure (--format json: readIn)`,
  ];
}

/** The estimate as Markdown: what it assumes, then one row per line with its price and source. */
export function costMarkdown(
  estimate: CostEstimate & { readonly measuredInArchive?: ArchiveVolumes },
  configFile: string,
): string {
  const measured = estimate.measuredInArchive;
  const estimated = estimate.lines.filter((line) => line.usd !== undefined);
  const open = estimate.lines.filter((line) => line.usd === undefined);
  const sources = [...new Set(estimated.map((line) => line.price?.source ?? ''))].filter(Boolean);
  return [
    '# Monthly cost estimate',
    '',
    `- **Config:** ${configFile}: ${estimate.accounts} accounts, ${estimate.regions} governed Regions`,
    `- **Prices:** ${estimate.priceRegion}'s list prices in USD` +
      (estimate.standsInFor === undefined
        ? ''
        : ` (none recorded for ${estimate.standsInFor}, the home Region, whose prices are the same or a little higher)`) +
      `, read in AWS's pricing data (the tables of the pages below, as ${PRICE_DATA.repository} kept them in ` +
      `${PRICE_DATA.asOf}; the pages read ${PRICES_READ}); a price marked * was found in neither: check it there. ` +
      `A month is ${DAYS_PER_MONTH} days; no free tier, credits, discounts or taxes`,
    `- **Total:** ${usd(estimate.totalUsd)} USD a month, of the ${estimated.length} lines estimated; ` +
      `${open.length} not estimated (below)`,
    ...searchFloorBullet(estimate),
    '',
    '## Volumes',
    '',
    ...(Object.keys(VOLUME_WORDS) as (keyof CostVolumes)[])
      .filter((name) => estimate.volumes[name] !== undefined)
      .filter((name) => estimate.applicationLogAccounts > 0 || !APPLICATION_LOG_VOLUMES.includes(name))
      .map(
        (name) =>
          `- ${name === 'month' ? 'month ' : ''}${amount(estimate.volumes[name] ?? 0)} ${VOLUME_WORDS[name]}` +
          (measured !== undefined && name === 'managementEventsPerAccountDay'
            ? ': **measured in the archive** (below), data events included'
            : estimate.assumed.includes(name) && !name.endsWith('BytesPerEvent')
              ? ': **assumed**, give yours'
              : ''),
      ),
    ...(measured === undefined
      ? []
      : [
          '',
          `Measured in the archive (--from-archive): ${amount(measured.logFiles)} CloudTrail log files, ` +
            `${amount(measured.gzipBytes / 1e6)} MB of gzip, from ${measured.from} to ${measured.to} in ` +
            `${measured.buckets.map((bucket) => `s3://${bucket}`).join(', ')}: ${counted(measured.accounts, 'account')} in ` +
            `${counted(measured.regions, 'Region')}, ${amount(measured.accountDays)} account-days, ` +
            `${amount(measured.gzipBytesPerAccountDay)} bytes per account and day, ` +
            `divided by the bytes per event below (${amount(measured.requests)} ListObjectsV2 requests).`,
        ]),
    '',
    '## Lines',
    '',
    '| service | what drives it | a month | price | USD a month |',
    '| --- | --- | --- | --- | --- |',
    ...estimated.map(
      (line) =>
        `| ${line.service} | ${cell(line.driver)}${line.note ? ` (${cell(line.note)})` : ''} | ` +
        `${amount(line.quantity)} ${line.unit} | ${line.price ? `${line.price.usd}${line.price.stated === undefined && line.price.data === undefined ? '*' : ''} per ${amount(line.price.per)} ${line.price.unit}` : ''} | ` +
        `${usd(line.usd ?? 0)} |`,
    ),
    `| **total** | | | | **${usd(estimate.totalUsd)}** |`,
    '',
    ...(open.length === 0
      ? []
      : [
          '## Not estimated',
          '',
          ...open.map((line) => `- **${line.service}**, ${line.driver}: ${line.note ?? ''}`),
          '',
        ]),
    '## Sources',
    '',
    ...sources.map((source) => `- ${source}`),
    `- AWS's pricing data behind those pages, per Region: ${PRICE_DATA.repository}/blob/${PRICE_DATA.commit}/` +
      `${PRICE_DATA.path} (each line's row and value: --format json)`,
    '',
  ].join('\n');
}
