import { resourceOf } from '../../support/stack-json';
import { ACQUIRED, ARCHIVE, ORG, OUTSIDER, PAYMENTS, POLICY_TEST_CONFIG, READER } from './log-archive-cases';
import { configOf, evaluate, parseTerraformPolicy, role, rootUser, synthLogArchive } from './simulate';

/*
 * Live search (applicationLogs.liveSearch), as AWS would decide each request from the synthesized
 * policies: the log archive's sink policy (who may link, and to share what), and the investigator
 * role's Logs Insights over the linked log groups. The context is what OAM and IAM put in the
 * request: the caller's organization (aws:PrincipalOrgID) and the types the link asks to share
 * (oam:ResourceTypes, a list).
 */

const config = configOf({
  ...POLICY_TEST_CONFIG,
  applicationLogs: { enabled: true, liveSearch: { enabled: true } },
});
const synth = synthLogArchive(config);
const sinkPolicy = (region: string) =>
  parseTerraformPolicy(resourceOf(synth, 'aws_oam_sink_policy', `sink-policy-${region}`).policy);
const SINK = `arn:aws:oam:eu-west-1:${ARCHIVE}:sink/7c2f3c2e-1a2b-4c5d-8e9f-0a1b2c3d4e5f`;
const LOG_GROUPS = ['AWS::Logs::LogGroup'];

const link = (caller: Parameters<typeof evaluate>[2]['caller'], types: string[]) =>
  evaluate(sinkPolicy('eu-west-1'), ARCHIVE, {
    caller,
    action: 'oam:CreateLink',
    resource: SINK,
    context: { 'oam:ResourceTypes': types },
  }).then((r) => r.decision);

describe("[oam-sink-policy-organization-log-groups] the sink policy: the organization's accounts and the outside senders, log groups only", () => {
  test('a member of the organization links its log groups', async () => {
    expect(await link(role(PAYMENTS, 'OrganizationAccountAccessRole', { orgId: ORG }), LOG_GROUPS)).toBe('Allowed');
    expect(await link(rootUser(PAYMENTS, ORG), LOG_GROUPS)).toBe('Allowed');
    // UpdateLink is authorized on the link (the Service Authorization Reference), which the simulator
    // cannot tie to its sink's policy: each statement names it beside CreateLink.
    const statements = (sinkPolicy('eu-west-1') as { Statement: { Action: string[] }[] }).Statement;
    for (const statement of statements) expect(statement.Action).toEqual(['oam:CreateLink', 'oam:UpdateLink']);
  });

  test('a link that asks for metrics or traces besides log groups is refused, even from the organization', async () => {
    const payments = role(PAYMENTS, 'Admin', { orgId: ORG });
    expect(await link(payments, [...LOG_GROUPS, 'AWS::CloudWatch::Metric'])).toBe('ImplicitlyDenied');
    expect(await link(payments, ['AWS::XRay::Trace'])).toBe('ImplicitlyDenied');
  });

  test('a sending member outside the organization links by its account id; any other account is refused', async () => {
    expect(await link(role(ACQUIRED, 'OrganizationAccountAccessRole'), LOG_GROUPS)).toBe('Allowed');
    expect(await link(role(ACQUIRED, 'Admin'), [...LOG_GROUPS, 'AWS::CloudWatch::Metric'])).toBe('ImplicitlyDenied');
    expect(await link(role(OUTSIDER, 'Admin'), LOG_GROUPS)).toBe('ImplicitlyDenied');
    // Another organization's account, whatever it calls itself.
    expect(await link(role(OUTSIDER, 'Admin', { orgId: 'o-zzzzzzzzzz' }), LOG_GROUPS)).toBe('ImplicitlyDenied');
  });

  test('the policy grants nothing but linking: no one may delete or change the sink through it', async () => {
    for (const action of ['oam:DeleteSink', 'oam:PutSinkPolicy', 'oam:GetSinkPolicy']) {
      const { decision } = await evaluate(sinkPolicy('us-east-1'), ARCHIVE, {
        caller: role(PAYMENTS, 'Admin', { orgId: ORG }),
        action,
        resource: SINK.replace('eu-west-1', 'us-east-1'),
      });
      expect([action, decision]).toEqual([action, 'ImplicitlyDenied']);
    }
  });
});

describe("[logs-insights-linked-log-groups-any-account] the investigator role searches the linked accounts' log groups", () => {
  const investigatorPolicy = parseTerraformPolicy(
    resourceOf(synth, 'aws_iam_role_policy', 'analytics_investigator_policy').policy,
  );
  // The link is the source account's grant: the monitoring account's IAM decides alone, so the
  // request is evaluated as the identity policy sees it, on the linked log group's own ARN.
  const query = (resource: string, action = 'logs:StartQuery') =>
    evaluate(undefined, ARCHIVE, {
      caller: role(ARCHIVE, 'audit-log-investigator', { identityPolicy: investigatorPolicy, orgId: ORG }),
      action,
      resource,
    }).then((r) => r.decision);

  test("StartQuery on a member's log group, by its own ARN, is allowed to the role in the log archive account", async () => {
    expect(await query(`arn:aws:logs:eu-west-1:${PAYMENTS}:log-group:/aws/lambda/payments-api`)).toBe('Allowed');
    expect(await query(`arn:aws:logs:us-east-1:${ACQUIRED}:log-group:/ecs/ingest`)).toBe('Allowed');
  });

  test('it lists the links of its own sinks only, and changes nothing of them', async () => {
    expect(await query(SINK, 'oam:ListAttachedLinks')).toBe('Allowed');
    expect(await query(SINK.replace(ARCHIVE, READER), 'oam:ListAttachedLinks')).toBe('ImplicitlyDenied');
    expect(await query(SINK, 'oam:DeleteSink')).toBe('ImplicitlyDenied');
    expect(await query(SINK, 'oam:PutSinkPolicy')).toBe('ImplicitlyDenied');
  });
});
