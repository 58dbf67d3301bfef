import { ARCHIVE, LOG_ARCHIVE_CASES, POLICY_TEST_CONFIG } from './log-archive-cases';
import { configOf, evaluate, policyOf, synthLogArchive } from './simulate';

describe('log archive policies, evaluated as AWS would', () => {
  const synth = synthLogArchive(configOf(POLICY_TEST_CONFIG));
  const policies = {
    'log bucket': policyOf(synth, 'aws_s3_bucket_policy', 'archive_logs_'),
    'member-logs bucket': policyOf(synth, 'aws_s3_bucket_policy', 'archive_member-logs_'),
    'access-log bucket': policyOf(synth, 'aws_s3_bucket_policy', 'archive_access-logs_'),
    'log key': policyOf(synth, 'aws_kms_key', 'archive_key_'),
  };

  test('the table has at least 30 cases, each with a distinct title', () => {
    expect(LOG_ARCHIVE_CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(LOG_ARCHIVE_CASES.map((c) => c.title)).size).toBe(LOG_ARCHIVE_CASES.length);
  });

  test.each(LOG_ARCHIVE_CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const { decision, ignoredContextKeys } = await evaluate(policies[c.policy], ARCHIVE, c);
    // A context key the simulator drops would make the case test less than it says.
    expect(ignoredContextKeys).toEqual([]);
    expect(decision).toBe(c.expect);
  });
});
