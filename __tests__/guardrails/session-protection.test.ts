import { SESSION_PREFERENCES_DOCUMENT, SESSION_PROTECTION_POLICY_NAME } from '../../modules/core/naming';
import { BREAK_GLASS_ARN, GUARDRAILS_TEST_CONFIG, synthGuardrailsCase } from '../stacks/policy/guardrails-cases';
import { ARCHIVE, MANAGEMENT, ORG, PAYMENTS, SANDBOX } from '../stacks/policy/log-archive-cases';
import { type Caller, evaluate, role } from '../stacks/policy/simulate';

/*
 * The session protection (guardrails.denyUnloggedSessions, aws-review F24): on each member of the
 * organization that logs its sessions, a Session Manager session starts with the preferences
 * document only. Session Manager logs no session through SSH or port forwarding
 * ([ssm-port-forwarding-and-ssh-sessions-unlogged]); the deny names every resource of StartSession
 * but that document and the targets a session opens on, by NotResource ([scp-full-iam-language]).
 */

const { config, attachments, synthesized } = synthGuardrailsCase();
const region = config.governedRegions[0];
const arn = (service: string, account: string, resource: string) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;
const admin = role(PAYMENTS, 'Admin', { orgId: ORG });
const breakGlass = role(BREAK_GLASS_ARN.split(':')[4], BREAK_GLASS_ARN.split('/').at(-1) ?? '', { orgId: ORG });

async function startSession(resource: string, caller: Caller = admin, account = PAYMENTS) {
  const { decision } = await evaluate(
    undefined,
    account,
    { caller, action: 'ssm:StartSession', resource, context: { 'aws:RequestedRegion': region } },
    attachments.layersFor(account, account),
  );
  return decision;
}

describe('the session protection', () => {
  test('[scp-full-iam-language] is one statement on StartSession with NotResource: the preferences and the targets a session opens on', () => {
    const policy = attachments.byName().get(SESSION_PROTECTION_POLICY_NAME);
    expect(policy?.type).toBe('SERVICE_CONTROL_POLICY');
    expect(policy?.document.Statement).toEqual([
      {
        Sid: 'DenyUnloggedSessions',
        Effect: 'Deny',
        Action: 'ssm:StartSession',
        NotResource: [
          `arn:aws:ssm:*:*:document/${SESSION_PREFERENCES_DOCUMENT}`,
          'arn:aws:ec2:*:*:instance/*',
          'arn:aws:ssm:*:*:managed-instance/*',
          'arn:aws:ecs:*:*:task/*',
        ],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS_ARN } },
      },
    ]);
  });

  test('[ssm-port-forwarding-and-ssh-sessions-unlogged] an administrator starts no session through SSH, port forwarding or a document of their own', async () => {
    for (const document of ['AWS-StartSSHSession', 'AWS-StartPortForwardingSession', 'MySessionOfMyOwn'])
      expect([document, await startSession(arn('ssm', PAYMENTS, `document/${document}`))]).toEqual([
        document,
        'ExplicitlyDenied',
      ]);
  });

  test('a session with the preferences, on an instance, a managed node or a task, stays open; break-glass may use any document', async () => {
    for (const resource of [
      arn('ssm', PAYMENTS, `document/${SESSION_PREFERENCES_DOCUMENT}`),
      arn('ec2', PAYMENTS, 'instance/i-0123456789abcdef0'),
      arn('ssm', PAYMENTS, 'managed-instance/mi-0123456789abcdef0'),
      arn('ecs', PAYMENTS, 'task/cluster/0123456789abcdef0123456789abcdef'),
    ])
      expect([resource, await startSession(resource)]).toEqual([resource, 'Allowed']);
    // Break-glass is a role of the log archive: across accounts with no resource policy, IAM alone refuses it.
    expect(await startSession(arn('ssm', PAYMENTS, 'document/AWS-StartSSHSession'), breakGlass)).toBe(
      'ImplicitlyDenied',
    );
  });

  test('binds the members of the organization that log sessions only: not the log archive, nor one outside the organization', async () => {
    const targets = Object.values(synthesized.resource.aws_organizations_policy_attachment as Record<string, any>)
      .filter((a) => String(a.policy_id).includes('.sessions.') || String(a.policy_id).includes('_sessions_'))
      .map((a) => a.target_id as string);
    const logging = config.members
      .filter((m) => m.sessionManagerLogs && m.inOrganization && m.accountId !== MANAGEMENT)
      .map((m) => m.accountId);
    expect(targets.sort()).toEqual([...logging].sort());
    expect(targets).toContain(PAYMENTS);
    expect(targets).not.toContain(SANDBOX);
    const otherAdmin = role(ARCHIVE, 'Admin', { orgId: ORG });
    expect(await startSession(arn('ssm', ARCHIVE, 'document/AWS-StartSSHSession'), otherAdmin, ARCHIVE)).toBe(
      'Allowed',
    );
  });

  test('guardrails.denyUnloggedSessions false leaves the policy out', () => {
    const off = synthGuardrailsCase({
      guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyUnloggedSessions: false },
    });
    expect(off.attachments.byName().has(SESSION_PROTECTION_POLICY_NAME)).toBe(false);
  });
});
