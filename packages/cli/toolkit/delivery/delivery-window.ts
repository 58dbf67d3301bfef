import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { isoDay, readDay } from '../common/day';

/** Bad input to verify-delivery (a day, an account, a Region): the message names the option and the fix. */
export class DeliveryInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** An inclusive range of UTC days, each `yyyy-MM-dd`. */
export interface DeliveryWindow {
  readonly from: string;
  readonly to: string;
}

/** One calendar month of a window: the days of it that the window covers. */
export interface WindowMonth {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  /** The window's days in this month, 1 to 31. */
  readonly days: readonly number[];
}

/** The longest window: a longer one is a backfill, better run month by month. */
export const MAX_WINDOW_DAYS = 366;

/**
 * A day given as `yyyy-MM-dd` or `yyyy/MM/dd` (as `investigate` takes it), as `yyyy-MM-dd`.
 * @throws DeliveryInputError naming `field` when it is not a real day.
 */
export function parseDay(field: string, value: string): string {
  const day = readDay(value);
  if (day === undefined) {
    throw new DeliveryInputError(`${field} ${JSON.stringify(value)} is not a day; give yyyy-MM-dd such as 2026-11-16`);
  }
  return day;
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/**
 * The window of `--from` and `--to`: by default the last 7 whole days before `today` (UTC), since
 * today's logs are still arriving. `--to` alone ends the same 7 days there; `--from` alone runs to
 * yesterday.
 * @throws DeliveryInputError for a bad day, a window that ends before it starts, ends today or later,
 *   or spans more than {@link MAX_WINDOW_DAYS} days.
 */
export function deliveryWindow(options: { from?: string; to?: string }, today: Date = new Date()): DeliveryWindow {
  const yesterday = addDays(isoDay(today), -1);
  const to = options.to === undefined ? yesterday : parseDay('--to', options.to);
  const from = options.from === undefined ? addDays(to, -6) : parseDay('--from', options.from);
  if (from > to) throw new DeliveryInputError(`--from ${from} is after --to ${to}; give the earlier day first`);
  if (to > yesterday) {
    throw new DeliveryInputError(
      `--to ${to} is not over yet (today is ${isoDay(today)} UTC, and logs of a day keep arriving into the next); give ${yesterday} or earlier`,
    );
  }
  if (windowDays({ from, to }).length > MAX_WINDOW_DAYS) {
    throw new DeliveryInputError(
      `--from ${from} to --to ${to} is more than ${MAX_WINDOW_DAYS} days; check a long history a month at a time`,
    );
  }
  return { from, to };
}

/** Every day of the window, in order. */
export function windowDays(window: DeliveryWindow): string[] {
  const days: string[] = [];
  for (let day = window.from; day <= window.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The calendar months the window touches, each with its days in the window. */
export function windowMonths(window: DeliveryWindow): WindowMonth[] {
  const months: WindowMonth[] = [];
  for (const day of windowDays(window)) {
    const [year, month, date] = day.split('-').map(Number);
    const last = months[months.length - 1];
    if (last !== undefined && last.year === year && last.month === month) (last.days as number[]).push(date);
    else months.push({ year, month, days: [date] });
  }
  return months;
}

/** `yyyy-MM-dd` of day `day` of `month`. */
export function dayOf(month: Pick<WindowMonth, 'year' | 'month'>, day: number): string {
  return `${month.year}-${String(month.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
