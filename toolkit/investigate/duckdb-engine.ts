import * as path from 'path';
import { Table, vectorFromArray } from 'apache-arrow';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/dist/duckdb-node-blocking';
import { DUCKDB_MACROS } from './trino-dialect';
import { arrowType, TableColumn } from './table-schema';

/** The table each batch passes through on its way into the queried table. */
const BATCH_TABLE = 'loading_batch';

/** One row of a result, with plain JavaScript values (numbers, text, objects for structs). */
export type ResultRow = Record<string, unknown>;

/**
 * DuckDB compiled to WebAssembly, in this process (`@duckdb/duckdb-wasm`, its blocking Node
 * bindings). It needs nothing at install time beyond npm, and the same package runs on every
 * platform; extensions stay off, because DuckDB-Wasm downloads them at run time, which hangs
 * offline. The native `@duckdb/node-api` would read JSON itself, but its per-platform binaries
 * cannot all be installed from a lockfile made on one platform.
 */
export class DuckDbEngine {
  /** Starts DuckDB in memory, with the macros that give it the Trino functions the catalog uses. */
  public static async open(): Promise<DuckDbEngine> {
    const duckdb = await import('@duckdb/duckdb-wasm/dist/duckdb-node-blocking');
    const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
    const bindings = await duckdb.createDuckDB(
      {
        mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
        eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
      },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await bindings.instantiate(() => undefined);
    const connection = bindings.connect();
    connection.query('SET autoinstall_known_extensions = false');
    connection.query('SET autoload_known_extensions = false');
    for (const macro of DUCKDB_MACROS) connection.query(macro);
    return new DuckDbEngine(bindings, connection);
  }

  private constructor(
    private readonly bindings: DuckDBBindings,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Creates `table` with these columns, empty. */
  public createTable(table: string, columns: readonly TableColumn[]): void {
    const empty = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray([], arrowType(c.type))]));
    this.connection.insertArrowTable(new Table(empty), { name: table, create: true });
  }

  /**
   * Appends rows to `table`: each given column's values, in row order, as Arrow vectors (which
   * DuckDB-Wasm takes). The table's other columns stay null without being built, and a struct given
   * with fewer fields than the table's is widened by name, the missing fields null.
   */
  public insert(table: string, columns: readonly TableColumn[], values: ReadonlyMap<string, unknown[]>): void {
    const given = columns.filter((c) => values.has(c.name));
    if (given.length === 0) return;
    const vectors = Object.fromEntries(
      given.map((c) => [c.name, vectorFromArray(values.get(c.name) ?? [], arrowType(c.type))]),
    );
    this.connection.insertArrowTable(new Table(vectors), { name: BATCH_TABLE, create: true });
    this.connection.query(`INSERT INTO ${table} BY NAME SELECT * FROM ${BATCH_TABLE}`);
    this.connection.query(`DROP TABLE ${BATCH_TABLE}`);
  }

  /** Runs `sql` with `?` bound to `parameters` in order (as values, never as SQL text). */
  public query(sql: string, parameters: readonly string[]): { columns: string[]; rows: ResultRow[] } {
    const statement = this.connection.prepare(sql);
    try {
      const result = statement.query(...parameters);
      const columns = result.schema.fields.map((field) => field.name);
      return { columns, rows: result.toArray().map((row) => plainRow(row.toJSON() as ResultRow)) };
    } finally {
      statement.close();
    }
  }

  public close(): void {
    this.connection.close();
    this.bindings.reset();
  }
}

/** A result row with Arrow's values made plain: big integers as numbers, structs as objects. */
function plainRow(row: ResultRow): ResultRow {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainValue(value)]));
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === null || typeof value !== 'object') return value;
  // A HUGEINT (count_if, say) arrives as Arrow's BigNum, a typed array that converts to a primitive.
  if (ArrayBuffer.isView(value)) {
    const number = Number(value as unknown as number);
    return Number.isNaN(number) ? String(value) : number;
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if ('toJSON' in value && typeof (value as { toJSON: unknown }).toJSON === 'function') {
    return plainValue((value as { toJSON: () => unknown }).toJSON());
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
}
