import { RetryWatch } from '../../../packages/cli/toolkit/terraform/retry-log';

/* What retry-log.test.ts and retry-log.integration.test.ts share. */

/** A retry watch started as {@link RetryWatch.start} starts it; fails when none starts. */
export function started(...args: Parameters<typeof RetryWatch.start>): RetryWatch {
  const watch = RetryWatch.start(...args);
  if (watch === undefined) throw new Error('no watch started');
  return watch;
}
