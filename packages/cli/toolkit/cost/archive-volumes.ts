import type { ArchiveLister, ListingCounts } from '../delivery/archive-lister';
import type { DeliveryExpectation } from '../delivery/delivery-targets';
import { type DeliveryWindow, windowDays } from '../delivery/delivery-window';
import { mapLimit } from '../common/map-limit';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { commandLine } from '../common/invocation';

/*
 * The volume `cost` would otherwise assume, measured in the archive: how many bytes of CloudTrail log
 * files each account delivers a day. It lists the day folders CloudTrail writes
 * (`<trail folder>CloudTrail/<region>/yyyy/MM/dd/`, one ListObjectsV2 page per 1,000 files) and adds
 * up the sizes S3 reports; it never reads a file. A log file holds the management and data events of
 * its account and Region together, so the measure is of every event the trails record.
 */

/** What the archive held over the window, for the accounts and Regions a trail of ours records. */
export interface ArchiveVolumes {
  /** The window's first and last day (`yyyy-MM-dd`, UTC). */
  readonly from: string;
  readonly to: string;
  /** The bucket(s) listed. */
  readonly buckets: readonly string[];
  /** Accounts whose trail folders were listed. */
  readonly accounts: number;
  /** Governed Regions listed for each. */
  readonly regions: number;
  /** Days of the window an account was expected to deliver, over all accounts (`evidenceSince` counted). */
  readonly accountDays: number;
  /** CloudTrail log files found, and their sizes added up (gzip bytes). */
  readonly logFiles: number;
  readonly gzipBytes: number;
  /** Gzip bytes of log files per account and day, all Regions together: gzipBytes / accountDays. */
  readonly gzipBytesPerAccountDay: number;
  /** ListObjectsV2 requests made (pages; one per day folder when the lister does not count them). */
  readonly requests: number;
}

/** The archive holds nothing to measure: no account delivered over the window, or none is expected. */
export class ArchiveVolumeError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** The day folder of `day` under a trail folder, as CloudTrail writes it. */
function dayFolder(trailPrefix: string, region: string, day: string): string {
  return `${trailPrefix}CloudTrail/${region}/${day.replace(/-/g, '/')}/`;
}

/**
 * Lists every trail folder of `expectation` for each day of `window` (from the account's
 * `evidenceSince` on) and adds up the log files' sizes, `parallel` listings at a time.
 * @throws ArchiveVolumeError when no account is expected over the window, or the archive holds no
 *   log file there (a window before the first delivery, or the wrong bucket).
 */
export async function measureArchiveVolumes(
  expectation: DeliveryExpectation,
  window: DeliveryWindow,
  lister: ArchiveLister & { readonly counts?: ListingCounts },
  parallel = 8,
): Promise<ArchiveVolumes> {
  const days = windowDays(window);
  const listings: { bucket: string; prefix: string; accountId: string; day: string }[] = [];
  for (const target of expectation.targets) {
    if (target.trail === undefined) continue;
    for (const day of days) {
      if (target.since !== undefined && day < target.since) continue;
      listings.push({
        bucket: target.trail.bucket,
        prefix: dayFolder(target.trail.prefix, target.region, day),
        accountId: target.accountId,
        day,
      });
    }
  }
  const accountDays = new Set(listings.map(({ accountId, day }) => `${accountId} ${day}`)).size;
  if (accountDays === 0) {
    throw new ArchiveVolumeError(
      `no account is expected to deliver CloudTrail logs from ${window.from} to ${window.to} ` +
        '(each member outside the organization without standaloneTrail, or evidenceSince after the window): ' +
        'give a window on or after evidenceSince with --from and --to, or the volume with --events-per-account-day',
    );
  }
  const requestsBefore = lister.counts?.requests ?? 0;
  const found = await mapLimit(listings, parallel, async ({ bucket, prefix }) => {
    const listing = await lister.list(bucket, prefix, '/');
    return { files: listing.keys.length, bytes: listing.bytes };
  });
  const logFiles = found.reduce((sum, { files }) => sum + files, 0);
  const gzipBytes = found.reduce((sum, { bytes }) => sum + bytes, 0);
  const buckets = [...new Set(listings.map(({ bucket }) => bucket))].sort();
  if (logFiles === 0) {
    throw new ArchiveVolumeError(
      `no CloudTrail log file in s3://${buckets.join(', s3://')} from ${window.from} to ${window.to}: ` +
        `measure a window after the first delivery (--from, --to; ${commandLine('verify-delivery')} shows which days arrived), ` +
        'or give the volume with --events-per-account-day',
    );
  }
  return {
    from: window.from,
    to: window.to,
    buckets,
    accounts: new Set(listings.map(({ accountId }) => accountId)).size,
    regions: expectation.regions.length,
    accountDays,
    logFiles,
    gzipBytes,
    gzipBytesPerAccountDay: gzipBytes / accountDays,
    requests: lister.counts === undefined ? listings.length : lister.counts.requests - requestsBefore,
  };
}
