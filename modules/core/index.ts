// What a user calls: the errors, the naming rules and ARNs, and the types the constructs' props name.
// The validation rules, limits and text helpers the constructs share stay in their files.
export { type AccountContext, NotInAccountStackError, type StackArnComponents } from './account-context';
export { type ArnComponents, type ArnFormat, formatArn } from './arn';
export {
  AuditLoggingError,
  ConfigError,
  type ConfigProblem,
  errorKindOf,
  type ErrorKind,
  OperationFailed,
} from './errors';
export { type FieldProblem } from './aws-values';
export {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  AuditNaming,
  CIS_ALARM_PREFIX,
  CONFIG_RECORDER_ROLE_NAME,
  DEFAULT_AGGREGATOR_NAME,
  DEFAULT_ALARM_TOPIC_NAME,
  DEFAULT_COLUMNAR_COPY_NAME,
  DEFAULT_HEARTBEAT_ALARM_NAME,
  EVIDENCE_SIGNING_ALGORITHM,
  EVASION_ALARM_PREFIX,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  type NamingConfig,
  ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME,
  ORGANIZATION_STACK_NAME,
  SESSION_PREFERENCES_DOCUMENT,
  STATE_STACK_NAME,
  trailDeliveryRoleName,
  trailLogGroupName,
} from './naming';
export { PropError } from './prop-validation';
export { AWS_REGIONS_BY_PARTITION, type AwsPartition } from './regions';
