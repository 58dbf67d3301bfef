import {
  deploymentRank,
  isMemberStack,
  ORGANIZATION_LEVEL_STACKS,
  STACKS_AFTER_MEMBERS,
} from '../../modules/core/deployment-order';
import { LOG_ARCHIVE_STACK_NAME, STATE_STACK_NAME } from '../../modules/core/naming';

/**
 * Items keyed by stack name, in deployment order (modules/core/deployment-order.ts): state,
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
