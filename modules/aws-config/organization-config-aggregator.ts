import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../iam/policy-document';
import { CONFIG_AGGREGATOR_ROLE_NAME, DEFAULT_AGGREGATOR_NAME } from '../core/naming';

/** Props of {@link OrganizationConfigAggregator}. */
export interface OrganizationConfigAggregatorProps {
  /** The Regions whose AWS Config data the aggregator collects from every account: the governed Regions. */
  readonly regions: readonly string[];
  /**
   * Name of the aggregator.
   * @default 'audit-organization'
   */
  readonly aggregatorName?: string;
  /**
   * Name of the role AWS Config reads the organization's accounts with.
   * @default 'audit-config-aggregator'
   */
  readonly roleName?: string;
}

/**
 * An AWS Config aggregator over the whole organization, in the account the stack deploys to: the
 * management account, or a delegated administrator for `config.amazonaws.com` (the audit account;
 * see {@link AuditDelegation}). It collects the configuration and compliance of every account in the
 * listed Regions, accounts that join later included, with a role that holds AWS's
 * `AWSConfigRoleForOrganizations` policy (read-only: Organizations' account list).
 *
 * The aggregator is built in the stack's Region, which should be the home Region: the organization's
 * compliance is then read in one place (`compliance --live` reads Security Hub's findings there).
 */
export class OrganizationConfigAggregator extends Construct {
  /** The aggregator. */
  public readonly aggregator: ConfigConfigurationAggregator;
  /** The role AWS Config reads the organization with. */
  public readonly role: IamRole;

  public constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    validateProps(this, props, [
      props.regions.length === 0 ? { field: 'regions', message: 'must name at least one Region' } : undefined,
      props.aggregatorName === undefined || /^[\w-]{1,256}$/.test(props.aggregatorName)
        ? undefined
        : {
            field: 'aggregatorName',
            message: `${JSON.stringify(props.aggregatorName)} must be 1 to 256 letters, digits, _ or -`,
          },
    ]);
    const stack = AccountStack.of(this);
    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? CONFIG_AGGREGATOR_ROLE_NAME,
      description: "AWS Config reads the organization's accounts with this role, for the organization aggregator",
      assumeRolePolicy: serviceTrustPolicy('ConfigAggregates', 'config.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': stack.accountId },
      }),
    });
    const policy = new IamRolePolicyAttachment(this, 'role-policy', {
      role: this.role.name,
      policyArn: awsManagedPolicyArn(stack.partition, 'service-role/AWSConfigRoleForOrganizations'),
    });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      name: props.aggregatorName ?? DEFAULT_AGGREGATOR_NAME,
      organizationAggregationSource: {
        roleArn: this.role.arn,
        regions: [...new Set(props.regions)].sort(),
      },
      // AWS Config checks the role's permissions when the aggregator is created.
      dependsOn: [policy],
    });
  }
}
