import { synthStack } from '../support/synth';
import {
  ACQUIRED,
  ARCHIVE,
  flowLog,
  KEY,
  MANAGEMENT,
  MEMBER_LOGS,
  ORG_TRAIL,
  OUTSIDER,
  OWNER_ACL,
  PAYMENTS,
  POLICY_TEST_CONFIG,
  SANDBOX,
  SANDBOX_TRAIL,
  trailArn,
} from '../stacks/policy/log-archive-cases';
import {
  configOf,
  Decision,
  evaluate,
  policyOf,
  PolicyRequest,
  service,
  synthLogArchive,
  trustPolicyOf,
} from '../stacks/policy/simulate';

/*
 * The condition keys a service principal sends, as AWS documents them (modules/core/aws-facts.ts),
 * against the policies the stacks synthesize: each service's call with exactly the context AWS says it
 * sends is allowed, and the same call on behalf of another account or resource is not.
 */

const AUDIT = '888888888888';
const config = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: AUDIT } });

const assume = (principal: string, account: string, roleName: string, context: PolicyRequest['context']) => ({
  caller: service(principal),
  action: 'sts:AssumeRole',
  resource: `arn:aws:iam::${account}:role/${roleName}`,
  context,
});

async function decide(policy: unknown, account: string, request: PolicyRequest): Promise<Decision> {
  const { decision, ignoredContextKeys } = await evaluate(policy, account, request);
  expect(ignoredContextKeys).toEqual([]);
  return decision;
}

describe('[config-role-trust-source-account] AWS Config assumes its roles only for their own account', () => {
  const member = synthStack(config, 'member-payments');
  const audit = synthStack(config, 'audit');
  const roles = [
    [
      'the recorder role of a member',
      trustPolicyOf(member, 'audit-config-recorder'),
      PAYMENTS,
      'audit-config-recorder',
    ],
    [
      "the audit account's aggregator role",
      trustPolicyOf(audit, 'audit-config-aggregator'),
      AUDIT,
      'audit-config-aggregator',
    ],
  ] as const;

  test.each(roles)(
    '%s: Config, sending aws:SourceAccount = that account, assumes it',
    async (_t, trust, account, name) => {
      // What Config sends: the account it acts for (the role's own).
      const sent = { 'aws:SourceAccount': account };
      expect(await decide(trust, account, assume('config.amazonaws.com', account, name, sent))).toBe('Allowed');
    },
  );

  test.each(roles)('%s: Config acting for another account does not', async (_t, trust, account, name) => {
    const sent = { 'aws:SourceAccount': OUTSIDER };
    expect(await decide(trust, account, assume('config.amazonaws.com', account, name, sent))).toBe('ImplicitlyDenied');
  });
});

describe('[cloudtrail-kms-source-arn-is-trail-arn] CloudTrail uses the log key only for the trails of the config', () => {
  const keyPolicy = policyOf(synthLogArchive(config), 'aws_kms_key', 'archive_key_');
  /** What CloudTrail sends when it encrypts for `trail` of `owner`: the trail ARN, twice, and the owner. */
  const sentBy = (trail: string, owner: string) => ({
    'aws:SourceArn': trail,
    'aws:SourceAccount': owner,
    'kms:EncryptionContext:aws:cloudtrail:arn': trail,
  });
  const call = (action: string, context: PolicyRequest['context']): PolicyRequest => ({
    caller: service('cloudtrail.amazonaws.com'),
    action,
    resource: KEY,
    context,
  });

  test.each([
    ['the organization trail (owned by the management account)', ORG_TRAIL, MANAGEMENT],
    ["a member's account trail", SANDBOX_TRAIL, SANDBOX],
  ])('encrypts for %s', async (_t, trail, owner) => {
    expect(await decide(keyPolicy, ARCHIVE, call('kms:GenerateDataKey', sentBy(trail, owner)))).toBe('Allowed');
    expect(await decide(keyPolicy, ARCHIVE, call('kms:DescribeKey', { 'aws:SourceArn': trail }))).toBe('Allowed');
  });

  test('but not for a trail of the same name in another account', async () => {
    const other = trailArn(OUTSIDER, 'org-trail');
    expect(await decide(keyPolicy, ARCHIVE, call('kms:GenerateDataKey', sentBy(other, OUTSIDER)))).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide(keyPolicy, ARCHIVE, call('kms:DescribeKey', { 'aws:SourceArn': other }))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('nor for another trail of the management account', async () => {
    const other = trailArn(MANAGEMENT, 'another-trail');
    expect(await decide(keyPolicy, ARCHIVE, call('kms:GenerateDataKey', sentBy(other, MANAGEMENT)))).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe("[eventbridge-rule-target-source-arn-is-rule-arn] EventBridge assumes the findings export's events role only for the audit account", () => {
  const trust = trustPolicyOf(synthStack(config, 'audit'), 'audit-securityhub-findings-events');
  /** What EventBridge sends for a target of `rule` in `account`: the rule ARN and its account. */
  const sentFor = (account: string, rule: string) => ({
    'aws:SourceArn': `arn:aws:events:eu-west-1:${account}:rule/${rule}`,
    'aws:SourceAccount': account,
  });

  test('the findings rule of the audit account sends through it', async () => {
    const request = assume(
      'events.amazonaws.com',
      AUDIT,
      'audit-securityhub-findings-events',
      sentFor(AUDIT, 'audit-securityhub-findings'),
    );
    expect(await decide(trust, AUDIT, request)).toBe('Allowed');
  });

  test('a rule of another account does not', async () => {
    const request = assume(
      'events.amazonaws.com',
      AUDIT,
      'audit-securityhub-findings-events',
      sentFor(OUTSIDER, 'audit-securityhub-findings'),
    );
    expect(await decide(trust, AUDIT, request)).toBe('ImplicitlyDenied');
  });
});

describe('[flow-logs-delivery-source-account-and-logs-arn] the log delivery service delivers flow logs only for the accounts that have them', () => {
  const archive = synthLogArchive(config);
  const bucketPolicy = policyOf(archive, 'aws_s3_bucket_policy', 'archive_member-logs_');
  const keyPolicy = policyOf(archive, 'aws_kms_key', 'archive_key_');
  /** What the log delivery service sends for the flow logs of `account` in eu-west-1: the account and its logs ARN. */
  const sentFor = (account: string) => ({
    'aws:SourceAccount': account,
    'aws:SourceArn': `arn:aws:logs:eu-west-1:${account}:*`,
  });
  const call = (action: string, resource: string, context: PolicyRequest['context']): PolicyRequest => ({
    caller: service('delivery.logs.amazonaws.com'),
    action,
    resource,
    context,
  });
  /** The four calls of one delivery for `account`, written under the prefix of `keyAccount`. */
  const delivery = (account: string, keyAccount = account): [string, unknown, PolicyRequest][] => [
    ['checks the bucket ACL', bucketPolicy, call('s3:GetBucketAcl', MEMBER_LOGS, sentFor(account))],
    ['lists the bucket', bucketPolicy, call('s3:ListBucket', MEMBER_LOGS, sentFor(account))],
    ['encrypts with the log key', keyPolicy, call('kms:GenerateDataKey', KEY, sentFor(account))],
    [
      'writes the flow log',
      bucketPolicy,
      call('s3:PutObject', flowLog(keyAccount), { ...sentFor(account), ...OWNER_ACL }),
    ],
  ];

  test.each(delivery(ACQUIRED))(
    'for a member outside the organization, sending what AWS documents, it %s',
    async (_t, policy, request) => {
      expect(await decide(policy, ARCHIVE, request)).toBe('Allowed');
    },
  );

  test.each(delivery(OUTSIDER))('for an account without flow logs here, it never %s', async (_t, policy, request) => {
    expect(await decide(policy, ARCHIVE, request)).toBe('ImplicitlyDenied');
  });

  test("nor does it write one account's flow logs under another account's prefix", async () => {
    const [, , , [, policy, request]] = delivery(ACQUIRED, PAYMENTS);
    expect(await decide(policy, ARCHIVE, request)).toBe('ImplicitlyDenied');
  });
});
