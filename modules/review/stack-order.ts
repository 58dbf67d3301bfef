import { GUARDRAILS_STACK_NAME, LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME } from '../core/naming';

/** The stacks that come before the members, in deployment order. */
const FIRST_STACKS = [LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME, GUARDRAILS_STACK_NAME];

/** Items keyed by stack name, in deployment order: log-archive, organization, guardrails, then the rest by name. */
export function deploymentOrderOf<T extends { readonly stack: string }>(items: readonly T[]): T[] {
  const rank = (stack: string) => {
    const index = FIRST_STACKS.indexOf(stack);
    return index < 0 ? FIRST_STACKS.length : index;
  };
  return [...items].sort((a, b) => rank(a.stack) - rank(b.stack) || a.stack.localeCompare(b.stack));
}
