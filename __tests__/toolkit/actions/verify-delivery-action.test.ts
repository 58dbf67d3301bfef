import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../../modules/org-config/load';
import { checkEvidenceDelivery } from '../../../packages/cli/toolkit/actions/verify-delivery-action';
import { RecordingIo } from '../../../packages/cli/toolkit/common/toolkit-io';
import { deliveryExpectation } from '../../../packages/cli/toolkit/delivery/delivery-targets';
import { DeliveryInputError } from '../../../packages/cli/toolkit/delivery/delivery-window';
import { deliveredFiles } from '../../../e2e/harness/memory-archive';
import { tempDir } from '../../support/temp';

/*
 * The verify-delivery action through its API, as a team's script calls it: a copy of the archive
 * on disk (offline), its report and text, its progress, and what it refuses.
 */
const CONFIG = {
  organization: { id: 'o-deliveryaction', managementAccountId: '100000000001' },
  homeRegion: 'eu-west-1',
  governedRegions: ['eu-west-1'],
  logArchive: { accountId: '100000000002' },
  members: [],
};

/** A config file and a copy that holds everything expected on `day`. */
function copyOfOneDay(day: string): { config: string; archive: string } {
  const dir = tempDir('delivery-action-');
  const config = path.join(dir, 'audit.config.json');
  fs.writeFileSync(config, JSON.stringify(CONFIG));
  const archive = path.join(dir, 'copy');
  for (const target of deliveryExpectation(parseConfig(JSON.stringify(CONFIG))).targets)
    for (const { bucket, key } of deliveredFiles(target, day)) {
      const object = path.join(archive, bucket, ...key.split('/'));
      fs.mkdirSync(path.dirname(object), { recursive: true });
      fs.writeFileSync(object, '');
    }
  return { config, archive };
}

const LIMITS = { concurrency: 4, maxAttempts: 1 };

test('a copy with every file of the day is complete; the day after is a gap for each account', async () => {
  const { config, archive } = copyOfOneDay('2026-11-05');
  const io = new RecordingIo();
  const progress: number[][] = [];
  const complete = await checkEvidenceDelivery(
    { config, archive, from: '2026-11-05', to: '2026-11-05', ...LIMITS, onProgress: (...at) => progress.push(at) },
    io,
  );
  expect(complete.report.complete).toBe(true);
  expect(complete.text).toMatch(
    /^verify-delivery: 2026-11-05 to 2026-11-05 \(1 day\), 2 accounts in 1 Region: complete\./,
  );
  expect(io.messages).toEqual([]);
  expect(progress.at(-1)?.slice(0, 2)).toEqual([2, 2]);
  const missed = await checkEvidenceDelivery({ config, archive, from: '2026-11-06', to: '2026-11-06', ...LIMITS });
  expect(missed.report.complete).toBe(false);
  expect(new Set(missed.report.gaps.map((gap) => gap.accountId))).toEqual(new Set(['100000000001', '100000000002']));
});

test('only the accounts asked for are expected', async () => {
  const { config, archive } = copyOfOneDay('2026-11-05');
  const { report } = await checkEvidenceDelivery({
    config,
    archive,
    from: '2026-11-06',
    to: '2026-11-06',
    accounts: ['100000000002'],
    ...LIMITS,
  });
  expect(new Set(report.gaps.map((gap) => gap.accountId))).toEqual(new Set(['100000000002']));
});

test('a copy that is not a folder, and a window that ends before it starts, are usage errors', async () => {
  const { config } = copyOfOneDay('2026-11-05');
  await expect(checkEvidenceDelivery({ config, archive: config, ...LIMITS })).rejects.toThrow(
    new DeliveryInputError(`--archive ${config} is not a folder: give the copy, one folder per bucket`),
  );
  await expect(
    checkEvidenceDelivery({ config, archive: path.dirname(config), from: '2026-11-06', to: '2026-11-05', ...LIMITS }),
  ).rejects.toThrow(DeliveryInputError);
});
