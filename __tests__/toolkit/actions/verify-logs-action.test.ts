import * as fs from 'fs';
import * as path from 'path';
import { errorKindOf } from '@audit-logging/cdktf/toolkit-api/core';
import { verifyLogCopy, VerifyLogsInputError } from '../../../packages/cli/toolkit/actions/verify-logs-action';
import { formatReport } from '../../../packages/cli/toolkit/integrity/report-text';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * The verify-logs action, through its API as a team's script calls it: the signed sample copy
 * (examples/evidence), its progress and what it refuses before reading anything.
 */
const SAMPLE = path.join(ROOT, 'examples', 'evidence');

test('the signed sample copy verifies, and the text is the report as the command prints it', async () => {
  const progress: [number, number][] = [];
  const { report, text } = await verifyLogCopy({
    folder: SAMPLE,
    onProgress: (done, total) => progress.push([done, total]),
  });
  expect(report.ok).toBe(true);
  const valid = report.streams.reduce((sum, stream) => sum + stream.logs.valid, 0);
  expect(valid).toBeGreaterThan(0);
  expect(text).toBe(formatReport(report));
  // The last call says every listed log file was hashed.
  expect(progress.at(-1)).toEqual([valid, valid]);
});

test('a window after the last digest verifies no digest', async () => {
  const { report } = await verifyLogCopy({ folder: SAMPLE, start: '2099-01-01T00:00:00Z' });
  expect(report.streams.reduce((sum, stream) => sum + stream.digests.valid, 0)).toBe(0);
});

test.each([
  [{ folder: path.join(SAMPLE, 'nothing-here') }, /nothing-here is not a folder/],
  [
    { folder: SAMPLE, publicKeys: path.join(SAMPLE, 'no-keys.json') },
    /no public keys at .*aws cloudtrail list-public-keys/,
  ],
  [{ folder: SAMPLE, start: 'yesterday' }, /--start yesterday is not a time; use ISO 8601/],
  [{ folder: SAMPLE, end: '2026-13-45' }, /--end 2026-13-45 is not a time/],
])('%o is refused as a usage error, naming the fix', async (options, message) => {
  const refused = verifyLogCopy(options);
  await expect(refused).rejects.toThrow(VerifyLogsInputError);
  await expect(refused).rejects.toThrow(message);
  expect(errorKindOf(await refused.catch((error: unknown) => error))).toBe('usage');
});

test('a file given as the folder is refused too', async () => {
  const file = path.join(tempDir('verify-logs-action-'), 'copy');
  fs.writeFileSync(file, '');
  await expect(verifyLogCopy({ folder: file })).rejects.toThrow(`${file} is not a folder`);
});
