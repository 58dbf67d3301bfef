import { resourceOf } from '../../support/stack-json';
import { ARCHIVE, ORG, POLICY_TEST_CONFIG } from './log-archive-cases';
import { configOf, evaluate, parseTerraformPolicy, role, synthLogArchive } from './simulate';

/*
 * `live-search-sinks --live` reads the sinks with the log archive's read-only role, the
 * investigator: oam:ListSinks (no resource-level permission: the resource is "*") is allowed to it
 * when live search is on, and nothing that changes a sink is.
 */

const investigatorPolicy = (liveSearch: boolean) =>
  parseTerraformPolicy(
    resourceOf(
      synthLogArchive(
        configOf({ ...POLICY_TEST_CONFIG, applicationLogs: { enabled: true, liveSearch: { enabled: liveSearch } } }),
      ),
      'aws_iam_role_policy',
      'analytics_investigator_policy',
    ).policy,
  );

const decide = (policy: ReturnType<typeof investigatorPolicy>, action: string) =>
  evaluate(undefined, ARCHIVE, {
    caller: role(ARCHIVE, 'audit-log-investigator', { identityPolicy: policy, orgId: ORG }),
    action,
    resource: '*',
  }).then((r) => r.decision);

test('[oam-list-sinks-own-account] the investigator role may list the sinks of the log archive account when live search is on', async () => {
  const policy = investigatorPolicy(true);
  expect(await decide(policy, 'oam:ListSinks')).toBe('Allowed');
  for (const action of ['oam:CreateSink', 'oam:DeleteSink', 'oam:PutSinkPolicy']) {
    expect([action, await decide(policy, action)]).toEqual([action, 'ImplicitlyDenied']);
  }
});

test('and not when live search is off: there are no sinks to list', async () => {
  expect(await decide(investigatorPolicy(false), 'oam:ListSinks')).toBe('ImplicitlyDenied');
});
