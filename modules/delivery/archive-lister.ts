import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { attemptsOf, sdkClientOptions, sdkErrorMessage } from '../core/aws-sdk';
import { AuditLoggingError } from '../core/errors';

/** Lists the folders of an archive bucket: never an object's content. */
export interface ArchiveLister {
  /**
   * The names of the folders right under `prefix` (which ends in `/`): for `.../2026/11/` the days
   * that hold at least one object, `20`, `21`...
   */
  folders(bucket: string, prefix: string): Promise<string[]>;
}

/** Requests a lister made: calls, and the attempts the SDK made for them (more when it retried). */
export interface ListingCounts {
  requests: number;
  attempts: number;
}

/** The archive could not be listed: access denied, no such bucket, or AWS failing every attempt. */
export class ArchiveReadError extends AuditLoggingError {
  public constructor(message: string) {
    super(message);
    this.name = 'ArchiveReadError';
  }
}

/**
 * {@link ArchiveLister} over S3: ListObjectsV2 with delimiter `/` (one request a page of up to 1,000
 * folders), the SDK's adaptive retries, and every request counted in {@link counts}.
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

  public async folders(bucket: string, prefix: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      this.counts.requests += 1;
      let page;
      try {
        page = await this.s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
        );
      } catch (error) {
        this.counts.attempts += attemptsOf(error);
        throw new ArchiveReadError(readProblem(bucket, prefix, error));
      }
      this.counts.attempts += attemptsOf(page);
      for (const common of page.CommonPrefixes ?? []) {
        const name = (common.Prefix ?? '').slice(prefix.length).replace(/\/$/, '');
        if (name !== '') names.push(name);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return names;
  }

  public destroy(): void {
    this.s3.destroy();
  }
}

function readProblem(bucket: string, prefix: string, error: unknown): string {
  const name = (error as { name?: string }).name;
  const where = `cannot list s3://${bucket}/${prefix}`;
  if (name === 'AccessDenied') {
    return `${where}: ${sdkErrorMessage(error)}. The caller needs s3:ListBucket on ${bucket} for this prefix: run as the audit-log-investigator role of the log archive account (docs/log-analytics.md) or from an account in logArchive.readerAccountIds`;
  }
  if (name === 'NoSuchBucket') {
    return `${where}: ${sdkErrorMessage(error)}. Check logArchive.bucketName in the config, and that the log-archive stack is deployed`;
  }
  return `${where}: ${sdkErrorMessage(error)}`;
}
