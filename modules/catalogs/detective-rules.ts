import { CisRequirementNumber } from './cis-benchmark';
import { SecurityHubControlId } from './cis-controls';

/**
 * The AWS Config managed rules this product deploys organization-wide from the audit account: one
 * per logging or monitoring claim it makes, each with the CIS AWS Foundations Benchmark requirement
 * it checks and the Security Hub control built on the same rule. Pure data.
 *
 * Sources (2026-11-23): the identifiers, triggers, scopes and Regional availability from AWS Config's
 * managed rule pages (docs.aws.amazon.com/config/latest/developerguide/<rule-name>.html); the
 * Security Hub controls and their CIS v5.0.0 numbers from the Security Hub user guide's "CIS AWS
 * Foundations Benchmark" page; the CIS v7.0.0 numbers from cis-benchmark.ts (Prowler's mapping).
 *
 * AWS Config has no managed rule for "AWS Config is recording" (CIS 4.3): the organization
 * aggregator's source status and Security Hub's Config.1 answer that instead.
 */

/** Where a rule is evaluated: every governed Region, or the home Region only. */
export type RuleRegions = 'every-region' | 'home-region';

/** One AWS Config managed rule of the detective set. */
export interface DetectiveRule<Name extends string = string> {
  /** The rule's name in AWS's managed rule list, and the id users name in the config. */
  readonly name: Name;
  /** The managed rule's source identifier (`OrganizationManagedRuleMetadata.RuleIdentifier`). */
  readonly identifier: string;
  /** What a NON_COMPLIANT result means, for the rule's description. */
  readonly checks: string;
  /** The CIS requirement (current version's number) the rule checks; undefined for a product claim CIS dropped. */
  readonly requirement: CisRequirementNumber | undefined;
  /** The Security Hub control evaluated by the same managed rule, if there is one. */
  readonly securityHubControl: SecurityHubControlId | undefined;
  /**
   * `home-region` for a rule that looks at the whole account (multi-Region trails, data events): it
   * is evaluated once per account, and each further Region would bill the same evaluation again.
   */
  readonly regions: RuleRegions;
  /** Regions where AWS does not offer the rule (its page's "Region" list); it is left out there. */
  readonly unavailableIn: readonly string[];
}

/** The names of the detective rules, in the order they are deployed. */
export const DETECTIVE_RULE_NAMES = [
  'multi-region-cloudtrail-enabled',
  'cloud-trail-log-file-validation-enabled',
  'cloudtrail-s3-bucket-access-logging',
  'cloud-trail-encryption-enabled',
  'cmk-backing-key-rotation-enabled',
  'vpc-flow-logs-enabled',
  'cloudtrail-all-write-s3-data-event-check',
  'cloudtrail-all-read-s3-data-event-check',
  'cloud-trail-cloud-watch-logs-enabled',
  'securityhub-enabled',
] as const;

/** The prefix of the detective rules' names: `audit-<rule name>` (OrganizationConfigRules' default). */
export const DETECTIVE_RULE_NAME_PREFIX = 'audit-';

/**
 * The detective rule that `configRuleName` names, as AWS Config reports it: `<prefix><rule name>` in
 * the account that deployed it, and `OrgConfigRule-<prefix><rule name>-<suffix>` in every member
 * account (the service-linked rule AWS Config creates there). Undefined for any other rule.
 */
export function detectiveRuleOf(
  configRuleName: string,
  prefix = DETECTIVE_RULE_NAME_PREFIX,
): DetectiveRuleName | undefined {
  const matches = DETECTIVE_RULE_NAMES.filter((name) => {
    const organizationName = `${prefix}${name}`;
    return configRuleName === organizationName || configRuleName.startsWith(`OrgConfigRule-${organizationName}-`);
  });
  // The longest name wins should one rule's name begin with another's.
  return [...matches].sort((a, b) => b.length - a.length)[0];
}

/** The S3 data event rules: they fail in every account unless a trail records every bucket's data events. */
export const S3_DATA_EVENT_RULES: readonly DetectiveRuleName[] = [
  'cloudtrail-all-write-s3-data-event-check',
  'cloudtrail-all-read-s3-data-event-check',
];

/** The name of one detective rule. */
export type DetectiveRuleName = (typeof DETECTIVE_RULE_NAMES)[number];

/**
 * Regions where AWS Config lacks a rule (the rule page's Region list, as moto 5.2.1 carries it in
 * moto/config/resources/aws_managed_rules.json.gz): Auckland, Thailand, Malaysia, Mexico, Taipei,
 * Calgary, and Beijing for the S3 data event checks.
 */
const WITHOUT_TRAIL_BUCKET_LOGGING_CHECK = [
  'ap-east-2',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'mx-central-1',
];
const WITHOUT_S3_DATA_EVENT_CHECKS = [...WITHOUT_TRAIL_BUCKET_LOGGING_CHECK, 'cn-north-1'];

/** The detective rules, by name. */
export const DETECTIVE_RULES: { readonly [Name in DetectiveRuleName]: DetectiveRule<Name> } = {
  'multi-region-cloudtrail-enabled': {
    name: 'multi-region-cloudtrail-enabled',
    identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED',
    checks: 'the account has no multi-Region CloudTrail trail recording management events',
    requirement: '4.1',
    securityHubControl: 'CloudTrail.1',
    regions: 'home-region',
    unavailableIn: [],
  },
  'cloud-trail-log-file-validation-enabled': {
    name: 'cloud-trail-log-file-validation-enabled',
    identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
    checks: 'a trail does not write signed digest files (log file validation is off)',
    requirement: '4.2',
    securityHubControl: 'CloudTrail.4',
    regions: 'every-region',
    unavailableIn: [],
  },
  'cloudtrail-s3-bucket-access-logging': {
    name: 'cloudtrail-s3-bucket-access-logging',
    identifier: 'CLOUDTRAIL_S3_BUCKET_ACCESS_LOGGING',
    checks: "a trail's S3 bucket has no server access logging",
    requirement: '4.4',
    securityHubControl: 'CloudTrail.7',
    regions: 'every-region',
    unavailableIn: WITHOUT_TRAIL_BUCKET_LOGGING_CHECK,
  },
  'cloud-trail-encryption-enabled': {
    name: 'cloud-trail-encryption-enabled',
    identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED',
    checks: 'a trail does not encrypt its logs with a KMS key',
    requirement: '4.5',
    securityHubControl: 'CloudTrail.2',
    regions: 'every-region',
    unavailableIn: [],
  },
  'cmk-backing-key-rotation-enabled': {
    name: 'cmk-backing-key-rotation-enabled',
    identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED',
    checks: 'a customer managed symmetric KMS key does not rotate',
    requirement: '4.6',
    securityHubControl: 'KMS.4',
    regions: 'every-region',
    unavailableIn: [],
  },
  'vpc-flow-logs-enabled': {
    name: 'vpc-flow-logs-enabled',
    identifier: 'VPC_FLOW_LOGS_ENABLED',
    checks: 'a VPC has no flow log',
    requirement: '4.7',
    securityHubControl: 'EC2.6',
    regions: 'every-region',
    unavailableIn: [],
  },
  'cloudtrail-all-write-s3-data-event-check': {
    name: 'cloudtrail-all-write-s3-data-event-check',
    identifier: 'CLOUDTRAIL_ALL_WRITE_S3_DATA_EVENT_CHECK',
    checks: 'no multi-Region trail records write data events of every S3 bucket',
    requirement: '4.8',
    securityHubControl: 'S3.22',
    regions: 'home-region',
    unavailableIn: WITHOUT_S3_DATA_EVENT_CHECKS,
  },
  'cloudtrail-all-read-s3-data-event-check': {
    name: 'cloudtrail-all-read-s3-data-event-check',
    identifier: 'CLOUDTRAIL_ALL_READ_S3_DATA_EVENT_CHECK',
    checks: 'no multi-Region trail records read data events of every S3 bucket',
    requirement: '4.9',
    securityHubControl: 'S3.23',
    regions: 'home-region',
    unavailableIn: WITHOUT_S3_DATA_EVENT_CHECKS,
  },
  'cloud-trail-cloud-watch-logs-enabled': {
    // CIS dropped this requirement in v3.0.0 (Security Hub's CloudTrail.5 is not part of its CIS
    // v3.0.0 and v5.0.0 standards); the CIS metric filters (5.1 to 5.15) read the trail's log group.
    name: 'cloud-trail-cloud-watch-logs-enabled',
    identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
    checks: 'a trail does not deliver to CloudWatch Logs, where the CIS metric filters read it',
    requirement: undefined,
    securityHubControl: 'CloudTrail.5',
    regions: 'every-region',
    unavailableIn: [],
  },
  'securityhub-enabled': {
    name: 'securityhub-enabled',
    identifier: 'SECURITYHUB_ENABLED',
    checks: 'Security Hub is not enabled in the account and Region',
    requirement: '5.16',
    securityHubControl: undefined,
    regions: 'every-region',
    unavailableIn: [],
  },
};

/** The rules among `names` that are evaluated in `region`, given the home Region. */
export function rulesIn(
  names: readonly DetectiveRuleName[],
  region: string,
  homeRegion: string,
): DetectiveRule<DetectiveRuleName>[] {
  return names
    .map((name) => DETECTIVE_RULES[name])
    .filter(
      (rule) => (rule.regions === 'every-region' || region === homeRegion) && !rule.unavailableIn.includes(region),
    );
}
