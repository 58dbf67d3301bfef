/*
 * The organization config: one JSON file that describes the AWS organization, one file here per
 * section. Every default is written once, in `.default(...)`: descriptions say what a field does,
 * never its default, which the reference (docs/config-reference.md) and the JSON Schema take from
 * the schema; a test keeps it so.
 */
export { CONTROL_TOWER } from './members';
export {
  auditConfigRules,
  encryptsSessionData,
  exportsFindings,
  orgConfigSchema,
  recordsConfig,
  remediatesFlowLogs,
  runsOwnSecurityHub,
  sendsApplicationLogs,
} from './org-config';
export type { MemberConfig, OrgConfig, OrgConfigInput } from './org-config';
export { regionSchema } from './values';
