import { synthStack } from '../../support/synth';
import { POLICY_TEST_CONFIG } from './log-archive-cases';
import { configOf, Decision, evaluate, PolicyRequest, role, service, trustPolicyOf } from './simulate';

/*
 * The audit account's roles, evaluated as AWS would: who may assume each (its trust policy, the
 * role's resource policy), and, for the aggregator's, which permissions it holds.
 */

const AUDIT = '888888888888';
const audit = synthStack(configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: AUDIT } }), 'audit');
const trustOf = (name: string): unknown => trustPolicyOf(audit, name);
const roleArn = (name: string) => `arn:aws:iam::${AUDIT}:role/${name}`;
const assume = (caller: PolicyRequest['caller'], name: string, sourceAccount?: string): PolicyRequest => ({
  caller,
  action: 'sts:AssumeRole',
  resource: roleArn(name),
  ...(sourceAccount === undefined ? {} : { context: { 'aws:SourceAccount': sourceAccount } }),
});

const cases: readonly (readonly [string, string, PolicyRequest, Decision])[] = [
  [
    'AWS Config assumes the aggregator role for this account',
    'audit-config-aggregator',
    assume(service('config.amazonaws.com'), 'audit-config-aggregator', AUDIT),
    'Allowed',
  ],
  [
    'but not on behalf of another account (confused deputy)',
    'audit-config-aggregator',
    assume(service('config.amazonaws.com'), 'audit-config-aggregator', '999999999999'),
    'ImplicitlyDenied',
  ],
  [
    'no other service assumes it',
    'audit-config-aggregator',
    assume(service('firehose.amazonaws.com'), 'audit-config-aggregator', AUDIT),
    'ImplicitlyDenied',
  ],
  [
    'nor a role of the audit account',
    'audit-config-aggregator',
    assume(role(AUDIT, 'Admin'), 'audit-config-aggregator'),
    'ImplicitlyDenied',
  ],
  // [firehose-trust-external-id-is-account] Firehose assumes its role with the stream's account as
  // the external id.
  [
    'Firehose assumes the findings delivery role for this account',
    'audit-securityhub-findings-delivery',
    {
      ...assume(service('firehose.amazonaws.com'), 'audit-securityhub-findings-delivery'),
      context: { 'sts:ExternalId': AUDIT },
    },
    'Allowed',
  ],
  [
    'but not for another account',
    'audit-securityhub-findings-delivery',
    {
      ...assume(service('firehose.amazonaws.com'), 'audit-securityhub-findings-delivery'),
      context: { 'sts:ExternalId': '999999999999' },
    },
    'ImplicitlyDenied',
  ],
  [
    'nor does EventBridge',
    'audit-securityhub-findings-delivery',
    assume(service('events.amazonaws.com'), 'audit-securityhub-findings-delivery', AUDIT),
    'ImplicitlyDenied',
  ],
  [
    'EventBridge assumes its own role for this account',
    'audit-securityhub-findings-events',
    assume(service('events.amazonaws.com'), 'audit-securityhub-findings-events', AUDIT),
    'Allowed',
  ],
  [
    'nobody of another account assumes it',
    'audit-securityhub-findings-events',
    assume(role('999999999999', 'Admin'), 'audit-securityhub-findings-events'),
    'ImplicitlyDenied',
  ],
];

describe("the audit account's roles, evaluated as AWS would", () => {
  test.each(cases.map(([title, name, request, expected]) => [title, name, request, expected] as const))(
    '%s',
    async (_title, name, request, expected) => {
      const { decision, ignoredContextKeys } = await evaluate(trustOf(name), AUDIT, request);
      expect(ignoredContextKeys).toEqual([]);
      expect(decision).toBe(expected);
    },
  );

  test("the aggregator role holds AWS's read-only AWSConfigRoleForOrganizations and nothing else", () => {
    const attachments = Object.values(
      audit.resource.aws_iam_role_policy_attachment as Record<string, { policy_arn: string }>,
    );
    expect(attachments.map((a) => a.policy_arn)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    ]);
    const inline = Object.values((audit.resource.aws_iam_role_policy ?? {}) as Record<string, { role: string }>);
    expect(inline.filter((p) => p.role.includes('aggregator'))).toEqual([]);
  });
});
