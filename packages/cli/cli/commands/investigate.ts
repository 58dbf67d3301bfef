import * as fs from 'fs';
import { Command } from 'commander';
import { EXIT, UsageError } from './exit-codes';
import { dayArgument, dayRange } from './day-option';
import { isoDay, keyDay } from '../../toolkit/common/day';
import { INVESTIGATE_TABLES, type InvestigateQuery } from '../../toolkit/actions/investigate-action';

/** Options of `investigate`, as given. */
interface InvestigateCommandOptions {
  readonly logs?: string;
  readonly from?: string;
  readonly to?: string;
  readonly format: string;
  readonly sql?: string;
  readonly list?: boolean;
  readonly export?: string[];
  readonly table: string;
}

/** The tables investigate loads: the CloudTrail logs, or the application logs (docs/application-logs.md). */

/** `cdktf-audit-logging investigate`: a saved Athena query over a local copy of the logs, offline. */
export function investigateCommand(): Command {
  return new Command('investigate')
    .description(
      'Run a saved Athena query over a local copy of CloudTrail logs or application logs, offline, with DuckDB.',
    )
    .argument('[query]', 'the saved query (investigate --list names them); with --sql, the first value')
    .argument('[values...]', "the query's values after the days, in the order its description gives")
    .option('--logs <folder>', 'the log files: a copy of the bucket (AWSLogs/...) or any folder of them')
    .option('--from <day>', 'first day, yyyy-MM-dd or yyyy/MM/dd (default: the first in the folder)', dayArgument)
    .option('--to <day>', 'last day, yyyy-MM-dd or yyyy/MM/dd (default: today, UTC, when --from is given)', dayArgument)
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--sql <file>', "run this file's query (Trino, as Athena takes it) instead of a saved one")
    .option('--table <table>', `the table --sql runs on: ${INVESTIGATE_TABLES.join(' or ')}`, 'cloudtrail')
    .option('--list', 'list the saved queries and what each asks for')
    .option(
      '--export <format-and-folder...>',
      'write the logs (within --from/--to) as a columnar copy instead of querying: parquet <folder>',
    )
    .addHelpText(
      'after',
      `
The query runs on a table named cloudtrail with the Athena table's columns (partitions accountid,
region and eventdate from each file's name). The application-* queries (and --sql with --table
application_logs) run on application_logs instead: one row per CloudWatch Logs envelope under
application-logs/<account>/<region>/<yyyy>/<MM>/<dd>/ in a copy of the member-logs bucket (partitions
account, region and day from the key). Its ? take --from and --to, then the values. Files
outside the days are left out by name before they are read. --export parquet <folder> writes
the table, every column, as <folder>/cloudtrail.parquet; --logs <folder> then queries that copy. Exit 0 with the answer (even empty),
2 for bad arguments, an unreadable log file or a query offline DuckDB cannot run.

Examples:
  $ cdktf-audit-logging investigate --list
  $ cdktf-audit-logging investigate root-user-activity --logs ./copy --from 2026-11-16 --to 2026-11-22
  $ cdktf-audit-logging investigate actions-by-principal 'role/Admin' --logs ./copy --format csv
  $ cdktf-audit-logging investigate --logs examples/evidence --sql my-query.sql
  $ cdktf-audit-logging investigate --logs ./copy --export parquet ./columnar
  $ cdktf-audit-logging investigate top-callers-and-errors --logs ./columnar
  $ cdktf-audit-logging investigate application-request-across-accounts req-7c1d --logs ./member-logs --from 2026-11-26
  $ cdktf-audit-logging verify-logs ./copy && cdktf-audit-logging investigate evidence-deletions --logs ./copy`,
    )
    .action(async (query: string | undefined, values: string[], options: InvestigateCommandOptions) => {
      process.exitCode = await investigateAction(query, values, options);
    });
}

async function investigateAction(
  name: string | undefined,
  values: string[],
  options: InvestigateCommandOptions,
): Promise<number> {
  const { APPLICATION_LOGS_QUERIES, ATHENA_QUERIES } = await import('@audit-logging/cdktf/toolkit-api/analytics');
  if (options.list === true) {
    for (const query of ATHENA_QUERIES) process.stdout.write(`${query.name}\n  ${query.description}\n`);
    process.stdout.write('\nOver the application logs (table application_logs):\n');
    for (const query of APPLICATION_LOGS_QUERIES) process.stdout.write(`${query.name}\n  ${query.description}\n`);
    return EXIT.ok;
  }
  const names = [...ATHENA_QUERIES, ...APPLICATION_LOGS_QUERIES].map((q) => q.name).join(', ');
  const table = options.table as (typeof INVESTIGATE_TABLES)[number];
  if (!INVESTIGATE_TABLES.includes(table)) {
    throw new UsageError(`--table ${options.table} is not one of ${INVESTIGATE_TABLES.join(', ')}`);
  }
  const { RESULT_FORMATS } = await import('../../toolkit/investigate/result-format');
  const format = options.format as (typeof RESULT_FORMATS)[number];
  if (!RESULT_FORMATS.includes(format)) {
    throw new UsageError(`--format ${options.format} is not one of ${RESULT_FORMATS.join(', ')}`);
  }
  if (options.logs === undefined) throw new UsageError('--logs <folder> is required: the folder of log files to query');
  if (!fs.existsSync(options.logs) || !fs.statSync(options.logs).isDirectory()) {
    throw new UsageError(`--logs ${options.logs} is not a folder`);
  }
  if (options.export !== undefined) return exportAction(options.logs, options.export, { name, table }, daysOf(options));
  let query: InvestigateQuery;
  let queryValues = values;
  if (options.sql !== undefined) {
    if (!fs.existsSync(options.sql)) throw new UsageError(`--sql ${options.sql} does not exist`);
    query = { sql: fs.readFileSync(options.sql, 'utf8').trim().replace(/;$/, ''), table };
    queryValues = name === undefined ? values : [name, ...values];
  } else {
    if (name === undefined) throw new UsageError(`name a saved query (${names}) or give --sql <file>`);
    if (options.table !== 'cloudtrail') throw new UsageError('--table goes with --sql: a saved query knows its table');
    query = { saved: name };
  }
  const { investigateCopy } = await import('../../toolkit/actions/investigate-action');
  const { formatResult } = await import('../../toolkit/investigate/result-format');
  const { answer, read, seconds } = await investigateCopy({
    logs: options.logs,
    query,
    values: queryValues,
    days: daysOf(options),
  });
  process.stdout.write(formatResult(answer.columns, answer.rows, format));
  process.stderr.write(
    `${answer.rows.length} rows; ${read}` +
      `${answer.files.outsideRange > 0 ? ` (${answer.files.outsideRange} left out by the days)` : ''}` +
      ` in ${seconds.toFixed(1)} s\n`,
  );
  return EXIT.ok;
}

function daysOf(options: InvestigateCommandOptions): { from: string; to: string } | undefined {
  if (options.from === undefined && options.to === undefined) return undefined;
  const { from, to } = dayRange(options.from ?? '0000-01-01', options.to ?? isoDay(new Date()));
  return { from: keyDay(from), to: keyDay(to) };
}

/** `investigate --export parquet <folder>`: the whole table, every column, as one Parquet file. */
/** `--export parquet <folder>`: the CloudTrail table of the copy, every column, as Parquet. */
async function exportAction(
  logs: string,
  exportOption: readonly string[],
  query: { readonly name: string | undefined; readonly table: string },
  days: { from: string; to: string } | undefined,
): Promise<number> {
  const [exportFormat, folder, ...rest] = exportOption;
  if (query.table !== 'cloudtrail') {
    throw new UsageError('--export parquet writes the CloudTrail table only: leave out --table application_logs');
  }
  if (exportFormat !== 'parquet' || folder === undefined || rest.length > 0 || query.name !== undefined) {
    throw new UsageError(
      `--export ${exportOption.join(' ')}: give --export parquet <folder>, without a query (the copy holds every column)`,
    );
  }
  const { exportCopy } = await import('../../toolkit/actions/investigate-action');
  const written = await exportCopy({ logs, folder, days });
  process.stderr.write(
    `wrote ${written.file}: ${written.records} records from ${written.filesRead} files, ${written.bytes} bytes, in ${written.seconds.toFixed(1)} s\n`,
  );
  return EXIT.ok;
}
