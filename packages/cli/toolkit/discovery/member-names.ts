/** The longest member name: the stack is `member-<name>`, and stack names stay readable. */
export const MEMBER_NAME_MAX = 40;

/**
 * A member name from an account name: lowercase kebab case (`Payments Prod (EU)` becomes
 * `payments-prod-eu`), at most {@link MEMBER_NAME_MAX} characters, never ending in `-`; an account
 * name with no letter or digit gives `account-<id>`.
 */
export function memberNameOf(accountName: string, accountId: string): string {
  const kebab = accountName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MEMBER_NAME_MAX)
    .replace(/-+$/, '');
  return kebab === '' ? `account-${accountId}` : kebab;
}

/**
 * Names for `accounts`, unique among themselves and against `taken` (the names in the config
 * already): a name that is taken gets the account's last four digits, then its whole id.
 */
export function uniqueMemberNames(
  accounts: readonly { readonly id: string; readonly name: string }[],
  taken: Iterable<string> = [],
): Map<string, string> {
  const used = new Set(taken);
  const names = new Map<string, string>();
  for (const account of [...accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const base = memberNameOf(account.name, account.id);
    const candidates = [base, `${base}-${account.id.slice(-4)}`, `${base}-${account.id}`].map((name) =>
      name.length <= MEMBER_NAME_MAX
        ? name
        : `${name.slice(0, MEMBER_NAME_MAX - account.id.length - 1)}-${account.id}`.replace(/-+/g, '-'),
    );
    const name = candidates.find((candidate) => !used.has(candidate)) ?? `account-${account.id}`;
    used.add(name);
    names.set(account.id, name);
  }
  return names;
}
