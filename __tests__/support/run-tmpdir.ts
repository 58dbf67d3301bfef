/** The environment variable that tells global-teardown.ts the run's temp directory and the one it replaced. */
export const RUN_TMPDIR = 'AUDIT_TEST_RUN_TMPDIR';
