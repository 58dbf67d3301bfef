import type { ComplianceRule } from '../rule';
import { eachTrail } from '../each-trail';

/** Security Hub CloudTrail.5: a trail that delivers to CloudWatch Logs. */
export const TRAIL_CLOUDWATCH_LOGS: ComplianceRule = {
  id: 'trail-cloudwatch-logs',
  title: 'CloudTrail delivers to CloudWatch Logs',
  cis: [],
  securityHub: ['CloudTrail.5'],
  judge: eachTrail((trail) => typeof trail.cloud_watch_logs_group_arn === 'string', 'that delivers to CloudWatch Logs'),
};
