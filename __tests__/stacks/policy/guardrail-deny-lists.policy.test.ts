import {
  BREAK_GLASS,
  casesOf,
  decide,
  DENY_THE_DEPLOY_ROLE,
  DEPLOY_ROLE,
  isDenyList,
  list,
  POLICIES,
  STATEMENTS,
} from './guardrail-deny-lists-cases';

/*
 * One simulated case per action of every deny list of the guardrails, generated from the synthesized
 * organization policies themselves (a statement's Action list, its resources and its conditions), for
 * each kind of principal: an account's administrator is denied; the deploy role is spared except by
 * the statements that deny it too; break-glass is spared by every statement. Each request is made in
 * the resource's own account with no resource policy but the KMS default one (a key answers IAM
 * policies only through its key policy: aws-facts kms-key-policy-gates-iam-policies), so that the
 * organization policy alone decides. An action dropped from a list, or one that fits none of its
 * statement's resources, fails here.
 */

describe('the deny lists of the guardrails, one generated case per action', () => {
  test('every organization policy with a deny list is covered; only the perimeter and NotAction statements are not', () => {
    const skipped = POLICIES.flatMap((policy) =>
      policy.document.Statement.filter((s) => !isDenyList(s)).map((s) => `${policy.name} ${s.Sid}`),
    );
    expect(skipped.sort()).toEqual([
      'audit-logging-data-perimeter EnforceConfusedDeputyProtection',
      'audit-logging-data-perimeter EnforceOrganizationIdentities',
      expect.stringMatching(/^audit-logging-region-deny /),
    ]);
    expect(STATEMENTS.length).toBeGreaterThanOrEqual(15);
    for (const { policy } of STATEMENTS) expect(policy.bound.length).toBeGreaterThan(0);
    // A list emptied denies nothing, and has no action to generate a case for.
    expect(STATEMENTS.filter(({ statement }) => list(statement.Action).length === 0).map((s) => s.title)).toEqual([]);
  });

  test.each(STATEMENTS.map((s) => [s.title, s] as const))(
    '%s: its administrator is denied every action; the deploy role and break-glass as the guardrails intend',
    async (_title, { policy, statement }) => {
      const { cases, unfit } = await casesOf(policy, statement);
      // A listed action that fits none of the statement's resources denies nothing.
      expect(unfit).toEqual([]);
      expect(cases.length).toBeGreaterThanOrEqual(list(statement.Action).filter((a) => !a.includes('*')).length);
      const alone = { Version: '2012-10-17', Statement: [statement] };
      const wrong: string[] = [];
      for (const c of cases) {
        expect(policy.bound).toContain(c.owner);
        // The administrator, against this statement alone: no other statement may stand in for it.
        const admin = await decide(policy, alone, statement, c, `arn:aws:iam::${c.owner}:role/Admin`);
        if (admin.decision !== 'ExplicitlyDenied') {
          wrong.push(`admin ${c.action} on ${c.resource}: ${admin.decision} (ignored ${admin.ignored.join(', ')})`);
        }
        const deployRole = `arn:aws:iam::${c.owner}:role/${DEPLOY_ROLE}`;
        const deployDenied = DENY_THE_DEPLOY_ROLE.has(statement.Sid);
        const deploy = await decide(policy, deployDenied ? alone : policy.document, statement, c, deployRole);
        if (deploy.decision !== (deployDenied ? 'ExplicitlyDenied' : 'Allowed')) {
          wrong.push(`deploy role ${c.action} on ${c.resource}: ${deploy.decision}`);
        }
        // Break-glass, against the whole policy: spared by this statement and every other of it.
        const breakGlass = await decide(policy, policy.document, statement, c, BREAK_GLASS);
        if (breakGlass.decision !== 'Allowed')
          wrong.push(`break-glass ${c.action} on ${c.resource}: ${breakGlass.decision}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
