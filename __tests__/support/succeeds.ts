import { AuditLoggingError } from '../../modules/core/errors';

/**
 * Whether `make` returns, or refuses with an error of ours (AuditLoggingError: the config or a
 * construct naming the bad value): for tables of values two validators must agree on. Any other
 * throw (a TypeError, a bug) is not a refusal and is thrown on, to fail the test.
 */
export function succeeds(make: () => unknown): boolean {
  try {
    make();
    return true;
  } catch (error) {
    if (error instanceof AuditLoggingError) return false;
    throw error;
  }
}
