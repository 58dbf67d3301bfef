import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { configOf, evaluate, parseTerraformPolicy, role, type Caller, type Decision } from './simulate';
import { GUARDRAILS_TEST_CONFIG } from './guardrails-cases';
import { PAYMENTS, ORG } from './log-archive-cases';
import { synthJson } from '../../support/stack-json';

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
  const synth = synthJson(stack) as { resource: { aws_organizations_policy: Record<string, any> } };
  const policy = Object.values(synth.resource.aws_organizations_policy).find(
    (p) => p.name === 'audit-logging-recording-protection',
  );
  return parseTerraformPolicy(policy.content) as { Statement: { Sid: string }[] };
}

const leastPrivilege = recordingProtection({ roleName: 'audit-logging-deploy' });
const deployRole = `arn:aws:iam::${PAYMENTS}:role/audit-logging-deploy`;
const recorderRole = `arn:aws:iam::${PAYMENTS}:role/audit-config-recorder`;
const bootstrapRole = `arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole`;
const deployRolePolicy = `arn:aws:iam::${PAYMENTS}:policy/audit-logging-deploy-1`;
const BOOTSTRAP = role(PAYMENTS, 'OrganizationAccountAccessRole', { orgId: ORG });
const DEPLOY = role(PAYMENTS, 'audit-logging-deploy', { orgId: ORG });
const TEAM_ADMIN = role(PAYMENTS, 'team-admin', { orgId: ORG });

/**
 * The tags AWS sends as aws:ResourceTag for each role: the provider's default tags on what our stacks
 * (deploy-role's included) make; none on the role AWS Organizations made. [iam-role-tags-control-access]
 */
const RESOURCE_TAGS: Record<string, Record<string, string>> = {
  [deployRole]: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' },
  [recorderRole]: { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' },
};

async function decide(caller: Caller, action: string, resource: string, scp = leastPrivilege): Promise<Decision> {
  const { decision } = await evaluate(
    undefined,
    PAYMENTS,
    { caller, action, resource, context: RESOURCE_TAGS[resource] },
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
    'another admin detaches the recorder role policy',
    TEAM_ADMIN,
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
  // Issue 77: the bootstrap role is spared, so whoever could become it could become the deploy role;
  // an invited account has none until someone makes it [organizations-access-role-only-in-created-accounts].
  [
    'another admin re-trusts the bootstrap role',
    TEAM_ADMIN,
    'iam:UpdateAssumeRolePolicy',
    bootstrapRole,
    'ExplicitlyDenied',
  ],
  [
    'another admin creates the bootstrap role where Organizations made none',
    TEAM_ADMIN,
    'iam:CreateRole',
    bootstrapRole,
    'ExplicitlyDenied',
  ],
  [
    'another admin deletes the bootstrap role to make it again',
    TEAM_ADMIN,
    'iam:DeleteRole',
    bootstrapRole,
    'ExplicitlyDenied',
  ],
  [
    'another admin creates the deploy role before the bootstrap stack',
    TEAM_ADMIN,
    'iam:CreateRole',
    deployRole,
    'ExplicitlyDenied',
  ],
  [
    "another admin removes the deploy role's permissions boundary",
    TEAM_ADMIN,
    'iam:DeleteRolePermissionsBoundary',
    deployRole,
    'ExplicitlyDenied',
  ],
  [
    "another admin makes a new default version of the deploy role's policy",
    TEAM_ADMIN,
    'iam:CreatePolicyVersion',
    deployRolePolicy,
    'ExplicitlyDenied',
  ],
  ['another admin passes the deploy role to a service', TEAM_ADMIN, 'iam:PassRole', deployRole, 'ExplicitlyDenied'],
  ['the bootstrap role creates the deploy role', BOOTSTRAP, 'iam:CreateRole', deployRole, 'Allowed'],
  [
    "the bootstrap role replaces the deploy role's policy with a new version",
    BOOTSTRAP,
    'iam:CreatePolicyVersion',
    deployRolePolicy,
    'Allowed',
  ],
  [
    'the bootstrap role re-trusts itself (the management account owns it)',
    BOOTSTRAP,
    'iam:UpdateAssumeRolePolicy',
    bootstrapRole,
    'Allowed',
  ],
  [
    'the deploy role cannot re-trust the bootstrap role',
    DEPLOY,
    'iam:UpdateAssumeRolePolicy',
    bootstrapRole,
    'ExplicitlyDenied',
  ],
];

describe('the deploy role under the recording protection', () => {
  test.each(CASES)('%s', async (_name, caller, action, resource, expected) => {
    expect(await decide(caller, action, resource)).toBe(expected);
  });

  test('when the deploy role is the bootstrap role, it alone and break-glass change it', () => {
    const deploy = recordingProtection({}).Statement.find((s) => s.Sid === 'DenyDeployRoleChanges') as any;
    expect(deploy.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::222222222222:role/BreakGlass',
    ]);
  });
});
