import * as fs from 'fs';
import * as path from 'path';
import {
  CostInputError,
  daysInClasses,
  DEFAULT_VOLUMES,
  estimateCost,
  type StackCounts,
} from '../../../packages/cli/toolkit/cost/cost-estimate';
import { costMarkdown } from '../../../packages/cli/toolkit/cost/cost-report';
import { PRICE_NAMES, PRICES, SEARCH_PRICE_NAMES, SEARCH_PRICES } from '../../../packages/cli/toolkit/cost/prices';
import { indexedDays, searchFloor, searchFloorWords } from '../../../packages/cli/toolkit/cost/search-cost';
import { shippedConfig } from '../../support/synth';

/* The tests of the cost command on the starter's synthesized stacks are in cost.integration.test.ts. */

const starter = shippedConfig('examples/starter.config.json');
const COUNTS: StackCounts = { alarms: 10, metricFilters: 20, kmsKeys: 3 };

describe('daysInClasses: where a day of logs is, over the lifecycle', () => {
  const retention = (over: Partial<typeof starter.logArchive.retention>) => ({
    ...starter.logArchive.retention,
    transitionToInfrequentAccessDays: null,
    transitionToGlacierDays: null,
    transitionToDeepArchiveDays: null,
    expireAfterDays: null,
    ...over,
  });

  test('Standard until the first transition, then each class until the next, up to the month', () => {
    expect(daysInClasses(retention({ transitionToInfrequentAccessDays: 90 }), 12)).toEqual({
      standard: 90,
      standardIa: 270,
      glacier: 0,
      deepArchive: 0,
    });
    expect(
      daysInClasses(
        retention({
          transitionToInfrequentAccessDays: 30,
          transitionToGlacierDays: 90,
          transitionToDeepArchiveDays: 180,
          expireAfterDays: 400,
        }),
        12,
      ),
    ).toEqual({ standard: 30, standardIa: 60, glacier: 90, deepArchive: 180 });
  });

  test('nothing is kept past expiry, and a skipped class takes no days', () => {
    expect(daysInClasses(retention({ transitionToGlacierDays: 60, expireAfterDays: 365 }), 24)).toEqual({
      standard: 60,
      standardIa: 0,
      glacier: 305,
      deepArchive: 0,
    });
    expect(daysInClasses(retention({ transitionToInfrequentAccessDays: 90 }), 1)).toEqual({
      standard: 30,
      standardIa: 0,
      glacier: 0,
      deepArchive: 0,
    });
  });
});

describe('estimateCost', () => {
  const volumes = { managementEventsPerAccountDay: 20_000, month: 12 };

  test('a worked example: each line is its quantity times its price, and the total their sum', () => {
    const estimate = estimateCost(starter, COUNTS, volumes, 'us-east-1');
    const line = (service: string, driver: RegExp) =>
      estimate.lines.find((l) => l.service === service && driver.test(l.driver));
    const accounts = starter.members.length;
    // 20,000 events x 5 accounts x 30 days x 1,300 bytes = 3.9 GB ingested, at 0.50 USD a GB.
    expect(line('CloudWatch Logs', /^ingestion/)?.quantity).toBeCloseTo((20_000 * accounts * 30 * 1_300) / 1e9, 9);
    expect(line('CloudWatch Logs', /^ingestion/)?.usd).toBeCloseTo(3.9 * 0.5, 9);
    expect(line('CloudWatch', /custom metrics/)?.usd).toBeCloseTo(20 * 0.3, 9);
    expect(line('CloudWatch', /alarms/)?.usd).toBeCloseTo(10 * 0.1, 9);
    expect(line('KMS', /keys/)?.usd).toBe(3);
    // The first copy of management events is free, whatever the volume.
    expect(line('CloudTrail', /first copy/)).toMatchObject({ quantity: 20_000 * accounts * 30, usd: 0 });
    // A day's gzip logs: 20,000 x 5 x 200 bytes = 0.02 GB; Standard 90 days, then Standard-IA.
    expect(line('S3', /^S3 Standard:/)?.quantity).toBeCloseTo(0.02 * 90, 9);
    expect(line('S3', /^S3 Standard-IA/)?.quantity).toBeCloseTo(0.02 * 270, 9);
    const sum = estimate.lines.reduce((total, l) => total + (l.usd ?? 0), 0);
    expect(estimate.totalUsd).toBeCloseTo(sum, 9);
    for (const l of estimate.lines.filter((x) => x.usd !== undefined)) {
      expect(l.usd).toBeCloseTo((l.quantity / (l.price?.per ?? 1)) * (l.price?.usd ?? 0), 9);
    }
  });

  test('names every volume it assumed; a given volume is not an assumption', () => {
    const estimate = estimateCost(starter, COUNTS, volumes, 'us-east-1');
    expect(estimate.assumed).toContain('configItemsPerAccountRegionMonth');
    expect(estimate.assumed).not.toContain('managementEventsPerAccountDay');
    expect(estimateCost(starter, COUNTS, {}, 'us-east-1').assumed).toContain('managementEventsPerAccountDay');
  });

  test('application logs: the delivery priced per record rounded up to 5 KB, only when they are on', () => {
    const app = (config: typeof starter, given = {}) =>
      estimateCost(config, COUNTS, { ...volumes, ...given }, 'us-east-1').lines.filter((l) =>
        /application log/.test(l.driver),
      );
    expect(app(starter)).toEqual([]);
    const full = shippedConfig('examples/full.config.json');
    // Every member but the opted-out one and the log archive account itself.
    const sending = full.members.filter(
      (m) => !full.applicationLogs.optedOutMembers.includes(m.name) && m.accountId !== full.logArchive.accountId,
    ).length;
    const regions = full.governedRegions.length;
    const lines = app(full, { applicationLogGbPerAccountDay: 2, applicationLogRecordBytes: 6_000 });
    const find = (driver: RegExp) => lines.find((l) => driver.test(l.driver));
    // 2 GB x accounts x 30 days of events, gzip at 200/1,300 of it, in records of 6,000 bytes, each
    // billed as 10,240 (two 5 KB steps).
    const eventsGb = 2 * sending * 30;
    const records = (eventsGb * (200 / 1_300) * 1e9) / 6_000;
    expect(find(/^ingestion/)?.quantity).toBeCloseTo((records * 10_240) / 1e9, 6);
    expect(find(/^ingestion/)?.usd).toBeCloseTo(((records * 10_240) / 1e9) * 0.029, 6);
    expect(find(/^decompression/)?.quantity).toBeCloseTo(eventsGb, 9);
    expect(find(/GB delivered/)?.usd).toBeCloseTo(eventsGb * 0.02, 9);
    // At most one object per account and Region every 300 s: 288 a day.
    const objects = sending * regions * 288 * 30;
    expect(find(/objects written/)?.quantity).toBe(objects);
    expect(find(/objects written/)?.usd).toBeCloseTo((objects / 1_000) * 0.005, 9);
    expect(find(/^PUT requests/)?.quantity).toBe(objects);
    const standardDays = daysInClasses(full.logArchive.retention, 12).standard;
    expect(find(/^S3 Standard:/)?.quantity).toBeCloseTo(((eventsGb * (200 / 1_300)) / 30) * standardDays, 6);
    // The members' own ingestion is named with its amount, never added to the total.
    const paid = find(/in the members/);
    expect(paid?.usd).toBeUndefined();
    expect(paid?.note).toContain(`${eventsGb.toLocaleString('en-US')} GB a month at 0.5 USD per GB`);
    // A record of 5 KB exactly is billed as itself; one byte more, as two steps.
    const billed = (bytes: number) =>
      app(full, { applicationLogRecordBytes: bytes }).find((l) => /^ingestion/.test(l.driver))?.driver;
    expect(billed(5_120)).toContain('billed as 5120');
    expect(billed(5_121)).toContain('billed as 10240');
    expect(() => app(full, { applicationLogRecordBytes: 0 })).toThrow(
      /applicationLogRecordBytes is 0.*--application-log-record-bytes/,
    );
  });

  test('[oam-no-charge-for-logs] live search adds no priced line: its queries are named as not estimated', () => {
    const full = shippedConfig('examples/full.config.json');
    expect(full.applicationLogs.liveSearch.enabled).toBe(true);
    const lines = estimateCost(full, COUNTS, volumes, 'us-east-1').lines.filter((l) => /Logs Insights/.test(l.driver));
    expect(lines.map((l) => [l.service, l.usd])).toEqual([['CloudWatch Logs', undefined]]);
    expect(lines[0].note).toContain('billed per GB it scans');
    const off = { ...full, applicationLogs: { ...full.applicationLogs, liveSearch: { enabled: false, sinkArns: {} } } };
    expect(estimateCost(off, COUNTS, volumes, 'us-east-1').lines.filter((l) => /Logs Insights/.test(l.driver))).toEqual(
      [],
    );
  });

  test("docs/application-logs.md's worked figures are the estimate's, for examples/full.config.json", () => {
    const full = shippedConfig('examples/full.config.json');
    const estimate = estimateCost(full, COUNTS);
    // The delivery's lines: the search tier's storage of the application logs is not the delivery's.
    const delivery = estimate.lines
      .filter((l) => /application log/.test(l.driver) && !l.service.startsWith('OpenSearch'))
      .reduce((sum, l) => sum + (l.usd ?? 0), 0);
    const paid = estimate.lines.find((l) => /in the members/.test(l.driver))?.note ?? '';
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/application-logs.md'), 'utf8').replace(/\s+/g, ' ');
    expect(doc).toContain(`come to ${delivery.toFixed(2)} USD a month in month 12`);
    expect(doc).toContain(`${estimate.priceRegion} prices`);
    expect(paid).toContain(`is ${doc.match(/beside ([\d.]+) USD of ingestion/)?.[1]?.replace(/0$/, '')} USD`);
  });

  test('data events: not estimated without a volume, never zero; with one, priced per 100,000', () => {
    const withData = {
      ...starter,
      trail: { ...starter.trail, dataEvents: { s3: 'all' as const, lambda: 'none' as const } },
    };
    const open = estimateCost(withData, COUNTS, volumes, 'us-east-1').lines.find((l) => /data events/.test(l.driver));
    expect(open?.usd).toBeUndefined();
    expect(open?.note).toContain('--data-events-per-account-day');
    const priced = estimateCost(
      withData,
      COUNTS,
      { ...volumes, dataEventsPerAccountDay: 100_000 },
      'us-east-1',
    ).lines.find((l) => /data events/.test(l.driver));
    expect(priced?.usd).toBeCloseTo(((100_000 * starter.members.length * 30) / 100_000) * 0.1, 9);
  });

  test("the home Region's prices when recorded, else us-east-1's, said so; an unknown Region is refused", () => {
    expect(starter.homeRegion).toBe('eu-west-1');
    const ireland = estimateCost(starter, COUNTS, volumes);
    expect(ireland.priceRegion).toBe('eu-west-1');
    expect(ireland.standsInFor).toBeUndefined();
    const mumbai = { ...starter, homeRegion: 'ap-south-1' };
    const estimate = estimateCost(mumbai, COUNTS, volumes);
    expect(estimate).toMatchObject({ priceRegion: 'us-east-1', standsInFor: 'ap-south-1' });
    expect(costMarkdown(estimate, 'starter.json')).toContain('none recorded for ap-south-1, the home Region');
    expect(() => estimateCost(starter, COUNTS, volumes, 'ap-south-1')).toThrow(
      /^no prices recorded for ap-south-1: the table has us-east-1, eu-west-1, eu-central-1; give --price-region/,
    );
  });

  test('where Regions differ: CloudWatch Logs ingestion is 0.50, 0.57 and 0.63 USD a GB, and Frankfurt stores dearer', () => {
    const ingestion = (region: string) => PRICES[region]['logs.ingestion'].usd;
    expect([ingestion('us-east-1'), ingestion('eu-west-1'), ingestion('eu-central-1')]).toEqual([0.5, 0.57, 0.63]);
    expect(PRICES['eu-central-1']['s3.standard'].usd).toBe(0.0245);
    expect(PRICES['eu-central-1']['s3.deepArchive'].usd).toBe(0.0018);
    const line = (region: string) =>
      estimateCost(starter, COUNTS, volumes, region).lines.find((l) => l.driver.startsWith('ingestion'));
    // The same GB at each Region's price.
    expect(line('eu-west-1')?.usd).toBeCloseTo((line('us-east-1')?.usd ?? 0) * (0.57 / 0.5), 9);
  });

  test('a negative or non-numeric volume, and a month that is not a whole number from 1, are refused by name', () => {
    expect(() => estimateCost(starter, COUNTS, { configItemsPerAccountRegionMonth: -1 }, 'us-east-1')).toThrow(
      new CostInputError('configItemsPerAccountRegionMonth is -1: a volume is a number of 0 or more'),
    );
    expect(() => estimateCost(starter, COUNTS, { month: 1.5 }, 'us-east-1')).toThrow(/^month is 1.5: /);
    expect(() => estimateCost(starter, COUNTS, { gzipBytesPerEvent: Number.NaN }, 'us-east-1')).toThrow(
      /^gzipBytesPerEvent is NaN/,
    );
  });

  test('every price names its AWS pricing page, and every recorded Region prices every line', () => {
    for (const [region, prices] of Object.entries(PRICES)) {
      expect([region, Object.keys(prices).sort()]).toEqual([region, [...PRICE_NAMES].sort()]);
      for (const price of Object.values(prices)) {
        expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/);
        expect(price.per).toBeGreaterThan(0);
        // Each price is its row of AWS's pricing data (USD a unit) times the units it is for.
        if (price.data !== undefined) expect(price.usd).toBeCloseTo(Number(price.data.value) * price.per, 9);
        else expect(price.usd).toBe(0);
      }
    }
    expect(DEFAULT_VOLUMES.gzipBytesPerEvent).toBe(200);
  });
});

describe('costMarkdown with --from-archive', () => {
  test('names the events per account and day as measured, and how: files, bytes, window, bucket, requests', () => {
    const estimate = estimateCost(starter, COUNTS, { managementEventsPerAccountDay: 4_321 }, 'us-east-1');
    const md = costMarkdown(
      {
        ...estimate,
        measuredInArchive: {
          from: '2026-11-01',
          to: '2026-11-07',
          buckets: ['audit-logs-111111111111-eu-west-1'],
          accounts: 5,
          regions: 1,
          accountDays: 35,
          logFiles: 10_080,
          gzipBytes: 30_247_000,
          gzipBytesPerAccountDay: 864_200,
          requests: 35,
        },
      },
      'audit.config.json',
    );
    expect(md).toContain(
      '- 4,321 management events per account and day (--events-per-account-day): **measured in the archive** (below), data events included',
    );
    expect(md).toContain(
      'Measured in the archive (--from-archive): 10,080 CloudTrail log files, 30.25 MB of gzip, from 2026-11-01 to ' +
        '2026-11-07 in s3://audit-logs-111111111111-eu-west-1: 5 accounts in 1 Region, 35 account-days, 864,200 bytes ' +
        'per account and day, divided by the bytes per event below (35 ListObjectsV2 requests).',
    );
  });
});

describe('the search tier (logArchive.search): its floors and storage, each price sourced', () => {
  const full = shippedConfig('examples/full.config.json');
  const search = full.logArchive.search;
  if (search === null || search === undefined) throw new Error('examples/full.config.json turns search on');
  const withStandby = (standbyReplicas: boolean) => ({
    ...full,
    logArchive: { ...full.logArchive, search: { ...search, standbyReplicas } },
  });
  const searchLinesOf = (config: typeof full, region?: string) =>
    estimateCost(config, COUNTS, {}, region).lines.filter((l) => /^OpenSearch/.test(l.service));

  test('no search line, floor or note when search is off (the starter)', () => {
    expect(starter.logArchive.search).toBeNull();
    const estimate = estimateCost(starter, COUNTS, {}, 'us-east-1');
    expect(estimate.lines.filter((l) => /OpenSearch/.test(`${l.service} ${l.driver}`))).toEqual([]);
    expect(estimate.searchFloor).toBeUndefined();
    expect(costMarkdown(estimate, 'starter.json')).not.toMatch(/OpenSearch|Search tier/);
  });

  test("[aoss-floor-with-standby] [osis-billed-for-units-in-use] standby replicas on: 1 + 1 OCU and the pipeline's 1 unit, every hour", () => {
    const lines = searchLinesOf(withStandby(true), 'us-east-1');
    const find = (driver: RegExp) => lines.find((l) => driver.test(l.driver));
    // 720 hours x 0.24 USD: 172.80 USD a month for each of indexing, search and the pipeline.
    expect(find(/^indexing capacity floor: 1 OCU/)).toMatchObject({ quantity: 720, unit: 'OCU-hours' });
    expect(find(/^indexing capacity floor/)?.usd).toBeCloseTo(172.8, 9);
    expect(find(/^search capacity floor: 1 OCU/)?.usd).toBeCloseTo(172.8, 9);
    expect(find(/^the pipeline's floor: its minimum of 1 Ingestion OCU/)?.usd).toBeCloseTo(172.8, 9);
    const estimate = estimateCost(withStandby(true), COUNTS, {}, 'us-east-1');
    expect(estimate.searchFloor).toMatchObject({ priceRegion: 'us-east-1', standbyReplicas: true });
    expect(estimate.searchFloor?.collectionWithStandby).toBeCloseTo(345.6, 9);
    expect(estimate.searchFloor?.total).toBeCloseTo(518.4, 9);
    expect(costMarkdown(estimate, 'full.json')).toContain(
      "- **Search tier (logArchive.search):** a floor of 518.40 USD a month even idle, at us-east-1's prices: " +
        "the collection's 345.60 with standby replicas on (172.80 off) and the pipeline's 172.80, before storage.",
    );
  });

  test("[aoss-floor-without-standby] standby replicas off: 0.5 + 0.5 OCU, half the collection's floor", () => {
    const lines = searchLinesOf(withStandby(false), 'us-east-1');
    expect(lines.find((l) => /^indexing capacity floor: 0.5 OCU/.test(l.driver))?.usd).toBeCloseTo(86.4, 9);
    expect(lines.find((l) => /^search capacity floor: 0.5 OCU/.test(l.driver))?.usd).toBeCloseTo(86.4, 9);
    const estimate = estimateCost(withStandby(false), COUNTS, {}, 'us-east-1');
    expect(estimate.searchFloor?.total).toBeCloseTo(345.6, 9);
    expect(costMarkdown(estimate, 'full.json')).toContain(
      "a floor of 345.60 USD a month even idle, at us-east-1's prices: the collection's 172.80 with standby replicas off (345.60 on)",
    );
  });

  test("storage: the trail's events and the application logs indexed, at their JSON size, for the lifecycle's days", () => {
    const volumes = { managementEventsPerAccountDay: 20_000, month: 12 };
    const lines = estimateCost(full, COUNTS, volumes, 'us-east-1').lines.filter((l) =>
      /^managed storage/.test(l.driver),
    );
    const inOrg = full.members.filter((m) => m.inOrganization).length;
    // The full example records data events without a volume given: the management events alone.
    const trailGbDay = (20_000 * inOrg * 1_300) / 1e9;
    expect(lines[0].driver).toContain(`${indexedDays(full, 12)} days`);
    expect(lines[0].quantity).toBeCloseTo(trailGbDay * indexedDays(full, 12), 9);
    expect(lines[0].usd).toBeCloseTo(trailGbDay * indexedDays(full, 12) * 0.024, 9);
    expect(lines[1].driver).toMatch(/^managed storage: the application logs/);
    // A lifecycle keeps an index 3,650 days at most; the archive's expiry bounds it below that.
    expect(
      indexedDays(
        {
          ...full,
          logArchive: { ...full.logArchive, retention: { ...full.logArchive.retention, expireAfterDays: 400 } },
        },
        24,
      ),
    ).toBe(400);
    expect(
      indexedDays(
        {
          ...full,
          logArchive: { ...full.logArchive, retention: { ...full.logArchive.retention, expireAfterDays: 5000 } },
        },
        200,
      ),
    ).toBe(3650);
    expect(
      indexedDays(
        {
          ...full,
          logArchive: { ...full.logArchive, retention: { ...full.logArchive.retention, expireAfterDays: null } },
        },
        200,
      ),
    ).toBe(6000);
  });

  test('every search price names the OpenSearch pricing page and where its figure was read; marked * in the report', () => {
    for (const name of SEARCH_PRICE_NAMES) {
      const price = SEARCH_PRICES['us-east-1'][name];
      expect(price.source).toBe('https://aws.amazon.com/opensearch-service/pricing/');
      expect(price.readIn).toMatch(/^https:\/\/\S+ \(.+\)$/);
      expect(price.data).toBeUndefined();
      expect(price.usd).toBeGreaterThan(0);
    }
    expect(Object.keys(SEARCH_PRICES)).toEqual(['us-east-1']);
    const md = costMarkdown(estimateCost(full, COUNTS, {}, 'us-east-1'), 'full.json');
    expect(md).toContain('| 0.24* per 1 OCU-hour (indexing or search) |');
    expect(md).toContain('| 0.024* per 1 GB-month of managed storage |');
    expect(md).toContain('- https://aws.amazon.com/opensearch-service/pricing/');
  });

  test("docs/search.md's floor and the tier's total are the estimate's, for examples/full.config.json", () => {
    const estimate = estimateCost(full, COUNTS);
    const floor = estimate.searchFloor;
    if (floor === undefined) throw new Error('no search floor');
    const tier = estimate.lines
      .filter((l) => l.service.startsWith('OpenSearch'))
      .reduce((sum, l) => sum + (l.usd ?? 0), 0);
    const doc = fs
      .readFileSync(path.join(__dirname, '../../../docs/search.md'), 'utf8')
      .replace(/\*\*/g, '')
      .replace(/\s+/g, ' ');
    expect(doc).toContain(`it reports a floor of ${searchFloorWords(floor, true)};`);
    expect(doc).toContain(`the tier's lines come to ${tier.toFixed(2)} USD a month`);
  });

  test("the config's docs (logArchive.search, standbyReplicas) state the floors the estimate computes", () => {
    const on = searchFloor(true, 'us-east-1');
    const money = (value: number) => value.toFixed(2);
    const reference = fs
      .readFileSync(path.join(__dirname, '../../../docs/config-reference.md'), 'utf8')
      .replace(/\s+/g, ' ');
    expect(reference).toContain(
      `a floor of ${money(on.total)} USD a month at us-east-1's prices with standby replicas (the collection's ` +
        `${money(on.collectionWithStandby)} and the pipeline's ${money(on.pipeline)}), ${money(searchFloor(false, 'us-east-1').total)} without`,
    );
    expect(reference).toContain(
      `halves the collection's capacity floor (from ${money(on.collectionWithStandby)} to ${money(on.collectionWithoutStandby)} USD a month`,
    );
  });

  test("a Region without search prices is estimated at us-east-1's, and every search line and the floor say so", () => {
    expect(full.homeRegion).toBe('eu-central-1');
    const estimate = estimateCost(full, COUNTS, {});
    expect(estimate.priceRegion).toBe('eu-central-1');
    expect(estimate.searchFloor).toMatchObject({ priceRegion: 'us-east-1', standsInFor: 'eu-central-1' });
    const floor = estimate.lines.find((l) => /^indexing capacity floor/.test(l.driver));
    expect(floor?.note).toContain("us-east-1's prices, none recorded for eu-central-1");
    expect(costMarkdown(estimate, 'full.json')).toContain("at us-east-1's prices (none recorded for eu-central-1)");
  });
});
