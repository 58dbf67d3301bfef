import { attachedTo, isAnyone, listOf, type ScanRule, statementsOf } from '../../scan-rule';

const POLICY = 'aws_s3_bucket_policy';

/** A bucket's policy denies every request not sent over TLS (aws:SecureTransport false). */
export const S3_BUCKET_TLS_ONLY: ScanRule = {
  id: 's3-bucket-tls-only',
  description: 'Every bucket policy denies everyone any S3 action over plain HTTP (aws:SecureTransport false).',
  judges: ['aws_s3_bucket'],
  reads: [POLICY],
  check: (bucket, { stack }) => {
    const statements = attachedTo(bucket, stack, POLICY, 'bucket').flatMap((p) => statementsOf(p.policy));
    const tlsOnly = statements.some(
      (s) =>
        s.Effect === 'Deny' &&
        isAnyone(s) &&
        listOf(s.Action).some((action) => action === 's3:*' || action === '*') &&
        ['Bool', 'BoolIfExists'].some((test) => String(s.Condition?.[test]?.['aws:SecureTransport']) === 'false'),
    );
    return tlsOnly ? undefined : 'no policy statement denies requests without TLS';
  },
};
