import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  STATE_STACK_NAME,
} from '../../modules/core/naming';

/** The stacks that come before the members, in deployment order. */
const FIRST_STACKS = [
  STATE_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  AUDIT_DELEGATION_STACK_NAME,
];

/** The stacks that come after the members. */
const LAST_STACKS = [AUDIT_STACK_NAME];

/**
 * Items keyed by stack name, in deployment order: state, log-archive, organization, guardrails,
 * audit-delegation, then the members by name, then audit.
 */
export function deploymentOrderOf<T extends { readonly stack: string }>(items: readonly T[]): T[] {
  const rank = (stack: string) => {
    const first = FIRST_STACKS.indexOf(stack);
    if (first >= 0) return first;
    const last = LAST_STACKS.indexOf(stack);
    return last < 0 ? FIRST_STACKS.length : FIRST_STACKS.length + 1 + last;
  };
  return [...items].sort((a, b) => rank(a.stack) - rank(b.stack) || a.stack.localeCompare(b.stack));
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
    ordered.filter(
      (stack) =>
        stack === ORGANIZATION_STACK_NAME || stack === GUARDRAILS_STACK_NAME || stack === AUDIT_DELEGATION_STACK_NAME,
    ),
    ordered.filter((stack) => !FIRST_STACKS.includes(stack) && !LAST_STACKS.includes(stack)),
    ordered.filter((stack) => LAST_STACKS.includes(stack)),
  ];
  return waves.filter((wave) => wave.length > 0);
}
