/*
 * What `discover` reads from an AWS organization, read-only: the organization, its accounts with
 * their OU paths, and in each account and governed Region the trails, AWS Config recorders and
 * delivery channels, and CloudWatch Logs account-level subscription filter policies that exist. Plain data, so that the decisions (./decisions.ts) are pure
 * functions tested without AWS.
 */

/** An account as AWS Organizations lists it. */
export interface DiscoveredAccount {
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`. */
  readonly status: string;
  /** OU names from the root: `Root/Security`. */
  readonly ouPath: string;
}

/** A CloudTrail trail, as DescribeTrails reports it in the Region it was read in. */
export interface TrailInfo {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly bucketName: string;
  readonly isOrganizationTrail: boolean;
  readonly isMultiRegionTrail: boolean;
}

/** An AWS Config recorder and the delivery channel of its Region, if any. */
export interface RecorderInfo {
  readonly region: string;
  readonly recorderName: string;
  readonly deliveryChannelName?: string;
  /** Where the channel delivers, if there is one. */
  readonly bucketName?: string;
}

/** An account-level subscription filter policy of CloudWatch Logs, as DescribeAccountPolicies lists it. */
export interface SubscriptionPolicyInfo {
  readonly region: string;
  readonly policyName: string;
}

/** What one account holds, or why it could not be read. */
export interface AccountResources {
  readonly accountId: string;
  /** Trails whose home is this account (shadow trails of other Regions are left out). */
  readonly trails: readonly TrailInfo[];
  /** Recorders in the governed Regions. */
  readonly recorders: readonly RecorderInfo[];
  /**
   * The account-level subscription filter policies in the governed Regions (CloudWatch Logs allows
   * one per account and Region).
   * @default []
   */
  readonly subscriptionPolicies?: readonly SubscriptionPolicyInfo[];
  /**
   * Why the subscription filter policies could not be read (the role lacks
   * logs:DescribeAccountPolicies, say), when the rest of the account was.
   * @default none
   */
  readonly subscriptionPoliciesError?: string;
  /** Set when the account (or one of its Regions) could not be read: AccessDenied, for one. */
  readonly error?: string;
}

/** Everything discover read. */
export interface OrganizationInventory {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accounts: readonly DiscoveredAccount[];
  /** The CloudTrail delegated administrator, if one is registered. */
  readonly trailDelegatedAdministrator?: string;
  /**
   * The accounts registered as AWS Config's delegated administrator (for config.amazonaws.com or
   * config-multiaccountsetup.amazonaws.com; Control Tower registers its aggregator account).
   * @default []
   */
  readonly configDelegatedAdministrators?: readonly string[];
  /** The account registered for securityhub.amazonaws.com: Security Hub's administrator, if any. */
  readonly securityHubDelegatedAdministrator?: string;
  /** Service principals with trusted access (cloudtrail.amazonaws.com, config.amazonaws.com, ...). */
  readonly trustedServices: readonly string[];
  /** Policy types enabled on the root (SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, ...). */
  readonly enabledPolicyTypes: readonly string[];
  /** Each account's resources, by account id. */
  readonly resources: ReadonlyMap<string, AccountResources>;
  /** The Regions read. */
  readonly regions: readonly string[];
  /** Organization-level reads that failed (listing delegated administrators, say). */
  readonly errors: readonly string[];
}

/**
 * Whether a recorder or trail is Control Tower's: Control Tower names what it creates
 * `aws-controltower-...` (its recorder `aws-controltower-BaselineConfigRecorder`, its trail
 * `aws-controltower-BaselineCloudTrail`).
 */
export function isControlTowerName(name: string): boolean {
  return name.startsWith('aws-controltower-');
}
