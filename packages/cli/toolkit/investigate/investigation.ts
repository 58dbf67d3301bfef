import * as fsp from 'fs/promises';
import * as path from 'path';
import { DayRange, findLogFiles, LOG_FILE_NAME, LogFileUnreadable } from './log-files';
import { DuckDbEngine, ResultRow } from './duckdb-engine';
import { cloudTrailKey, duckDbType, HiveType, PARTITION_COLUMNS, TABLE_COLUMNS } from './table-schema';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';

/** The table name the queries run against offline. */
export const OFFLINE_TABLE = 'cloudtrail';

/** Options of {@link investigate}. */
export interface InvestigateOptions {
  /**
   * The folder that holds the log files (a copy of the bucket, or any folder of them), or, when it
   * holds none, the Parquet files `investigate --export parquet` wrote.
   */
  readonly logs: string;
  /**
   * The first and last day, `yyyy/MM/dd`: the query's first two values, and the files read.
   * @default - every day in the folder
   */
  readonly days?: DayRange;
  /**
   * The query's other values, in the order its description gives.
   * @default []
   */
  readonly values?: readonly string[];
  /**
   * Called after each batch of files is loaded.
   * @default - silent
   */
  readonly onProgress?: (filesRead: number, filesToRead: number) => void;
}

/** A query's answer and what it read. */
export interface Investigation {
  readonly columns: string[];
  readonly rows: ResultRow[];
  /** Files read (log files, or Parquet files of an exported copy), and log files left out by the day range before reading. */
  readonly files: { readonly read: number; readonly outsideRange: number };
  /** CloudTrail records in the table. */
  readonly records: number;
}

/** Bad input to {@link investigate}: the field and the fix are in the message. */
export class InvestigateInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** The whole range when no days are given: every `yyyy/MM/dd` lies between. */
const ALL_DAYS: DayRange = { from: '0000/01/01', to: '9999/12/31' };
const DAY = /^\d{4}\/\d{2}\/\d{2}$/;
/**
 * Log files DuckDB reads in one statement (in parallel); progress is reported between them. Each
 * statement ends with its last files read on fewer threads, so more statements make a full scan
 * slower (BENCHMARKS.md, "Whole processes against bare DuckDB", the choices below its table).
 */
const FILES_PER_READ = 10_000;
/**
 * The largest log file DuckDB reads in one pass (one file is one JSON object): DuckDB's default,
 * 16 MiB; a batch with a larger file is read again with {@link LARGEST_FILE_BYTES}. A larger limit
 * for every batch doubles the time of a full scan (each read reserves it).
 */
const USUAL_FILE_BYTES = 16 * 2 ** 20;
const LARGEST_FILE_BYTES = 1024 * 2 ** 20;
/** The table the records load into, and its columns that the queries do not see. */
const LOADED_TABLE = 'cloudtrail_loaded';
const SOURCE_FILE = 'source_file';
const HAS_RECORDS = 'has_records';
/** The files to load, each with the parts of its name: matched once per file in JavaScript, joined per record. */
const FILE_NAMES_TABLE = 'log_file_names';
/** The name an exported copy is written under, in the folder given. */
export const PARQUET_COPY_FILE = 'cloudtrail.parquet';

/**
 * Runs a saved query (Trino text for a table named `table`, as the catalog writes it) over the
 * CloudTrail log files in a folder, with DuckDB in this process: {@link OfflineLogs.load} for the
 * one query, then {@link OfflineLogs.run}. The `?` take the first and last day, then `values`,
 * bound as values.
 */
export async function investigate(sql: (table: string) => string, options: InvestigateOptions): Promise<Investigation> {
  checkValues(sql(OFFLINE_TABLE), options.values ?? []);
  const logs = await OfflineLogs.load(options.logs, [sql], options);
  try {
    return await logs.run(sql, options.values ?? []);
  } finally {
    logs.close();
  }
}

/**
 * A folder of CloudTrail log files loaded into DuckDB for a set of queries. Files outside the day
 * range are left out by their names before they are read, as Athena's partition projection does;
 * DuckDB reads the rest itself (gzip or plain, several files at once), keeping only the columns
 * and struct fields the queries name. A folder of Parquet files (an exported copy) is queried in
 * place: DuckDB reads the columns a query needs and skips row groups outside its days.
 */
export class OfflineLogs {
  /** Loads the files under `folder` for `queries` (Trino text for a table name, as the catalog writes it). */
  public static async load(
    folder: string,
    queries: readonly ((table: string) => string)[],
    options: Pick<InvestigateOptions, 'days' | 'onProgress'> = {},
  ): Promise<OfflineLogs> {
    const days = checkedDays(options.days);
    const loaded = loadedColumns(queries.map((sql) => sql(OFFLINE_TABLE)));
    const { files, outsideRange } = await findLogFiles(folder, options.days);
    if (files.length === 0 && outsideRange === 0) {
      // No log files: a columnar copy, if the folder holds one.
      const parquet = await parquetFiles(folder);
      if (parquet.length > 0) return OfflineLogs.openParquet(parquet, days);
      throw new InvestigateInputError(
        `no CloudTrail log files under ${folder}: give the folder that holds AWSLogs/, or any folder of *.json or *.json.gz log files, or of the Parquet files investigate --export parquet wrote`,
      );
    }
    const engine = await DuckDbEngine.open();
    try {
      const reader = new LogFileReader(
        loaded,
        files.every((f) => f.partition !== undefined),
      );
      for (const statement of reader.createTable()) await engine.run(statement);
      await reader.name(
        engine,
        files.map((f) => f.file),
      );
      // The table's rows come in no particular order: without keeping the files' order DuckDB loads
      // in parallel to the end, which takes half the time of a full load. A saved query's ORDER BY
      // ends in unique keys, so its answer and its LIMIT do not depend on it; a --sql without an
      // ORDER BY answers in any order, and one with a LIMIT but no unique ORDER BY with any such rows.
      await engine.run('SET preserve_insertion_order = false');
      for (let at = 0; at < files.length; at += FILES_PER_READ) {
        const batch = files.slice(at, at + FILES_PER_READ).map((f) => f.file);
        await reader.load(engine, batch);
        options.onProgress?.(Math.min(at + FILES_PER_READ, files.length), files.length);
      }
      // What runs on the table afterwards (the copy's ordered insert, an export) keeps its order.
      await engine.run('RESET preserve_insertion_order');
      await reader.check(
        engine,
        files.map((f) => f.file),
      );
      const records = await countRows(engine);
      return new OfflineLogs(engine, days, { read: files.length, outsideRange }, records);
    } catch (error) {
      engine.close();
      throw error;
    }
  }

  private static async openParquet(files: readonly string[], days: DayRange): Promise<OfflineLogs> {
    const engine = await DuckDbEngine.open();
    try {
      await engine.run(`CREATE VIEW ${OFFLINE_TABLE} AS SELECT * FROM read_parquet(${sqlList(files)})`);
      return new OfflineLogs(engine, days, { read: files.length, outsideRange: 0 }, await countRows(engine));
    } catch (error) {
      engine.close();
      throw new LogFileUnreadable(
        `the Parquet files under ${path.dirname(files[0])} are not readable: ${message(error)}`,
      );
    }
  }

  private constructor(
    private readonly engine: DuckDbEngine,
    private readonly days: DayRange,
    public readonly files: Investigation['files'],
    public readonly records: number,
  ) {}

  /** Runs one of the queries it was loaded for, with the days then `values` for its `?`. */
  public async run(sql: (table: string) => string, values: readonly string[]): Promise<Investigation> {
    const text = sql(OFFLINE_TABLE);
    checkValues(text, values);
    const answer = await this.engine.query(text, [this.days.from, this.days.to, ...values]);
    return { ...answer, files: this.files, records: this.records };
  }

  /**
   * Runs a statement over the loaded table that returns nothing (CREATE, INSERT, DELETE): what the
   * columnar copy's SQL is tested and measured with, on the same engine as the queries.
   */
  public async execute(sql: string): Promise<void> {
    await this.engine.run(sql);
  }

  /**
   * Writes the table as one Parquet file, `<folder>/cloudtrail.parquet`, its rows in day, account
   * and Region order (so a day range reads only the row groups of its days). The table must have
   * been loaded whole (`SELECT * FROM cloudtrail` among the queries). Returns the file written.
   */
  public async exportParquet(folder: string): Promise<string> {
    await fsp.mkdir(folder, { recursive: true });
    const file = path.join(folder, PARQUET_COPY_FILE);
    const partial = `${file}.partial`;
    try {
      await this.engine.run(
        `COPY (SELECT * FROM ${OFFLINE_TABLE} ORDER BY eventdate, accountid, region, eventtime) TO ${sqlText(partial)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await fsp.rename(partial, file);
    } finally {
      await fsp.rm(partial, { force: true });
    }
    return file;
  }

  public close(): void {
    this.engine.close();
  }
}

/** Reads log files into the table: the columns the queries name, and the partitions. */
class LogFileReader {
  /** The loaded record columns (the partitions come from the files' names). */
  private readonly recordColumns: readonly (readonly [string, HiveType])[];
  /** What each batch runs, around its list of files and its largest file size (`read_json`'s arguments). */
  private readonly insertHead: string;
  private readonly readJsonTail: string;
  private readonly insertTail: string;

  /**
   * @param loaded the columns to load ({@link loadedColumns})
   * @param allNamed whether every file to load is named as CloudTrail delivers it: the partitions
   * then come from the names alone, and the record fields they would fall back on are not read
   */
  public constructor(loaded: ReadonlyMap<string, HiveType>, allNamed: boolean) {
    this.recordColumns = [...loaded].filter(([name]) => !(PARTITION_COLUMNS as readonly string[]).includes(name));
    // The record fields read from each file: the loaded columns, and those the partitions fall back on.
    const fields = this.recordColumns.map(([name, type]) => ({ name, type }));
    for (const name of allNamed ? [] : PARTITION_FALLBACKS) {
      if (!fields.some((f) => f.name === name)) fields.push({ name, type: { kind: 'string' } });
    }
    // A query of the partitions alone (count(*) by account, say) still reads one field: DuckDB has no empty struct.
    if (fields.length === 0) fields.push({ name: 'eventtime', type: { kind: 'string' } });
    const readType: HiveType = { kind: 'struct', fields };
    const values = [
      ...this.recordColumns.map(([name, type]) =>
        type.kind === 'string' ? `r.${key(name)}` : `CAST(r.${key(name)} AS ${duckDbType(type)})`,
      ),
      ...partitionValues(allNamed),
      // The file's number in the names table: a short text per record where its name was long.
      'named.id',
      HAS_RECORDS,
    ];
    // A file without "Records" gives one row that says so. The parts of each file's name come from
    // the names table (see name): a join on the file, not a regular expression on every record,
    // which made a full load 10% slower.
    const perFile =
      `SELECT unnest(CASE WHEN Records IS NULL THEN [NULL] ELSE Records END) AS r, filename AS ${SOURCE_FILE}, ` +
      `Records IS NOT NULL AS ${HAS_RECORDS}`;
    this.insertHead = `INSERT INTO ${LOADED_TABLE} SELECT ${values.join(', ')} FROM (${perFile} FROM read_json(`;
    this.readJsonTail = `, columns = {Records: ${sqlText(`${duckDbType(readType, '')}[]`)}}, filename = true, format = 'auto', maximum_object_size = `;
    this.insertTail = `)) JOIN ${FILE_NAMES_TABLE} AS named ON named.file = ${SOURCE_FILE}`;
  }

  /**
   * The table the records load into: the loaded record columns with the Glue table's names and
   * types, the partitions, and the file each came from; the queries see it through the view
   * `cloudtrail`, without the file.
   */
  public createTable(): string[] {
    const columns = this.recordColumns.map(([name, type]) => `${name} ${duckDbType(type)}`);
    const partitions = PARTITION_COLUMNS.map((p) => `${p} VARCHAR`);
    return [
      `CREATE TABLE ${LOADED_TABLE} (${[...columns, ...partitions, `${SOURCE_FILE} VARCHAR`, `${HAS_RECORDS} BOOLEAN`].join(', ')})`,
      `CREATE VIEW ${OFFLINE_TABLE} AS SELECT * EXCLUDE (${SOURCE_FILE}, ${HAS_RECORDS}) FROM ${LOADED_TABLE} WHERE ${HAS_RECORDS}`,
      `CREATE TABLE ${FILE_NAMES_TABLE} (id VARCHAR, file VARCHAR, account VARCHAR, region VARCHAR, year VARCHAR, month VARCHAR, day VARCHAR)`,
    ];
  }

  /**
   * Each of `files`, numbered in their order, with the parts of its name as CloudTrail delivers it
   * (account, Region, year, month, day; empty for another name), which the partitions take:
   * {@link LOG_FILE_NAME}. Each record keeps its file's number, which {@link check} reads.
   */
  public async name(engine: DuckDbEngine, files: readonly string[]): Promise<void> {
    await engine.appendText(
      FILE_NAMES_TABLE,
      files.map((file, i) => {
        const match = LOG_FILE_NAME.exec(path.basename(file));
        return [String(i), file, ...(match === null ? ['', '', '', '', ''] : match.slice(1, 6))];
      }),
    );
  }

  /** Reads `files` (in parallel) and appends their records; see {@link LogFileReader.check}. */
  public async load(engine: DuckDbEngine, files: readonly string[]): Promise<void> {
    const read = (bytes: number) =>
      engine.run(`${this.insertHead}${sqlList(files)}${this.readJsonTail}${bytes}${this.insertTail}`);
    try {
      await read(USUAL_FILE_BYTES).catch((error: unknown) => {
        if (!/maximum_object_size/.test(message(error))) throw error;
        return read(LARGEST_FILE_BYTES);
      });
    } catch (error) {
      // DuckDB names the file in its first line ('... in file "<path>", ...'); the rest quotes our SQL.
      const first = message(error).split('\n')[0].trim();
      const file = /in file "([^"]+)"/.exec(first)?.[1] ?? 'a log file';
      throw new LogFileUnreadable(`${file} is not a readable CloudTrail log file: ${first}`);
    }
  }

  /**
   * Refuses, by name, the first of `files` (as {@link name} numbered them) that gave no records list: a JSON object without
   * "Records" (a row that says so), or a JSON list (no row at all).
   */
  public async check(engine: DuckDbEngine, files: readonly string[]): Promise<void> {
    const { rows } = await engine.query(
      `SELECT DISTINCT ${SOURCE_FILE} AS f FROM ${LOADED_TABLE} WHERE ${HAS_RECORDS}`,
    );
    const read = new Set(rows.map((row) => String(row.f)));
    const unread = files.find((_file, i) => !read.has(String(i)));
    if (unread !== undefined) {
      throw new LogFileUnreadable(`${unread} is not a CloudTrail log file: it has no "Records" list`);
    }
  }
}

/** The record fields {@link partitionValues} falls back on for a file named otherwise. */
const PARTITION_FALLBACKS = ['recipientaccountid', 'awsregion', 'eventtime'];

/**
 * The account, Region and day of each record: from the file's name as CloudTrail delivers it, as
 * Athena's projection reads them from the key; for a file named otherwise, the account that
 * received the record, its Region and the day of its time (UTC), where CloudTrail would have put it.
 * With `allNamed` (every file named as delivered), from the names alone.
 */
function partitionValues(allNamed: boolean): string[] {
  const fromName = ['named.account', 'named.region', "concat_ws('/', named.year, named.month, named.day)"];
  if (allNamed) return fromName;
  const time = `r.${key('eventtime')}`;
  return [
    `CASE WHEN named.account <> '' THEN ${fromName[0]} ELSE coalesce(r.${key('recipientaccountid')}, '') END`,
    `CASE WHEN named.account <> '' THEN ${fromName[1]} ELSE coalesce(r.${key('awsregion')}, '') END`,
    `CASE WHEN named.account <> '' THEN ${fromName[2]} ` +
      `WHEN regexp_matches(${time}, '^\\d{4}-\\d{2}-\\d{2}') THEN replace(substr(${time}, 1, 10), '-', '/') ELSE '' END`,
  ];
}

/** A record field by its column name, as CloudTrail writes the key, quoted. */
function key(name: string): string {
  return `"${cloudTrailKey(name)}"`;
}

/** The Parquet files directly in `folder` or below (an exported copy), in name order. */
async function parquetFiles(folder: string): Promise<string[]> {
  const entries = await fsp.readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function countRows(engine: DuckDbEngine): Promise<number> {
  const { rows } = await engine.query(`SELECT count(*) AS n FROM ${OFFLINE_TABLE}`);
  return Number(rows[0].n);
}

/** A SQL string literal. */
function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A SQL list of string literals (file names for `read_json`, say). */
export function sqlList(values: readonly string[]): string {
  return `[${values.map(sqlText).join(', ')}]`;
}

/** An error's message; DuckDB's errors are not always of this realm's Error class. */
function message(error: unknown): string {
  const text = (error as { message?: unknown } | null)?.message;
  return typeof text === 'string' ? text : String(error);
}

/** The day range given, checked (throws {@link InvestigateInputError} naming --from or --to), or every day. */
export function checkedDays(given: DayRange | undefined): DayRange {
  const days = given ?? ALL_DAYS;
  for (const [field, day] of [
    ['--from', days.from],
    ['--to', days.to],
  ] as const) {
    if (!DAY.test(day)) {
      throw new InvestigateInputError(`${field} ${day} is not a day; give yyyy/MM/dd such as 2026/11/16`);
    }
  }
  if (days.from > days.to) throw new InvestigateInputError(`--from ${days.from} is after --to ${days.to}`);
  return days;
}

/** Throws {@link InvestigateInputError} unless `values` fill the query's `?` after the two days. */
export function checkValues(sql: string, values: readonly string[]): void {
  // A `?` inside a string literal (a pattern's `(?i)`) is text, not a value to bind.
  const placeholders = (sql.replace(/'(?:[^']|'')*'/g, "''").match(/\?/g) ?? []).length;
  if (placeholders !== 2 + values.length) {
    throw new InvestigateInputError(
      `the query asks for ${placeholders - 2} value(s) after the days and ${values.length} were given`,
    );
  }
}

/**
 * The table columns some query names (a word of their text), each with the part of its type to
 * fill: a struct the queries only reach into by dotted paths of unquoted names (`useridentity.arn`)
 * is filled with the fields at those paths, the rest left out; one they name any other way
 * (`useridentity`, `useridentity."arn"`), or `SELECT *`, is filled whole.
 * Columns no query names are not loaded at all: a full scan of 10,000 files then holds a few fields
 * per record, and each field left out of the read makes it quicker (BENCHMARKS.md, "Whole processes
 * against bare DuckDB", the choices below its table).
 */
export function loadedColumns(sqls: readonly string[]): Map<string, HiveType> {
  const text = sqls.join('\n').toLowerCase();
  const everything = /select\s+(?:distinct\s+)?\*|\.\s*\*/.test(text);
  const words = new Set(text.match(/[a-z_][a-z0-9_]*/g) ?? []);
  const loaded = new Map<string, HiveType>();
  for (const column of TABLE_COLUMNS) {
    if (!everything && !words.has(column.name)) continue;
    // Named whole: not followed by a dot and an unquoted field (`useridentity`, `useridentity."arn"`).
    const whole = everything || new RegExp(`\\b${column.name}\\b(?!\\s*\\.\\s*[a-z_])`).test(text);
    // Each dotted path, up to its first segment that is not an unquoted name (that field is kept whole).
    const paths = [...text.matchAll(new RegExp(`\\b${column.name}((?:\\s*\\.\\s*[a-z_][a-z0-9_]*)+)`, 'g'))].map(
      (match) =>
        match[1]
          .split('.')
          .map((part) => part.trim())
          .slice(1),
    );
    const named = whole ? column.type : fieldsAtPaths(column.type, paths);
    // A struct left with no field (a shape of reference not foreseen here) is loaded whole.
    loaded.set(column.name, named.kind === 'struct' && named.fields.length === 0 ? column.type : named);
  }
  return loaded;
}

/**
 * A struct with only the fields at `paths` (each a list of field names, from the struct down); a
 * field a path ends on, or reaches past into a type that is not a struct, is kept whole. A path
 * naming a field the struct does not have keeps the struct whole: DuckDB then names the field.
 */
function fieldsAtPaths(type: HiveType, paths: readonly (readonly string[])[]): HiveType {
  if (type.kind !== 'struct' || paths.some((p) => p.length === 0)) return type;
  if (paths.some((p) => !type.fields.some((field) => field.name === p[0]))) return type;
  const fields = type.fields.flatMap((field) => {
    const below = paths.filter((p) => p[0] === field.name).map((p) => p.slice(1));
    return below.length === 0 ? [] : [{ name: field.name, type: fieldsAtPaths(field.type, below) }];
  });
  return { kind: 'struct', fields };
}
