import { InvalidArgumentError } from 'commander';
import { readDay } from '../../toolkit/common/day';
import { UsageError } from './exit-codes';

/**
 * The parser of every option that takes a day (`.option('--from <day>', ..., dayArgument)`): every
 * command takes `yyyy-MM-dd` and `yyyy/MM/dd` (the archive's key form) alike, hands on and prints
 * the first, and refuses anything else before it runs, as a usage error (exit 2) that names the
 * option.
 */
export function dayArgument(value: string): string {
  const day = readDay(value);
  if (day === undefined) {
    throw new InvalidArgumentError(`${value} is not a day; give yyyy-MM-dd (or yyyy/MM/dd) such as 2026-11-16.`);
  }
  return day;
}

/**
 * The days of `--from` and `--to`, both `yyyy-MM-dd`, in order.
 * @throws UsageError for a `--from` after the `--to`.
 */
export function dayRange(from: string, to: string): { from: string; to: string } {
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}; give the earlier day first`);
  return { from, to };
}
