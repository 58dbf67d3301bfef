/*
 * The organization config: one JSON file that describes the AWS organization, one file here per
 * section. Every default is here, in `.default(...)`, and in the README's config reference.
 */
export { CONFIG_SNAPSHOT_FREQUENCIES } from './aws-config';
export { ACCOUNT_STATUSES, CONTROL_TOWER } from './members';
export { orgConfigSchema, recordsConfig } from './org-config';
export type { MemberConfig, OrgConfig, OrgConfigInput } from './org-config';
export { EXCLUDABLE_MANAGEMENT_EVENT_SOURCES } from './trail';
export { accountIdSchema, describe, regionSchema } from './values';
