import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  STATE_STACK_NAME,
} from './naming';

/**
 * The order stacks are deployed in, defined once: the synth builds its stacks in it
 * (stacks/index.ts) and the toolkit plans, deploys, reviews and removes them in it
 * ({@link deploymentOrderOf}, {@link deploymentWaves}).
 *
 * The state bucket comes first (every other stack keeps its state there), then the log archive
 * (every other stack delivers to its buckets and keys), then the organization-level stacks (the
 * trail, the guardrails, so that a member's recording is protected from the moment it starts, and
 * the audit account's delegation), then the members, then the audit account, which evaluates what
 * the members record. A change to a running organization may need another order (a removal goes
 * consumers first): transition-order.ts derives it from two synths.
 */
export const STACKS_BEFORE_MEMBERS: readonly string[] = [
  STATE_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  AUDIT_DELEGATION_STACK_NAME,
];

/** The stacks that come after the members, in deployment order. */
export const STACKS_AFTER_MEMBERS: readonly string[] = [AUDIT_STACK_NAME];

/**
 * The organization-level stacks, deployed in one wave after the log archive: none of them
 * reads another.
 */
export const ORGANIZATION_LEVEL_STACKS: readonly string[] = [
  ORGANIZATION_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  AUDIT_DELEGATION_STACK_NAME,
];

/**
 * A stack's place in deployment order: its index among {@link STACKS_BEFORE_MEMBERS}, then one
 * rank shared by every member stack, then {@link STACKS_AFTER_MEMBERS}. Members tie: the synth
 * keeps them in config order, the toolkit (which sees only the synthesized folders) by name.
 */
export function deploymentRank(stack: string): number {
  const before = STACKS_BEFORE_MEMBERS.indexOf(stack);
  if (before >= 0) return before;
  const after = STACKS_AFTER_MEMBERS.indexOf(stack);
  return after < 0 ? STACKS_BEFORE_MEMBERS.length : STACKS_BEFORE_MEMBERS.length + 1 + after;
}

/** Whether `stack` is a member's stack: any stack that is neither before nor after the members. */
export function isMemberStack(stack: string): boolean {
  return deploymentRank(stack) === STACKS_BEFORE_MEMBERS.length;
}

/**
 * Items keyed by stack name, in deployment order state,
 * log-archive, organization, guardrails, audit-delegation, then the members by name, then audit.
 */
export function deploymentOrderOf<T extends { readonly stack: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => deploymentRank(a.stack) - deploymentRank(b.stack) || a.stack.localeCompare(b.stack));
}

/**
 * The stacks in the waves a deploy applies them in: the state bucket first (every other stack keeps
 * its state there), then the log archive (every other stack
 * delivers to its buckets and keys), then the organization-level stacks (the trail, the
 * guardrails and the audit account's delegation), then the members, then the audit account (its
 * rules and Security Hub evaluate what the members record). Stacks of one wave may be applied at
 * the same time.
 */
export function deploymentWaves(stacks: readonly string[]): string[][] {
  const ordered = deploymentOrderOf(stacks.map((stack) => ({ stack }))).map(({ stack }) => stack);
  const waves = [
    ordered.filter((stack) => stack === STATE_STACK_NAME),
    ordered.filter((stack) => stack === LOG_ARCHIVE_STACK_NAME),
    ordered.filter((stack) => ORGANIZATION_LEVEL_STACKS.includes(stack)),
    ordered.filter(isMemberStack),
    ordered.filter((stack) => STACKS_AFTER_MEMBERS.includes(stack)),
  ];
  return waves.filter((wave) => wave.length > 0);
}
