/*
 * What a Region deny leaves alone (AWS Control Tower's exemptions), and which of it is Regional, so
 * stays usable, unrecorded, in the Regions the deny closes: schema, docs and compliance name these.
 */

/**
 * The actions a Region deny must leave alone, as AWS Control Tower's Region deny control lists them
 * ("Deny access to AWS based on the requested AWS Region",
 * https://docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html):
 * global services, whose one endpoint is in us-east-1 (or, for a few, us-west-2), the few operations
 * of Regional services that consoles make against a global endpoint, and the Regional services of
 * {@link REGION_DENY_REGIONAL_SERVICES}. AWS Organizations' own example
 * (orgs_manage_policies_scps_examples_general.html) is a shorter list of the same kind.
 */
export const REGION_DENY_EXEMPT_ACTIONS: readonly string[] = [
  'a4b:*',
  'access-analyzer:*',
  'account:*',
  'acm:*',
  'activate:*',
  'artifact:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'billing:*',
  'billingconductor:*',
  'budgets:*',
  'ce:*',
  'chatbot:*',
  'chime:*',
  'cloudfront:*',
  'cloudtrail:LookupEvents',
  'compute-optimizer:*',
  'config:*',
  'consoleapp:*',
  'consolidatedbilling:*',
  'cur:*',
  'datapipeline:GetAccountLimits',
  'devicefarm:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'ecr-public:*',
  'fms:*',
  'freetier:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'invoicing:*',
  'iq:*',
  'kms:*',
  'license-manager:ListReceivedLicenses',
  'lightsail:Get*',
  'mobileanalytics:*',
  'networkmanager:*',
  'notifications-contacts:*',
  'notifications:*',
  'organizations:*',
  'payments:*',
  'pricing:*',
  'quicksight:DescribeAccountSubscription',
  'resource-explorer-2:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  'route53:*',
  'route53domains:*',
  's3:CreateMultiRegionAccessPoint',
  's3:DeleteMultiRegionAccessPoint',
  's3:DescribeMultiRegionAccessPointOperation',
  's3:GetAccountPublicAccessBlock',
  's3:GetBucketLocation',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
  's3:GetMultiRegionAccessPoint',
  's3:GetMultiRegionAccessPointPolicy',
  's3:GetMultiRegionAccessPointPolicyStatus',
  's3:GetStorageLensConfiguration',
  's3:GetStorageLensDashboard',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:ListStorageLensConfigurations',
  's3:PutAccountPublicAccessBlock',
  's3:PutMultiRegionAccessPointPolicy',
  'savingsplans:*',
  'shield:*',
  'sso:*',
  'sts:*',
  'support:*',
  'supportapp:*',
  'supportplans:*',
  'sustainability:*',
  'tag:GetResources',
  'tax:*',
  'trustedadvisor:*',
  'vendor-insights:ListEntitledSecurityProfiles',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
];

/** The Region AWS's global services call their Regional companions in (CloudFront's ACM, KMS and WAF). */
export const GLOBAL_SERVICES_REGION = 'us-east-1';

/** A service of {@link REGION_DENY_EXEMPT_ACTIONS} that AWS serves from an endpoint in each Region. */
export interface RegionalExemptService {
  /** Its IAM service prefix, as the exempted actions name it. */
  readonly service: string;
  /** The AWS General Reference page that lists its Regional endpoints. */
  readonly endpoints: string;
  /**
   * Where AWS documents why a Region deny must spare it (the id of the AWS fact that says so): the
   * deny then spares it in {@link GLOBAL_SERVICES_REGION} only. Unset: spared in every Region.
   */
  readonly onlyInGlobalServicesRegion?: string;
}

const GR = 'https://docs.aws.amazon.com/general/latest/gr';

/**
 * Every service of {@link REGION_DENY_EXEMPT_ACTIONS} with Regional endpoints, by prefix; the
 * others are the global services AWS's Region deny examples name.
 */
export const REGION_DENY_REGIONAL_SERVICES: readonly RegionalExemptService[] = [
  { service: 'access-analyzer', endpoints: `${GR}/access-analyzer.html` },
  { service: 'acm', endpoints: `${GR}/acm.html`, onlyInGlobalServicesRegion: 'kms-acm-global-use-is-in-us-east-1' },
  { service: 'cloudtrail', endpoints: `${GR}/ct.html` },
  { service: 'compute-optimizer', endpoints: `${GR}/compute-optimizer.html` },
  { service: 'config', endpoints: `${GR}/awsconfig.html` },
  { service: 'datapipeline', endpoints: `${GR}/datapipeline.html` },
  { service: 'directconnect', endpoints: `${GR}/dc.html` },
  { service: 'ec2', endpoints: `${GR}/ec2-service.html` },
  { service: 'fms', endpoints: `${GR}/firewallmanager.html` },
  { service: 'kms', endpoints: `${GR}/kms.html`, onlyInGlobalServicesRegion: 'kms-acm-global-use-is-in-us-east-1' },
  { service: 'license-manager', endpoints: `${GR}/licensemanager.html` },
  { service: 'lightsail', endpoints: `${GR}/lightsail.html` },
  { service: 'quicksight', endpoints: `${GR}/quicksight.html` },
  { service: 'resource-explorer-2', endpoints: `${GR}/arex.html` },
  { service: 's3', endpoints: `${GR}/s3.html` },
  { service: 'sso', endpoints: `${GR}/sso.html` },
  { service: 'sts', endpoints: `${GR}/sts.html` },
  { service: 'tag', endpoints: `${GR}/arg.html` },
  { service: 'waf-regional', endpoints: `${GR}/waf-classic.html` },
  {
    service: 'wafv2',
    endpoints: `${GR}/waf.html`,
    onlyInGlobalServicesRegion: 'wafv2-cloudfront-resources-are-in-us-east-1',
  },
];

/** The IAM service prefix of an action (`kms` of `kms:*`). */
export function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':'));
}

/** The exempted actions the Region deny spares in {@link GLOBAL_SERVICES_REGION} only. */
export function globalServicesRegionOnlyActions(): string[] {
  const narrowed = new Set(
    REGION_DENY_REGIONAL_SERVICES.filter((s) => s.onlyInGlobalServicesRegion !== undefined).map((s) => s.service),
  );
  return REGION_DENY_EXEMPT_ACTIONS.filter((action) => narrowed.has(serviceOf(action)));
}

/** A Regional service the Region deny leaves usable outside the governed Regions. */
export interface RegionalOpening {
  readonly service: string;
  /** Its exempted actions: `<service>:*`, or single operations. */
  readonly actions: readonly string[];
  /** The Regions outside the governed ones where they stay usable; unset: every one. */
  readonly regions?: readonly string[];
}

/** A statement of a Region deny, as far as {@link regionDenyOpenings} reads it. */
export interface RegionDenyStatementShape {
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Condition?: { readonly StringNotEquals?: Readonly<Record<string, string | readonly string[]>> };
}

const listOf = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;
const covers = (pattern: string, action: string): boolean =>
  pattern === action || (pattern.endsWith(':*') && serviceOf(pattern) === serviceOf(action));

/**
 * The Regional services that the deny of `statements` (a `NotAction` deny outside the governed
 * Regions) exempts, and where they stay usable: every other Region, or the Regions a narrower
 * deny of theirs still allows.
 */
export function regionDenyOpenings(
  statements: readonly RegionDenyStatementShape[],
  governedRegions: readonly string[],
): RegionalOpening[] {
  const denies = statements.filter((s) => s.Effect === 'Deny');
  const allowedRegions = (s: RegionDenyStatementShape) => listOf(s.Condition?.StringNotEquals?.['aws:RequestedRegion']);
  const exempted = denies
    .filter((s) => s.NotAction !== undefined && allowedRegions(s).length > 0)
    .flatMap((s) => listOf(s.NotAction));
  const regional = new Set(REGION_DENY_REGIONAL_SERVICES.map((s) => s.service));
  const openings = new Map<string, { actions: string[]; regions?: string[] }>();
  for (const action of [...new Set(exempted)].filter((a) => regional.has(serviceOf(a)))) {
    const narrower = denies.filter(
      (s) => listOf(s.Action).some((p) => covers(p, action)) && allowedRegions(s).length > 0,
    );
    const regions =
      narrower.length === 0
        ? undefined
        : narrower
            .map((s) => allowedRegions(s).filter((r) => !governedRegions.includes(r)))
            .reduce((a, b) => a.filter((r) => b.includes(r)));
    if (regions !== undefined && regions.length === 0) continue;
    const service = serviceOf(action);
    const opening = openings.get(service) ?? { actions: [], regions: regions && [...regions].sort() };
    opening.actions.push(action);
    openings.set(service, opening);
  }
  return [...openings]
    .map(([service, o]) => ({
      service,
      actions: o.actions,
      ...(o.regions === undefined ? {} : { regions: o.regions }),
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * What the deny leaves open, in words: the whole services and the services of which single
 * operations are exempt, by where they stay usable.
 */
export function describeOpenings(openings: readonly RegionalOpening[]): string {
  const groups = new Map<string, RegionalOpening[]>();
  for (const o of openings) {
    const where = o.regions === undefined ? 'in every Region it closes' : `in ${o.regions.join(', ')}`;
    groups.set(where, [...(groups.get(where) ?? []), o]);
  }
  const and = (names: readonly string[]) =>
    names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return [...groups]
    .map(([where, group]) => {
      const whole = group.filter((o) => o.actions.some((a) => a.endsWith(':*'))).map((o) => o.service);
      const single = group.filter((o) => !o.actions.some((a) => a.endsWith(':*'))).map((o) => o.service);
      const operations = single.length === 0 ? '' : `single operations of ${and(single)}`;
      const what = whole.length === 0 ? operations : `${and(whole)}${operations && ` (and ${operations})`}`;
      return `${what} ${where}`;
    })
    .join('; ');
}

/**
 * What the Region deny leaves open wherever us-east-1 is not governed, in words: what the schema
 * and docs/guardrails.md say of it.
 */
export function regionDenyOpeningsSummary(): string {
  return describeOpenings(
    REGION_DENY_REGIONAL_SERVICES.flatMap((s): RegionalOpening[] => {
      const actions = REGION_DENY_EXEMPT_ACTIONS.filter((a) => serviceOf(a) === s.service);
      return [
        {
          service: s.service,
          actions,
          ...(s.onlyInGlobalServicesRegion === undefined ? {} : { regions: [GLOBAL_SERVICES_REGION] }),
        },
      ];
    }),
  );
}
