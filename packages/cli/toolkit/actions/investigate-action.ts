import * as fs from 'fs';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import type { Investigation } from '../investigate/investigation';
import type { DayRange } from '../investigate/log-files';

/** The tables a query of {@link investigateCopy} runs on. */
export const INVESTIGATE_TABLES = ['cloudtrail', 'application_logs'] as const;

/** A saved query by name, or SQL of one's own on one of the tables. */
export type InvestigateQuery =
  | { readonly saved: string }
  | { readonly sql: string; readonly table: (typeof INVESTIGATE_TABLES)[number] };

/** Options of {@link investigateCopy}. */
export interface InvestigateCopyOptions {
  /** The local copy of the log bucket (CloudTrail's files, or the application logs' objects). */
  readonly logs: string;
  readonly query: InvestigateQuery;
  /**
   * The values of the query's `?` parameters, in order.
   * @default []
   */
  readonly values?: readonly string[];
  /**
   * The days to read, `yyyy/MM/dd` (the archive's key form).
   * @default - every day of the copy
   */
  readonly days?: DayRange;
}

/** What {@link investigateCopy} answered, and what it read, in words. */
export interface InvestigateResult {
  readonly answer: Investigation;
  /** `N records from M files`, or the application logs' events, envelopes and objects. */
  readonly read: string;
  readonly seconds: number;
}

/**
 * The investigate action: a saved Athena query (or SQL of one's own) run offline, on native DuckDB,
 * over a local copy of the logs. Reports progress on a large copy through `io`.
 * @throws InvestigateInputError for a query that is not saved, or that DuckDB cannot bind or run offline
 */
export async function investigateCopy(
  options: InvestigateCopyOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<InvestigateResult> {
  const { APPLICATION_LOGS_QUERIES, ATHENA_QUERIES } = await import('@audit-logging/cdktf/toolkit-api/analytics');
  // Loaded when the action runs: the command imports this module for INVESTIGATE_TABLES at start-up.
  const { InvestigateInputError } = await import('../investigate/investigation');
  const { query } = options;
  let sql: (table: string) => string;
  let onApplicationLogs: boolean;
  if ('saved' in query) {
    const saved = [...ATHENA_QUERIES, ...APPLICATION_LOGS_QUERIES].find((q) => q.name === query.saved);
    if (saved === undefined) {
      const names = [...ATHENA_QUERIES, ...APPLICATION_LOGS_QUERIES].map((q) => q.name).join(', ');
      throw new InvestigateInputError(`no saved query ${query.saved}; the saved queries are ${names}`);
    }
    sql = saved.sql;
    onApplicationLogs = APPLICATION_LOGS_QUERIES.includes(saved);
  } else {
    sql = () => query.sql;
    onApplicationLogs = query.table === 'application_logs';
  }
  // DuckDB starts on its own thread while the rest loads and the files are listed.
  const { DuckDbEngine } = await import('../investigate/duckdb-engine');
  await DuckDbEngine.preload();
  const started = Date.now();
  const values = options.values ?? [];
  try {
    const { answer, read } = onApplicationLogs
      ? await onApplicationLogsCopy(sql, options.logs, options.days, values)
      : await onCloudTrailCopy(sql, { ...options, values, started }, io);
    return { answer, read, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    // DuckDB's own message for a query it cannot bind or run (a column or function it lacks).
    // (DuckDB's errors are not always instances of this realm's Error.)
    const text = (error as { message?: unknown } | null)?.message;
    if (typeof text === 'string' && /^(Binder|Parser|Catalog|Conversion|Invalid Input) Error/.test(text)) {
      throw new InvestigateInputError(
        `the query does not run offline: ${text} (docs/investigating.md lists what does)`,
      );
    }
    throw error;
  }
}

/** A query's answer on the CloudTrail log files, and what was read, in words. */
async function onCloudTrailCopy(
  sql: (table: string) => string,
  run: {
    readonly logs: string;
    readonly days?: DayRange;
    readonly values: readonly string[];
    readonly started: number;
  },
  io: ToolkitIo,
): Promise<{ answer: Investigation; read: string }> {
  const { investigate } = await import('../investigate/investigation');
  const answer = await investigate(sql, {
    logs: run.logs,
    days: run.days,
    values: run.values,
    onProgress: (read, total) => {
      if (total >= 1000 && (read % 1000 < 16 || read === total)) {
        io.notify({
          level: 'warn',
          text: `  read ${read}/${total} log files (${((Date.now() - run.started) / 1000).toFixed(1)} s)`,
        });
      }
    },
  });
  return { answer, read: `${answer.records} records from ${answer.files.read} files` };
}

/** A query's answer on the application logs, and what was read, in words. */
async function onApplicationLogsCopy(
  sql: (table: string) => string,
  logs: string,
  days: DayRange | undefined,
  values: readonly string[],
): Promise<{ answer: Investigation; read: string }> {
  const { OfflineApplicationLogs } = await import('../investigate/application-logs');
  const loaded = await OfflineApplicationLogs.load(logs, days);
  try {
    const answer = await loaded.run(sql, values);
    const read = `${loaded.events} log events in ${loaded.envelopes} envelopes from ${answer.files.read} objects`;
    return { answer, read };
  } finally {
    loaded.close();
  }
}

/** What {@link exportCopy} wrote. */
export interface ParquetExport {
  readonly file: string;
  readonly records: number;
  readonly filesRead: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** The CloudTrail table of a local copy of the logs, every column, as one Parquet file in `folder`. */
export async function exportCopy(options: {
  readonly logs: string;
  readonly folder: string;
  readonly days?: DayRange;
}): Promise<ParquetExport> {
  const { OfflineLogs } = await import('../investigate/investigation');
  const started = Date.now();
  const loaded = await OfflineLogs.load(options.logs, [() => 'SELECT * FROM cloudtrail'], { days: options.days });
  try {
    const file = await loaded.exportParquet(options.folder);
    return {
      file,
      records: loaded.records,
      filesRead: loaded.files.read,
      bytes: fs.statSync(file).size,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    loaded.close();
  }
}
