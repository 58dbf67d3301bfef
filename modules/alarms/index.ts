// What a user calls: the alarm constructs, their props, and the alarm definitions SecurityAlarms takes.
// The catalogs the CIS and evasion alarms are built from are in modules/catalogs.
export { CIS_METRIC_NAMESPACE, cisAlarmDefinitions, type ConsoleSigninWithoutMfaVariant } from './cis-catalog';
export { configuredAlarms } from './configured-alarms';
export { evasionAlarmDefinitions } from './evasion-catalog';
export { DeliveryHeartbeat, type DeliveryHeartbeatProps } from './delivery-heartbeat';
export { InvestigationQueries, type InvestigationQueriesProps, type InvestigationQuery } from './investigation-queries';
export {
  type AdditionalFilter,
  type AlarmDefinition,
  SecurityAlarms,
  type SecurityAlarmsProps,
} from './security-alarms';
