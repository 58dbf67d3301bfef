import type { ComplianceRule } from '../rule';
import { eachTrail } from '../each-trail';

/** CIS 4.2: a trail that validates its log files. */
export const TRAIL_LOG_FILE_VALIDATION: ComplianceRule = {
  id: 'trail-log-file-validation',
  title: 'CloudTrail log file validation',
  cis: ['4.2'],
  securityHub: ['CloudTrail.4'],
  judge: eachTrail((trail) => trail.enable_log_file_validation === true, 'with log file validation'),
};
