import { CONTROL_TOWER } from '@audit-logging/cdktf/toolkit-api/config';
import { APPLICATION_LOGS_POLICY_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { AccountResources, isControlTowerName, OrganizationInventory, RecorderInfo } from './inventory';

/** Something discover found that the user should know, and what it decided. */
export interface Finding {
  /** What kind of finding: a stable word, for `--json` readers. */
  readonly kind:
    | 'adopt-config'
    | 'control-tower-config'
    | 'existing-recorder-not-adopted'
    | 'duplicate-organization-trail'
    | 'duplicate-account-trail'
    | 'account-subscription-policy'
    | 'account-subscription-policy-unread'
    | 'unreadable-account'
    | 'no-trusted-access'
    | 'policy-types'
    | 'organization-read'
    | 'log-archive-guess'
    | 'departed-account'
    | 'closed-account'
    | 'audit-account'
    | 'audit-coexistence';
  /** The account it is about, if one. */
  readonly accountId?: string;
  /** What was found and what discover did about it (or what the user should do). */
  readonly message: string;
}

/** What a new member needs, given what exists in its account. */
export interface MemberSettings {
  readonly awsConfig: true | typeof CONTROL_TOWER;
  readonly existingConfig: readonly RecorderInfo[];
}

/**
 * CloudTrail's price of a second copy of management events (the first copy in each Region is free):
 * USD 2.00 per 100,000 events delivered (AWS CloudTrail pricing, "Additional copies of management
 * events").
 */
export const EXTRA_MANAGEMENT_COPY_USD_PER_100K = 2;

/** The Config settings of a new member, and the findings behind them. */
export function memberSettings(resources: AccountResources | undefined): {
  settings: MemberSettings;
  findings: Finding[];
} {
  if (resources === undefined || resources.error !== undefined) {
    return {
      settings: { awsConfig: true, existingConfig: [] },
      findings: [
        {
          kind: 'unreadable-account',
          accountId: resources?.accountId,
          message: `could not be read (${resources?.error ?? 'no result'}): its member keeps the defaults (AWS Config on, recorder "default"); look for an existing recorder there before the first apply, or run discover again with a role it can assume`,
        },
      ],
    };
  }
  const { accountId, recorders } = resources;
  const controlTower = recorders.filter((r) => isControlTowerName(r.recorderName));
  if (controlTower.length > 0) {
    return {
      settings: { awsConfig: CONTROL_TOWER, existingConfig: [] },
      findings: [
        {
          kind: 'control-tower-config',
          accountId,
          message: `AWS Config is Control Tower's (${controlTower[0].recorderName} in ${controlTower.map((r) => r.region).join(', ')}${controlTower[0].bucketName === undefined ? '' : `, delivering to ${controlTower[0].bucketName}`}): awsConfig "control-tower", no recorder of ours`,
        },
      ],
    };
  }
  return {
    settings: { awsConfig: true, existingConfig: recorders },
    findings: recorders.map((recorder) => ({
      kind: 'adopt-config' as const,
      accountId,
      message: `adopts the existing recorder "${recorder.recorderName}"${recorder.deliveryChannelName === undefined ? '' : ` and channel "${recorder.deliveryChannelName}"`} in ${recorder.region} (existingConfig: an import block in the plan; its delivery moves to the member-logs bucket)`,
    })),
  };
}

/**
 * For a member the config has already: recorders that its stack would collide with. A recorder the
 * member adopts (existingConfig) or that is named `default` (the stack's own name) is no collision.
 */
export function existingMemberFindings(
  member: {
    readonly accountId: string;
    readonly awsConfig: boolean | string;
    readonly existingConfig: readonly { region: string }[];
  },
  resources: AccountResources | undefined,
): Finding[] {
  if (resources === undefined || resources.error !== undefined || member.awsConfig !== true) return [];
  return resources.recorders
    .filter((r) => r.recorderName !== 'default' && !member.existingConfig.some((e) => e.region === r.region))
    .map((r) => ({
      kind: 'existing-recorder-not-adopted' as const,
      accountId: member.accountId,
      message: `has the recorder "${r.recorderName}" in ${r.region}, which its stack would collide with (one recorder per Region): add { "region": "${r.region}", "recorderName": "${r.recorderName}"${r.deliveryChannelName === undefined ? '' : `, "deliveryChannelName": "${r.deliveryChannelName}"`} } to its existingConfig${isControlTowerName(r.recorderName) ? ', or set awsConfig to "control-tower"' : ''}`,
    }));
}

/** Trails that would duplicate the organization trail's copy of management events. */
export function trailFindings(inventory: OrganizationInventory, ourTrailName: string): Finding[] {
  const cost = `a second copy of management events costs USD ${EXTRA_MANAGEMENT_COPY_USD_PER_100K.toFixed(2)} per 100,000 events`;
  return [...inventory.resources.values()].flatMap((resources) =>
    resources.trails
      .filter((trail) => !(trail.isOrganizationTrail && trail.name === ourTrailName))
      .map((trail): Finding => {
        const who = isControlTowerName(trail.name) ? "Control Tower's " : '';
        return trail.isOrganizationTrail
          ? {
              kind: 'duplicate-organization-trail',
              accountId: resources.accountId,
              message: `${who}organization trail "${trail.name}" (delivering to ${trail.bucketName}) already records every account; the organization trail of this product would be a second one: ${cost}. Kept, not deleted: delete it once ours delivers, or keep both knowingly`,
            }
          : {
              kind: 'duplicate-account-trail',
              accountId: resources.accountId,
              message: `${who}account trail "${trail.name}" (delivering to ${trail.bucketName}) records what the organization trail records for this account: ${cost}. Kept, not deleted`,
            };
      }),
  );
}

/**
 * Account-level subscription filter policies of another owner in the accounts that would send
 * application logs (every account but the log archive's). CloudWatch Logs allows one such policy per
 * account and Region (aws-facts: logs-account-policy-one-per-region), so the member stack's own
 * cannot be created beside it. `optedOut` names the accounts whose member opts out already.
 */
export function subscriptionPolicyFindings(
  inventory: OrganizationInventory,
  logArchiveAccountId: string,
  optedOut: ReadonlySet<string> = new Set(),
): Finding[] {
  return [...inventory.resources.values()]
    .filter((resources) => resources.accountId !== logArchiveAccountId && !optedOut.has(resources.accountId))
    .flatMap((resources): Finding[] => {
      if (resources.subscriptionPoliciesError !== undefined) {
        return [
          {
            kind: 'account-subscription-policy-unread',
            accountId: resources.accountId,
            message: `its CloudWatch Logs account policies could not be read (${resources.subscriptionPoliciesError}): applicationLogs needs the account's one subscription filter policy per Region; give the role logs:DescribeAccountPolicies to check it`,
          },
        ];
      }
      return (resources.subscriptionPolicies ?? [])
        .filter((policy) => policy.policyName !== APPLICATION_LOGS_POLICY_NAME)
        .map((policy) => ({
          kind: 'account-subscription-policy' as const,
          accountId: resources.accountId,
          message: `has the account-level subscription filter policy "${policy.policyName}" in ${policy.region}, another tool's: CloudWatch Logs allows one per account and Region, so with applicationLogs.enabled this member's stack cannot apply there. Remove that policy first, or add the member to applicationLogs.optedOutMembers`,
        }));
    });
}

/** Organization-wide findings: trusted access, policy types, reads that failed. */
export function organizationFindings(inventory: OrganizationInventory): Finding[] {
  const findings: Finding[] = [];
  if (!inventory.trustedServices.includes('cloudtrail.amazonaws.com')) {
    findings.push({
      kind: 'no-trusted-access',
      message:
        'trusted access for CloudTrail is off: an organization trail cannot be created until it is on (aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com, from the management account)',
    });
  }
  const untrusted = AUDIT_SERVICE_PRINCIPALS.filter((principal) => !inventory.trustedServices.includes(principal));
  if (untrusted.length > 0) {
    findings.push({
      kind: 'no-trusted-access',
      message: `trusted access is off for ${untrusted.join(', ')}: the audit-delegation stack stops at plan until it is on (${untrusted.map((principal) => `aws organizations enable-aws-service-access --service-principal ${principal}`).join('; ')}, from the management account); the members' recorders need none`,
    });
  }
  const missing = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'].filter(
    (type) => !inventory.enabledPolicyTypes.includes(type),
  );
  if (missing.length > 0) {
    findings.push({
      kind: 'policy-types',
      message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not enabled on the root: the guardrails stack stops at plan until ${missing.length === 1 ? 'it is' : 'they are'} (aws organizations enable-policy-type), or set guardrails.enabled to false`,
    });
  }
  for (const error of inventory.errors) findings.push({ kind: 'organization-read', message: error });
  return findings;
}

/** The services the audit account is delegated: AWS Config (aggregator, organization rules) and Security Hub. */
export const AUDIT_SERVICE_PRINCIPALS = [
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'securityhub.amazonaws.com',
] as const;

/** Account names that say "audit account": Control Tower's Audit, the Security Reference Architecture's Security Tooling. */
const AUDIT_NAMES: readonly RegExp[] = [/^audit$/i, /^security[\s_-]*tooling$/i];

/** Whether any account holds Control Tower's recorder or trail: then Control Tower owns an aggregator too. */
function hasControlTower(inventory: OrganizationInventory): boolean {
  return [...inventory.resources.values()].some(
    (r) =>
      r.recorders.some((c) => isControlTowerName(c.recorderName)) || r.trails.some((t) => isControlTowerName(t.name)),
  );
}

/**
 * The `audit` section of a new config, and why: the account `--audit` names, else the account AWS
 * Config is already delegated to (so that nothing fights over the administrator), else the one
 * active account named "Audit" (then "Security Tooling"). What others own already is left to them:
 * Control Tower's aggregator or another AWS Config administrator's (`configAggregator: false`; the
 * audit account is still registered beside it for the rules), another Security Hub administrator
 * (`securityHub: false`), a registration that exists (`registerAdministrators: false`, with the
 * command for the one still missing). No candidate: no section, and a finding that says how to add one.
 */
export function auditDecision(
  inventory: OrganizationInventory,
  auditAccountId?: string,
): { readonly audit?: Record<string, unknown>; readonly findings: Finding[] } {
  const configAdmins = inventory.configDelegatedAdministrators ?? [];
  const active = inventory.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== inventory.managementAccountId);
  const named =
    AUDIT_NAMES.map((pattern) => active.filter((a) => pattern.test(a.name.trim()))).find((m) => m.length > 0) ?? [];
  const chosen: { id: string; why: string } | undefined =
    auditAccountId !== undefined
      ? { id: auditAccountId, why: 'named by --audit' }
      : configAdmins.length > 0
        ? { id: configAdmins[0], why: "AWS Config's delegated administrator already" }
        : named.length === 1
          ? { id: named[0].id, why: `by its name "${named[0].name}"` }
          : undefined;
  if (chosen === undefined) {
    return {
      findings: [
        {
          kind: 'audit-account',
          message:
            named.length > 1
              ? `${named.length} accounts are named like an audit account (${named.map((a) => a.id).join(', ')}): choose one with --audit <account id>, or add "audit": { "accountId": "…" } to the config`
              : 'no audit account found (none is AWS Config\'s delegated administrator or named "Audit" or "Security Tooling"): the config has no audit section, so synth warns; add "audit": { "accountId": "…" }, or run discover with --audit <account id>',
        },
      ],
    };
  }
  const findings: Finding[] = [
    {
      kind: 'audit-account',
      accountId: chosen.id,
      message: `is the audit account (${chosen.why}): AWS Config aggregator, detective rules and Security Hub from there`,
    },
  ];
  const audit: Record<string, unknown> = { accountId: chosen.id };
  const others = configAdmins.filter((id) => id !== chosen.id);
  if (others.length > 0) {
    audit.configAggregator = false;
    findings.push({
      kind: 'audit-coexistence',
      accountId: chosen.id,
      message: `AWS Config is delegated to ${others.join(', ')} already: the organization's aggregator is left to ${others.length === 1 ? 'it' : 'them'} (configAggregator is false: no second aggregator; set it to true if none of them aggregates the organization); registering this account beside ${others.length === 1 ? 'it' : 'them'} for the detective rules takes nothing from ${others.length === 1 ? 'it' : 'them'} (AWS Config allows up to three delegated administrators)`,
    });
  }
  if (hasControlTower(inventory)) {
    audit.configAggregator = false;
    findings.push({
      kind: 'audit-coexistence',
      accountId: chosen.id,
      message:
        'Control Tower is in use and keeps its own organization aggregator in its audit account: configAggregator is false (no second aggregator); the detective rules and Security Hub are still built',
    });
  }
  const hubAdmin = inventory.securityHubDelegatedAdministrator;
  if (hubAdmin !== undefined && hubAdmin !== chosen.id) {
    audit.securityHub = false;
    findings.push({
      kind: 'audit-coexistence',
      accountId: hubAdmin,
      message: `is Security Hub's administrator already (an organization has one): securityHub is false, so Security Hub stays theirs; compliance --live reads its findings with that account's credentials`,
    });
  }
  const configRegistered = configAdmins.includes(chosen.id);
  const hubRegistered = hubAdmin === chosen.id;
  if (configRegistered || hubRegistered) {
    audit.registerAdministrators = false;
    const missing = [
      ...(configRegistered
        ? []
        : [
            'aws organizations register-delegated-administrator --service-principal config.amazonaws.com (and config-multiaccountsetup.amazonaws.com)',
          ]),
      ...(hubRegistered || audit.securityHub === false
        ? []
        : [`aws securityhub enable-organization-admin-account --admin-account-id ${chosen.id}`]),
    ];
    findings.push({
      kind: 'audit-coexistence',
      accountId: chosen.id,
      message: `is registered already for ${[configRegistered ? 'AWS Config' : '', hubRegistered ? 'Security Hub' : ''].filter((s) => s !== '').join(' and ')}: registerAdministrators is false (no second registration)${missing.length === 0 ? '' : `; register the rest from the management account: ${missing.join('; ')}`}`,
    });
  }
  return { audit, findings };
}

/**
 * For a config that has its `audit` section or not: an audit account to add (the decision a new
 * config would take), or what the config would fight over: an aggregator Control Tower (members
 * with awsConfig "control-tower", or its recorder or trail found) or another AWS Config
 * administrator already owns, and a Security Hub administrator other than the config's.
 */
export function auditFindings(
  inventory: OrganizationInventory,
  audit:
    | {
        readonly accountId: string;
        readonly securityHub: boolean;
        readonly configAggregator?: boolean;
        readonly registerAdministrators?: boolean;
      }
    | false
    | undefined,
  members: readonly { readonly awsConfig: boolean | string }[] = [],
): Finding[] {
  if (audit === false) return [];
  if (audit === undefined) {
    const decision = auditDecision(inventory);
    return decision.audit === undefined
      ? decision.findings
      : [
          {
            kind: 'audit-account',
            accountId: String(decision.audit.accountId),
            message: `could be the audit account: the config has no audit section; add ${JSON.stringify(decision.audit)} (discover does not change a config's settings)`,
          },
        ];
  }
  const findings: Finding[] = [];
  if (audit.configAggregator ?? true) {
    if (members.some((member) => member.awsConfig === CONTROL_TOWER) || hasControlTower(inventory)) {
      findings.push({
        kind: 'audit-coexistence',
        accountId: audit.accountId,
        message:
          'audit.configAggregator is true, but Control Tower is in use (members with awsConfig "control-tower", or its recorder or trail) and keeps its own organization aggregator in its audit account: set audit.configAggregator to false (no second aggregator); compliance --live reads Control Tower\'s with --aggregator',
      });
    }
    const others = (inventory.configDelegatedAdministrators ?? []).filter((id) => id !== audit.accountId);
    if (others.length > 0) {
      findings.push({
        kind: 'audit-coexistence',
        accountId: others[0],
        message: `is AWS Config's delegated administrator${others.length > 1 ? ` (with ${others.slice(1).join(', ')})` : ''}, not audit.accountId ${audit.accountId}: the organization's aggregator is theirs (Control Tower's or another tool's), and audit.configAggregator true builds a second one; set audit.configAggregator to false, or set it to true only once none of them aggregates the organization`,
      });
    }
  }
  const hubAdmin = inventory.securityHubDelegatedAdministrator;
  if (audit.securityHub && hubAdmin !== undefined && hubAdmin !== audit.accountId) {
    findings.push({
      kind: 'audit-coexistence',
      accountId: hubAdmin,
      message:
        (audit.registerAdministrators ?? true)
          ? `is Security Hub's administrator, not audit.accountId ${audit.accountId}: audit.registerAdministrators would designate a second one and the audit-delegation apply would fail (an organization has one); set audit.securityHub to false, or remove that designation first`
          : `is Security Hub's administrator, not audit.accountId ${audit.accountId}: the audit stack's central configuration would fail there (only the administrator may make it); set audit.securityHub to false, or make ${audit.accountId} the administrator first`,
    });
  }
  return findings;
}
