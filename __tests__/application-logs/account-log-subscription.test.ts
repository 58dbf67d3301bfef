import { Testing } from 'cdktf';
import {
  AccountLogSubscription,
  SELECTION_CRITERIA_MAX_BYTES,
  selectionCriteria,
} from '../../modules/application-logs';
import { AccountStack } from '../../modules/deployment/account-stack';
import { configOf } from '../stacks/policy/simulate';
import { ARCHIVE, PAYMENTS, POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { resourcesOf, synthStack } from '../support/synth';

/*
 * A member's application logs: in each governed Region, one account-level subscription filter policy
 * that sends every log group but the excluded ones to the log archive's destination of that Region.
 */

const config = configOf({
  ...POLICY_TEST_CONFIG,
  applicationLogs: { enabled: true, optedOutMembers: ['tooling'], excludedLogGroups: ['/aws/lambda/noisy'] },
  // The log archive account is a member too: it sends nothing (a destination serves other accounts).
  members: [...POLICY_TEST_CONFIG.members, { name: 'archive', accountId: ARCHIVE }],
});
/** The same, with the organization trail held by a member (its delegated administrator). */
const withTrailAccount = configOf({
  ...POLICY_TEST_CONFIG,
  trail: { name: 'org-trail', accountId: '888888888888' },
  applicationLogs: { enabled: true, excludedLogGroups: ['/aws/lambda/noisy'] },
  members: [...POLICY_TEST_CONFIG.members, { name: 'security', accountId: '888888888888' }],
});
const policies = (stack: string): any[] =>
  Object.values(resourcesOf(synthStack(config, stack), 'aws_cloudwatch_log_account_policy'));

describe("a member's account-level subscription policy", () => {
  test('one per governed Region, each naming the log archive destination of its own Region', () => {
    const found = policies('member-payments');
    expect(found.map((p) => [p.provider, JSON.parse(p.policy_document)]).sort()).toEqual([
      [
        'aws',
        { DestinationArn: `arn:aws:logs:eu-west-1:${ARCHIVE}:destination:audit-application-logs`, FilterPattern: '' },
      ],
      [
        'aws.us-east-1',
        { DestinationArn: `arn:aws:logs:us-east-1:${ARCHIVE}:destination:audit-application-logs`, FilterPattern: '' },
      ],
    ]);
    for (const policy of found) {
      expect(policy).toMatchObject({
        policy_name: 'audit-application-logs',
        policy_type: 'SUBSCRIPTION_FILTER_POLICY',
        scope: 'ALL',
      });
    }
  });

  test("[logs-account-policy-selection-criteria] excludes the config's log groups by exact name, and a trail's only where the account holds it", () => {
    // payments holds no trail; acquired holds its account trail; security holds the organization trail.
    const criteria = (stack: string, of: typeof config = withTrailAccount) =>
      Object.values(resourcesOf(synthStack(of, stack), 'aws_cloudwatch_log_account_policy')).map(
        (policy) => (policy as { selection_criteria?: string }).selection_criteria,
      );
    expect(criteria('member-payments')).toEqual(Array(2).fill('LogGroupName NOT IN ["/aws/lambda/noisy"]'));
    expect(criteria('member-acquired')).toEqual(
      Array(2).fill('LogGroupName NOT IN ["/aws/cloudtrail/account-trail","/aws/lambda/noisy"]'),
    );
    expect(criteria('member-security')).toEqual(
      Array(2).fill('LogGroupName NOT IN ["/aws/cloudtrail/org-trail","/aws/lambda/noisy"]'),
    );
    // Nothing to exclude: no selection criteria, every log group is sent.
    const bare = configOf({ ...POLICY_TEST_CONFIG, applicationLogs: { enabled: true } });
    expect(criteria('member-payments', bare)).toEqual([undefined, undefined]);
  });

  test('a member outside the organization sends too; an opted-out member and the log archive account do not', () => {
    expect(policies('member-acquired')).toHaveLength(2);
    expect(policies('member-tooling')).toEqual([]);
    expect(policies('member-archive')).toEqual([]);
  });

  test('nothing is sent while applicationLogs is off (the default)', () => {
    const off = configOf(POLICY_TEST_CONFIG);
    expect(off.applicationLogs).toEqual({
      enabled: false,
      optedOutMembers: [],
      excludedLogGroups: [],
      liveSearch: { enabled: false, sinkArns: {} },
      bufferingSeconds: 300,
    });
    expect(resourcesOf(synthStack(off, 'member-payments'), 'aws_cloudwatch_log_account_policy')).toEqual({});
  });

  test('a member with nothing else to deploy gets a stack for its application logs alone', () => {
    const only = configOf({
      ...POLICY_TEST_CONFIG,
      applicationLogs: { enabled: true },
      members: [{ name: 'apps', accountId: PAYMENTS, awsConfig: false }],
    });
    expect(
      Object.values(resourcesOf(synthStack(only, 'member-apps'), 'aws_cloudwatch_log_account_policy')),
    ).toHaveLength(2);
  });
});

describe('AccountLogSubscription as a construct', () => {
  const stack = () => new AccountStack(Testing.app(), 'member-x', { accountId: PAYMENTS, region: 'eu-west-1' });
  const regions = (s: AccountStack) => [
    { region: 'eu-west-1', provider: s.provider, destinationArn: `arn:aws:logs:eu-west-1:${ARCHIVE}:destination:d` },
  ];

  test('the selection criteria list the names sorted, as JSON strings', () => {
    expect(selectionCriteria(['/b', '/a"x'])).toBe('LogGroupName NOT IN ["/a\\"x","/b"]');
  });

  test('refuses what CloudWatch Logs would refuse, naming the field', () => {
    const s = stack();
    expect(
      () => new AccountLogSubscription(s, 'a', { regions: regions(s), excludedLogGroups: ['/aws/lambda/*'] }),
    ).toThrow('props.excludedLogGroups[0] "/aws/lambda/*" is not a log group name');
    expect(() => new AccountLogSubscription(s, 'b', { regions: [], excludedLogGroups: [] })).toThrow(
      'props.regions must name at least one Region',
    );
    // 25 KB of UTF-8, counted as CloudWatch Logs counts it.
    const many = Array.from({ length: 800 }, (_, i) => `/aws/lambda/function-number-${String(i).padStart(4, '0')}`);
    expect(Buffer.byteLength(selectionCriteria(many))).toBeGreaterThan(SELECTION_CRITERIA_MAX_BYTES);
    expect(() => new AccountLogSubscription(s, 'c', { regions: regions(s), excludedLogGroups: many })).toThrow(
      `over CloudWatch Logs' ${SELECTION_CRITERIA_MAX_BYTES} (PutAccountPolicy); exclude fewer log groups`,
    );
    expect(
      () => new AccountLogSubscription(s, 'd', { regions: regions(s), excludedLogGroups: many.slice(0, 600) }),
    ).not.toThrow();
  });
});
