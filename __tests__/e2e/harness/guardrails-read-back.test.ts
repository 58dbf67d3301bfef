import { Checklist, checkGuardrails, runSections, synthesizedPolicies } from '../../../e2e/harness/checks';
import type { MotoAccounts } from '../../../e2e/harness/setup';
import { GUARDRAILS_STACK_NAME } from '../../../modules/core/naming';
import { configOf } from '../../stacks/policy/simulate';
import { GUARDRAILS_TEST_CONFIG } from '../../stacks/policy/guardrails-cases';
import { synthStack } from '../../support/synth';

/*
 * The e2e read-back of the guardrails, against an Organizations that answers from memory with the
 * synthesized policies: every policy's statements are compared (the recording protection's too),
 * and each part of the read-back makes at least the checks it must.
 */

const config = configOf(GUARDRAILS_TEST_CONFIG);
const guardrails = synthStack(config, GUARDRAILS_STACK_NAME);
const SYNTHESIZED = synthesizedPolicies(guardrails);
const ROOT = 'r-abcd';

interface StoredPolicy {
  readonly Id: string;
  readonly Name: string;
  readonly Type: string;
  readonly Content: string;
}

/** The synthesized policies as AWS would hold them, with `edit` applied to each content. */
function stored(edit: (name: string, content: unknown) => unknown = (_name, content) => content): StoredPolicy[] {
  return Object.values(
    guardrails.resource.aws_organizations_policy as Record<string, { name: string; type: string; content: string }>,
  ).map((policy, i) => ({
    Id: `p-${i}`,
    Name: policy.name,
    Type: policy.type,
    Content: JSON.stringify(edit(policy.name, JSON.parse(policy.content.replace(/\$\$\{/g, '${')))),
  }));
}

/** Accounts whose Organizations client answers from `policies` (all attached to the root and every account). */
function accountsHolding(policies: readonly StoredPolicy[]): MotoAccounts {
  const answer = (operation: string, input: { Filter?: string; PolicyId?: string }): unknown => {
    const summary = (p: StoredPolicy) => ({ Id: p.Id, Name: p.Name, Type: p.Type });
    if (operation === 'ListPolicies' || operation === 'ListPoliciesForTarget') {
      return { Policies: policies.filter((p) => p.Type === input.Filter).map(summary) };
    }
    if (operation === 'DescribePolicy') {
      const policy = policies.find((p) => p.Id === input.PolicyId);
      return { Policy: { PolicySummary: policy && summary(policy), Content: policy?.Content } };
    }
    throw new Error(`the fake Organizations does not answer ${operation}`);
  };
  const requestHandler = {
    handle: (request: { headers: Record<string, string>; body?: string }) => {
      const operation = request.headers['x-amz-target'].split('.')[1];
      const body = JSON.stringify(answer(operation, JSON.parse(request.body ?? '{}')));
      return Promise.resolve({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: new TextEncoder().encode(body),
        },
      });
    },
  };
  const client = () =>
    Promise.resolve({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler,
    });
  return { of: () => ({ client }) } as unknown as MotoAccounts;
}

async function guardrailFailures(policies: readonly StoredPolicy[]): Promise<string[]> {
  const checks = new Checklist();
  await checkGuardrails(checks, config, accountsHolding(policies), ROOT, SYNTHESIZED);
  return checks.failures.map((f) => f.name);
}

describe('the guardrails read back', () => {
  test("the synthesized policies' statements are what the read-back expects, the recording protection's among them", () => {
    expect([...SYNTHESIZED.keys()]).toContain('audit-logging-recording-protection');
    expect(SYNTHESIZED.get('audit-logging-recording-protection')).toEqual(
      expect.arrayContaining(['DenyTrailChanges', 'DenyLeavingOrganization']),
    );
  });

  test('AWS holding every policy as synthesized passes', async () => {
    expect(await guardrailFailures(stored())).toEqual([]);
  });

  test("a statement missing from the recording protection in AWS fails that policy's check", async () => {
    const withoutOne = stored((name, content) => {
      const document = content as { Statement: { Sid: string }[] };
      return name === 'audit-logging-recording-protection'
        ? { ...document, Statement: document.Statement.filter((s) => s.Sid !== 'DenyLeavingOrganization') }
        : document;
    });
    expect(await guardrailFailures(withoutOne)).toEqual(['guardrails: audit-logging-recording-protection statements']);
  });

  test('a synthesized policy AWS does not hold fails', async () => {
    const without = stored().filter((p) => p.Name !== 'audit-logging-trail-protection');
    expect(await guardrailFailures(without)).toContain('guardrails: audit-logging-trail-protection statements');
  });
});

describe('each part of the read-back makes the checks it must', () => {
  test('a part that made fewer checks than its floor fails, naming it', async () => {
    const checks = new Checklist();
    await runSections(checks, [
      { name: 'members', atLeast: 2, run: (c) => Promise.resolve(c.equal('payments: recorder', 1, 1)) },
      {
        name: 'log archive',
        atLeast: 1,
        run: (c) => Promise.resolve(c.equal('acme-audit: versioning', 'Enabled', 'Enabled')),
      },
    ]);
    expect(checks.failures).toEqual([{ name: 'members: checks made', ok: false, detail: 'only 1 made, 2 at least' }]);
    expect(checks.results).toHaveLength(4);
  });
});
