import { oneOrMany, PolicyCondition } from '../iam/policy-document';

/**
 * Where one kind of delivery may come from: accounts of the organization, named as the whole
 * organization so that policies keep one size at any number of accounts, and accounts outside it,
 * named one by one.
 */
export interface DeliverySources {
  /** The organization id, when at least one account of the organization delivers; else undefined. */
  readonly organizationId: string | undefined;
  /** Accounts outside the organization that deliver. */
  readonly outsideAccountIds: readonly string[];
}

/** No account delivers. */
export const NO_SOURCES: DeliverySources = { organizationId: undefined, outsideAccountIds: [] };

/** The sources of `accountIds`, of which `outside` are not in organization `organizationId`. */
export function deliverySources(
  organizationId: string,
  accountIds: readonly string[],
  outside: ReadonlySet<string>,
): DeliverySources {
  return {
    organizationId: accountIds.some((id) => !outside.has(id)) ? organizationId : undefined,
    outsideAccountIds: accountIds.filter((id) => outside.has(id)),
  };
}

/** One statement variant: a Sid suffix and the condition that admits its sources. */
export interface SourceVariant {
  /** `''` for the organization, `'Outside'` for the named accounts. */
  readonly sidSuffix: string;
  /** Condition keys and values (StringEquals) that admit the sources. */
  readonly matches: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A statement variant per kind of source: the organization by `orgKey` (`aws:SourceOrgID` for
 * services acting for an account, `aws:PrincipalOrgID` for principals), and outside accounts by
 * `accountKey` (`aws:SourceAccount`, `kms:CallerAccount`, ...).
 */
export function sourceVariants(sources: DeliverySources, orgKey: string, accountKey: string): SourceVariant[] {
  const variants: SourceVariant[] = [];
  if (sources.organizationId !== undefined)
    variants.push({ sidSuffix: '', matches: { [orgKey]: sources.organizationId } });
  if (sources.outsideAccountIds.length > 0) {
    variants.push({ sidSuffix: 'Outside', matches: { [accountKey]: oneOrMany(sources.outsideAccountIds) } });
  }
  return variants;
}

/** `condition` with `matches` added to its StringEquals. */
export function withMatches(matches: SourceVariant['matches'], condition: PolicyCondition = {}): PolicyCondition {
  return { ...condition, StringEquals: { ...(condition.StringEquals ?? {}), ...matches } };
}
