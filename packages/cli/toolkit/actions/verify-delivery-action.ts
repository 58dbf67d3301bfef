import * as fs from 'fs';
import { loadCheckedConfig } from '../common/config-warnings';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { DeliveryReport } from '../delivery/delivery-check';
import { DeliveryInputError } from '../delivery/delivery-window';

/** Options of {@link checkEvidenceDelivery}. */
export interface EvidenceDeliveryOptions {
  /** The organization config file: what is expected comes from it. */
  readonly config: string;
  /**
   * First day, yyyy-MM-dd (UTC).
   * @default - 6 days before `to`: a window of 7 days
   */
  readonly from?: string;
  /**
   * Last day, yyyy-MM-dd (UTC).
   * @default - yesterday: the last whole day
   */
  readonly to?: string;
  /**
   * Only these accounts: ids or member names.
   * @default - every account
   */
  readonly accounts?: readonly string[];
  /**
   * Only these governed Regions.
   * @default - every governed Region
   */
  readonly regions?: readonly string[];
  /**
   * A local copy of the archive to list instead of S3: one folder per bucket (offline).
   * @default - the buckets in S3, with the credentials of the environment
   */
  readonly archive?: string;
  /** List requests in flight at once. */
  readonly concurrency: number;
  /** Attempts per S3 request, with backoff, before giving up. */
  readonly maxAttempts: number;
  /**
   * Called as account-Regions are done, with how many of how many and the requests so far.
   * @default - no progress
   */
  readonly onProgress?: (done: number, total: number, requests: number) => void;
}

/** What {@link checkEvidenceDelivery} found. */
export interface EvidenceDelivery {
  /** Each gap and what was found, as `--json` prints it. */
  readonly report: DeliveryReport;
  /** The report as the command prints it. */
  readonly text: string;
}

/**
 * The verify-delivery action: whether every account, Region and day the config expects delivered
 * its CloudTrail logs and digests and AWS Config snapshots, by listing the day folders of the
 * archive (read-only, never a file) or of a local copy. Config warnings go through `io`.
 * @throws DeliveryInputError for a window or an archive copy it cannot take; ConfigError for the config
 */
export async function checkEvidenceDelivery(
  options: EvidenceDeliveryOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<EvidenceDelivery> {
  const {
    checkDelivery,
    deliveryExpectation,
    deliveryWindow,
    formatDeliveryReport,
    LocalArchiveLister,
    S3ArchiveLister,
  } = await import('../delivery');
  const config = await loadCheckedConfig(options.config, io);
  const window = deliveryWindow({ from: options.from, to: options.to });
  const expectation = deliveryExpectation(config, { accounts: options.accounts, regions: options.regions });
  if (options.archive !== undefined && !fs.statSync(options.archive, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DeliveryInputError(`--archive ${options.archive} is not a folder: give the copy, one folder per bucket`);
  }
  const lister =
    options.archive === undefined
      ? new S3ArchiveLister(config.homeRegion, options.maxAttempts)
      : new LocalArchiveLister(options.archive);
  try {
    const report = await checkDelivery(expectation, window, lister, {
      concurrency: options.concurrency,
      counts: () => lister.counts,
      onProgress: (done, total) => options.onProgress?.(done, total, lister.counts.requests),
    });
    return { report, text: formatDeliveryReport(report) };
  } finally {
    lister.destroy();
  }
}
