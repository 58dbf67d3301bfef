import { AWS_DOCUMENT_LIMITS, policySize } from '@audit-logging/cdktf/toolkit-api/core';
import { accountPolicy, type DeployPolicy, type PolicyDocument } from './deploy-policy';

/*
 * The deploy policies of every synthesized stack, gathered by account (a role deploys every stack
 * of its account), and the Markdown page that tells a reviewer what each grants.
 */

/** One account's deploy role: the stacks it deploys and the union of their policies. */
export interface AccountDeployPolicy {
  readonly accountId: string;
  readonly stacks: string[];
  readonly actions: string[];
  readonly document: PolicyDocument;
  /** The policy's size as IAM counts it (JSON without whitespace). */
  readonly characters: number;
}

/** Every stack's policy gathered by account, in the order of `policies`. */
export function accountPolicies(policies: readonly DeployPolicy[]): AccountDeployPolicy[] {
  const byAccount = new Map<string, DeployPolicy[]>();
  for (const policy of policies) byAccount.set(policy.accountId, [...(byAccount.get(policy.accountId) ?? []), policy]);
  return [...byAccount].map(([accountId, own]) => {
    const document = accountPolicy(own);
    return {
      accountId,
      stacks: own.map((p) => p.stack),
      actions: [...new Set(own.flatMap((p) => p.actions))].sort(),
      document,
      characters: policySize(JSON.stringify(document)),
    };
  });
}

/** The page: per account its stacks, actions, size and managed policies; per stack what it needs. */
export function deployRoleMarkdown(
  roleName: string,
  stacks: readonly DeployPolicy[],
  accounts: readonly AccountDeployPolicy[],
  managedPolicies: ReadonlyMap<string, number>,
): string {
  const limit = AWS_DOCUMENT_LIMITS['iam-managed-policy'];
  const lines = [
    `# Deploy role \`${roleName}\`: least privilege per account`,
    '',
    'Derived from the synthesized stacks (toolkit/deploy-role): for each Terraform type a stack holds, the IAM actions the AWS',
    "provider calls to create, read, update, tag and delete it, scoped to the stack's account and Regions (S3 to its",
    'buckets) where the Service Authorization Reference allows it. The e2e runs evaluate every call their applies, plans,',
    'imports and destroys make against these policies (docs/deploy-role.md).',
    '',
    '| account | stacks | actions | characters | managed policies |',
    '| --- | --- | --- | --- | --- |',
    ...accounts.map(
      (a) =>
        `| ${a.accountId} | ${a.stacks.join(', ')} | ${a.actions.length} | ${a.characters} | ` +
        `${managedPolicies.get(a.accountId) ?? '-'} of at most ${limit} characters |`,
    ),
    '',
    '## By stack',
    '',
    '| stack | account | Regions | types | actions | roles passed to |',
    '| --- | --- | --- | --- | --- | --- |',
    ...stacks.map(
      (s) =>
        `| ${s.stack} | ${s.accountId} | ${s.regions.join(', ')} | ${s.types.length} | ${s.actions.length} | ` +
        `${s.passedToServices.join(', ') || '-'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
