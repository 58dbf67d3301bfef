import { isOurKey, type ScanRule } from '../../scan-rule';

/**
 * A delivery stream encrypts what it buffers with a customer managed key of ours (key_type
 * CUSTOMER_MANAGED_CMK), not an AWS owned key, which no key policy of ours governs.
 */
export const FIREHOSE_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 'firehose-encrypted-with-our-key',
  description: 'Every Firehose stream has server-side encryption on with a customer managed key of ours.',
  judges: ['aws_kinesis_firehose_delivery_stream'],
  check: ({ body }, { stack }) => {
    const sse = body.server_side_encryption as { enabled?: boolean; key_type?: string; key_arn?: unknown } | undefined;
    if (sse?.enabled !== true) return 'server-side encryption is off';
    if (sse.key_type !== 'CUSTOMER_MANAGED_CMK' || !isOurKey(sse.key_arn, stack))
      return `encrypted with ${sse.key_type ?? 'AWS_OWNED_CMK'}, not a key of ours`;
    return undefined;
  },
};
