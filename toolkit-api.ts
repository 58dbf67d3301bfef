/**
 * The constructs package's entry for its command-line package (`@audit-logging/cdktf-cli`): the
 * catalogs, config, naming and rules of the constructs that the toolkit and the command read, and
 * nothing that loads cdktf (the synth functions are `./stacks`'). It follows the CLI package's
 * version, not the constructs' semantic versioning: import the family entries instead.
 * @packageDocumentation
 */
export { type AlarmDefinition } from './modules/alarms/alarm-definition';
export { cisAlarmDefinitions } from './modules/alarms/cis-catalog';
export { configuredAlarms } from './modules/alarms/configured-alarms';
export { evasionAlarmDefinitions } from './modules/alarms/evasion-catalog';
export { type NamedPattern, namedPatternsOf, readEvents, tryFilters } from './modules/alarms/try-filters';
export { ATHENA_QUERIES, type AthenaQuery } from './modules/analytics/athena-queries';
export { accountProjectionFor, CLOUDTRAIL_COLUMNS } from './modules/analytics/cloudtrail-schema';
export {
  columnarCopySql,
  copiedDayCountSql,
  dayLiteral,
  deleteCopiedDaySql,
} from './modules/analytics/columnar-copy-sql';
export {
  CIS_BENCHMARK_SOURCE,
  CIS_BENCHMARK_VERSIONS,
  CIS_CURRENT_VERSION,
  CIS_REQUIREMENTS,
  type CisBenchmarkVersion,
  cisNumbersByVersion,
  type CisRequirementNumber,
} from './modules/catalogs/cis-benchmark';
export { CIS_CONTROL_LIST } from './modules/catalogs/cis-controls';
export { DETECTIVE_RULES, type DetectiveRuleName, detectiveRuleOf } from './modules/catalogs/detective-rules';
export { EVASION_DETECTION_LIST } from './modules/catalogs/evasion-detections';
export { formatArn } from './modules/core/arn';
export {
  AWS_CREATED_RESOURCES,
  type AwsCreatedResource,
  causesIn,
  type RemovalCommand,
} from './modules/core/aws-created-resources';
export { awsFact } from './modules/core/aws-facts';
export { AWS_DOCUMENT_LIMITS, policySize } from './modules/core/aws-limits';
export { accountIdProblem, iamRoleNameProblem } from './modules/core/aws-values';
export { counted } from './modules/core/counted';
export { deploymentOrderOf, deploymentWaves } from './modules/core/deployment-order';
export { AuditLoggingError, ConfigError, OperationFailed } from './modules/core/errors';
export {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  AuditNaming,
  CIS_ALARM_PREFIX,
  columnarCopyTableName,
  DATA_PERIMETER_POLICY_NAME,
  DEFAULT_AGGREGATOR_NAME,
  DEFAULT_COLUMNAR_COPY_NAME,
  EVASION_ALARM_PREFIX,
  EVIDENCE_PROTECTION_POLICY_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME,
  ORGANIZATION_STACK_NAME,
  REGION_DENY_POLICY_NAME,
  STATE_STACK_NAME,
} from './modules/core/naming';
export {
  describeOpenings,
  regionDenyOpenings,
  type RegionDenyStatementShape,
} from './modules/core/region-deny-exemptions';
export { isAwsRegion, partitionOf } from './modules/core/regions';
export { lightweightSynthTraces } from './modules/deployment/synth-traces';
export { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from './modules/flow-logs/flow-logs-runbook';
export { organizationAccountIds } from './modules/org-config/accounts';
export { loadConfig, parseConfig } from './modules/org-config/load';
export {
  auditConfigRules,
  CONTROL_TOWER,
  type MemberConfig,
  type OrgConfig,
  recordsConfig,
  regionSchema,
  remediatesFlowLogs,
  runsOwnSecurityHub,
} from './modules/org-config/schema';
export { selectedAlarms } from './modules/org-config/selected-alarms';
export { accountRoles } from './modules/org-config/warnings';
