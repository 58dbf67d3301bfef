import { CLOUDTRAIL_JSON_TEXT_FIELDS } from '../../modules/analytics/cloudtrail-schema';

/**
 * What DuckDB lacks of the Trino functions the saved queries use, defined as DuckDB macros of the
 * same name and meaning. `count_if`, `strpos`, `min`, `max`, `count` and `LIKE` are the same in both
 * engines. `approx_distinct` estimates `count(DISTINCT x)` in Athena (2.3% standard error); offline
 * it is the exact count, since DuckDB's own estimate is far rougher on small groups (73 for 61 on
 * the test corpus) and a copy on a laptop is small enough to count.
 */
export const DUCKDB_MACROS: readonly string[] = ['CREATE MACRO approx_distinct(x) AS count(DISTINCT x)'];

/** A value read from a JSON text column at load time, where the query called `json_extract_scalar`. */
export interface JsonScalarColumn {
  /** The generated column's name in the offline table. */
  readonly name: string;
  /** The JSON text column it reads (`additionaleventdata`, say). */
  readonly column: string;
  /** The member names of the path, `$.a.b` → `['a', 'b']`. */
  readonly path: readonly string[];
}

/** A query in DuckDB's dialect, with the columns to compute while the logs load. */
export interface DuckDbQuery {
  readonly sql: string;
  readonly jsonScalars: readonly JsonScalarColumn[];
}

/** A query that uses Trino beyond what runs offline, with the construct and the supported form. */
export class UnsupportedQuery extends Error {}

const JSON_SCALAR = /json_extract_scalar\s*\(\s*([a-z_][a-z0-9_]*)\s*,\s*'([^']*)'\s*\)/gi;
const JSON_PATH = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/;

/**
 * Translates a query of the saved catalog (Trino, as Athena runs it) into DuckDB. DuckDB's JSON
 * functions are an extension that DuckDB-Wasm would download at run time, so JSON is read in
 * JavaScript instead: each `json_extract_scalar(<JSON text column>, '$.a.b')` becomes a column the
 * loader fills with the value at that path (text; null for a missing path, an object or a list,
 * as in Trino). Other uses of `json_extract_scalar` are refused with the form that works. Columns
 * in `known` (another query's, loaded already) are reused by column and path.
 */
export function toDuckDb(trinoSql: string, known: readonly JsonScalarColumn[] = []): DuckDbQuery {
  const jsonScalars: JsonScalarColumn[] = [];
  const sql = trinoSql.replace(JSON_SCALAR, (_whole, column: string, pathText: string) => {
    const lower = column.toLowerCase();
    if (!(CLOUDTRAIL_JSON_TEXT_FIELDS as readonly string[]).includes(lower)) {
      throw new UnsupportedQuery(
        `json_extract_scalar(${column}, ...): ${column} is not a JSON text column; use one of ${CLOUDTRAIL_JSON_TEXT_FIELDS.join(', ')}`,
      );
    }
    const path = JSON_PATH.exec(pathText);
    if (path === null) {
      throw new UnsupportedQuery(
        `json_extract_scalar(${column}, '${pathText}'): offline, a path is member names only, such as '$.MFAUsed' or '$.a.b'`,
      );
    }
    const same = (j: JsonScalarColumn) => j.column === lower && j.path.join('.') === path[1].slice(1);
    const existing = jsonScalars.find(same) ?? known.find(same);
    const scalar = existing ?? {
      name: `json_scalar_${known.length + jsonScalars.length}`,
      column: lower,
      path: path[1].slice(1).split('.'),
    };
    if (!jsonScalars.includes(scalar)) jsonScalars.push(scalar);
    return scalar.name;
  });
  if (/json_extract_scalar/i.test(sql)) {
    throw new UnsupportedQuery(
      "json_extract_scalar: offline, its arguments must be a JSON text column and a literal path, such as json_extract_scalar(additionaleventdata, '$.MFAUsed')",
    );
  }
  return { sql, jsonScalars };
}

/** `json_extract_scalar` of Trino on a parsed value: a scalar's text, null for an object, a list or nothing. */
export function jsonScalar(value: unknown, path: readonly string[]): string | null {
  let at: unknown = value;
  for (const member of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return null;
    at = (at as Record<string, unknown>)[member];
  }
  if (at === null || at === undefined || typeof at === 'object') return null;
  return String(at);
}
