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
