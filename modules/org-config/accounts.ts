import { MemberConfig, OrgConfig } from './schema';

/** Account ids of the members for which `wants` holds, in config order. */
export function accountsWith(config: OrgConfig, wants: (member: MemberConfig) => boolean): string[] {
  return config.members.filter(wants).map((member) => member.accountId);
}

/**
 * Accounts whose logs the organization trail writes: the management, log archive and trail
 * accounts, the readers and every member in the organization; sorted, so that adding an account is
 * a one-value change in the plan.
 */
export function organizationAccountIds(config: OrgConfig): string[] {
  const accounts = new Set([
    config.organization.managementAccountId,
    config.logArchive.accountId,
    ...(config.trail.accountId === undefined ? [] : [config.trail.accountId]),
    ...config.logArchive.readerAccountIds,
    ...accountsWith(config, (member) => member.inOrganization),
  ]);
  return [...accounts].sort();
}
