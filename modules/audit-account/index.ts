export {
  AuditDelegation,
  type AuditDelegationProps,
  CONFIG_ADMIN_PRINCIPALS,
  SECURITY_HUB_PRINCIPAL,
} from './audit-delegation';
export { OrganizationConfigAggregator, type OrganizationConfigAggregatorProps } from './organization-config-aggregator';
export {
  EVALUATION_FREQUENCIES,
  OrganizationConfigRules,
  type OrganizationConfigRulesProps,
  type RuleRegion,
} from './organization-config-rules';
export {
  SecurityHubCentralConfiguration,
  type SecurityHubCentralConfigurationProps,
} from './security-hub-central-configuration';
export { SecurityHubFindingsExport, type SecurityHubFindingsExportProps } from './security-hub-findings-export';
export {
  type SecurityHubRegion,
  StandaloneSecurityHub,
  type StandaloneSecurityHubProps,
} from './standalone-security-hub';
