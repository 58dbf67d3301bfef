import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { configOf, evaluate, parseTerraformPolicy, role, type Caller, type Decision } from './simulate';
import { GUARDRAILS_TEST_CONFIG } from './guardrails-cases';
import { PAYMENTS, ORG } from './log-archive-cases';

/*
 * The recording protection over the deploy role, evaluated as AWS evaluates an SCP beside AWS's
 * FullAWSAccess for principals of a member account: with a least-privilege deploy role, the role
 * that applies its bootstrap stack (deployment.bootstrapRoleName) may still change it, and nobody
 * else but break-glass may.
 */

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function recordingProtection(deployment: Record<string, string>): { Statement: { Sid: string }[] } {
  const config = configOf({ ...GUARDRAILS_TEST_CONFIG, deployment });
  const stack = buildStacks(Testing.app(), config).find((s) => s.node.id === 'guardrails');
  if (stack === undefined) throw new Error('no guardrails stack');
  const synth = JSON.parse(Testing.synth(stack)) as { resource: { aws_organizations_policy: Record<string, any> } };
  const policy = Object.values(synth.resource.aws_organizations_policy).find(
    (p) => p.name === 'audit-logging-recording-protection',
  );
  return parseTerraformPolicy(policy.content) as { Statement: { Sid: string }[] };
}

const leastPrivilege = recordingProtection({ roleName: 'audit-logging-deploy' });
const deployRole = `arn:aws:iam::${PAYMENTS}:role/audit-logging-deploy`;
const recorderRole = `arn:aws:iam::${PAYMENTS}:role/audit-config-recorder`;
const BOOTSTRAP = role(PAYMENTS, 'OrganizationAccountAccessRole', { orgId: ORG });
const DEPLOY = role(PAYMENTS, 'audit-logging-deploy', { orgId: ORG });
const TEAM_ADMIN = role(PAYMENTS, 'team-admin', { orgId: ORG });

async function decide(caller: Caller, action: string, resource: string, scp = leastPrivilege): Promise<Decision> {
  const { decision } = await evaluate(
    undefined,
    PAYMENTS,
    { caller, action, resource },
    {
      serviceControlPolicies: [
        {
          orgIdentifier: 'r-abcd',
          policies: [
            { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
            { name: 'audit-logging-recording-protection', policy: scp },
          ],
        },
      ],
    },
  );
  return decision;
}

const CASES: [string, Caller, string, string, Decision][] = [
  [
    'the bootstrap role attaches a second managed policy to the deploy role',
    BOOTSTRAP,
    'iam:AttachRolePolicy',
    deployRole,
    'Allowed',
  ],
  [
    'the bootstrap role trusts a new pipeline in the deploy role',
    BOOTSTRAP,
    'iam:UpdateAssumeRolePolicy',
    deployRole,
    'Allowed',
  ],
  ['the bootstrap role deletes the deploy role on a rename', BOOTSTRAP, 'iam:DeleteRole', deployRole, 'Allowed'],
  [
    'the bootstrap role detaches the recorder role policy',
    BOOTSTRAP,
    'iam:DetachRolePolicy',
    recorderRole,
    'ExplicitlyDenied',
  ],
  ['another admin re-trusts the deploy role', TEAM_ADMIN, 'iam:UpdateAssumeRolePolicy', deployRole, 'ExplicitlyDenied'],
  [
    'another admin attaches a policy to the deploy role',
    TEAM_ADMIN,
    'iam:AttachRolePolicy',
    deployRole,
    'ExplicitlyDenied',
  ],
  ['the deploy role updates the recorder role policy', DEPLOY, 'iam:PutRolePolicy', recorderRole, 'Allowed'],
];

describe('the deploy role under the recording protection', () => {
  test.each(CASES)('%s', async (_name, caller, action, resource, expected) => {
    expect(await decide(caller, action, resource)).toBe(expected);
  });

  test('re-applying the bootstrap stack was refused when one statement guarded both roles (the fault this fixes)', async () => {
    const oneStatement = {
      ...leastPrivilege,
      Statement: leastPrivilege.Statement.filter((s) => s.Sid !== 'DenyDeployRoleChanges').map((s: any) =>
        s.Sid === 'DenyProtectedRoleChanges' ? { ...s, Resource: [recorderRole, deployRole] } : s,
      ),
    };
    expect(await decide(BOOTSTRAP, 'iam:AttachRolePolicy', deployRole, oneStatement as never)).toBe('ExplicitlyDenied');
  });

  test('when the deploy role is the bootstrap role, one statement guards both, as before', () => {
    const sids = recordingProtection({}).Statement.map((s) => s.Sid);
    expect(sids).toContain('DenyProtectedRoleChanges');
    expect(sids).not.toContain('DenyDeployRoleChanges');
  });
});
