import type { SynthesizedStack } from '../../../compliance/stack-json';
import {
  accountOf,
  bodiesOf,
  listOf,
  partitionOf,
  type PolicyStatement,
  type ScanRule,
  statementsOf,
  tagsOf,
} from '../../scan-rule';

const SCP = 'aws_organizations_policy';
/** A policy's type; the provider's default when it names none. */
const SCP_TYPE = 'SERVICE_CONTROL_POLICY';
/** The call that would let an administrator become the role: rewrite who may assume it. */
const TRUST_CHANGE = 'iam:UpdateAssumeRolePolicy';

/** The call that would take a role out of a deny that binds by tag. */
const UNTAG = 'iam:UntagRole';

/** Whether a statement binds only resources with a tag (`aws:ResourceTag/<key>`). */
const byTag = (statement: PolicyStatement): boolean =>
  Object.values(statement.Condition ?? {}).some((keys) =>
    Object.keys(keys).some((key) => key.toLowerCase().startsWith('aws:resourcetag/')),
  );

/** IAM's wildcard match (`*` any run, `?` one character), case-sensitive as ARNs are. */
const matches = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/** The ARN of a role the stack creates, in the account its provider is pinned to; undefined when a name is a token. */
function roleArn(body: Readonly<Record<string, unknown>>, stack: SynthesizedStack): string | undefined {
  const account = accountOf(stack);
  const name = body.name;
  if (account === undefined || typeof name !== 'string' || name.includes('${')) return undefined;
  const path = typeof body.path === 'string' ? body.path : '/';
  return `arn:${partitionOf(stack)}:iam::${account}:role${path}${name}`;
}

/** Whether the role's tags meet a statement's `aws:ResourceTag/<key>` equality tests (a deny by tag binds only tagged roles). */
function tagsMeet(statement: PolicyStatement, tags: Readonly<Record<string, string>>): boolean {
  return Object.entries(statement.Condition ?? {})
    .filter(([test]) => test === 'StringEquals' || test === 'StringLike')
    .flatMap(([test, keys]) => Object.entries(keys).map(([key, value]) => [test, key, value] as const))
    .filter(([, key]) => key.toLowerCase().startsWith('aws:resourcetag/'))
    .every(([test, key, value]) => {
      const tag = tags[key.slice('aws:ResourceTag/'.length)];
      return (
        tag !== undefined &&
        listOf(value as string | string[]).some((v) => (test === 'StringLike' ? matches(v, tag) : v === tag))
      );
    });
}

/**
 * A role we create is named, by ARN pattern (and by tag, where the deny tests one, with its
 * untagging denied too), in the Resource of a service control policy's Deny of
 * iam:UpdateAssumeRolePolicy: no administrator of its account can re-trust it. A role of the management account, or of a member outside the organization, is
 * bound by no SCP whatever its pattern says.
 */
export const IAM_ROLE_GUARDRAIL_PROTECTED: ScanRule = {
  id: 'iam-role-guardrail-protected',
  description:
    "Every role our stacks create is in the Resource of a service control policy's Deny of iam:UpdateAssumeRolePolicy, in an account SCPs bind.",
  judges: ['aws_iam_role'],
  reads: [SCP],
  check: ({ body }, { stack, stacks, accounts }) => {
    const arn = roleArn(body, stack);
    if (arn === undefined) return 'its ARN is not known at synth (no pinned account or a computed name)';
    const account = accountOf(stack);
    if (account === accounts?.management) return `${arn} is in the management account, which no SCP restricts`;
    if (account !== undefined && accounts?.outsideOrganization.includes(account) === true)
      return `${arn} is in an account outside the organization, which its SCPs do not bind`;
    const tags = tagsOf(body, stack);
    const denies = stacks
      .flatMap((s) => Object.values(bodiesOf(s, SCP)))
      .filter((policy) => (policy.type ?? SCP_TYPE) === SCP_TYPE)
      .flatMap((policy) => statementsOf(policy.content))
      .filter((s) => s.Effect === 'Deny' && listOf(s.Resource).some((r) => r.includes(':role/') && matches(r, arn)))
      .filter((s) => tagsMeet(s, tags));
    const denied = (action: string): PolicyStatement[] =>
      denies.filter((s) => listOf(s.Action).some((pattern) => matches(pattern, action)));
    const trustDenies = denied(TRUST_CHANGE);
    if (trustDenies.length === 0) return `no service control policy denies ${TRUST_CHANGE} on ${arn}`;
    // A deny that binds by tag holds only while the tag stays: then untagging must be denied too.
    if (trustDenies.every(byTag) && denied(UNTAG).length === 0)
      return `the deny of ${TRUST_CHANGE} on ${arn} binds by tag, and no service control policy denies ${UNTAG} on it`;
    return undefined;
  },
};
