import { AWS_CREATED_RESOURCES, causesIn } from '@audit-logging/cdktf/toolkit-api/catalogs';
import { GUARDRAILS_STACK_NAME, LOG_ARCHIVE_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';

/**
 * CIS 2.1.2: the service control policies attached to the organization root reach every member
 * account. They keep logging, recording and the evidence safe; the rest of the baseline the
 * benchmark lists is the organization's own, which the verdict says. An archive out of their reach
 * (in the management account, or in the account that manages the policies) is a gap that says why.
 */
function authorizationGuardrails({ config, byName }: ComplianceEvidence): StackVerdict[] {
  if (!config.guardrails.enabled) {
    return [gap(GUARDRAILS_STACK_NAME, 'guardrails.enabled is false: this product attaches no SCP or RCP')];
  }
  const stack = byName.get(GUARDRAILS_STACK_NAME);
  const scps = new Set(
    resourcesOf(stack, 'aws_organizations_policy')
      // A policy without a type is an SCP: the provider's default ("Defaults to SERVICE_CONTROL_POLICY").
      .filter(([, policy]) => (policy.type ?? 'SERVICE_CONTROL_POLICY') === 'SERVICE_CONTROL_POLICY')
      .map(([address]) => `\${${address}.id}`),
  );
  const attached = resourcesOf(stack, 'aws_organizations_policy_attachment').filter(([, attachment]) =>
    scps.has(String(attachment.policy_id)),
  );
  const atRoot = attached.filter(([, attachment]) => /\.roots\[0\]\.id\}$/.test(String(attachment.target_id)));
  if (attached.length === 0) return [missing(GUARDRAILS_STACK_NAME, 'no service control policy is attached')];
  if (atRoot.length === 0) {
    const targets = [...new Set(attached.map(([, attachment]) => String(attachment.target_id)))].sort();
    return [
      gap(
        GUARDRAILS_STACK_NAME,
        `the service control policies are attached to ${targets.join(', ')} only (guardrails.targets): accounts outside them have none of this product's`,
      ),
    ];
  }
  const unprotected = unprotectedArchive(config);
  const perimeter =
    config.guardrails.dataPerimeter && unprotected === undefined
      ? ', and the RCP keeps the archive inside the organization'
      : '';
  return [
    met(
      GUARDRAILS_STACK_NAME,
      atRoot.map(([address]) => address),
    ),
    ...(unprotected === undefined ? [] : [gap(LOG_ARCHIVE_STACK_NAME, unprotected)]),
    gap(
      '(the organization baseline)',
      `these SCPs keep logging, recording${unprotected === undefined ? ' and the evidence' : ''} safe in every member account (SCPs do not apply to the management account)${perimeter}; the rest of the baseline CIS 2.1.2 names (approved Regions only, security services kept on, no external access to other resources) is the organization's own SCPs and RCPs`,
    ),
  ];
}

/**
 * What AWS made for the stacks (modules/core/aws-created-resources.ts) that neither AWS nor a
 * guardrail of ours keeps others from changing: a gap each, where the stack that causes it is built.
 */
function awsCreatedGaps({ stacks, byName }: ComplianceEvidence): StackVerdict[] {
  const attached = new Set(
    resourcesOf(byName.get(GUARDRAILS_STACK_NAME), 'aws_organizations_policy').map(([, policy]) => String(policy.name)),
  );
  const open = (item: (typeof AWS_CREATED_RESOURCES)[number]) =>
    item.guardrail.gap !== undefined &&
    // Stryker disable next-line ConditionalExpression: equivalent, a set of policy names never has undefined
    (item.guardrail.closedBy === undefined || !attached.has(item.guardrail.closedBy));
  return AWS_CREATED_RESOURCES.filter(open).flatMap((item) =>
    stacks
      .filter((stack) => causesIn(item, stack.json).length > 0)
      .map((stack) => gap(`${stack.name} (made by AWS: ${item.id})`, `${item.what}: ${item.guardrail.gap}`)),
  );
}

/**
 * Why the SCPs and the RCP cannot protect the archive, when the config puts it out of their reach:
 * in the management account, where AWS applies neither, or in the account that manages the
 * policies, whose administrators can detach them. Undefined when they can.
 */
function unprotectedArchive(config: OrgConfig): string | undefined {
  const archive = config.logArchive.accountId;
  if (archive === config.organization.managementAccountId) {
    return `logArchive.accountId is the management account (${archive}), where AWS applies no SCP or RCP: the evidence protection and the data perimeter do not bind the archive, and any administrator of the management account can delete the logs; move the archive to an account of its own and set logArchive.accountId to it`;
  }
  if (config.guardrails.accountId === archive) {
    return `guardrails.accountId is the log archive account (${archive}): its administrators manage the policies that bind them and can detach them, so the evidence protection and the data perimeter do not hold against them; leave guardrails.accountId out, or delegate policy management to an account of its own`;
  }
  return undefined;
}

/**
 * CIS 2.1.2, authorization guardrails: the service control policies at the organization root, and a
 * gap for each resource AWS makes for the stacks that nothing keeps others from changing.
 */
export const AUTHORIZATION_GUARDRAILS: ComplianceRule = {
  id: 'authorization-guardrails',
  title: 'Service control policies on every member account',
  cis: ['2.1.2'],
  securityHub: [],
  judge: (evidence) => [...authorizationGuardrails(evidence), ...awsCreatedGaps(evidence)],
};
