// What a user calls: the alarm constructs, their props, and the alarm definitions SecurityAlarms takes.
export {
  CIS_CATALOG,
  CIS_METRIC_NAMESPACE,
  cisAlarmDefinitions,
  type CisControl,
  CONSOLE_SIGNIN_IAM_USERS_PATTERN,
  type ConsoleSigninWithoutMfaVariant,
  type ScannerFilter,
} from './cis-catalog';
export { configuredAlarms } from './configured-alarms';
export {
  type AttackTechniqueId,
  callsPattern,
  type DetectedCalls,
  EVASION_ALARM_PREFIX,
  EVASION_CATALOG,
  EVASION_DETECTION_IDS,
  EVASION_METRIC_NAMESPACE,
  evasionAlarmDefinitions,
  type EvasionDetection,
  type EvasionDetectionId,
  type EvasionFilter,
  evasionFilters,
  evasionPattern,
  type GuardrailBinding,
  type GuardrailDenial,
} from './evasion-catalog';
export { DeliveryHeartbeat, type DeliveryHeartbeatProps } from './delivery-heartbeat';
export { InvestigationQueries, type InvestigationQueriesProps, type InvestigationQuery } from './investigation-queries';
export {
  type AdditionalFilter,
  type AlarmDefinition,
  SecurityAlarms,
  type SecurityAlarmsProps,
} from './security-alarms';
