/**
 * The toolkit's entry for the catalogs the constructs are built from: the CIS benchmark and its
 * controls, the detective rules, the evasion detections and alarms, the facts about AWS and what AWS
 * creates on its own, and the flow-logs runbook.
 * Stable, under the package's semantic versioning as every entry (docs/constructs.md): the names
 * it exports are pinned by __tests__/package/toolkit-api.snapshot.test.ts.
 * @packageDocumentation
 */
export { type AlarmDefinition } from '../modules/alarms/alarm-definition';
export { cisAlarmDefinitions } from '../modules/alarms/cis-catalog';
export { configuredAlarms } from '../modules/alarms/configured-alarms';
export { evasionAlarmDefinitions } from '../modules/alarms/evasion-catalog';
export { type NamedPattern, namedPatternsOf, readEvents, tryFilters } from '../modules/alarms/try-filters';
export {
  CIS_BENCHMARK_SOURCE,
  CIS_BENCHMARK_VERSIONS,
  CIS_CURRENT_VERSION,
  CIS_REQUIREMENTS,
  type CisBenchmarkVersion,
  cisNumbersByVersion,
  type CisRequirementNumber,
} from '../modules/catalogs/cis-benchmark';
export { CIS_CONTROL_LIST } from '../modules/catalogs/cis-controls';
export { DETECTIVE_RULES, type DetectiveRuleName, detectiveRuleOf } from '../modules/catalogs/detective-rules';
export { EVASION_DETECTION_LIST } from '../modules/catalogs/evasion-detections';
export {
  AWS_CREATED_RESOURCES,
  type AwsCreatedResource,
  causesIn,
  type RemovalCommand,
} from '../modules/core/aws-created-resources';
export { awsFact } from '../modules/core/aws-facts';
export { FORWARD_ACCESS, type ForwardAccessRow } from '../modules/core/aws-facts-forward-access';
export { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from '../modules/flow-logs/flow-logs-runbook';
