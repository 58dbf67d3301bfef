import { MemberConfig, OrgConfig, sendsApplicationLogs } from './schema';

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

/**
 * The members whose account-level subscription policies send their application logs to the log
 * archive: `applicationLogs.enabled`, not opted out, and not the log archive account itself (a
 * subscription names a destination of another account; the archive's own logs would need a
 * same-account path, which this product does not build).
 */
export function applicationLogSenders(config: OrgConfig): MemberConfig[] {
  return config.members.filter((member) => sendsToLogArchive(config, member));
}

/** Whether `member` is one of {@link applicationLogSenders}: one member's test, without the list. */
export function sendsToLogArchive(config: OrgConfig, member: MemberConfig): boolean {
  return sendsApplicationLogs(config, member) && member.accountId !== config.logArchive.accountId;
}
