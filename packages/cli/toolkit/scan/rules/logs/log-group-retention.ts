import type { ScanRule } from '../../scan-rule';

/** A log group says how long it keeps events (0, the provider's default, keeps them forever, unreviewed). */
export const LOG_GROUP_RETENTION: ScanRule = {
  id: 'log-group-retention',
  description: 'Every CloudWatch Logs log group sets retention_in_days.',
  judges: ['aws_cloudwatch_log_group'],
  check: ({ body }) =>
    typeof body.retention_in_days === 'number' && body.retention_in_days > 0 ? undefined : 'no retention_in_days',
};
