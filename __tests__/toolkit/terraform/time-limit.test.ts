import {
  describeOperations,
  operationsInProgress,
} from '../../../packages/cli/toolkit/terraform/operations-in-progress';

/*
 * What a Terraform command stopped by its time limit was still waiting for, read from its output.
 * The commands stopped by their time limit (a stand-in for terraform, interrupted or killed) are in
 * time-limit.integration.test.ts.
 */

// The shape of Terraform 1.11's apply output (-no-color), from an e2e:faults log: stdout, then the
// diagnostics on stderr, where a failed operation is named only by "with <address>,".
const STDOUT = [
  'aws_kms_key.archive_key_3F84AD30: Creating...',
  'aws_iam_role.archive_replication_role_E0BF6616: Creating...',
  'aws_s3_bucket.archive_logs_bucket_CB0E8357: Creating...',
  'aws_iam_role.analytics_config-crawler_role_19C4053A: Creating...',
  'aws_iam_role.archive_replication_role_E0BF6616: Creation complete after 1s [id=audit-archive-replication]',
  'aws_kms_key.archive_key_3F84AD30: Still creating... [10s elapsed]',
  'aws_s3_bucket.archive_logs_bucket_CB0E8357: Creation complete after 11s [id=e2e-org-audit-logs]',
  'aws_s3_bucket_policy.archive_logs_policy_1A2B3C4D: Modifying... [id=e2e-org-audit-logs]',
  'aws_kms_key.archive_key_3F84AD30: Still creating... [6m50s elapsed]',
  'aws_s3_bucket_policy.archive_logs_policy_1A2B3C4D: Still modifying... [id=e2e-org-audit-logs, 10s elapsed]',
  'data.aws_caller_identity.current: Reading...',
  'data.aws_caller_identity.current: Read complete after 0s [id=222222222222]',
].join('\n');
const STDERR = [
  '',
  'Error: creating IAM Role (audit-member-logs): EntityAlreadyExists: Role with name audit-member-logs already exists.',
  '',
  '  with aws_iam_role.analytics_config-crawler_role_19C4053A,',
  '  on cdk.tf.json line 734, in resource.aws_iam_role.analytics_config-crawler_role_19C4053A:',
].join('\n');

describe('the operations in progress', () => {
  test('are those started and neither complete nor failed, with the last time Terraform printed', () => {
    expect(operationsInProgress(STDOUT, STDERR)).toEqual([
      { address: 'aws_kms_key.archive_key_3F84AD30', action: 'creating', elapsed: '6m50s' },
      { address: 'aws_s3_bucket_policy.archive_logs_policy_1A2B3C4D', action: 'modifying', elapsed: '10s' },
    ]);
    expect(describeOperations(operationsInProgress(STDOUT, STDERR))).toBe(
      'aws_kms_key.archive_key_3F84AD30 (creating, 6m50s elapsed), aws_s3_bucket_policy.archive_logs_policy_1A2B3C4D (modifying, 10s elapsed)',
    );
  });

  test('an operation the interrupt cancelled is still named: it is what the run was waiting for', () => {
    const stdout = [
      'aws_athena_workgroup.analytics_investigations_workgroup_8577A429: Modifying... [id=audit-logs]',
      'aws_athena_workgroup.analytics_investigations_workgroup_8577A429: Still modifying... [id=audit-logs, 2m20s elapsed]',
      '',
      'Interrupt received.',
      'Please wait for Terraform to exit or data loss may occur.',
      'Gracefully shutting down...',
    ].join('\n');
    const stderr = [
      '',
      // The provider's words when the interrupt cancelled the call (from an e2e:faults debug log).
      'Error: updating Athena WorkGroup (audit-logs): operation error Athena: UpdateWorkGroup, request canceled, context canceled',
      '',
      '  with aws_athena_workgroup.analytics_investigations_workgroup_8577A429,',
      '  on cdk.tf.json line 410, in resource.aws_athena_workgroup.analytics_investigations_workgroup_8577A429:',
      STDERR,
    ].join('\n');
    expect(describeOperations(operationsInProgress(stdout, stderr))).toBe(
      'aws_athena_workgroup.analytics_investigations_workgroup_8577A429 (modifying, 2m20s elapsed)',
    );
  });

  test('without the diagnostics, a failed operation looks in progress; none in an empty output', () => {
    expect(operationsInProgress(STDOUT).map((o) => o.address)).toContain(
      'aws_iam_role.analytics_config-crawler_role_19C4053A',
    );
    expect(operationsInProgress('')).toEqual([]);
  });
});
