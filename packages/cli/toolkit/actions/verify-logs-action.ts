import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import type { VerifyReport } from '../integrity/verify-tree';

/** A copy verify-logs cannot read as given: not a folder, no public keys, a time that is not one (exit 2). */
export class VerifyLogsInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Options of {@link verifyLogCopy}. */
export interface VerifyLogCopyOptions {
  /** The local copy of the log bucket: the folder that holds `AWSLogs/`. */
  readonly folder: string;
  /**
   * CloudTrail's public keys, as `aws cloudtrail list-public-keys` writes them.
   * @default - `<folder>/public-keys.json`
   */
  readonly publicKeys?: string;
  /**
   * Only digests that end at or after this time (ISO 8601).
   * @default - from the first digest
   */
  readonly start?: string;
  /**
   * Only digests that start at or before this time (ISO 8601).
   * @default - to the last digest
   */
  readonly end?: string;
  /**
   * Fail also on warnings (a newest digest saved without its signature).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Called as log files are hashed, with how many are done of how many.
   * @default - no progress
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link verifyLogCopy} found. */
export interface LogCopyVerification {
  /** Each digest chain, log file and problem, as `--json` writes it. */
  readonly report: VerifyReport;
  /** The report as the command prints it. */
  readonly text: string;
}

/** The time `value` names, for the option `field`. */
function timeOf(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new VerifyLogsInputError(`${field} ${value} is not a time; use ISO 8601 such as 2026-11-21T00:00:00Z`);
  }
  return date;
}

/**
 * The verify-logs action: the integrity of a local copy of CloudTrail logs, offline: the digests'
 * signatures and chain, each log file's hash, gaps and files no digest lists.
 * @throws VerifyLogsInputError naming the folder, the keys file or the time, and the fix
 */
export async function verifyLogCopy(options: VerifyLogCopyOptions): Promise<LogCopyVerification> {
  const { folder } = options;
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new VerifyLogsInputError(`${folder} is not a folder`);
  }
  const publicKeysFile = options.publicKeys ?? path.join(folder, 'public-keys.json');
  if (!fs.existsSync(publicKeysFile)) {
    throw new VerifyLogsInputError(
      `no public keys at ${publicKeysFile}; save them with: aws cloudtrail list-public-keys --start-time <first day> > ${publicKeysFile}`,
    );
  }
  const start = timeOf('--start', options.start);
  const end = timeOf('--end', options.end);
  const { parsePublicKeys } = await import('../integrity/digest-file');
  const { formatReport } = await import('../integrity/report-text');
  const { verifyTree } = await import('../integrity/verify-tree');
  const report = await verifyTree(folder, {
    publicKeys: parsePublicKeys(fs.readFileSync(publicKeysFile, 'utf8')),
    start,
    end,
    strict: options.strict ?? false,
    onProgress: options.onProgress,
  });
  return { report, text: formatReport(report) };
}
