import { applicationLogSenders, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { type CostLine, type PriceItem, SEARCH_PRICES, type SearchPriceName } from './prices';

/*
 * The search tier's lines of the cost estimate (`logArchive.search`, docs/search.md): the capacity
 * floors that bill every hour even when nothing is indexed or searched, and the managed storage of
 * what is indexed. OpenSearch Serverless scales the account's capacity down to at least 1 OCU for
 * indexing and 1 for search with standby replicas (0.5 OCU x 2 each), 0.5 and 0.5 without (facts
 * `aoss-floor-with-standby`, `aoss-floor-without-standby`); the one search key keeps the collection
 * on the account's first set of OCUs (`aoss-unique-key-own-capacity`). The pipeline runs at least its
 * minimum of Ingestion OCUs, 1, and bills the units in use (`osis-billed-for-units-in-use`). Capacity
 * above the floors follows the load, which nothing here can know: named, not estimated.
 */

/** Hours in the month the estimate is for (30 days, as every line of the estimate). */
export const HOURS_PER_MONTH = 30 * 24;

/** The pipeline's minimum Ingestion OCUs, as modules/search/search-ingestion.ts sets it. */
export const PIPELINE_MIN_UNITS = 1;

/** The longest a lifecycle rule keeps an index (fact `aoss-lifecycle-retention-up-to-3650-days`). */
const MAX_INDEX_RETENTION_DAYS = 3650;

/** The Region whose search prices stand in for a Region without them. */
export const SEARCH_FALLBACK_PRICE_REGION = 'us-east-1';

/** The OCUs the collection's capacity scales down to, idle: indexing and search. */
export function collectionFloorOcus(standbyReplicas: boolean): { readonly indexing: number; readonly search: number } {
  return standbyReplicas ? { indexing: 1, search: 1 } : { indexing: 0.5, search: 0.5 };
}

/** The search tier's monthly floor at one Region's prices: what it bills idle, before storage. */
export interface SearchFloor {
  /** The Region whose search prices were used. */
  readonly priceRegion: string;
  /** The Region asked for, when it has no search prices recorded and `priceRegion`'s stand in. */
  readonly standsInFor?: string;
  /** The collection's floor (indexing and search) with standby replicas, and without, USD a month. */
  readonly collectionWithStandby: number;
  readonly collectionWithoutStandby: number;
  /** The pipeline's floor (its minimum units), USD a month. */
  readonly pipeline: number;
  /** The floor of the tier as configured (standbyReplicas), collection and pipeline, USD a month. */
  readonly total: number;
}

/** The search prices of `region`, or us-east-1's when it has none recorded (said in `standsInFor`). */
export function searchPricesFor(region: string): {
  prices: Readonly<Record<SearchPriceName, PriceItem>>;
  priceRegion: string;
  standsInFor?: string;
} {
  const prices = SEARCH_PRICES[region];
  if (prices !== undefined) return { prices, priceRegion: region };
  return {
    prices: SEARCH_PRICES[SEARCH_FALLBACK_PRICE_REGION],
    priceRegion: SEARCH_FALLBACK_PRICE_REGION,
    standsInFor: region,
  };
}

/** The floor of the search tier with `standbyReplicas`, at `region`'s search prices (or us-east-1's). */
export function searchFloor(standbyReplicas: boolean, region: string): SearchFloor {
  const { prices, priceRegion, standsInFor } = searchPricesFor(region);
  const ocuMonth = prices['aoss.ocu'].usd * HOURS_PER_MONTH;
  const collection = (standby: boolean) => {
    const floor = collectionFloorOcus(standby);
    return (floor.indexing + floor.search) * ocuMonth;
  };
  const pipeline = PIPELINE_MIN_UNITS * prices['osis.ocu'].usd * HOURS_PER_MONTH;
  return {
    priceRegion,
    ...(standsInFor === undefined ? {} : { standsInFor }),
    collectionWithStandby: collection(true),
    collectionWithoutStandby: collection(false),
    pipeline,
    total: collection(standbyReplicas) + pipeline,
  };
}

/** USD with two decimals and thousands separators. */
const usd2 = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The floor in words: the collection with and without standby replicas, the pipeline, the total as configured. */
export function searchFloorWords(floor: SearchFloor, standbyReplicas: boolean): string {
  const prices =
    floor.standsInFor === undefined
      ? `${floor.priceRegion}'s prices`
      : `${floor.priceRegion}'s prices (none recorded for ${floor.standsInFor})`;
  return (
    `${usd2(floor.total)} USD a month even idle, at ${prices}: the collection's ` +
    `${usd2(standbyReplicas ? floor.collectionWithStandby : floor.collectionWithoutStandby)} with standby replicas ` +
    `${standbyReplicas ? 'on' : 'off'} (${usd2(standbyReplicas ? floor.collectionWithoutStandby : floor.collectionWithStandby)} ` +
    `${standbyReplicas ? 'off' : 'on'}) and the pipeline's ${usd2(floor.pipeline)}, before storage`
  );
}

/** One priced line of the search tier. */
function line(
  service: string,
  driver: string,
  quantity: number,
  unit: string,
  price: PriceItem,
  note?: string,
): CostLine {
  return { service, driver, quantity, unit, usd: (quantity / price.per) * price.usd, price, ...(note ? { note } : {}) };
}

/** What the search tier's storage lines are computed from: the volumes, in the estimate's words. */
export interface SearchVolumes {
  readonly managementEventsPerAccountDay: number;
  readonly dataEventsPerAccountDay?: number;
  readonly jsonBytesPerEvent: number;
  readonly applicationLogGbPerAccountDay: number;
  readonly month: number;
}

/** Days of indexed documents the collection holds in the archive's month `month`: its lifecycle's retention at most. */
export function indexedDays(config: OrgConfig, month: number): number {
  const expire = config.logArchive.retention.expireAfterDays;
  const kept =
    expire === null || expire === undefined ? Number.POSITIVE_INFINITY : Math.min(expire, MAX_INDEX_RETENTION_DAYS);
  return Math.min(month * 30, kept);
}

/**
 * The search tier's lines at `region`'s prices (us-east-1's when it has none): the floors of the
 * collection and the pipeline, and the storage of the organization trail's events and the
 * application logs indexed (their JSON size, assumed to be the indexed size). Empty when the tier is off.
 */
export function searchLines(
  config: OrgConfig,
  volumes: SearchVolumes,
  region: string,
  notEstimated: (service: string, driver: string, note: string) => CostLine,
): CostLine[] {
  const search = config.logArchive.search;
  if (search === null || search === undefined) return [];
  const standby = search.standbyReplicas;
  const floor = searchFloor(standby, region);
  const { prices } = searchPricesFor(region);
  const ocus = collectionFloorOcus(standby);
  const stand =
    floor.standsInFor === undefined ? '' : `; ${floor.priceRegion}'s prices, none recorded for ${floor.standsInFor}`;
  const both =
    `the collection's floor is ${usd2(floor.collectionWithStandby)} USD a month with standby replicas, ` +
    `${usd2(floor.collectionWithoutStandby)} without (standbyReplicas); more OCUs as the load grows, not estimated${stand}`;
  const standbyWords = standby ? '0.5 OCU x 2: standby replicas on' : '0.5 OCU: standby replicas off';
  return [
    line(
      'OpenSearch Serverless',
      `indexing capacity floor: ${ocus.indexing} OCU (${standbyWords}), running even idle`,
      ocus.indexing * HOURS_PER_MONTH,
      'OCU-hours',
      prices['aoss.ocu'],
      both,
    ),
    line(
      'OpenSearch Serverless',
      `search capacity floor: ${ocus.search} OCU (${standbyWords}), running even idle`,
      ocus.search * HOURS_PER_MONTH,
      'OCU-hours',
      prices['aoss.ocu'],
    ),
    line(
      'OpenSearch Ingestion',
      `the pipeline's floor: its minimum of ${PIPELINE_MIN_UNITS} Ingestion OCU, running even idle`,
      PIPELINE_MIN_UNITS * HOURS_PER_MONTH,
      'Ingestion OCU-hours',
      prices['osis.ocu'],
      `it scales to maxPipelineUnits (${search.maxPipelineUnits}) under load: at most ${usd2(search.maxPipelineUnits * prices['osis.ocu'].usd * HOURS_PER_MONTH)} USD a month${stand}`,
    ),
    ...storageLines(config, volumes, prices['aoss.storage']),
    notEstimated(
      'OpenSearch Serverless and Ingestion',
      `VPC flow logs indexed, OCUs above the floors, the pipeline's S3 and SQS requests${search.backfill ? ', the backfill of the objects already archived' : ''}${search.vpcEndpoint === null ? '' : ', the VPC endpoint'}`,
      'they follow the volume of logs and of searches, which the config cannot know: the pricing page bills each; CloudWatch shows the OCUs in use (AWS/AOSS IndexingOCU, SearchOCU)',
    ),
  ];
}

/**
 * The managed storage of what the tier indexes in the archive's month: the organization trail's
 * events (its accounts' management events, and data events when the trail records them and a volume
 * is given) and the application logs when members send them, each at their JSON size.
 */
function storageLines(config: OrgConfig, volumes: SearchVolumes, price: PriceItem): CostLine[] {
  const days = indexedDays(config, volumes.month);
  const inOrg = config.members.filter((member) => member.inOrganization).length;
  const dataOn = config.trail.dataEvents.s3 !== 'none' || config.trail.dataEvents.lambda !== 'none';
  const events = volumes.managementEventsPerAccountDay + (dataOn ? (volumes.dataEventsPerAccountDay ?? 0) : 0);
  const trailGbDay = (events * inOrg * volumes.jsonBytesPerEvent) / 1e9;
  const senders = applicationLogSenders(config).length;
  const appGbDay = senders * volumes.applicationLogGbPerAccountDay;
  const storageNote =
    "the events' JSON size assumed as the indexed size; indexed from the archive's first month; the lifecycle " +
    `keeps an index as long as the archive keeps its objects, ${MAX_INDEX_RETENTION_DAYS} days at most`;
  return [
    line(
      'OpenSearch Serverless',
      `managed storage: the organization trail's events of ${days} days indexed in month ${volumes.month} (${trailGbDay.toFixed(2)} GB of JSON a day, ${inOrg} accounts)`,
      trailGbDay * days,
      'GB-month',
      price,
      storageNote,
    ),
    ...(senders > 0
      ? [
          line(
            'OpenSearch Serverless',
            `managed storage: the application logs of ${days} days indexed in month ${volumes.month} (${senders} accounts x ${volumes.applicationLogGbPerAccountDay} GB a day)`,
            appGbDay * days,
            'GB-month',
            price,
            storageNote,
          ),
        ]
      : []),
  ];
}
