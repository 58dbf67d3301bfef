import { destinationAccessPolicy, destinationGrant } from '../../modules/application-logs/destination-grant';
import { memberStackName } from '../../modules/core/naming';
import { parseConfig } from '../../modules/org-config/load';
import { deployPolicy } from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { largeConfigInput } from '../analytics/large-config';
import { evaluate, role } from '../stacks/policy/simulate';
import { resourcesOf, synthStack } from '../support/synth';

/*
 * How the log archive's destinations admit their senders at 1,000 members: the organization by
 * aws:PrincipalOrgID once the senders do not fit an access policy by id, each sending member of it
 * naming a role of its own, as CloudWatch Logs requires of an organization's senders.
 */

const ORG = 'o-abcdefghij';
const ARCHIVE = '222222222222';
const DESTINATION = `arn:aws:logs:eu-west-1:${ARCHIVE}:destination:audit-application-logs`;
const OUTSIDE = '200000000000';

/** The bench's organization of `members` members and `outside` outside it, all sending their application logs. */
const sending = (members: number, outside = 0) =>
  parseConfig(JSON.stringify({ ...largeConfigInput(members, { outside }), applicationLogs: { enabled: true } }));

describe('the grant of a destination, at 1,000 sending members', () => {
  const config = sending(1000, 2);
  const archive = synthStack(config, 'log-archive');
  const member = synthStack(config, memberStackName(config.members[0]));
  const outsider = synthStack(config, memberStackName(config.members.filter((m) => !m.inOrganization)[0]));
  const accessPolicies = Object.values(resourcesOf(archive, 'aws_cloudwatch_log_destination_policy')) as any[];

  test('[logs-destination-policy-limit] by id they would not fit: every access policy of the 17 Regions admits the organization, and fits', () => {
    const senders = config.members.map((m) => m.accountId);
    expect(destinationGrant([DESTINATION], senders)).toBe('organization');
    expect(destinationGrant([DESTINATION], senders.slice(0, 140))).toBe('accounts');
    expect(accessPolicies).toHaveLength(17);
    for (const policy of accessPolicies) {
      expect(Buffer.byteLength(policy.access_policy)).toBeLessThanOrEqual(5120);
      expect(policy.force_update).toBe(true);
    }
  });

  test("[logs-destination-organization-grant-needs-sender-role] each member of the organization names its own role in every Region's subscription", () => {
    const roles = Object.values(resourcesOf(member, 'aws_iam_role')) as any[];
    const sender = roles.find((r) => r.name === 'audit-application-logs-sender');
    expect(JSON.parse(sender.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'logs.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    const documents = (Object.values(resourcesOf(member, 'aws_cloudwatch_log_account_policy')) as any[]).map((p) =>
      JSON.parse(p.policy_document),
    );
    expect(documents).toHaveLength(17);
    for (const document of documents) expect(document.RoleArn).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
    const permissions = (Object.values(resourcesOf(member, 'aws_iam_role_policy')) as any[]).find(
      (p) => p.name === 'put-log-events',
    );
    expect(JSON.parse(permissions.policy).Statement[0]).toMatchObject({
      Action: ['logs:PutLogEvents'],
      Resource: expect.arrayContaining([`arn:aws:logs:eu-west-1:${config.members[0].accountId}:log-group:*`]),
    });
  });

  test('[logs-destination-organization-grant-needs-sender-role] a sender outside the organization is admitted by id, with no role', () => {
    const names = (Object.values(resourcesOf(outsider, 'aws_iam_role')) as any[]).map((r) => r.name);
    expect(names).not.toContain('audit-application-logs-sender');
    const policies = Object.values(resourcesOf(outsider, 'aws_cloudwatch_log_account_policy')) as any[];
    expect(policies).toHaveLength(17);
    for (const policy of policies) expect(JSON.parse(policy.policy_document).RoleArn).toBeUndefined();
  });

  test('[logs-destination-organization-grant-needs-sender-role] the deploy role passes the sender role to CloudWatch Logs alone', async () => {
    const policy = deployPolicy(memberStackName(config.members[0]), member as any, {
      managementAccountId: '111111111111',
    });
    expect(policy.passedToServices).toContain('logs.amazonaws.com');
    const account = config.members[0].accountId;
    const pass = (service: string) =>
      evaluate(undefined, account, {
        caller: role(account, 'deploy', { identityPolicy: policy.document }),
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${account}:role/audit-application-logs-sender`,
        context: { 'iam:PassedToService': service },
      });
    expect((await pass('logs.amazonaws.com')).decision).toBe('Allowed');
    expect((await pass('lambda.amazonaws.com')).decision).toBe('ImplicitlyDenied');
  });
});

describe("an organization's access policy, evaluated as AWS would", () => {
  const policy = JSON.parse(
    destinationAccessPolicy(DESTINATION, 'organization', {
      senderAccountIds: ['100000000000', OUTSIDE],
      outsideSenderAccountIds: [OUTSIDE],
      organizationId: ORG,
    }),
  );
  const subscribe = (account: string, orgId?: string) =>
    evaluate(policy, ARCHIVE, {
      caller: role(account, 'deploy', orgId === undefined ? {} : { orgId }),
      action: 'logs:PutSubscriptionFilter',
      resource: DESTINATION,
    });

  test.each([
    [
      '[logs-destination-organization-grant-needs-sender-role] a sender of the organization subscribes',
      '100000000999',
      ORG,
      'Allowed',
    ],
    ['an account of another organization does not', '100000000999', 'o-otherorg123', 'ImplicitlyDenied'],
    ['a sender outside the organization subscribes by its id', OUTSIDE, undefined, 'Allowed'],
    ['an account in no organization and not a sender does not', '999999999999', undefined, 'ImplicitlyDenied'],
  ] as const)('%s', async (_title, account, orgId, expected) => {
    expect((await subscribe(account, orgId)).decision).toBe(expected);
  });
});
