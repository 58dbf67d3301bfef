import { DayRange, findLogFiles, LogFile, Partition, readRecords } from './log-files';
import { DuckDbEngine, ResultRow } from './duckdb-engine';
import { jsonScalar, JsonScalarColumn, toDuckDb } from './trino-dialect';
import { fieldOf, HiveType, shapeValue, TABLE_COLUMNS, TableColumn } from './table-schema';

/** The table name the queries run against offline. */
export const OFFLINE_TABLE = 'cloudtrail';

/** Options of {@link investigate}. */
export interface InvestigateOptions {
  /** The folder that holds the log files (a copy of the bucket, or any folder of them). */
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
  /** Log files read, and left out by the day range before reading. */
  readonly files: { readonly read: number; readonly outsideRange: number };
  /** CloudTrail records loaded. */
  readonly records: number;
}

/** Bad input to {@link investigate}: the field and the fix are in the message. */
export class InvestigateInputError extends Error {}

/** The whole range when no days are given: every `yyyy/MM/dd` lies between. */
const ALL_DAYS: DayRange = { from: '0000/01/01', to: '9999/12/31' };
const DAY = /^\d{4}\/\d{2}\/\d{2}$/;
/** Files read at once, and rows sent to DuckDB at once. */
const READ_AHEAD = 16;
const ROWS_PER_INSERT = 5_000;

/**
 * Runs a saved query (Trino text for a table named `table`, as the catalog writes it) over the
 * CloudTrail log files in a folder, with DuckDB in this process: {@link OfflineLogs.load} for the
 * one query, then {@link OfflineLogs.run}. The `?` take the first and last day, then `values`,
 * bound as values.
 */
export async function investigate(sql: (table: string) => string, options: InvestigateOptions): Promise<Investigation> {
  checkValues(toDuckDb(sql(OFFLINE_TABLE)).sql, options.values ?? []);
  const logs = await OfflineLogs.load(options.logs, [sql], options);
  try {
    return logs.run(sql, options.values ?? []);
  } finally {
    logs.close();
  }
}

/**
 * A folder of CloudTrail log files loaded into DuckDB for a set of queries. Files outside the day
 * range are left out by their names before they are read, as Athena's partition projection does;
 * the rest stream into DuckDB in batches, with only the columns the queries name filled, so that a
 * full scan of 10,000 files holds a few columns rather than whole records.
 */
export class OfflineLogs {
  /** Loads the files under `folder` for `queries` (Trino text for a table name, as the catalog writes it). */
  public static async load(
    folder: string,
    queries: readonly ((table: string) => string)[],
    options: Pick<InvestigateOptions, 'days' | 'onProgress'> = {},
  ): Promise<OfflineLogs> {
    const days = options.days ?? ALL_DAYS;
    for (const [field, day] of [
      ['--from', days.from],
      ['--to', days.to],
    ] as const) {
      if (!DAY.test(day)) {
        throw new InvestigateInputError(`${field} ${day} is not a day; give yyyy/MM/dd such as 2026/11/16`);
      }
    }
    if (days.from > days.to) throw new InvestigateInputError(`--from ${days.from} is after --to ${days.to}`);
    const jsonScalars: JsonScalarColumn[] = [];
    const translated: string[] = [];
    for (const sql of queries) {
      const query = toDuckDb(sql(OFFLINE_TABLE), jsonScalars);
      jsonScalars.push(...query.jsonScalars.filter((j) => !jsonScalars.includes(j)));
      translated.push(query.sql);
    }
    const loaded = loadedColumns(translated);
    const { files, outsideRange } = await findLogFiles(folder, options.days);
    if (files.length === 0 && outsideRange === 0) {
      throw new InvestigateInputError(
        `no CloudTrail log files under ${folder}: give the folder that holds AWSLogs/, or any folder of *.json or *.json.gz log files`,
      );
    }
    const engine = await DuckDbEngine.open();
    try {
      engine.createTable(OFFLINE_TABLE, [...TABLE_COLUMNS, ...scalarColumns(jsonScalars)]);
      const loader = new BatchLoader(engine, loaded, jsonScalars);
      for (let at = 0; at < files.length; at += READ_AHEAD) {
        const batch = files.slice(at, at + READ_AHEAD);
        const read = await Promise.all(batch.map(async (file) => ({ file, records: await readRecords(file.file) })));
        for (const { file, records } of read) for (const record of records) loader.add(record, file);
        options.onProgress?.(Math.min(at + READ_AHEAD, files.length), files.length);
      }
      loader.flush();
      return new OfflineLogs(engine, days, { read: files.length, outsideRange }, loader.records, jsonScalars);
    } catch (error) {
      engine.close();
      throw error;
    }
  }

  private constructor(
    private readonly engine: DuckDbEngine,
    private readonly days: DayRange,
    public readonly files: Investigation['files'],
    public readonly records: number,
    private readonly jsonScalars: readonly JsonScalarColumn[],
  ) {}

  /** Runs one of the queries it was loaded for, with the days then `values` for its `?`. */
  public run(sql: (table: string) => string, values: readonly string[]): Investigation {
    const query = toDuckDb(sql(OFFLINE_TABLE), this.jsonScalars);
    const missing = query.jsonScalars.find((j) => !this.jsonScalars.includes(j));
    if (missing !== undefined) {
      throw new Error(`run: json_extract_scalar(${missing.column}, '$.${missing.path.join('.')}') was not loaded`);
    }
    checkValues(query.sql, values);
    const answer = this.engine.query(query.sql, [this.days.from, this.days.to, ...values]);
    return { ...answer, files: this.files, records: this.records };
  }

  public close(): void {
    this.engine.close();
  }
}

/** The columns the JSON scalars are loaded into: text, as `json_extract_scalar` returns. */
function scalarColumns(jsonScalars: readonly JsonScalarColumn[]): TableColumn[] {
  return jsonScalars.map((j) => ({ name: j.name, type: { kind: 'string' } }));
}

/** Refuses values that do not fill the `?` after the two days. */
function checkValues(sql: string, values: readonly string[]): void {
  const placeholders = (sql.match(/\?/g) ?? []).length;
  if (placeholders !== 2 + values.length) {
    throw new InvestigateInputError(
      `the query asks for ${placeholders - 2} value(s) after the days and ${values.length} were given`,
    );
  }
}

/**
 * The table columns some query names (a word of their text), each with the part of its type to
 * fill: a struct the queries only reach into (`useridentity.arn`) is filled with the fields they
 * name, the rest left null; one they name whole, or `SELECT *`, is filled whole. Columns no query
 * names are not loaded at all: a full scan of 10,000 files then holds a few fields per record.
 */
export function loadedColumns(sqls: readonly string[]): Map<string, HiveType> {
  const text = sqls.join('\n');
  const everything = /select\s+(?:distinct\s+)?\*|\.\s*\*/i.test(text);
  const words = new Set(text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const loaded = new Map<string, HiveType>();
  for (const column of TABLE_COLUMNS) {
    if (!everything && !words.has(column.name)) continue;
    const whole = everything || new RegExp(`\\b${column.name}\\b(?!\\s*\\.)`, 'i').test(text);
    loaded.set(column.name, whole ? column.type : namedFields(column.type, words));
  }
  return loaded;
}

/** A struct with only the fields named in `words` (whole) or holding one that is; other types whole. */
function namedFields(type: HiveType, words: ReadonlySet<string>): HiveType {
  if (type.kind !== 'struct') return type;
  const fields = type.fields.flatMap((field) => {
    if (words.has(field.name)) return [field];
    const inner = namedFields(field.type, words);
    return inner.kind === 'struct' && inner.fields.length > 0 ? [{ name: field.name, type: inner }] : [];
  });
  return { kind: 'struct', fields };
}

/** Records shaped into column arrays, sent to DuckDB every {@link ROWS_PER_INSERT} rows. */
class BatchLoader {
  public records = 0;
  private values = new Map<string, unknown[]>();
  /** The loaded columns with the types they are filled with; DuckDB widens them into the table's. */
  private readonly batchColumns: TableColumn[];
  private rows = 0;

  public constructor(
    private readonly engine: DuckDbEngine,
    private readonly loaded: ReadonlyMap<string, HiveType>,
    private readonly jsonScalars: readonly JsonScalarColumn[],
  ) {
    this.batchColumns = [...[...loaded].map(([name, type]) => ({ name, type })), ...scalarColumns(jsonScalars)];
  }

  public add(record: Record<string, unknown>, file: LogFile): void {
    const partition = file.partition ?? partitionOfRecord(record);
    for (const [name, type] of this.loaded) {
      const value = name in partition ? partition[name as keyof Partition] : shapeValue(fieldOf(record, name), type);
      this.column(name).push(value);
    }
    for (const json of this.jsonScalars) {
      this.column(json.name).push(jsonScalar(parsedJson(fieldOf(record, json.column)), json.path));
    }
    this.rows += 1;
    this.records += 1;
    if (this.rows >= ROWS_PER_INSERT) this.flush();
  }

  public flush(): void {
    if (this.rows === 0) return;
    this.engine.insert(OFFLINE_TABLE, this.batchColumns, this.values);
    this.values = new Map();
    this.rows = 0;
  }

  private column(name: string): unknown[] {
    let values = this.values.get(name);
    if (values === undefined) {
      values = [];
      this.values.set(name, values);
    }
    return values;
  }
}

/** A JSON text field's value as Trino's JSON functions see it: text is parsed, an object is itself. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The partition of a record in a file whose name does not carry one: the account that received it,
 * its Region, and the day of its time (UTC), which is where CloudTrail would have delivered it.
 */
function partitionOfRecord(record: Record<string, unknown>): Partition {
  const time = String(fieldOf(record, 'eventtime') ?? '');
  return {
    accountid: String(fieldOf(record, 'recipientaccountid') ?? ''),
    region: String(fieldOf(record, 'awsregion') ?? ''),
    eventdate: /^\d{4}-\d{2}-\d{2}/.test(time) ? time.slice(0, 10).replace(/-/g, '/') : '',
  };
}
