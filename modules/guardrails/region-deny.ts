import {
  GLOBAL_SERVICES_REGION,
  globalServicesRegionOnlyActions,
  REGION_DENY_EXEMPT_ACTIONS,
} from '../core/region-deny-exemptions';
import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals, roleInAnyAccount } from './principals';

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
 * (`aws:RequestedRegion`) but AWS Control Tower's exemptions ({@link REGION_DENY_EXEMPT_ACTIONS}),
 * to every principal but the deploy role and the break-glass principals. Those include Regional
 * services: KMS, ACM and WAF are narrowed to us-east-1, where CloudFront uses them; the others stay
 * usable in every Region, where AWS Config does not record (`regionDenyOpeningsSummary`).
 */
export function regionDenyStatements(props: RegionDenyProps): PolicyStatement[] {
  const except = exceptPrincipals([
    roleInAnyAccount(props.partition, props.deployRoleName),
    ...props.breakGlassPrincipalArns,
  ]);
  const governed = [...new Set(props.governedRegions)].sort();
  return [
    {
      Sid: 'DenyOutsideGovernedRegions',
      Effect: 'Deny',
      NotAction: [...REGION_DENY_EXEMPT_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': governed },
        ...except.Condition,
      },
    },
    {
      // Exempt above for CloudFront, which uses them in us-east-1 only (modules/core/aws-facts-region-deny.ts).
      Sid: 'DenyCloudFrontCompanionsOutsideUsEast1',
      Effect: 'Deny',
      Action: globalServicesRegionOnlyActions(),
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': [...new Set([...governed, GLOBAL_SERVICES_REGION])].sort() },
        ...except.Condition,
      },
    },
  ];
}
