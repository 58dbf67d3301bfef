// What a user reads: the catalogs, as data. The CIS controls and the evasion detections (their ids
// are what `alarms.controls` and `alarms.evasion` name), the CIS benchmark versions, the detective
// AWS Config rules and the Security Hub standards. The helpers the schema, the constructs and the
// toolkit share stay in their files.
export { CIS_BENCHMARK_VERSIONS, type CisBenchmarkVersion, type CisRequirementNumber } from './cis-benchmark';
export {
  CIS_CONTROL_IDS,
  CIS_CONTROL_LIST,
  type CisControl,
  type CisControlId,
  CONSOLE_SIGNIN_IAM_USERS_PATTERN,
  type ScannerFilter,
} from './cis-controls';
export {
  DETECTIVE_RULE_NAMES,
  DETECTIVE_RULES,
  type DetectiveRule,
  type DetectiveRuleName,
  type RuleRegions,
} from './detective-rules';
export {
  type AttackTechniqueId,
  callsPattern,
  type DetectedCalls,
  EVASION_DETECTION_IDS,
  EVASION_DETECTION_LIST,
  EVASION_METRIC_NAMESPACE,
  type EvasionDetection,
  type EvasionDetectionId,
  type EvasionFilter,
  evasionFilters,
  evasionPattern,
  type GuardrailBinding,
  type GuardrailDenial,
} from './evasion-detections';
export {
  DEFAULT_SECURITY_HUB_STANDARDS,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
} from './security-hub-standards';
