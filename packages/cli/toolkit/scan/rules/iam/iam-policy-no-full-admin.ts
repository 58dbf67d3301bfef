import { listOf, type ScanRule, statementsOf } from '../../scan-rule';

/** A role's inline or managed policy never allows every action on every resource. */
export const IAM_POLICY_NO_FULL_ADMIN: ScanRule = {
  id: 'iam-policy-no-full-admin',
  description: 'No IAM policy of ours allows Action "*" on Resource "*".',
  judges: ['aws_iam_role_policy', 'aws_iam_policy'],
  check: ({ body }) => {
    const admin = statementsOf(body.policy).filter(
      (s) => s.Effect === 'Allow' && listOf(s.Action).includes('*') && listOf(s.Resource).includes('*'),
    );
    return admin.length > 0 ? `statement ${admin.map((s) => s.Sid ?? '(no Sid)').join(', ')} allows * on *` : undefined;
  },
};
