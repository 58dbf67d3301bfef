import type { ResultRow } from './duckdb-engine';
import { alignColumns } from '../common/text-columns';

/** How `investigate` prints an answer. */
export const RESULT_FORMATS = ['table', 'csv', 'json'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** The longest cell of the text table; csv and json keep every value whole. */
const TABLE_CELL_MAX = 60;

/** A value as text: null as empty, structs and lists as JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The rows in `format`: an aligned text table, RFC 4180 CSV with a header, or a JSON array of objects. */
export function formatResult(columns: readonly string[], rows: readonly ResultRow[], format: ResultFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    return [columns, ...rows.map((row) => columns.map((c) => text(row[c])))]
      .map((line) => `${line.map(cell).join(',')}\r\n`)
      .join('');
  }
  const cells = rows.map((row) =>
    columns.map((c) => {
      const value = text(row[c]).replace(/\s+/g, ' ');
      return value.length > TABLE_CELL_MAX ? `${value.slice(0, TABLE_CELL_MAX - 1)}…` : value;
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i].length)));
  return alignColumns([columns, widths.map((w) => '-'.repeat(w)), ...cells]).join('\n') + '\n';
}
