import { Annotations, App, DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf';
import { Construct } from 'constructs';
import { OrgConfig } from '../modules/config/schema';
import { configWarnings } from '../modules/config/warnings';
import { AccountStack } from '../modules/deployment/account-stack';
import { AuditStack, auditHasStack } from './audit';
import { AuditDelegationStack, auditDelegations } from './audit-delegation';
import { GuardrailsStack } from './guardrails';
import { LogArchiveStack } from './log-archive';
import { memberHasStack, MemberStack } from './member';
import { OrganizationStack } from './organization';
import { StateStack } from './state';

export { AuditStack, auditHasStack } from './audit';
export { AuditDelegationStack, auditDelegations } from './audit-delegation';
export { GuardrailsStack } from './guardrails';
export { LogArchiveStack } from './log-archive';
export { memberHasStack, MemberStack } from './member';
export { OrganizationStack } from './organization';
export { StateStack } from './state';
export { DeployRoleStack, type DeployRoleStackProps } from './deploy-role';

/**
 * Every stack of the organization, in deployment order: `state` (when `deployment.stateBucket` is
 * set), `log-archive`, `organization`, `guardrails`
 * (unless `guardrails.enabled` is false), `audit-delegation` (when the management account registers
 * the audit account), then `member-<name>` in config order for each member with
 * something to deploy, then `audit` (when `audit` builds something). The guardrails come before the
 * members, so that a member's recording is protected from the moment it starts; the audit account
 * comes last, to evaluate what the members record. Config warnings become
 * warning annotations (which synth prints) on the member's stack, on the log-archive stack for a
 * member without one, and on the organization stack for a warning about no member.
 */
export function buildStacks(app: Construct, config: OrgConfig): AccountStack[] {
  const state = config.deployment.stateBucket === undefined ? [] : [new StateStack(app, config)];
  const logArchive = new LogArchiveStack(app, config);
  const organization = new OrganizationStack(app, config);
  const guardrails = config.guardrails.enabled ? [new GuardrailsStack(app, config)] : [];
  const delegations = auditDelegations(config);
  const delegation = delegations.config || delegations.securityHub ? [new AuditDelegationStack(app, config)] : [];
  const members = config.members
    .filter((member) => memberHasStack(config, member))
    .map((member) => new MemberStack(app, config, member));
  const audit = auditHasStack(config) ? [new AuditStack(app, config)] : [];
  for (const warning of configWarnings(config)) {
    const fallback = warning.member === undefined ? organization : logArchive;
    const stack = members.find((s) => s.member === warning.member) ?? fallback;
    Annotations.of(stack).addWarning(warning.message);
  }
  return [...state, logArchive, organization, ...guardrails, ...delegation, ...members, ...audit];
}

/**
 * Synthesizes every stack of `config` into `outdir` (`manifest.json` and
 * `stacks/<stack>/cdk.tf.json`), as `cdktf synth` would, and returns the stack names in deployment
 * order.
 */
export function synthesizeStacks(config: OrgConfig, outdir: string): string[] {
  // Warnings go into the manifest without the stack trace of the code that raised them, so that
  // the same config gives the same files wherever it is synthesized from.
  const app = new App({ outdir, context: { [DISABLE_STACK_TRACE_IN_METADATA]: true } });
  const stacks = buildStacks(app, config);
  app.synth();
  return stacks.map((stack) => stack.node.id);
}
