import { isOurKey, type ScanRule } from '../../scan-rule';

/** A topic encrypts its messages at rest with a customer managed key of ours (not `alias/aws/sns`). */
export const SNS_TOPIC_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 'sns-topic-encrypted-with-our-key',
  description: 'Every SNS topic has kms_master_key_id naming a customer managed key of ours.',
  judges: ['aws_sns_topic'],
  check: ({ body }, { stack }) =>
    isOurKey(body.kms_master_key_id, stack) ? undefined : `kms_master_key_id is ${String(body.kms_master_key_id)}`,
};
