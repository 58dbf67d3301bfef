import { isAnyone, type ScanRule, statementsOf } from '../../scan-rule';

/** A topic policy admits no one by `"*"` without a condition: anyone could publish or subscribe. */
export const SNS_TOPIC_POLICY_NOT_OPEN: ScanRule = {
  id: 'sns-topic-policy-not-open',
  description: 'No SNS topic policy statement allows everyone (Principal "*") without a condition.',
  judges: ['aws_sns_topic_policy'],
  check: ({ body }) => {
    const open = statementsOf(body.policy).filter(
      (s) => s.Effect === 'Allow' && isAnyone(s) && s.Condition === undefined,
    );
    return open.length > 0 ? `statement ${open.map((s) => s.Sid ?? '(no Sid)').join(', ')} allows everyone` : undefined;
  },
};
