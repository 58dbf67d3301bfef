import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import { Op } from 'cdktf';
import { Construct } from 'constructs';
import { policyTargetProblems } from '../core/aws-values';
import { validateProps } from '../core/prop-validation';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
  standardsProblems,
} from '../catalogs/security-hub-standards';
import { AccountStack } from '../deployment/account-stack';
import { sameOrganization } from '../deployment/organization-checks';
import { SECURITY_HUB_CONFIGURATION_POLICY_NAME } from '../core/naming';

/** Props of {@link SecurityHubCentralConfiguration}. */
export interface SecurityHubCentralConfigurationProps {
  /** The organization's id (`o-...`): the plan stops when the credentials belong to another. */
  readonly organizationId: string;
  /** The governed Regions: Security Hub is enabled in each, and their findings are aggregated into the stack's Region. */
  readonly regions: readonly string[];
  /**
   * The standards every account runs.
   * @default ['cis-aws-foundations-benchmark/v/5.0.0', 'aws-foundational-security-best-practices/v/1.0.0']
   * (the newest CIS version Security Hub offers, and AWS's own best practices)
   */
  readonly standards?: readonly SecurityHubStandard[];
  /**
   * Where the configuration policy applies: the organization's root (`r-...`), OUs (`ou-...`) or
   * accounts, each once (the same prop as {@link GuardrailsProps.targets}).
   * @default - the organization's root, every account
   */
  readonly targets?: readonly string[];
  /**
   * Name of the configuration policy.
   * @default 'audit-security-hub'
   */
  readonly policyName?: string;
}

/**
 * Security Hub for the whole organization, configured from the stack's account, which must be
 * Security Hub's delegated administrator and not the management account (see {@link AuditDelegation}),
 * in the home Region (central configuration is managed there only):
 *
 * - Security Hub in this account, adopted with an import: designating the account as Security Hub's
 *   delegated administrator (see {@link AuditDelegation}) already enabled it in this Region, and
 *   AWS refuses a second EnableSecurityHub there (fact `securityhub-admin-designation-enables-hub`,
 *   modules/core/aws-facts.ts); then set to consolidated control findings (one finding per control,
 *   whatever the standards) and to enable new controls;
 * - a finding aggregator that brings the findings of the other governed Regions here;
 * - central configuration: one configuration policy, associated with the organization's root (or the
 *   OUs given), that enables Security Hub and the chosen standards (by default CIS v5.0.0 and AWS
 *   Foundational Security Best Practices) in every account and governed Region, accounts that join
 *   later included.
 *
 * The policy sets Config.1's `includeConfigServiceLinkedRoleCheck` to false: this product's recorders
 * record with a role of their own (`audit-config-recorder`), not AWS Config's service-linked role,
 * and the control would otherwise fail in every account where recording is on.
 */
export class SecurityHubCentralConfiguration extends Construct {
  /** Security Hub in this account. */
  public readonly hub: SecurityhubAccount;
  /** The configuration policy. */
  public readonly policy: SecurityhubConfigurationPolicy;
  /** The ARNs of the standards the policy enables, in the stack's Region. */
  public readonly standardArns: readonly string[];

  public constructor(scope: Construct, id: string, props: SecurityHubCentralConfigurationProps) {
    super(scope, id);
    const standards = props.standards ?? DEFAULT_SECURITY_HUB_STANDARDS;
    validateProps(this, props, [
      props.regions.length === 0 ? { field: 'regions', message: 'must name at least one Region' } : undefined,
      ...standardsProblems(standards),
      ...policyTargetProblems('targets', props.targets),
      props.policyName === undefined || /^[\w\-. ]{1,128}$/.test(props.policyName)
        ? undefined
        : {
            field: 'policyName',
            message: `${JSON.stringify(props.policyName)} must be 1 to 128 letters, digits, _, -, . or spaces`,
          },
    ]);
    const stack = AccountStack.of(this);
    this.standardArns = standards.map((standard) =>
      stack.formatArn({ service: 'securityhub', account: '', resource: 'standards', resourceName: standard }),
    );

    this.hub = new SecurityhubAccount(this, 'hub', {
      // Read only at creation, which never happens here: the import keeps it out of the plan.
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    // The delegation enabled Security Hub here; EnableSecurityHub would answer ResourceConflictException.
    // The import's id is the account (the provider's import of aws_securityhub_account); it is a
    // no-op once the hub is in the state.
    this.hub.importFrom(stack.accountId);
    const others = [...new Set(props.regions)].filter((region) => region !== stack.region).sort();
    const aggregator = new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      linkingMode: others.length === 0 ? 'NO_REGIONS' : 'SPECIFIED_REGIONS',
      specifiedRegions: others.length === 0 ? undefined : others,
      dependsOn: [this.hub],
    });
    const organization = new DataAwsOrganizationsOrganization(this, 'organization', {});
    // Central configuration needs the aggregator first, and no automatic enabling of its own.
    const central = new SecurityhubOrganizationConfiguration(this, 'organization-configuration', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [aggregator],
      lifecycle: {
        precondition: [
          sameOrganization(organization, props.organizationId),
          {
            condition: Op.neq(organization.masterAccountId, stack.accountId),
            errorMessage:
              "Security Hub's central configuration cannot be run from the management account: deploy it in the audit account, registered as Security Hub's delegated administrator.",
          },
        ],
      },
    });
    this.policy = new SecurityhubConfigurationPolicy(this, 'policy', {
      name: props.policyName ?? SECURITY_HUB_CONFIGURATION_POLICY_NAME,
      description: `Security Hub with ${standards.join(', ')} in every account and governed Region (cdktf-audit-logging)`,
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: [...this.standardArns],
        securityControlsConfiguration: {
          // Every control of the standards, new ones included.
          disabledControlIdentifiers: [],
          securityControlCustomParameter: [
            {
              securityControlId: 'Config.1',
              parameter: [{ name: 'includeConfigServiceLinkedRoleCheck', valueType: 'CUSTOM', bool: { value: false } }],
            },
          ],
        },
      },
      dependsOn: [central],
    });
    const targets = props.targets ?? [organization.roots.get(0).id];
    targets.forEach((target, i) => {
      new SecurityhubConfigurationPolicyAssociation(this, `association-${i}`, {
        policyId: this.policy.id,
        targetId: target,
      });
    });
  }
}
