import type { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { DUCKDB_MACROS } from './trino-dialect';

/** One row of a result, with plain JavaScript values (numbers, text, objects for structs and maps). */
export type ResultRow = Record<string, unknown>;

/**
 * Native DuckDB in this process (`@duckdb/node-api`), in memory. Its JSON and Parquet readers are
 * built into the binary, so nothing is downloaded: extensions neither install nor load themselves.
 * DuckDB reads and decompresses the log files itself, on every core.
 */
export class DuckDbEngine {
  /** Starts DuckDB in memory, with the macros that give it the Trino functions the catalog uses. */
  public static async open(): Promise<DuckDbEngine> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    const engine = new DuckDbEngine(instance, connection);
    for (const macro of DUCKDB_MACROS) await engine.run(macro);
    return engine;
  }

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Runs a statement that returns nothing of interest (CREATE, INSERT, COPY). */
  public async run(sql: string): Promise<void> {
    await this.connection.run(sql);
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
