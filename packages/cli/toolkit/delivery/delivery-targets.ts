import { AuditNaming } from '@audit-logging/cdktf/toolkit-api/core';
import { applicationLogSenders, MemberConfig, OrgConfig, recordsConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { DeliveryInputError } from './delivery-window';

/** Where one account's evidence of one Region lands, and since when it is expected. */
export interface DeliveryTarget {
  /** The 12-digit account id. */
  readonly accountId: string;
  /** The member's name, or the account's role (`management`, `log-archive`) when it is not a member. */
  readonly name: string;
  readonly region: string;
  /** The first day (`yyyy-MM-dd`) anything is expected: the member's `evidenceSince`; none means every day. */
  readonly since?: string;
  /**
   * CloudTrail's folder for this account (`AWSLogs/<org id>/<account>/` for the organization trail,
   * `AWSLogs/<account>/` for an account trail): logs under `CloudTrail/<region>/yyyy/MM/dd/`, digests
   * under `CloudTrail-Digest/<region>/yyyy/MM/dd/`. Undefined when no trail of ours records the account.
   */
  readonly trail?: { readonly bucket: string; readonly prefix: string };
  /**
   * AWS Config's folder for this account and Region (`config-logs/AWSLogs/<account>/Config/<region>/`):
   * files under `yyyy/M/d/ConfigSnapshot/` and `yyyy/M/d/ConfigHistory/` (no leading zeros). Undefined
   * when this product's recorder does not run in the account.
   */
  readonly config?: { readonly bucket: string; readonly prefix: string };
  /**
   * The member's application logs of this Region (`application-logs/<account>/<region>/`), as the
   * archive's Firehose streams write them: objects under `yyyy/MM/dd/`. Undefined when the member
   * does not send them (`applicationLogs` off, opted out, or the log archive account itself).
   */
  readonly applicationLogs?: { readonly bucket: string; readonly prefix: string };
}

/** An account that is checked for none or only some of the evidence, and why. */
export interface DeliveryExclusion {
  readonly accountId: string;
  readonly name: string;
  readonly reason: string;
}

/** What verify-delivery expects, from the config. */
export interface DeliveryExpectation {
  readonly targets: readonly DeliveryTarget[];
  readonly regions: readonly string[];
  /** Accounts (or parts of what they deliver) not expected, with the reason; reported, not gaps. */
  readonly exclusions: readonly DeliveryExclusion[];
}

/** Which accounts and Regions to check: every one the config governs when not given. */
export interface DeliverySelection {
  /** Account ids or member names (`--accounts`). */
  readonly accounts?: readonly string[];
  /** Governed Regions (`--regions`). */
  readonly regions?: readonly string[];
}

interface Account {
  readonly accountId: string;
  readonly name: string;
  readonly member?: MemberConfig;
}

/**
 * The accounts the config expects evidence from: every member, and the management and log archive
 * accounts (the organization trail records them whether or not they are members).
 */
function accountsOf(config: OrgConfig): Account[] {
  const accounts = new Map<string, Account>();
  for (const member of config.members)
    accounts.set(member.accountId, { accountId: member.accountId, name: member.name, member });
  const roles: [string, string][] = [
    [config.organization.managementAccountId, 'management'],
    [config.logArchive.accountId, 'log-archive'],
  ];
  for (const [accountId, name] of roles) if (!accounts.has(accountId)) accounts.set(accountId, { accountId, name });
  return [...accounts.values()].sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
}

/**
 * Where the config says evidence lands, per account and governed Region:
 * - CloudTrail logs and digests of every account in the organization under the organization trail's
 *   folder, and of a member outside it with `standaloneTrail` under its account trail's folder (both
 *   trails are multi-Region with log file validation, so every Region gets logs and hourly digests);
 * - AWS Config snapshots and history of every member whose recorder is this product's (`awsConfig`
 *   true), in the member-logs bucket, in every governed Region;
 * - application logs of every member that sends them (`applicationLogs`), in the member-logs bucket,
 *   in every governed Region: looked for, not required (a quiet account writes none).
 *
 * Not expected, and listed as exclusions: accounts AWS Organizations reports as not ACTIVE (a closed
 * account delivers nothing), Config that is off or Control Tower's (delivered to its own archive), and
 * a member outside the organization without an account trail.
 * @throws DeliveryInputError for a selected account or Region the config does not govern.
 */
export function deliveryExpectation(config: OrgConfig, selection: DeliverySelection = {}): DeliveryExpectation {
  const naming = AuditNaming.fromConfig(config);
  const regions = selectedRegions(config, selection.regions);
  const accounts = selectedAccounts(accountsOf(config), selection.accounts);
  const targets: DeliveryTarget[] = [];
  const exclusions: DeliveryExclusion[] = [];
  const applicationLogs = new Set(applicationLogSenders(config).map((m) => m.accountId));
  for (const { accountId, name, member } of accounts) {
    if (member !== undefined && member.accountStatus !== 'ACTIVE') {
      exclusions.push({ accountId, name, reason: `accountStatus is ${member.accountStatus}: nothing is expected` });
      continue;
    }
    let trail: DeliveryTarget['trail'];
    if (member === undefined || member.inOrganization) {
      trail = { bucket: naming.logBucketName, prefix: `${naming.organizationTrailPrefix}${accountId}/` };
    } else if (member.standaloneTrail) {
      trail = { bucket: naming.logBucketName, prefix: naming.memberTrailPrefix(accountId) };
    } else {
      exclusions.push({
        accountId,
        name,
        reason: 'outside the organization without standaloneTrail: no CloudTrail logs expected',
      });
    }
    const config = member !== undefined && recordsConfig(member);
    if (member !== undefined && !config) {
      exclusions.push({
        accountId,
        name,
        reason:
          member.awsConfig === false
            ? 'awsConfig is false: no AWS Config files expected'
            : "awsConfig is Control Tower's: its Config files are in Control Tower's log archive",
      });
    }
    const sends = applicationLogs.has(accountId);
    if (trail === undefined && !config && !sends) continue;
    const since = member?.evidenceSince;
    for (const region of regions) {
      targets.push({
        accountId,
        name,
        region,
        ...(since === undefined ? {} : { since }),
        ...(trail === undefined ? {} : { trail }),
        ...(config
          ? {
              config: {
                bucket: naming.memberLogsBucketName,
                prefix: `${naming.memberConfigPrefix(accountId)}${region}/`,
              },
            }
          : {}),
        ...(sends
          ? {
              applicationLogs: {
                bucket: naming.memberLogsBucketName,
                prefix: `${naming.applicationLogsPrefix}/${accountId}/${region}/`,
              },
            }
          : {}),
      });
    }
  }
  return { targets, regions, exclusions };
}

function selectedRegions(config: OrgConfig, selected: readonly string[] | undefined): string[] {
  if (selected === undefined || selected.length === 0) return [...config.governedRegions];
  const unknown = selected.filter((region) => !config.governedRegions.includes(region));
  if (unknown.length > 0) {
    throw new DeliveryInputError(
      `--regions ${unknown.join(', ')}: not in governedRegions (${config.governedRegions.join(', ')}); give governed Regions only`,
    );
  }
  return config.governedRegions.filter((region) => selected.includes(region));
}

function selectedAccounts(accounts: Account[], selected: readonly string[] | undefined): Account[] {
  if (selected === undefined || selected.length === 0) return accounts;
  const unknown = selected.filter((s) => !accounts.some((a) => a.accountId === s || a.name === s));
  if (unknown.length > 0) {
    throw new DeliveryInputError(
      `--accounts ${unknown.join(', ')}: no such account in the config; give account ids or member names (or management, log-archive)`,
    );
  }
  return accounts.filter((a) => selected.includes(a.accountId) || selected.includes(a.name));
}
