import { isOurKey, type ScanRule } from '../../scan-rule';

/** A queue encrypts its messages with a customer managed key of ours, not SQS-managed SSE. */
export const SQS_QUEUE_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 'sqs-queue-encrypted-with-our-key',
  description: 'Every SQS queue has kms_master_key_id naming a customer managed key of ours.',
  judges: ['aws_sqs_queue'],
  check: ({ body }, { stack }) =>
    isOurKey(body.kms_master_key_id, stack) ? undefined : `kms_master_key_id is ${String(body.kms_master_key_id)}`,
};
