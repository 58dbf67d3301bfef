import { AuditLoggingError, OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';
import { loadCheckedConfig } from '../common/config-warnings';
import { keyDay } from '../common/day';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { BackfilledDay, QueryRunner } from '../columnar-copy/backfill';

export { BackfillFailed, type BackfilledDay } from '../columnar-copy/backfill';

/** Days or a config the columnar copy cannot take: too many days, or no copy in the config (exit 2). */
export class ColumnarCopyInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Athena could not be asked (no workgroup, no credentials): the message says what to check (exit 1). */
export class ColumnarCopyUnreachable extends OperationFailed {
  public static override readonly kind = 'operation' as const;
}

/** Options of {@link addColumnarCopyDays} and {@link columnarCopyStatements}. */
export interface ColumnarCopyOptions {
  /** The organization config file. */
  readonly config: string;
  /** First day, yyyy-MM-dd. */
  readonly from: string;
  /**
   * Last day, yyyy-MM-dd, not before `from`.
   * @default - `from`: one day
   */
  readonly to?: string;
  /**
   * Copy again the days the copy already holds (deleted first).
   * @default false
   */
  readonly replace?: boolean;
  /**
   * Attempts per Athena request, with backoff, before giving up.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * Called after each day, in order.
   * @default - nothing
   */
  readonly onDay?: (day: BackfilledDay) => void;
  /**
   * What runs each statement.
   * @default - Athena, in the copy's workgroup in the home Region, with the environment's credentials
   */
  readonly runner?: QueryRunner;
}

/** What {@link addColumnarCopyDays} did. */
export interface ColumnarCopyResult {
  /** Each day, in order, with what was done. */
  readonly days: readonly BackfilledDay[];
  /** The days the copy already held and kept. */
  readonly kept: number;
  /** Bytes every statement read (Athena bills them). */
  readonly bytesScanned: number;
}

/** The config's copy, its tables and the days `options` name. */
async function copyTargets(options: ColumnarCopyOptions, io: ToolkitIo) {
  const { accountProjectionFor } = await import('@audit-logging/cdktf/toolkit-api/analytics');
  const { columnarCopyTableName } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { organizationAccountIds } = await import('@audit-logging/cdktf/toolkit-api/config');
  const { daysBetween } = await import('../columnar-copy/backfill');
  let days: string[];
  try {
    days = daysBetween(keyDay(options.from), keyDay(options.to ?? options.from));
  } catch (error) {
    throw new ColumnarCopyInputError((error as Error).message);
  }
  const config = await loadCheckedConfig(options.config, io);
  const analytics = config.analytics;
  if (!analytics.columnarCopy.enabled) {
    throw new ColumnarCopyInputError(
      'analytics.columnarCopy.enabled is false in the config: there is no columnar copy to add days to; set it to true and deploy the log archive first',
    );
  }
  const database = analytics.databaseName;
  const accounts = organizationAccountIds(config);
  const injected = accountProjectionFor(analytics.accountProjection, accounts.length) === 'injected';
  const tables = {
    sourceTable: `${database}.${analytics.tableName}`,
    copyTable: `${database}.${columnarCopyTableName(analytics.tableName)}`,
    accountIds: injected ? accounts : undefined,
  };
  return { config, database, days, tables };
}

/**
 * The statements the columnar-copy action runs for the first day of `options`, each as Athena takes
 * it: the count of what the copy holds, the delete when replacing, the insert. Runs nothing.
 * @throws ColumnarCopyInputError for days or a config without the copy
 */
export async function columnarCopyStatements(
  options: ColumnarCopyOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<string[]> {
  const { columnarCopySql, copiedDayCountSql, dayLiteral, deleteCopiedDaySql } =
    await import('@audit-logging/cdktf/toolkit-api/analytics');
  const { days, tables } = await copyTargets(options, io);
  const day = dayLiteral(days[0]);
  return [
    copiedDayCountSql(tables.copyTable, day),
    ...(options.replace === true ? [deleteCopiedDaySql(tables.copyTable, day)] : []),
    columnarCopySql({ ...tables, day }),
  ];
}

/**
 * The columnar-copy action: adds days to the columnar copy of the CloudTrail table, one at a time and
 * in order, with the statement the daily schedule runs, in the copy's workgroup of the log archive
 * account. A day the copy holds is kept, or with `replace` deleted and copied again.
 * @throws ColumnarCopyInputError for days or a config without the copy; BackfillFailed for a
 *   statement that did not succeed (the days before it are done); ColumnarCopyUnreachable when
 *   Athena could not be asked
 */
export async function addColumnarCopyDays(
  options: ColumnarCopyOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<ColumnarCopyResult> {
  const { DEFAULT_COLUMNAR_COPY_NAME } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { sdkErrorMessage } = await import('../common/aws-sdk');
  const { AthenaQueryRunner, BackfillFailed, backfillColumnarCopy } = await import('../columnar-copy');
  const { config, database, days, tables } = await copyTargets(options, io);
  const runner =
    options.runner ??
    new AthenaQueryRunner({
      region: config.homeRegion,
      workgroup: DEFAULT_COLUMNAR_COPY_NAME,
      database,
      maxAttempts: options.maxAttempts ?? 8,
    });
  try {
    const done = await backfillColumnarCopy(runner, {
      ...tables,
      days,
      replace: options.replace,
      onDay: options.onDay,
    });
    return {
      days: done,
      kept: done.filter((d) => d.action === 'kept').length,
      bytesScanned: done.reduce((sum, d) => sum + d.bytesScanned, 0),
    };
  } catch (error) {
    if (error instanceof BackfillFailed) throw error;
    throw new ColumnarCopyUnreachable(
      `${sdkErrorMessage(error)}\nIs the log archive deployed with analytics.columnarCopy, and are these credentials of account ${config.logArchive.accountId} in ${config.homeRegion}?`,
    );
  }
}
