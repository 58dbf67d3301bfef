import { isAnyone, type ScanRule, statementsOf } from '../../scan-rule';

/** A key policy admits no one by `"*"` without a condition: anyone could use or manage the key. */
export const KMS_KEY_POLICY_NOT_OPEN: ScanRule = {
  id: 'kms-key-policy-not-open',
  description: 'No key policy statement allows everyone (Principal "*") without a condition.',
  judges: ['aws_kms_key'],
  check: ({ body }) => {
    const open = statementsOf(body.policy).filter(
      (s) => s.Effect === 'Allow' && isAnyone(s) && s.Condition === undefined,
    );
    return open.length > 0 ? `statement ${open.map((s) => s.Sid ?? '(no Sid)').join(', ')} allows everyone` : undefined;
  },
};
