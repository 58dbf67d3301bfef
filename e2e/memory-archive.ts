import { ArchiveLister, ArchiveListing } from '../modules/delivery/archive-lister';

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
  private readonly sorted = new Set<string>();

  public put(bucket: string, key: string): void {
    const keys = this.buckets.get(bucket) ?? [];
    keys.push(key);
    this.buckets.set(bucket, keys);
    this.sorted.delete(bucket);
  }

  public async list(bucket: string, prefix: string, delimiter: string): Promise<ArchiveListing> {
    const keys = this.keysOf(bucket);
    const prefixes = new Set<string>();
    const found: string[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i += 1) {
      const rest = keys[i].slice(prefix.length);
      const at = rest.indexOf(delimiter);
      if (at >= 0) prefixes.add(rest.slice(0, at + delimiter.length));
      else found.push(rest);
    }
    const pages = Math.max(1, Math.ceil((prefixes.size + found.length) / PAGE));
    this.counts.requests += pages;
    this.counts.attempts += pages;
    return { prefixes: [...prefixes], keys: found };
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
