import { mapLimit } from '../common/map-limit';
import { ArchiveLister } from './archive-lister';
import { DeliveryExclusion, DeliveryExpectation, DeliveryTarget } from './delivery-targets';
import { dayOf, DeliveryWindow, WindowMonth, windowDays, windowMonths } from './delivery-window';

/** The files verify-delivery looks for. */
export type EvidenceKind = 'cloudtrail-logs' | 'cloudtrail-digests' | 'config-snapshots' | 'config-history';

/** What each kind is called, its letter in the matrix, and whether a day without it is a gap. */
export const EVIDENCE_KINDS: Readonly<
  Record<EvidenceKind, { readonly label: string; readonly letter: string; readonly required: boolean }>
> = {
  'cloudtrail-logs': { label: 'CloudTrail log files', letter: 'L', required: true },
  'cloudtrail-digests': { label: 'CloudTrail digest files', letter: 'D', required: true },
  'config-snapshots': { label: 'AWS Config snapshots', letter: 'S', required: true },
  // AWS Config delivers a history file every six hours only for the resource types that changed, so a
  // day without one is a quiet day, not a gap; the daily snapshot is what proves the channel works.
  'config-history': { label: 'AWS Config history files', letter: 'H', required: false },
};

/** An account and Region that sends application logs. */
export interface ApplicationLogsPlace {
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
}

/**
 * The application logs found, over every account and Region that sends them: counted, never a gap
 * (an account whose applications wrote nothing that day delivers nothing); an account and Region
 * that delivered nothing in the whole window is named in `silent`.
 */
export interface ApplicationLogsFound {
  /** Account-Region days with at least one object, of those expected. */
  readonly days: { readonly present: number; readonly expected: number };
  /** The accounts and Regions that sent some, and those that sent none in the window. */
  readonly delivered: readonly ApplicationLogsPlace[];
  readonly silent: readonly ApplicationLogsPlace[];
}

/** Days with none of one kind of file, in one account and Region. */
export interface DeliveryGap {
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
  readonly kind: EvidenceKind;
  /** The days expected and missing, `yyyy-MM-dd`, in order. */
  readonly days: readonly string[];
  /** Where the files were looked for, with `<day>` standing for the day's folder. */
  readonly location: string;
}

/** What verify-delivery found. */
export interface DeliveryReport {
  readonly window: DeliveryWindow;
  readonly days: number;
  readonly regions: readonly string[];
  /** Accounts checked (for at least one kind). */
  readonly accounts: number;
  /** Account and Region pairs checked. */
  readonly targets: number;
  /** Days expected with a required kind missing: what makes the exit code 1. */
  readonly gaps: readonly DeliveryGap[];
  /** AWS Config history: days present of days expected, over all targets with Config (not gaps). */
  readonly configHistoryDays: { readonly present: number; readonly expected: number };
  /** The application logs found (not gaps); undefined when no account sends them. */
  readonly applicationLogs?: ApplicationLogsFound;
  readonly exclusions: readonly DeliveryExclusion[];
  /** List requests made, and the attempts the SDK made for them. */
  readonly requests: number;
  readonly attempts: number;
  readonly seconds: number;
  /** True when nothing required is missing. */
  readonly complete: boolean;
}

/** Options of {@link checkDelivery}. */
export interface CheckDeliveryOptions {
  /** Listings in flight at once. @default 32 */
  readonly concurrency?: number;
  /** Called after each account and Region: done of total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** What the lister has counted so far, read at the end for the report. */
  readonly counts?: () => { requests: number; attempts: number };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The days a target expects: in the window, and not before its `since`. */
function expectedDays(target: DeliveryTarget, days: readonly string[]): Set<string> {
  return new Set(days.filter((day) => target.since === undefined || day >= target.since));
}

/** The window's months with at least one expected day: a month before `since` is not listed. */
function expectedMonths(window: DeliveryWindow, expected: Set<string>): WindowMonth[] {
  return windowMonths(window).filter((month) => month.days.some((day) => expected.has(dayOf(month, day))));
}

/**
 * The days in the window that hold at least one object under `<base><yyyy>/<MM>/<dd>/` (CloudTrail's
 * folders, and the application logs' as Firehose writes them): one listing of each month's folder
 * with delimiter `/`, whose common prefixes are the days.
 */
async function paddedDays(
  lister: ArchiveLister,
  bucket: string,
  base: string,
  window: DeliveryWindow,
  expected: Set<string>,
): Promise<Set<string>> {
  const present = new Set<string>();
  for (const month of expectedMonths(window, expected)) {
    const monthPrefix = `${base}${month.year}/${pad(month.month)}/`;
    for (const name of (await lister.list(bucket, monthPrefix, '/')).prefixes) {
      const day = Number(name.replace(/\/$/, ''));
      // Both write `05`: another folder is not theirs.
      if (name !== `${pad(day)}/` || !month.days.includes(day)) continue;
      present.add(dayOf(month, day));
    }
  }
  return present;
}

/**
 * The delimiter of AWS Config's month listings. Snapshot files are named
 * `<account>_Config_<region>_ConfigSnapshot_<time>_<id>.json.gz`; history files name their resource
 * type (`..._ConfigHistory_AWS::S3::Bucket_...`), so with `:` a day's history files roll up into one
 * common prefix while its few snapshots come back as keys: a month is one request, not one a day.
 * What is found does not depend on it: every name is classified by its folder, whether it came back
 * as a key or a prefix (a history file without `:` would only make the listing longer).
 */
export const CONFIG_LISTING_DELIMITER = ':';

/**
 * AWS Config's days in the window with a snapshot, and with history: one listing of each month's
 * folder. Config writes its dates without leading zeros: `2026/9/7/ConfigSnapshot/...`.
 */
async function configDays(
  lister: ArchiveLister,
  config: NonNullable<DeliveryTarget['config']>,
  window: DeliveryWindow,
  expected: Set<string>,
): Promise<{ snapshots: Set<string>; history: Set<string> }> {
  const snapshots = new Set<string>();
  const history = new Set<string>();
  for (const month of expectedMonths(window, expected)) {
    const monthPrefix = `${config.prefix}${month.year}/${month.month}/`;
    const listing = await lister.list(config.bucket, monthPrefix, CONFIG_LISTING_DELIMITER);
    for (const name of [...listing.prefixes, ...listing.keys]) {
      const [day, folder] = name.split('/');
      // Config writes `5`, not `05`: a padded folder is not Config's.
      if (day !== String(Number(day)) || !month.days.includes(Number(day))) continue;
      const iso = dayOf(month, Number(day));
      if (!expected.has(iso)) continue;
      if (folder === 'ConfigSnapshot') snapshots.add(iso);
      if (folder === 'ConfigHistory') history.add(iso);
    }
  }
  return { snapshots, history };
}

/**
 * Checks that the evidence the config expects arrived on every day of `window`: for each account and
 * Region, CloudTrail log files, CloudTrail digest files and AWS Config snapshots, by listing the
 * archive's day folders (never reading a file); the application logs of the members that send them
 * are counted, not required. Each account and Region takes one request per calendar month (and
 * page) for each of CloudTrail logs, CloudTrail digests, AWS Config and application logs: the count
 * grows with accounts x Regions x months, not with days.
 */
export async function checkDelivery(
  expectation: DeliveryExpectation,
  window: DeliveryWindow,
  lister: ArchiveLister,
  options: CheckDeliveryOptions = {},
): Promise<DeliveryReport> {
  const started = Date.now();
  const days = windowDays(window);
  const gaps: DeliveryGap[] = [];
  const history = { present: 0, expected: 0 };
  const applicationLogs = {
    present: 0,
    expected: 0,
    delivered: [] as ApplicationLogsPlace[],
    silent: [] as ApplicationLogsPlace[],
  };
  let done = 0;
  await mapLimit(expectation.targets, options.concurrency ?? 32, async (target) => {
    const expected = expectedDays(target, days);
    const found: Partial<Record<EvidenceKind, { present: Set<string>; location: string }>> = {};
    if (expected.size > 0 && target.trail !== undefined) {
      const { bucket, prefix } = target.trail;
      const [logs, digests] = await Promise.all([
        paddedDays(lister, bucket, `${prefix}CloudTrail/${target.region}/`, window, expected),
        paddedDays(lister, bucket, `${prefix}CloudTrail-Digest/${target.region}/`, window, expected),
      ]);
      const base = `s3://${bucket}/${prefix}`;
      found['cloudtrail-logs'] = { present: logs, location: `${base}CloudTrail/${target.region}/<yyyy/MM/dd>/` };
      found['cloudtrail-digests'] = {
        present: digests,
        location: `${base}CloudTrail-Digest/${target.region}/<yyyy/MM/dd>/`,
      };
    }
    if (expected.size > 0 && target.config !== undefined) {
      const { snapshots, history: historyDays } = await configDays(lister, target.config, window, expected);
      found['config-snapshots'] = {
        present: snapshots,
        location: `s3://${target.config.bucket}/${target.config.prefix}<yyyy/M/d>/ConfigSnapshot/`,
      };
      history.present += historyDays.size;
      history.expected += expected.size;
    }
    if (expected.size > 0 && target.applicationLogs !== undefined) {
      const { bucket, prefix } = target.applicationLogs;
      const present = await paddedDays(lister, bucket, prefix, window, expected);
      const place = { accountId: target.accountId, name: target.name, region: target.region };
      (present.size > 0 ? applicationLogs.delivered : applicationLogs.silent).push(place);
      applicationLogs.present += present.size;
      applicationLogs.expected += expected.size;
    }
    for (const [kind, result] of Object.entries(found) as [
      EvidenceKind,
      { present: Set<string>; location: string },
    ][]) {
      const missing = [...expected].filter((day) => !result.present.has(day));
      if (missing.length > 0 && EVIDENCE_KINDS[kind].required) {
        gaps.push({
          accountId: target.accountId,
          name: target.name,
          region: target.region,
          kind,
          days: missing,
          location: result.location,
        });
      }
    }
    done += 1;
    options.onProgress?.(done, expectation.targets.length);
  });
  const regionOrder = new Map(expectation.regions.map((region, i) => [region, i]));
  const kindOrder = Object.keys(EVIDENCE_KINDS);
  const byPlace = (a: ApplicationLogsPlace, b: ApplicationLogsPlace) =>
    a.name.localeCompare(b.name) ||
    a.accountId.localeCompare(b.accountId) ||
    (regionOrder.get(a.region) ?? 0) - (regionOrder.get(b.region) ?? 0);
  gaps.sort((a, b) => byPlace(a, b) || kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  const counts = options.counts?.() ?? { requests: 0, attempts: 0 };
  return {
    window,
    days: days.length,
    regions: expectation.regions,
    accounts: new Set(expectation.targets.map((t) => t.accountId)).size,
    targets: expectation.targets.length,
    gaps,
    configHistoryDays: history,
    ...(expectation.targets.some((t) => t.applicationLogs !== undefined)
      ? {
          applicationLogs: {
            days: { present: applicationLogs.present, expected: applicationLogs.expected },
            delivered: applicationLogs.delivered.sort(byPlace),
            silent: applicationLogs.silent.sort(byPlace),
          },
        }
      : {}),
    exclusions: expectation.exclusions,
    requests: counts.requests,
    attempts: counts.attempts,
    seconds: (Date.now() - started) / 1000,
    complete: gaps.length === 0,
  };
}
