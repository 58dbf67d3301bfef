/**
 * Days as the commands take and print them. A user may write `2026-11-16` or `2026/11/16` (the
 * archive's keys use the second); every command prints the first.
 */

const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

/** `yyyy-MM-dd` of a date, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * `value` as `yyyy-MM-dd` when it is a real calendar day written `yyyy-MM-dd` or `yyyy/MM/dd`
 * (`2026-02-30` is not), else undefined.
 */
export function readDay(value: string): string | undefined {
  const match = DAY.exec(value);
  if (match === null) return undefined;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && isoDay(new Date(time)) === day ? day : undefined;
}

/** A `yyyy-MM-dd` day in the archive's key form, `yyyy/MM/dd` (what Athena's projection and the saved queries read). */
export function keyDay(day: string): string {
  return day.replace(/-/g, '/');
}

/** A day of the key form (`yyyy/MM/dd`) as the commands print days, `yyyy-MM-dd`. */
export function fromKeyDay(day: string): string {
  return day.replace(/\//g, '-');
}
