import * as fs from 'fs';
import * as path from 'path';
import { ArchiveCopyMissing, ArchiveListing, ArchiveLister, listingOf, ListingCounts } from './archive-lister';

/**
 * {@link ArchiveLister} over a local copy of the archive: a folder that holds each bucket as a
 * folder of the bucket's name, as `aws s3 sync s3://<bucket> <archive>/<bucket>` writes it. It
 * answers as ListObjectsV2 with a delimiter answers for the same objects: the keys under the prefix
 * without the delimiter after it, and the rest rolled up to their first delimiter (S3 has no empty
 * folders, so neither does this listing). An auditor given a copy checks its completeness offline.
 */
export class LocalArchiveLister implements ArchiveLister {
  /** One "request" per listing, as the S3 lister counts them: the report says how many it made. */
  public readonly counts: ListingCounts = { requests: 0, attempts: 0 };

  /**
   * @param root The copy: one folder per bucket; or each bucket's folder by its name, with
   *   `missing`, what to say of a bucket the map lacks.
   */
  public constructor(
    private readonly root: string | Readonly<Record<string, string>>,
    private readonly missing?: (bucket: string) => string,
  ) {}

  public async list(bucket: string, prefix: string, delimiter: string): Promise<ArchiveListing> {
    this.counts.requests += 1;
    this.counts.attempts += 1;
    const bucketDir = typeof this.root === 'string' ? path.join(this.root, bucket) : this.root[bucket];
    if (bucketDir === undefined || !fs.existsSync(bucketDir)) {
      throw new ArchiveCopyMissing(
        typeof this.root === 'string'
          ? `no copy of s3://${bucket} in ${this.root}: the copy holds each bucket in a folder of its name ` +
              `(aws s3 sync s3://${bucket} ${path.join(this.root, bucket)})`
          : `no copy of s3://${bucket}${this.missing === undefined ? '' : `: ${this.missing(bucket)}`}`,
      );
    }
    // The folder the prefix names whole; listingOf passes over what a prefix ending inside a name leaves out.
    const listing = listingOf(filesUnder(bucketDir, prefix.slice(0, prefix.lastIndexOf('/') + 1)), prefix, delimiter);
    return { ...listing, prefixes: [...listing.prefixes].sort(), keys: [...listing.keys].sort() };
  }

  /** Nothing to release: the same shape as the S3 lister's. */
  public destroy(): void {}
}

/** Every file under `<bucketDir>/<folder>`, as its object key (`/`-separated, from the bucket) and size. */
function* filesUnder(bucketDir: string, folder: string): Generator<{ key: string; size: number }> {
  const start = path.join(bucketDir, ...folder.split('/').filter((part) => part !== ''));
  if (!fs.existsSync(start)) return;
  for (const entry of fs.readdirSync(start, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    yield { key: path.relative(bucketDir, file).split(path.sep).join('/'), size: fs.statSync(file).size };
  }
}
