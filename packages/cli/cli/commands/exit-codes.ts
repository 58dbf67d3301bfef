import { AuditLoggingError, ErrorKind, errorKindOf } from '@audit-logging/cdktf/toolkit-api/core';

/** The exit codes of every command: the same meaning everywhere, so that CI can branch on them. */
export const EXIT = {
  /** The command did what was asked and found nothing wrong. */
  ok: 0,
  /** The command ran and found something: a problem in the evidence, a failed plan, a missed target. */
  finding: 1,
  /** The command could not run as called: a bad option, a missing file, an invalid config. */
  usage: 2,
} as const;

/** The exit code of each kind of error: the one place that maps them. */
const EXIT_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  usage: EXIT.usage,
  finding: EXIT.finding,
  operation: EXIT.finding,
};

/**
 * The exit code for an error that ended a command: by its kind when this package threw it (from
 * any copy of it), otherwise 1, as for an operation that failed.
 */
export function exitCodeOf(error: unknown): number {
  const kind = errorKindOf(error);
  return kind === undefined ? EXIT.finding : EXIT_OF_KIND[kind];
}

/**
 * A problem with how a command was called or with what it was given (a file that does not exist, a
 * value out of range): printed as one line without a stack trace, exit code 2.
 */
export class UsageError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}
