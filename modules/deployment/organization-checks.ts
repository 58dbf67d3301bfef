import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { Fn, Op } from 'cdktf';

/*
 * Plan-time checks of the organization a stack deploys into, as Terraform preconditions on the
 * resources that need them, read from `data.aws_organizations_organization` (read-only).
 */

/** A Terraform precondition: the plan stops with `errorMessage` when `condition` is false. */
export interface Precondition {
  readonly condition: unknown;
  readonly errorMessage: string;
}

/** The credentials reach the organization the config names. */
export function sameOrganization(organization: DataAwsOrganizationsOrganization, organizationId: string): Precondition {
  return {
    condition: Op.eq(organization.id, organizationId),
    errorMessage: `These credentials belong to another AWS organization than organization.id ${organizationId} in the config; fix organization.id, or deploy with the credentials of that organization.`,
  };
}

/**
 * Trusted access for `principal` is on. Only the management account can read trusted access: a
 * delegated administrator cannot, so this check belongs in the management account's stacks.
 */
export function trustedAccess(
  organization: DataAwsOrganizationsOrganization,
  principal: string,
  service: string,
): Precondition {
  return {
    condition: Fn.contains(organization.awsServiceAccessPrincipals, principal),
    errorMessage: `Trusted access for ${service} is not enabled in the organization; enable it first (aws organizations enable-aws-service-access --service-principal ${principal}, from the management account).`,
  };
}
