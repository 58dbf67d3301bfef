import { parseConfig } from '../../../modules/org-config/load';
import { ArchiveVolumeError, measureArchiveVolumes } from '../../../packages/cli/toolkit/cost/archive-volumes';
import { deliveryExpectation } from '../../../packages/cli/toolkit/delivery';
import { deliveredFiles, MemoryArchive } from '../../../e2e/harness/memory-archive';

const CONFIG = {
  organization: { id: 'o-volumes0001', managementAccountId: '100000000001' },
  homeRegion: 'eu-west-1',
  governedRegions: ['eu-west-1', 'us-east-1'],
  logArchive: { accountId: '100000000002' },
  members: [
    { name: 'workloads', accountId: '200000000001' },
    { name: 'late', accountId: '200000000002', evidenceSince: '2026-11-02' },
    { name: 'outside', accountId: '200000000003', inOrganization: false },
  ],
};
const DAYS = ['2026-11-01', '2026-11-02'];

/** An archive with one log file of `size` bytes per account, Region and day, and its digest. */
function archive(size: (accountId: string, region: string, day: string) => number): MemoryArchive {
  const memory = new MemoryArchive();
  for (const target of deliveryExpectation(parseConfig(JSON.stringify(CONFIG))).targets) {
    for (const day of DAYS) {
      for (const file of deliveredFiles(target, day)) {
        if (file.kind === 'logs') memory.put(file.bucket, file.key, size(target.accountId, target.region, day));
        if (file.kind === 'digests') memory.put(file.bucket, file.key, 999_999);
      }
    }
  }
  return memory;
}

describe('measureArchiveVolumes: the bytes of CloudTrail log files each account delivers a day', () => {
  const expectation = deliveryExpectation(parseConfig(JSON.stringify(CONFIG)));
  const window = { from: DAYS[0], to: DAYS[1] };

  test('adds up the log files of every trail folder and day, not the digests, from evidenceSince on', async () => {
    const memory = archive(
      (accountId, region) => (accountId === '200000000001' ? 3_000 : 1_000) + (region === 'us-east-1' ? 500 : 0),
    );
    const volumes = await measureArchiveVolumes(expectation, window, memory);
    // management, log-archive and workloads on both days; late from 2026-11-02; outside has no trail.
    expect(volumes.accounts).toBe(4);
    expect(volumes.regions).toBe(2);
    expect(volumes.accountDays).toBe(3 * 2 + 1);
    // The seeded late account delivered on 2026-11-01 too, before its evidenceSince: not counted.
    const perRegionPair = (base: number) => base + base + 500;
    const expected = 2 * 2 * perRegionPair(1_000) + 2 * perRegionPair(3_000) + perRegionPair(1_000);
    expect(volumes.gzipBytes).toBe(expected);
    expect(volumes.logFiles).toBe(7 * 2);
    expect(volumes.gzipBytesPerAccountDay).toBeCloseTo(expected / 7);
    expect(volumes.buckets).toEqual(['audit-logs-100000000002-eu-west-1']);
    // One page per day folder: 4 accounts x 2 Regions x 2 days, less the late account's first day.
    expect(volumes.requests).toBe(14);
  });

  test('an archive with no log file in the window is an error naming the window and the way on', async () => {
    await expect(
      measureArchiveVolumes(
        expectation,
        { from: '2026-10-01', to: '2026-10-02' },
        archive(() => 1),
      ),
    ).rejects.toThrow(
      new ArchiveVolumeError(
        'no CloudTrail log file in s3://audit-logs-100000000002-eu-west-1 from 2026-10-01 to 2026-10-02: measure a window ' +
          'after the first delivery (--from, --to; npm run verify-delivery shows which days arrived), or give the volume ' +
          'with --events-per-account-day',
      ),
    );
  });

  test('no account expected over the window is an error, not a division by zero', async () => {
    const outsideOnly = deliveryExpectation(parseConfig(JSON.stringify(CONFIG)), { accounts: ['outside'] });
    await expect(
      measureArchiveVolumes(
        outsideOnly,
        window,
        archive(() => 1),
      ),
    ).rejects.toThrow(ArchiveVolumeError);
    await expect(
      measureArchiveVolumes(
        outsideOnly,
        window,
        archive(() => 1),
      ),
    ).rejects.toThrow(/no account is expected to deliver CloudTrail logs from 2026-11-01 to 2026-11-02/);
  });
});
