import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { attemptsOf, sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import { AuditLoggingError, OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';

/** What one listing found under a prefix, each name relative to the prefix. */
export interface ArchiveListing {
  /** Common prefixes: keys rolled up to their first `delimiter` after the prefix, with it. */
  readonly prefixes: readonly string[];
  /** Keys without the delimiter after the prefix. */
  readonly keys: readonly string[];
  /** The sizes of those keys' objects added up, in bytes (ListObjectsV2's `Size`). */
  readonly bytes: number;
}

/** Lists an archive bucket by prefix and delimiter, every page: names and sizes, never an object's content. */
export interface ArchiveLister {
  /**
   * What lies under `prefix`, as ListObjectsV2 with `delimiter` answers: for `.../2026/11/` and `/`,
   * the days that hold at least one object (`20/`, `21/`...).
   */
  list(bucket: string, prefix: string, delimiter: string): Promise<ArchiveListing>;
}

/**
 * What ListObjectsV2 with `delimiter` answers for `prefix` over `objects` (every object under the
 * prefix, or more: the others are passed over): each key without the delimiter after the prefix,
 * with its size counted, and the rest rolled up to their first delimiter. The one answer of the
 * listers that are not S3 (a local copy, the tests' archive in memory).
 */
export function listingOf(
  objects: Iterable<{ readonly key: string; readonly size: number }>,
  prefix: string,
  delimiter: string,
): ArchiveListing {
  const prefixes = new Set<string>();
  const keys: string[] = [];
  let bytes = 0;
  for (const { key, size } of objects) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const at = rest.indexOf(delimiter);
    if (at >= 0) prefixes.add(rest.slice(0, at + delimiter.length));
    else {
      keys.push(rest);
      bytes += size;
    }
  }
  return { prefixes: [...prefixes], keys, bytes };
}

/** Requests a lister made: calls, and the attempts the SDK made for them (more when it retried). */
export interface ListingCounts {
  requests: number;
  attempts: number;
}

/** AWS failed every attempt to list the archive: the same call may work later (exit 1, as OperationFailed). */
export class ArchiveReadError extends OperationFailed {
  public static override readonly kind = 'operation' as const;
}

/**
 * The archive cannot be listed as called: no credentials, access denied, or no such bucket. The
 * message gives the fix, which is the caller's (exit 2).
 */
export class ArchiveAccessError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** A local copy of the archive that lacks a bucket's folder: the message gives the command that copies it. */
export class ArchiveCopyMissing extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/**
 * {@link ArchiveLister} over S3: ListObjectsV2 (one request a page of up to 1,000 names), the SDK's
 * adaptive retries, and every request counted in {@link counts}.
 */
export class S3ArchiveLister implements ArchiveLister {
  public readonly counts: ListingCounts = { requests: 0, attempts: 0 };
  private readonly s3: S3Client;

  /**
   * @param region The archive's Region (the config's homeRegion).
   * @param maxAttempts Attempts per request before giving up. @default 8
   */
  public constructor(region: string, maxAttempts?: number) {
    this.s3 = new S3Client(sdkClientOptions(region, maxAttempts));
  }

  public async list(bucket: string, prefix: string, delimiter: string): Promise<ArchiveListing> {
    const prefixes: string[] = [];
    const keys: string[] = [];
    let bytes = 0;
    let token: string | undefined;
    do {
      this.counts.requests += 1;
      let page;
      try {
        page = await this.s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }),
        );
      } catch (error) {
        this.counts.attempts += attemptsOf(error);
        const problem = readProblem(bucket, prefix, error);
        throw CALLER_FIXES.has((error as { name?: string }).name ?? '')
          ? new ArchiveAccessError(problem)
          : new ArchiveReadError(problem);
      }
      this.counts.attempts += attemptsOf(page);
      for (const common of page.CommonPrefixes ?? []) prefixes.push((common.Prefix ?? '').slice(prefix.length));
      for (const object of page.Contents ?? []) {
        keys.push((object.Key ?? '').slice(prefix.length));
        bytes += object.Size ?? 0;
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return { prefixes, keys, bytes };
  }

  public destroy(): void {
    this.s3.destroy();
  }
}

/** The SDK's errors whose fix is the caller's: credentials, the role, the bucket's name. */
const CALLER_FIXES: ReadonlySet<string> = new Set(['AccessDenied', 'CredentialsProviderError', 'NoSuchBucket']);

function readProblem(bucket: string, prefix: string, error: unknown): string {
  const name = (error as { name?: string }).name;
  const where = `cannot list s3://${bucket}/${prefix}`;
  if (name === 'AccessDenied') {
    return `${where}: ${sdkErrorMessage(error)}. The caller needs s3:ListBucket on ${bucket} for this prefix: run as the audit-log-investigator role of the log archive account (docs/log-analytics.md) or from an account in logArchive.readerAccountIds`;
  }
  if (name === 'CredentialsProviderError') {
    return `no AWS credentials to list the archive with: ${sdkErrorMessage(error)}. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the audit-log-investigator role of the log archive account or a reader account`;
  }
  if (name === 'NoSuchBucket') {
    return `${where}: ${sdkErrorMessage(error)}. Check logArchive.bucketName in the config, and that the log-archive stack is deployed`;
  }
  return `${where}: ${sdkErrorMessage(error)}`;
}
