/**
 * Rows of cells as lines of aligned columns: each cell padded to its column's widest, two spaces
 * between columns, no trailing spaces. For the commands' text tables.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i].length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
