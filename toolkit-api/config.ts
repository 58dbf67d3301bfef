/**
 * The toolkit's entry for the user's config: its schema, loading and checks, and what the
 * toolkit derives from it (the organization's account ids, the selected alarms, the accounts' roles).
 * Stable, under the package's semantic versioning as every entry (docs/constructs.md): the names
 * it exports are pinned by __tests__/package/toolkit-api.snapshot.test.ts.
 * @packageDocumentation
 */
export { applicationLogSenders, organizationAccountIds } from '../modules/org-config/accounts';
export { loadConfig, parseConfig } from '../modules/org-config/load';
export {
  auditConfigRules,
  CONTROL_TOWER,
  type MemberConfig,
  type OrgConfig,
  recordsConfig,
  regionSchema,
  remediatesFlowLogs,
  runsOwnSecurityHub,
} from '../modules/org-config/schema';
export { selectedAlarms } from '../modules/org-config/selected-alarms';
export { accountRoles, configWarnings } from '../modules/org-config/warnings';
