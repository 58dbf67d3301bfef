import { AUDIT_STACK_NAME, memberStackName } from '@audit-logging/cdktf/toolkit-api/core';
import {
  type MemberConfig,
  type OrgConfig,
  recordsConfig,
  runsOwnSecurityHub,
} from '@audit-logging/cdktf/toolkit-api/config';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf, type SynthesizedStack } from '../stack-json';

/**
 * CIS 5.16: Security Hub's central configuration from the audit account, with a policy that enables
 * it and a standard, associated with the organization. Where the config leaves Security Hub to
 * another owner, nothing here proves it: a gap that says where to look.
 */
function securityHubEnabled({ config, byName }: ComplianceEvidence): StackVerdict[] {
  if (config.audit === false) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit is false: the organization keeps Security Hub elsewhere; check it there (this product neither builds nor reads it)',
      ),
    ];
  }
  if (config.audit === undefined) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit is not set: this product enables Security Hub from an audit account; set audit.accountId',
      ),
    ];
  }
  if (!config.audit.securityHub) {
    return [
      gap(
        AUDIT_STACK_NAME,
        'audit.securityHub is false: Security Hub is left to its existing administrator; check its configuration there (this product neither builds nor reads it)',
      ),
    ];
  }
  const stack = byName.get(AUDIT_STACK_NAME);
  const policies = resourcesOf(stack, 'aws_securityhub_configuration_policy').filter(([, policy]) => {
    const body = policy.configuration_policy as
      | { service_enabled?: boolean; enabled_standard_arns?: string[] }
      | undefined;
    return body?.service_enabled === true && (body.enabled_standard_arns ?? []).length > 0;
  });
  const associations = resourcesOf(stack, 'aws_securityhub_configuration_policy_association').filter(
    ([, association]) => policies.some(([address]) => String(association.policy_id) === `\${${address}.id}`),
  );
  if (policies.length === 0)
    return [missing(AUDIT_STACK_NAME, 'no Security Hub configuration policy that enables it with a standard')];
  if (associations.length === 0)
    return [missing(AUDIT_STACK_NAME, 'the Security Hub configuration policy is associated with no target')];
  return [
    met(AUDIT_STACK_NAME, [
      ...policies.map(([address]) => address),
      ...associations.map(([address]) => address),
      ...resourcesOf(stack, 'aws_securityhub_finding_aggregator').map(([address]) => address),
    ]),
    ...config.members
      .filter((m) => runsOwnSecurityHub(config, m))
      .flatMap((m) => standaloneHubVerdicts(config, m, byName)),
    ...config.members
      .filter((m) => !m.inOrganization && m.awsConfig === false)
      .map((m) =>
        gap(
          memberStackName(m),
          'outside the organization and without AWS Config: Security Hub, whose controls are AWS Config rules, would evaluate almost none there, so none is built; turn awsConfig on to get it',
        ),
      ),
  ];
}

/**
 * A member outside the organization, which central configuration cannot reach: Security Hub and
 * the organization's standards in each governed Region of its own stack, and what only central
 * configuration sets, named.
 */
function standaloneHubVerdicts(
  config: OrgConfig,
  member: MemberConfig,
  stacks: ReadonlyMap<string, SynthesizedStack>,
): StackVerdict[] {
  const where = memberStackName(member);
  const stack = stacks.get(where);
  const hubs = resourcesOf(stack, 'aws_securityhub_account');
  const subscriptions = resourcesOf(stack, 'aws_securityhub_standards_subscription');
  const regions = config.governedRegions.length;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: equivalent, only a member that runs its own Security Hub is judged here, which takes an audit account
  const standards = config.audit === false || config.audit === undefined ? 0 : config.audit.securityHubStandards.length;
  const built =
    hubs.length === regions && subscriptions.length === regions * standards
      ? met(
          where,
          [...hubs, ...subscriptions].map(([address]) => address),
        )
      : missing(
          where,
          `outside the organization: ${hubs.length} Security Hub(s) and ${subscriptions.length} standard subscription(s) for ${regions} governed Region(s) x ${standards} standard(s)`,
        );
  const config1 = recordsConfig(member)
    ? "; Config.1's includeConfigServiceLinkedRoleCheck stays true (provider 5.x cannot set a control's parameters), so Config.1 fails there while AWS Config records with this product's role"
    : '';
  return [
    built,
    gap(
      where,
      `outside the organization, so outside central configuration: its findings reach the archive but not the audit account's Security Hub (compliance --live does not see them)${config1}`,
    ),
  ];
}

/** CIS 5.16: Security Hub in every account and governed Region, by central configuration from the audit account. */
export const SECURITY_HUB_ENABLED: ComplianceRule = {
  id: 'security-hub-enabled',
  title: 'Security Hub is enabled in every account and governed Region',
  cis: ['5.16'],
  securityHub: [],
  judge: securityHubEnabled,
};
