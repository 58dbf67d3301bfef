import type { ComplianceRule } from '../rule';
import { APPLICATION_LOGS_ARCHIVED } from './application-logs-archived';
import { CIS_ALARM_RULES } from './alarms';
import { ARCHIVE_ACCESS_LOGGING } from './archive-access-logging';
import { ARCHIVE_TLS_ONLY } from './archive-tls-only';
import { AUTHORIZATION_GUARDRAILS } from './authorization-guardrails';
import { CONFIG_ALL_REGIONS } from './config-all-regions';
import { KMS_ROTATION } from './kms-rotation';
import { S3_OBJECT_LEVEL_LOGGING } from './s3-object-level-logging';
import { SEARCH_TIER_LOCKED_DOWN } from './search-tier-locked-down';
import { SECURITY_HUB_ENABLED } from './security-hub-enabled';
import { TRAIL_ALL_REGIONS } from './trail-all-regions';
import { TRAIL_BUCKET_ACCESS_LOGGING } from './trail-bucket-access-logging';
import { TRAIL_BUCKET_NOT_PUBLIC } from './trail-bucket-not-public';
import { TRAIL_CLOUDWATCH_LOGS } from './trail-cloudwatch-logs';
import { TRAIL_KMS } from './trail-kms';
import { TRAIL_LOG_FILE_VALIDATION } from './trail-log-file-validation';
import { VPC_FLOW_LOGS } from './vpc-flow-logs';

export { EVASION_RULES } from './alarms';
export { NOT_COVERED } from './not-covered';

/**
 * The rows of the matrix, in order: CIS 2.1.2, the Logging section and the Security Hub controls on
 * the same resources, then one row per CIS alarm control (Monitoring) from the CIS control records.
 * The matrix adds a row for each requirement in {@link NOT_COVERED} and sorts the rows by their
 * number in the current version; the evasion pack's rows ({@link EVASION_RULES}) come last.
 */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  AUTHORIZATION_GUARDRAILS,
  TRAIL_ALL_REGIONS,
  TRAIL_LOG_FILE_VALIDATION,
  CONFIG_ALL_REGIONS,
  TRAIL_BUCKET_ACCESS_LOGGING,
  TRAIL_KMS,
  KMS_ROTATION,
  VPC_FLOW_LOGS,
  S3_OBJECT_LEVEL_LOGGING,
  TRAIL_CLOUDWATCH_LOGS,
  TRAIL_BUCKET_NOT_PUBLIC,
  ARCHIVE_TLS_ONLY,
  ARCHIVE_ACCESS_LOGGING,
  SECURITY_HUB_ENABLED,
  APPLICATION_LOGS_ARCHIVED,
  SEARCH_TIER_LOCKED_DOWN,
  ...CIS_ALARM_RULES,
];
