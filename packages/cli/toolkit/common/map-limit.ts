/**
 * Runs `work` over `items`, at most `limit` at a time, and returns the results in the order of
 * `items`. For I/O-bound work (AWS calls, file hashing) where all at once would exceed a rate limit
 * or the open-file limit.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
