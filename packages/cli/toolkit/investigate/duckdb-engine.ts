import type { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { DUCKDB_MACROS } from './trino-dialect';

/** One row of a result, with plain JavaScript values (numbers, text, objects for structs and maps). */
export type ResultRow = Record<string, unknown>;

/** Nothing is downloaded: extensions neither install nor load themselves. */
const INSTANCE_OPTIONS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };

/** The instance {@link DuckDbEngine.preload} started, until an open takes it. */
let preloaded: Promise<DuckDBInstance> | undefined;

/** The name a `CREATE MACRO <name>(...)` statement defines: what a statement calls it by. */
function macroName(macro: string): string {
  const name = /^CREATE MACRO (\w+)\(/.exec(macro)?.[1];
  if (name === undefined) throw new Error(`a Trino macro must read CREATE MACRO <name>(...): ${macro}`);
  return name.toLowerCase();
}

async function createInstance(): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  return DuckDBInstance.create(':memory:', INSTANCE_OPTIONS);
}

/**
 * Native DuckDB in this process (`@duckdb/node-api`), in memory. Its JSON and Parquet readers are
 * built into the binary, so nothing is downloaded: extensions neither install nor load themselves.
 * DuckDB reads and decompresses the log files itself, on every core.
 */
export class DuckDbEngine {
  /**
   * Starts DuckDB in memory, with the macros that give it the Trino functions the catalog uses:
   * each is defined before the first statement that names it (a statement that names none, the
   * load of a full scan say, waits for none).
   */
  public static async open(): Promise<DuckDbEngine> {
    const pending = preloaded ?? createInstance();
    preloaded = undefined;
    const instance = await pending;
    return new DuckDbEngine(instance, await instance.connect());
  }

  /**
   * Loads DuckDB and starts the instance the next {@link open} takes, returning once it is starting:
   * DuckDB starts on a thread of its own while the caller goes on loading what it needs.
   * An instance no open takes is left to the end of the process.
   */
  public static async preload(): Promise<void> {
    if (preloaded !== undefined) return;
    // The module loads here, so that createInstance() finds it loaded and starts the instance
    // before the caller's next step runs.
    await import('@duckdb/node-api');
    preloaded ??= createInstance();
    // Its failure is open's to report; without an open it is no one's.
    preloaded.catch(() => undefined);
  }

  /** The macros not defined yet, by the name a statement calls them with. */
  private readonly undefinedMacros = new Map(DUCKDB_MACROS.map((macro) => [macroName(macro), macro]));

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Runs a statement that returns nothing of interest (CREATE, INSERT, COPY). */
  public async run(sql: string): Promise<void> {
    await this.defineMacrosNamedIn(sql);
    await this.connection.run(sql);
  }

  /**
   * Defines the macros not defined yet whose names `sql` holds, in any case. A name inside a longer
   * word or a file's name defines its macro too, which does no harm; a statement of ten thousand
   * files' names is searched without splitting it into words.
   */
  private async defineMacrosNamedIn(sql: string): Promise<void> {
    if (this.undefinedMacros.size === 0) return;
    const text = sql.toLowerCase();
    for (const [name, macro] of this.undefinedMacros) {
      if (!text.includes(name)) continue;
      this.undefinedMacros.delete(name);
      await this.connection.run(macro);
    }
  }

  /** Appends `rows` of text values to `table`, whose columns are all VARCHAR, without SQL text. */
  public async appendText(table: string, rows: readonly (readonly string[])[]): Promise<void> {
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (const value of row) appender.appendVarchar(value);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Runs `sql` with `?` bound to `parameters` in order (as values, never as SQL text). */
  public async query(
    sql: string,
    parameters: readonly DuckDBValue[] = [],
  ): Promise<{ columns: string[]; rows: ResultRow[] }> {
    await this.defineMacrosNamedIn(sql);
    const reader = await this.connection.runAndReadAll(sql, [...parameters]);
    const columns = reader.columnNames();
    const types = reader.columnTypes();
    const rows = reader
      .getRowObjectsJS()
      .map((row) => Object.fromEntries(columns.map((name, i) => [name, plainValue(row[name], types[i])])));
    return { columns, rows };
  }

  public close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A value as plain JavaScript: big integers as numbers where exact, maps as objects, dates as text. */
function plainValue(value: unknown, type: DuckDBType): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if ('keyType' in type && Array.isArray(value)) {
    return Object.fromEntries(
      (value as { key: unknown; value: unknown }[]).map((entry) => [
        String(entry.key),
        plainValue(entry.value, type.valueType),
      ]),
    );
  }
  if ('entryNames' in type && typeof value === 'object') {
    const struct = value as Record<string, unknown>;
    return Object.fromEntries(type.entryNames.map((name, i) => [name, plainValue(struct[name], type.entryTypes[i])]));
  }
  if ('valueType' in type && Array.isArray(value)) return value.map((item) => plainValue(item, type.valueType));
  return value;
}
