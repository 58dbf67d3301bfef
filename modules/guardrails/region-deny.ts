import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals, roleInAnyAccount } from './principals';

/**
 * The actions a Region deny must leave alone: global services, whose one endpoint is in us-east-1
 * (or, for a few, us-west-2) whatever Region their callers govern, and the few operations of
 * regional services that every console and SDK makes against a global endpoint. The list is AWS
 * Control Tower's Region deny control ("Deny access to AWS based on the requested AWS Region",
 * https://docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html),
 * the exemption AWS maintains for landing zones; AWS Organizations' own example
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

/** What the Region deny needs. */
export interface RegionDenyProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The Regions left open: every other Region is denied. */
  readonly governedRegions: readonly string[];
  /** The deploy role, by name, in any account: spared, as by the other guardrails. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
}

/**
 * The service control policy that denies every action outside the governed Regions
 * (`aws:RequestedRegion`), but the global services' ({@link REGION_DENY_EXEMPT_ACTIONS}), to every
 * principal but the deploy role and the break-glass principals. Where it binds, nothing can be
 * created in a Region nobody records: AWS Config and Security Hub need run only in the governed ones.
 */
export function regionDenyStatements(props: RegionDenyProps): PolicyStatement[] {
  const except = exceptPrincipals([
    roleInAnyAccount(props.partition, props.deployRoleName),
    ...props.breakGlassPrincipalArns,
  ]);
  return [
    {
      Sid: 'DenyOutsideGovernedRegions',
      Effect: 'Deny',
      NotAction: [...REGION_DENY_EXEMPT_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': [...new Set(props.governedRegions)].sort() },
        ...except.Condition,
      },
    },
  ];
}
