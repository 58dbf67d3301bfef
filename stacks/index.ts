import { Annotations, App, DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf';
import { Construct } from 'constructs';
import { OrgConfig } from '../modules/org-config/schema';
import { configWarnings } from '../modules/org-config/warnings';
import { AccountStack } from '../modules/deployment/account-stack';
import { deploymentRank } from '../modules/core/deployment-order';
import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_STACK_NAME,
  STATE_STACK_NAME,
} from '../modules/core/naming';
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

/** A stack of the organization, by name, not built yet. */
interface StackToBuild {
  readonly name: string;
  readonly build: (app: Construct) => AccountStack;
}

/**
 * Every stack of the organization, in deployment order (modules/core/deployment-order.ts; see
 * {@link buildStacks}). The sort is stable: members stay in config order.
 */
function stacksToBuild(config: OrgConfig): StackToBuild[] {
  const delegations = auditDelegations(config);
  const stacks: StackToBuild[] = [
    ...(config.deployment.stateBucket === undefined
      ? []
      : [{ name: STATE_STACK_NAME, build: (app: Construct) => new StateStack(app, config) }]),
    { name: LOG_ARCHIVE_STACK_NAME, build: (app: Construct) => new LogArchiveStack(app, config) },
    { name: ORGANIZATION_STACK_NAME, build: (app: Construct) => new OrganizationStack(app, config) },
    ...(config.guardrails.enabled
      ? [{ name: GUARDRAILS_STACK_NAME, build: (app: Construct) => new GuardrailsStack(app, config) }]
      : []),
    ...(delegations.config || delegations.securityHub
      ? [{ name: AUDIT_DELEGATION_STACK_NAME, build: (app: Construct) => new AuditDelegationStack(app, config) }]
      : []),
    ...config.members
      .filter((member) => memberHasStack(config, member))
      .map((member) => ({
        name: memberStackName(member),
        build: (app: Construct) => new MemberStack(app, config, member),
      })),
    ...(auditHasStack(config)
      ? [{ name: AUDIT_STACK_NAME, build: (app: Construct) => new AuditStack(app, config) }]
      : []),
  ];
  return stacks.sort((a, b) => deploymentRank(a.name) - deploymentRank(b.name));
}

/** The names of the stacks {@link buildStacks} builds for `config`, in deployment order. */
export function stackNames(config: OrgConfig): string[] {
  return stacksToBuild(config).map((stack) => stack.name);
}

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
 *
 * Each stack is built from the config alone: none is given another, so none references another.
 * With `include`, only the stacks it accepts (by name and place in that order) are built, with
 * their warnings: what one thread of a parallel synth writes.
 */
export function buildStacks(
  app: Construct,
  config: OrgConfig,
  include: (name: string, index: number) => boolean = () => true,
): AccountStack[] {
  const built = new Map<string, AccountStack>();
  stacksToBuild(config).forEach((stack, i) => {
    if (include(stack.name, i)) built.set(stack.name, stack.build(app));
  });
  for (const warning of configWarnings(config)) {
    const member = warning.member;
    const name =
      member === undefined
        ? ORGANIZATION_STACK_NAME
        : memberHasStack(config, member)
          ? memberStackName(member)
          : LOG_ARCHIVE_STACK_NAME;
    const stack = built.get(name);
    if (stack !== undefined) Annotations.of(stack).addWarning(warning.message);
  }
  return [...built.values()];
}

/**
 * The app synth builds the stacks in, writing to `outdir`. Warnings go into the manifest without
 * the stack trace of the code that raised them, so that the same config gives the same files
 * wherever it is synthesized from.
 */
export function synthApp(outdir: string): App {
  return new App({ outdir, context: { [DISABLE_STACK_TRACE_IN_METADATA]: true } });
}

/**
 * Synthesizes every stack of `config` into `outdir` (`manifest.json` and
 * `stacks/<stack>/cdk.tf.json`), as `cdktf synth` would, and returns the stack names in deployment
 * order.
 */
export function synthesizeStacks(config: OrgConfig, outdir: string): string[] {
  const app = synthApp(outdir);
  const stacks = buildStacks(app, config);
  app.synth();
  return stacks.map((stack) => stack.node.id);
}
