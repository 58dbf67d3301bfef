import { OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';
import {
  columnarCopySql,
  copiedDayCountSql,
  dayLiteral,
  deleteCopiedDaySql,
} from '@audit-logging/cdktf/toolkit-api/analytics';

/** How a query ended. */
export interface QueryOutcome {
  /** Athena's final state. */
  readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  /** Why it failed or was cancelled (Athena's `StateChangeReason`). */
  readonly reason?: string;
  /** Bytes the query read (what Athena bills). */
  readonly bytesScanned: number;
  /** The rows of a SELECT, each a list of text values, without the header. */
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Runs one statement to its end: Athena in the copy's workgroup, or an offline engine in the tests. */
export interface QueryRunner {
  run(sql: string): Promise<QueryOutcome>;
}

/** What a backfill did with one day. */
export interface BackfilledDay {
  readonly day: string;
  /** `copied`: added now; `kept`: the copy already held the day and `replace` was not asked. */
  readonly action: 'copied' | 'replaced' | 'kept';
  /** Records of the day in the copy afterwards. */
  readonly records: number;
  /** Bytes the day's statements read. */
  readonly bytesScanned: number;
}

/** What {@link backfillColumnarCopy} copies. */
export interface BackfillOptions {
  /** The days, `yyyy/MM/dd`, in the order they are copied. */
  readonly days: readonly string[];
  /** The CloudTrail table (`database.table`). */
  readonly sourceTable: string;
  /** The copy's table (`database.table`). */
  readonly copyTable: string;
  /** The accounts the insert names, when the source table projects `accountid` as `injected`. */
  readonly accountIds?: readonly string[];
  /** Copy again the days the copy already holds (delete them first). */
  readonly replace?: boolean;
  /** Called after each day. */
  readonly onDay?: (day: BackfilledDay) => void;
}

/** A statement that did not succeed: which day, which step, and Athena's reason. */
export class BackfillFailed extends OperationFailed {
  public static override readonly kind = 'operation' as const;

  public constructor(
    public readonly day: string,
    public readonly step: string,
    public readonly outcome: QueryOutcome,
    public readonly done: readonly BackfilledDay[],
  ) {
    super(`${day}: ${step} ${outcome.state.toLowerCase()}: ${outcome.reason ?? 'no reason given'}`);
  }
}

/**
 * Adds days to the columnar copy, one at a time and in order, with the statements the daily
 * schedule runs: a day the copy already holds is kept (the insert's own guard would add nothing),
 * or, with `replace`, deleted and copied again (for a day copied before its last log files
 * arrived). Stops at the first statement that does not succeed; the days before it are done.
 */
export async function backfillColumnarCopy(runner: QueryRunner, options: BackfillOptions): Promise<BackfilledDay[]> {
  const done: BackfilledDay[] = [];
  for (const day of options.days) {
    const literal = dayLiteral(day);
    let bytesScanned = 0;
    const step = async (name: string, sql: string): Promise<QueryOutcome> => {
      const outcome = await runner.run(sql);
      bytesScanned += outcome.bytesScanned;
      if (outcome.state !== 'SUCCEEDED') throw new BackfillFailed(day, name, outcome, done);
      return outcome;
    };
    const count = async () =>
      Number((await step('counting', copiedDayCountSql(options.copyTable, literal))).rows[0]?.[0] ?? 0);
    const before = await count();
    let action: BackfilledDay['action'] = 'copied';
    if (before > 0 && options.replace !== true) action = 'kept';
    else {
      if (before > 0) {
        await step('deleting the copied day', deleteCopiedDaySql(options.copyTable, literal));
        action = 'replaced';
      }
      await step(
        'the insert',
        columnarCopySql({
          sourceTable: options.sourceTable,
          copyTable: options.copyTable,
          day: literal,
          accountIds: options.accountIds,
        }),
      );
    }
    const result: BackfilledDay = { day, action, records: action === 'kept' ? before : await count(), bytesScanned };
    done.push(result);
    options.onDay?.(result);
  }
  return done;
}

/** Every day from `from` to `to` (`yyyy/MM/dd`, both included), at most `limit`. */
export function daysBetween(from: string, to: string, limit = 3660): string[] {
  const parse = (day: string, option: string) => {
    const time = Date.parse(`${day.replace(/\//g, '-')}T00:00:00Z`);
    if (
      !/^\d{4}\/\d{2}\/\d{2}$/.test(day) ||
      Number.isNaN(time) ||
      new Date(time).toISOString().slice(0, 10) !== day.replace(/\//g, '-')
    ) {
      throw new RangeError(`${option} ${day} is not a day; give yyyy/MM/dd such as 2026/11/16`);
    }
    return time;
  };
  const start = parse(from, '--from');
  const end = parse(to, '--to');
  if (start > end) throw new RangeError(`--from ${from} is after --to ${to}`);
  const count = (end - start) / 86_400_000 + 1;
  if (count > limit)
    throw new RangeError(`--from ${from} to --to ${to} is ${count} days; copy at most ${limit} per run`);
  return Array.from({ length: count }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/'),
  );
}
