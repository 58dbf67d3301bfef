import { LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME } from '../core/naming';

/** Items keyed by stack name, in deployment order: log-archive, organization, then the rest by name. */
export function deploymentOrderOf<T extends { readonly stack: string }>(items: readonly T[]): T[] {
  const rank = (stack: string) => (stack === LOG_ARCHIVE_STACK_NAME ? 0 : stack === ORGANIZATION_STACK_NAME ? 1 : 2);
  return [...items].sort((a, b) => rank(a.stack) - rank(b.stack) || a.stack.localeCompare(b.stack));
}
