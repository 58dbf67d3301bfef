import { ArchiveLister, ArchiveListing, listingOf } from '../../packages/cli/toolkit/delivery/archive-lister';
import { DeliveryTarget } from '../../packages/cli/toolkit/delivery/delivery-targets';

/** Names in one page of ListObjectsV2, keys and common prefixes together. */
const PAGE = 1000;

/**
 * An archive held in memory that lists as S3's ListObjectsV2 does (keys under a prefix, rolled up at
 * the first delimiter after it, 1,000 names a page), counting every page as a request: for the tests
 * of verify-delivery and for its request counts at a scale moto cannot hold.
 */
export class MemoryArchive implements ArchiveLister {
  public readonly counts = { requests: 0, attempts: 0 };
  private readonly buckets = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  private readonly sorted = new Set<string>();

  /** Adds an object of `size` bytes (0 when not given: verify-delivery reads names only). */
  public put(bucket: string, key: string, size = 0): void {
    const keys = this.buckets.get(bucket) ?? [];
    keys.push(key);
    if (size > 0) this.sizes.set(`${bucket}/${key}`, size);
    this.buckets.set(bucket, keys);
    this.sorted.delete(bucket);
  }

  /** Every object held, by bucket and key: what `aws s3 sync` of the archive would copy. */
  public *objects(): Generator<{ bucket: string; key: string; size: number }> {
    for (const [bucket, keys] of this.buckets)
      for (const key of keys) yield { bucket, key, size: this.sizes.get(`${bucket}/${key}`) ?? 0 };
  }

  public async list(bucket: string, prefix: string, delimiter: string): Promise<ArchiveListing> {
    const keys = this.keysOf(bucket);
    const objects = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i += 1)
      objects.push({ key: keys[i], size: this.sizes.get(`${bucket}/${keys[i]}`) ?? 0 });
    const listing = listingOf(objects, prefix, delimiter);
    const pages = Math.max(1, Math.ceil((listing.prefixes.length + listing.keys.length) / PAGE));
    this.counts.requests += pages;
    this.counts.attempts += pages;
    return listing;
  }

  private keysOf(bucket: string): string[] {
    const keys = this.buckets.get(bucket) ?? [];
    if (!this.sorted.has(bucket)) {
      keys.sort();
      this.sorted.add(bucket);
    }
    return keys;
  }
}

/** The first index whose key is not below `prefix`. */
function lowerBound(keys: readonly string[], prefix: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid] < prefix) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** One file a healthy account delivers: which kind, and where. */
export interface DeliveredFile {
  readonly kind: 'logs' | 'digests' | 'snapshot' | 'history' | 'application-logs';
  readonly bucket: string;
  readonly key: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The files an account delivers on `day` (`yyyy-MM-dd`) in the target's Region, named as CloudTrail
 * and AWS Config name them: a log file and a digest file where a trail records it, a snapshot and a
 * history file where Config does.
 */
export function deliveredFiles(
  target: Pick<DeliveryTarget, 'accountId' | 'region' | 'trail' | 'config' | 'applicationLogs'>,
  day: string,
): DeliveredFile[] {
  const [y, m, d] = day.split('-').map(Number);
  const stamp = `${y}${pad2(m)}${pad2(d)}T0105Z`;
  const { accountId: account, region } = target;
  const files: DeliveredFile[] = [];
  if (target.trail !== undefined) {
    const date = `${y}/${pad2(m)}/${pad2(d)}/`;
    files.push(
      {
        kind: 'logs',
        bucket: target.trail.bucket,
        key: `${target.trail.prefix}CloudTrail/${region}/${date}${account}_CloudTrail_${region}_${stamp}_Mu0KsOhtH1ar15ZZ.json.gz`,
      },
      {
        kind: 'digests',
        bucket: target.trail.bucket,
        key: `${target.trail.prefix}CloudTrail-Digest/${region}/${date}${account}_CloudTrail-Digest_${region}_audit-trail_${region}_${stamp}.json.gz`,
      },
    );
  }
  if (target.config !== undefined) {
    const base = `${target.config.prefix}${y}/${m}/${d}/`;
    files.push(
      {
        kind: 'snapshot',
        bucket: target.config.bucket,
        key: `${base}ConfigSnapshot/${account}_Config_${region}_ConfigSnapshot_${stamp}_0c5f0b4e.json.gz`,
      },
      {
        kind: 'history',
        bucket: target.config.bucket,
        key: `${base}ConfigHistory/${account}_Config_${region}_ConfigHistory_AWS::S3::Bucket_${stamp}_${stamp}_1.json.gz`,
      },
    );
  }
  if (target.applicationLogs !== undefined) {
    // As the archive's Firehose streams name their objects: <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<id>.gz.
    files.push({
      kind: 'application-logs',
      bucket: target.applicationLogs.bucket,
      key: `${target.applicationLogs.prefix}${y}/${pad2(m)}/${pad2(d)}/audit-application-logs-${region}-1-${y}-${pad2(m)}-${pad2(d)}-01-05-00-6f1c2a.gz`,
    });
  }
  return files;
}
