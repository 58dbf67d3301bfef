import { CONTROL_TOWER } from '../../modules/config/schema';
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
    | 'unreadable-account'
    | 'no-trusted-access'
    | 'policy-types'
    | 'organization-read'
    | 'log-archive-guess'
    | 'departed-account'
    | 'closed-account';
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
  if (!inventory.trustedServices.includes('config.amazonaws.com')) {
    findings.push({
      kind: 'no-trusted-access',
      message:
        'trusted access for AWS Config is off: this product records with a recorder in each member and needs none; organization-wide Config aggregators and conformance packs would',
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
