/** Value of the `ManagedBy` tag on every resource this product creates. */
export const MANAGED_BY = 'cdktf-audit-logging';

/**
 * Tags for every resource of a stack: the user's tags, then `ManagedBy` and `Stack`, which let an
 * operator find which stack (and so which state file) owns a resource seen in the console.
 */
export function standardTags(
  stackName: string,
  userTags: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...userTags, ManagedBy: MANAGED_BY, Stack: stackName };
}
