import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { Op } from 'cdktf';
import { Construct } from 'constructs';
import { validateProps } from '../core/prop-validation';
import { sameOrganization, trustedAccess } from '../deployment/organization-checks';

/**
 * The service principals an AWS Config delegated administrator is registered for: organization
 * rules and conformance packs (`config-multiaccountsetup`) and the organization aggregator
 * (`config`). AWS Config allows up to three delegated administrators per principal.
 */
export const CONFIG_ADMIN_PRINCIPALS = ['config-multiaccountsetup.amazonaws.com', 'config.amazonaws.com'] as const;

/** The service principal whose trusted access Security Hub's delegated administrator needs. */
export const SECURITY_HUB_PRINCIPAL = 'securityhub.amazonaws.com';

/** Props of {@link AuditDelegation}. */
export interface AuditDelegationProps {
  /** The audit account: AWS Config's and Security Hub's delegated administrator. Not the management account. */
  readonly auditAccountId: string;
  /** The organization's id (`o-...`): the plan stops when the credentials belong to another. */
  readonly organizationId: string;
  /**
   * Register the audit account for AWS Config (organization rules and aggregator).
   * @default true
   */
  readonly config?: boolean;
  /**
   * Designate the audit account as Security Hub's administrator (in the stack's Region, the home
   * Region: central configuration extends it to the other Regions).
   * @default true
   */
  readonly securityHub?: boolean;
}

/**
 * What only the management account can do for the audit account: register it as delegated
 * administrator of AWS Config (both principals) and designate it Security Hub's administrator. Deploy
 * it in the management account, in the home Region. The plan stops, before any change, when the
 * credentials are of another organization or not of its management account, and when trusted access
 * for a service is off, with the command that turns it on.
 *
 * Security Hub has one administrator per organization: when another account holds the role (set up
 * by hand or another tool), the apply fails with AWS's message; remove that designation first, or
 * make that account the audit account. Control Tower (landing zone 4.0) registers its own Config
 * aggregator account as Config's delegated administrator: use that account as the audit account.
 */
export class AuditDelegation extends Construct {
  /** The registrations for AWS Config, by service principal. */
  public readonly configAdministrators: ReadonlyMap<string, OrganizationsDelegatedAdministrator>;
  /** The Security Hub designation, when made. */
  public readonly securityHubAdministrator: SecurityhubOrganizationAdminAccount | undefined;

  public constructor(scope: Construct, id: string, props: AuditDelegationProps) {
    super(scope, id);
    validateProps(this, props, [
      props.config === false && props.securityHub === false
        ? {
            field: 'config',
            message: 'and props.securityHub are both false: nothing to delegate; leave the construct out',
          }
        : undefined,
    ]);
    const organization = new DataAwsOrganizationsOrganization(this, 'organization', {});
    const preconditions = (principal: string, service: string) => [
      sameOrganization(organization, props.organizationId),
      {
        condition: Op.neq(organization.masterAccountId, props.auditAccountId),
        errorMessage: `The audit account ${props.auditAccountId} is the organization's management account: AWS does not let the management account be a delegated administrator; choose another account for audit.accountId.`,
      },
      trustedAccess(organization, principal, service),
    ];

    const config = new Map<string, OrganizationsDelegatedAdministrator>();
    if (props.config ?? true) {
      for (const principal of CONFIG_ADMIN_PRINCIPALS) {
        config.set(
          principal,
          new OrganizationsDelegatedAdministrator(this, principal.split('.')[0], {
            accountId: props.auditAccountId,
            servicePrincipal: principal,
            lifecycle: { precondition: preconditions(principal, 'AWS Config') },
          }),
        );
      }
    }
    this.configAdministrators = config;
    this.securityHubAdministrator =
      (props.securityHub ?? true)
        ? new SecurityhubOrganizationAdminAccount(this, 'security-hub', {
            adminAccountId: props.auditAccountId,
            lifecycle: { precondition: preconditions(SECURITY_HUB_PRINCIPAL, 'Security Hub') },
          })
        : undefined;
  }
}
