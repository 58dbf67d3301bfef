import { attachedTo, isOurKey, listOf, type ScanRule } from '../../scan-rule';

const SSE = 'aws_s3_bucket_server_side_encryption_configuration';

/** A bucket's default encryption is SSE-KMS with a customer managed key of ours, not SSE-S3 or `aws/s3`. */
export const S3_BUCKET_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 's3-bucket-encrypted-with-our-key',
  description: 'Every bucket encrypts by default with SSE-KMS and a customer managed key of ours.',
  judges: ['aws_s3_bucket'],
  reads: [SSE],
  check: (bucket, { stack }) => {
    const rules = attachedTo(bucket, stack, SSE, 'bucket').flatMap((sse) => listOf(sse.rule as object | object[]));
    if (rules.length === 0) return 'no default encryption configuration';
    const defaults = rules.map(
      (rule) =>
        (rule as { apply_server_side_encryption_by_default?: Record<string, unknown> })
          .apply_server_side_encryption_by_default,
    );
    const ours = defaults.some((d) => d?.sse_algorithm === 'aws:kms' && isOurKey(d.kms_master_key_id, stack));
    return ours
      ? undefined
      : `default encryption is ${defaults.map((d) => String(d?.sse_algorithm)).join(', ')} without a key of ours`;
  },
};
