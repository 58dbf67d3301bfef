import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { REGION_DENY_POLICY_NAME } from '../../modules/core/naming';
import { AWS_DOCUMENT_LIMITS } from '../../modules/core/aws-limits';
import { REGION_DENY_EXEMPT_ACTIONS } from '../../modules/guardrails/region-deny';
import { configOf, evaluate, parseTerraformPolicy, role, type Caller, type Decision } from './simulate';
import { GUARDRAILS_TEST_CONFIG } from './guardrails-cases';
import { ARCHIVE, MANAGEMENT, ORG, PAYMENTS } from './log-archive-cases';

/*
 * guardrails.denyOtherRegions: the Region deny SCP, evaluated as AWS evaluates an SCP at the root
 * beside AWS's FullAWSAccess, for principals of a member account (SCPs never bind the management
 * account). The governed Regions of the test config are eu-west-1 and us-east-1.
 */

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function guardrailsOf(input: unknown): Record<string, any> {
  const stack = buildStacks(Testing.app(), configOf(input)).find((s) => s.node.id === 'guardrails');
  if (stack === undefined) throw new Error('no guardrails stack');
  return JSON.parse(Testing.synth(stack)) as Record<string, any>;
}

const withDeny = guardrailsOf({
  ...GUARDRAILS_TEST_CONFIG,
  guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyOtherRegions: true },
});
const policies = Object.entries(withDeny.resource.aws_organizations_policy as Record<string, any>);
const [address, regionDeny] = policies.find(([, p]) => p.name === REGION_DENY_POLICY_NAME) ?? [];
const content = parseTerraformPolicy(regionDeny?.content ?? '{}') as { Statement: unknown[] };

async function decide(caller: Caller, action: string, region: string, resource = '*'): Promise<Decision> {
  const accountId = caller.kind === 'role' ? caller.accountId : MANAGEMENT;
  const bound = accountId !== MANAGEMENT;
  const { decision } = await evaluate(
    undefined,
    accountId,
    { caller, action, resource, context: { 'aws:RequestedRegion': region } },
    {
      serviceControlPolicies: bound
        ? [
            {
              orgIdentifier: 'r-abcd',
              policies: [
                { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
                { name: 'region-deny', policy: content },
              ],
            },
            { orgIdentifier: accountId, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
          ]
        : [],
    },
  );
  return decision;
}

const admin = role(PAYMENTS, 'Admin', { orgId: ORG });

describe('the Region deny SCP', () => {
  test('is opt-in, attached where the other SCPs are, and within the SCP size limit', () => {
    expect(
      Object.values(guardrailsOf(GUARDRAILS_TEST_CONFIG).resource.aws_organizations_policy).map((p: any) => p.name),
    ).not.toContain(REGION_DENY_POLICY_NAME);
    expect(regionDeny).toMatchObject({ type: 'SERVICE_CONTROL_POLICY' });
    expect(regionDeny.content.replace(/\s/g, '').length).toBeLessThanOrEqual(
      AWS_DOCUMENT_LIMITS['service-control-policy'],
    );
    const attachments = Object.values(withDeny.resource.aws_organizations_policy_attachment as Record<string, any>);
    expect(attachments.filter((a) => a.policy_id.includes(`.${address}.id`)).map((a) => a.target_id)).toEqual([
      expect.stringContaining('.roots[0].id'),
    ]);
  });

  test('denies the other Regions and leaves the governed ones alone', () => {
    expect(content.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        NotAction: [...REGION_DENY_EXEMPT_ACTIONS],
        Condition: expect.objectContaining({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }),
      }),
    ]);
  });

  test.each([
    ['a call in a governed Region', admin, 'ec2:RunInstances', 'eu-west-1', 'Allowed'],
    ['a call in another Region', admin, 'ec2:RunInstances', 'ap-southeast-2', 'ExplicitlyDenied'],
    ['a bucket created in another Region', admin, 's3:CreateBucket', 'sa-east-1', 'ExplicitlyDenied'],
    ['AWS Config turned on in another Region', admin, 'config:PutConfigurationRecorder', 'ap-southeast-2', 'Allowed'],
    ['a global service (IAM) from anywhere', admin, 'iam:CreateRole', 'ap-southeast-2', 'Allowed'],
    ['STS from another Region', admin, 'sts:AssumeRole', 'ap-southeast-2', 'Allowed'],
    ['the console listing Regions', admin, 'ec2:DescribeRegions', 'ap-southeast-2', 'Allowed'],
    [
      'break-glass in another Region',
      role(ARCHIVE, 'BreakGlass', { orgId: ORG }),
      'ec2:RunInstances',
      'ap-southeast-2',
      'Allowed',
    ],
    [
      'the deploy role in another Region',
      role(PAYMENTS, 'OrganizationAccountAccessRole', { orgId: ORG }),
      'ec2:RunInstances',
      'ap-southeast-2',
      'Allowed',
    ],
    [
      'the management account (no SCP binds it)',
      role(MANAGEMENT, 'Admin', { orgId: ORG }),
      'ec2:RunInstances',
      'ap-southeast-2',
      'Allowed',
    ],
  ] as const)('%s', async (_title, caller, action, region, expected) => {
    expect(await decide(caller, action, region)).toBe(expected);
  });
});
