import { isOurKey, type ScanRule } from '../../scan-rule';

/** A log group encrypts its events with a customer managed key of ours, not CloudWatch Logs' own. */
export const LOG_GROUP_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 'log-group-encrypted-with-our-key',
  description: 'Every CloudWatch Logs log group has kms_key_id naming a customer managed key of ours.',
  judges: ['aws_cloudwatch_log_group'],
  check: ({ body }, { stack }) =>
    isOurKey(body.kms_key_id, stack) ? undefined : `kms_key_id is ${String(body.kms_key_id)}`,
};
