import * as fs from 'fs';
import * as path from 'path';
import {
  addColumnarCopyDays,
  BackfillFailed,
  ColumnarCopyInputError,
  columnarCopyStatements,
  ColumnarCopyUnreachable,
} from '../../../packages/cli/toolkit/actions/columnar-copy-action';
import type { QueryOutcome, QueryRunner } from '../../../packages/cli/toolkit/columnar-copy/backfill';
import { RecordingIo } from '../../../packages/cli/toolkit/common/toolkit-io';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * The columnar-copy action through its API, as a team's script calls it, with a statement runner of
 * the test's own in place of Athena: what it runs for each day, what it reports, and how it stops.
 */
const FULL = path.join(ROOT, 'examples', 'full.config.json');

/** The starter config with the columnar copy turned off. */
function withoutCopy(): string {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'audit.config.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(tempDir('columnar-copy-action-'), 'audit.config.json');
  fs.writeFileSync(file, JSON.stringify({ ...config, analytics: { columnarCopy: { enabled: false } } }));
  return file;
}

/** A runner whose copy holds `held` records of each day it names (keyed by the day's literal), which the insert fills. */
function copyHolding(held: Record<string, number>, failAt?: RegExp): QueryRunner & { statements: string[] } {
  const statements: string[] = [];
  const records = { ...held };
  const dayOf = (sql: string) => /'(\d{4}\/\d{2}\/\d{2})'/.exec(sql)?.[1] ?? '';
  return {
    statements,
    run: (sql: string): Promise<QueryOutcome> => {
      statements.push(sql);
      if (failAt?.test(sql))
        return Promise.resolve({ state: 'FAILED', reason: 'HIVE_BAD_DATA', bytesScanned: 0, rows: [] });
      const day = dayOf(sql);
      if (/^\s*INSERT/i.test(sql)) records[day] = 1000;
      if (/^\s*DELETE/i.test(sql)) records[day] = 0;
      const rows = /^\s*SELECT/i.test(sql) ? [[String(records[day] ?? 0)]] : [];
      return Promise.resolve({ state: 'SUCCEEDED', bytesScanned: /INSERT/i.test(sql) ? 5e9 : 1e6, rows });
    },
  };
}

test('each day is counted, copied when the copy lacks it and kept when it holds it; the result sums what was read', async () => {
  const runner = copyHolding({ '2026/11/02': 42 });
  const seen: string[] = [];
  const io = new RecordingIo();
  const result = await addColumnarCopyDays(
    {
      config: FULL,
      from: '2026-11-01',
      to: '2026-11-03',
      runner,
      onDay: (day) => seen.push(`${day.day} ${day.action}`),
    },
    io,
  );
  expect(result.days.map((day) => [day.day, day.action, day.records])).toEqual([
    ['2026/11/01', 'copied', 1000],
    ['2026/11/02', 'kept', 42],
    ['2026/11/03', 'copied', 1000],
  ]);
  expect(seen).toEqual(['2026/11/01 copied', '2026/11/02 kept', '2026/11/03 copied']);
  expect(result.kept).toBe(1);
  expect(result.bytesScanned).toBe(2 * 5e9 + 5 * 1e6);
});

test('with replace, a day the copy holds is deleted and copied again', async () => {
  const runner = copyHolding({ '2026/11/02': 42 });
  const result = await addColumnarCopyDays({ config: FULL, from: '2026-11-02', replace: true, runner });
  expect(result.days.map((day) => day.action)).toEqual(['replaced']);
  expect(runner.statements.map((sql) => /^\s*(\w+)/.exec(sql)?.[1].toUpperCase())).toEqual([
    'SELECT',
    'DELETE',
    'INSERT',
    'SELECT',
  ]);
});

test('the statements of the first day are what the action runs, and nothing runs', async () => {
  const statements = await columnarCopyStatements({
    config: FULL,
    from: '2026-11-02',
    to: '2026-11-09',
    replace: true,
  });
  const runner = copyHolding({ '2026/11/02': 1 });
  await addColumnarCopyDays({ config: FULL, from: '2026-11-02', replace: true, runner });
  expect(runner.statements.slice(0, 3)).toEqual(statements);
});

test('a statement that fails stops the run with the days before it done; an unreachable Athena says what to check', async () => {
  const failing = copyHolding({}, /'2026\/11\/02'/);
  const stopped = await addColumnarCopyDays({
    config: FULL,
    from: '2026-11-01',
    to: '2026-11-03',
    runner: failing,
  }).catch((error: unknown) => error);
  expect(stopped).toBeInstanceOf(BackfillFailed);
  expect((stopped as BackfillFailed).done.map((day) => day.day)).toEqual(['2026/11/01']);
  const unreachable: QueryRunner = { run: () => Promise.reject(new Error('UnrecognizedClientException')) };
  await expect(addColumnarCopyDays({ config: FULL, from: '2026-11-01', runner: unreachable })).rejects.toThrow(
    ColumnarCopyUnreachable,
  );
  await expect(addColumnarCopyDays({ config: FULL, from: '2026-11-01', runner: unreachable })).rejects.toThrow(
    /UnrecognizedClientException\nIs the log archive deployed with analytics\.columnarCopy/,
  );
});

test('a config without the copy, and more days than a backfill takes, are usage errors naming the fix', async () => {
  await expect(columnarCopyStatements({ config: withoutCopy(), from: '2026-11-01' })).rejects.toThrow(
    new ColumnarCopyInputError(
      'analytics.columnarCopy.enabled is false in the config: there is no columnar copy to add days to; set it to true and deploy the log archive first',
    ),
  );
  await expect(columnarCopyStatements({ config: FULL, from: '2000-01-01', to: '2026-11-01' })).rejects.toThrow(
    ColumnarCopyInputError,
  );
});
