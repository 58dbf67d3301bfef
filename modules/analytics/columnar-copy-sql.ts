import { CLOUDTRAIL_COLUMNS, GlueColumn } from './cloudtrail-schema';
import { CLOUDTRAIL_PARTITION_KEYS } from './cloudtrail-schema';

/**
 * The columns of the columnar copy: the CloudTrail table's, then its partition columns as plain
 * columns (`accountid`, `region`, `eventdate`), so every saved query reads both tables alike.
 */
export const COLUMNAR_COPY_COLUMNS: readonly GlueColumn[] = [
  ...CLOUDTRAIL_COLUMNS,
  ...CLOUDTRAIL_PARTITION_KEYS.map((name) => ({ name, type: 'string' })),
];

/**
 * The day a scheduled run copies, in Athena's (Trino) dialect: the UTC day before the run's
 * scheduled time, written `yyyy/MM/dd` like `eventdate`. EventBridge Scheduler puts the scheduled
 * time (ISO 8601, UTC) in place of `<aws.scheduler.scheduled-time>` when it calls Athena.
 */
export const SCHEDULED_DAY =
  "date_format(from_iso8601_timestamp('<aws.scheduler.scheduled-time>') - INTERVAL '1' DAY, '%Y/%m/%d')";

/** A day as a SQL literal, after checking it is written `yyyy/MM/dd`. */
export function dayLiteral(day: string): string {
  if (!/^\d{4}\/\d{2}\/\d{2}$/.test(day)) throw new Error(`${day} is not a day written yyyy/MM/dd`);
  return `'${day}'`;
}

/** What {@link columnarCopySql} copies. */
export interface ColumnarCopyQuery {
  /** The CloudTrail table the copy is made from (`database.table` or a table name). */
  readonly sourceTable: string;
  /** The columnar copy's table. */
  readonly copyTable: string;
  /** The day copied, as a SQL expression ({@link SCHEDULED_DAY}, or {@link dayLiteral}). */
  readonly day: string;
  /**
   * The accounts of the source table, when it projects `accountid` as `injected`: Athena then reads
   * a table only for the accounts a query names.
   * @default - none named (an `enum` projection lists them itself)
   */
  readonly accountIds?: readonly string[];
}

/**
 * The order the daily insert asks its rows to be written in: by account, then Region, then time.
 * An engine that writes them so gives each data file (and Parquet row group) a narrow range of
 * accounts and Regions, whose min/max statistics then let a reader skip the files of other accounts
 * and Regions. Athena's engine (Trino) may drop an ORDER BY in an INSERT; see docs/log-analytics.md.
 */
export const COLUMNAR_COPY_ORDER = ['accountid', 'region', 'eventtime'] as const;

/**
 * The statement that adds one day to the copy: every record of that day's log files, with its
 * partition values, in one Iceberg commit (all or nothing), ordered by {@link COLUMNAR_COPY_ORDER}.
 * It adds nothing when the copy already holds records of that day, so a day run twice (a retried
 * schedule, a backfill over a copied day) is never duplicated; replacing a day is
 * {@link deleteCopiedDaySql} first.
 */
export function columnarCopySql(query: ColumnarCopyQuery): string {
  const columns = COLUMNAR_COPY_COLUMNS.map((column) => column.name).join(', ');
  const accounts =
    query.accountIds === undefined || query.accountIds.length === 0
      ? ''
      : `\n  AND accountid IN (${query.accountIds.map((id) => `'${id}'`).join(', ')})`;
  return `INSERT INTO ${query.copyTable} (${columns})
SELECT ${columns}
FROM ${query.sourceTable}
WHERE eventdate = ${query.day}${accounts}
  AND NOT EXISTS (SELECT 1 FROM ${query.copyTable} WHERE eventdate = ${query.day})
ORDER BY ${COLUMNAR_COPY_ORDER.join(', ')}`;
}

/** The statement that removes one day from the copy, before it is copied again. */
export function deleteCopiedDaySql(copyTable: string, day: string): string {
  return `DELETE FROM ${copyTable} WHERE eventdate = ${day}`;
}

/** How many records the copy holds for one day (what a backfill reports). */
export function copiedDayCountSql(copyTable: string, day: string): string {
  return `SELECT count(*) AS records FROM ${copyTable} WHERE eventdate = ${day}`;
}
