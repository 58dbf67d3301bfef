/**
 * The toolkit's entry for the constructs' errors, names, deploy order and AWS value checks: what
 * every command loads at start, so it loads nothing else (no config schema, no catalog, no cdktf).
 * Stable, under the package's semantic versioning as every entry (docs/constructs.md): the names
 * it exports are pinned by __tests__/package/toolkit-api.snapshot.test.ts.
 * @packageDocumentation
 */
export { formatArn } from '../modules/core/arn';
export { AWS_DOCUMENT_LIMITS, policySize } from '../modules/core/aws-limits';
export { accountIdProblem, iamRoleNameProblem } from '../modules/core/aws-values';
export { counted } from '../modules/core/counted';
export { deploymentOrderOf, deploymentWaves } from '../modules/core/deployment-order';
export { AuditLoggingError, ConfigError, errorKindOf, type ErrorKind, OperationFailed } from '../modules/core/errors';
export {
  transitionOrder,
  type OrderConstraint,
  type StackMove,
  type DroppedProvider,
  type Synth,
  type TransitionOrder,
} from '../modules/core/transition-order';
export {
  APPLICATION_LOGS_DESTINATION_NAME,
  APPLICATION_LOGS_POLICY_NAME,
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  AuditNaming,
  CIS_ALARM_PREFIX,
  columnarCopyTableName,
  DATA_PERIMETER_POLICY_NAME,
  DEFAULT_AGGREGATOR_NAME,
  EVIDENCE_SIGNING_ALGORITHM,
  DEFAULT_COLUMNAR_COPY_NAME,
  EVASION_ALARM_PREFIX,
  EVIDENCE_PROTECTION_POLICY_NAME,
  GUARDRAILS_STACK_NAME,
  LIVE_SEARCH_SINK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME,
  ORGANIZATION_STACK_NAME,
  REGION_DENY_POLICY_NAME,
  SEARCH_COLLECTION_NAME,
  SEARCH_PIPELINE_ROLE_NAME,
  STATE_STACK_NAME,
  SYSTEM_CHANGES_QUERY_NAME,
} from '../modules/core/naming';
export {
  describeOpenings,
  regionDenyOpenings,
  type RegionDenyStatementShape,
} from '../modules/core/region-deny-exemptions';
export { isAwsRegion, partitionOf } from '../modules/core/regions';
export { lightweightSynthTraces } from '../modules/deployment/synth-traces';
export { MANAGED_BY } from '../modules/core/tags';
