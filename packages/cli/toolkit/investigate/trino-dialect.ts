/**
 * What DuckDB lacks of the Trino functions the saved queries use, defined as DuckDB macros of the
 * same name and meaning. `count_if`, `strpos`, `min`, `max`, `count` and `LIKE` are the same in both
 * engines.
 * - `json_extract_scalar(json, path)`: the text of the scalar at the path; null for an object, a
 *   list, a missing path, JSON null or text that is not JSON, as in Trino. DuckDB's built-in JSON
 *   functions do the reading.
 * - `regexp_like(s, pattern)`: whether the pattern matches anywhere in `s` (DuckDB's `regexp_matches`).
 *   Trino reads Java's pattern syntax and DuckDB RE2's; the saved queries use only what both read the
 *   same (`(?i)`, `\b`, alternation).
 * - `approx_distinct(x)` estimates `count(DISTINCT x)` in Athena (2.3% standard error); offline it
 *   is the exact count, since DuckDB's own estimate is far rougher on small groups (73 for 61 on
 *   the test corpus) and a copy on a laptop is small enough to count.
 */
export const DUCKDB_MACROS: readonly string[] = [
  'CREATE MACRO approx_distinct(x) AS count(DISTINCT x)',
  'CREATE MACRO from_iso8601_timestamp(t) AS CAST(t AS TIMESTAMP)',
  'CREATE MACRO date_format(t, f) AS strftime(t, f)',
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  "CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_valid(j) AND json_type(j, p) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(j, p) END",
];
