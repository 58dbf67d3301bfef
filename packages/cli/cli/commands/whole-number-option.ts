import { UsageError } from './exit-codes';

/**
 * The whole number a command-line option (or the variable standing in for it) gives: decimal digits
 * only, from `min` to `max` (when given), and never past JavaScript's exact integers. Anything else
 * is a usage error that names the option, what the number counts and the range: `--parallel 0 is
 * not a number of stacks; give a whole number of at least 1`. Number() alone would take `1e1`,
 * `0x10`, `+3`, ` 5 ` and an empty value (0), and 400 digits as Infinity.
 */
export function wholeNumberOption(option: string, value: string, counts: string, min: number, max?: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max))) {
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${option} ${value} is not a number of ${counts}; give a whole number ${range}`);
  }
  return n;
}
