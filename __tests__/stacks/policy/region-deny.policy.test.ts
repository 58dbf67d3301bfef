import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import { REGION_DENY_POLICY_NAME } from '../../../modules/core/naming';
import { AWS_DOCUMENT_LIMITS } from '../../../modules/core/aws-limits';
import {
  REGION_DENY_EXEMPT_ACTIONS,
  globalServicesRegionOnlyActions,
  regionDenyOpenings,
  regionDenyOpeningsSummary,
} from '../../../modules/core/region-deny-exemptions';
import { ROOT } from '../../support/synth';
import { configOf, evaluate, parseTerraformPolicy, role, type Caller, type Decision } from './simulate';
import { GUARDRAILS_TEST_CONFIG } from './guardrails-cases';
import { ARCHIVE, MANAGEMENT, ORG, PAYMENTS } from './log-archive-cases';
import { synthJson } from '../../support/stack-json';

/*
 * guardrails.denyOtherRegions: the Region deny SCP, evaluated as AWS evaluates an SCP at the root
 * beside AWS's FullAWSAccess, for principals of a member account (SCPs never bind the management
 * account). The governed Regions of the test config are eu-west-1 and us-east-1.
 */

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function guardrailsOf(input: unknown): Record<string, any> {
  const stack = buildStacks(Testing.app(), configOf(input)).find((s) => s.node.id === 'guardrails');
  if (stack === undefined) throw new Error('no guardrails stack');
  return synthJson(stack);
}

const withDeny = guardrailsOf({
  ...GUARDRAILS_TEST_CONFIG,
  guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyOtherRegions: true },
});
const policies = Object.entries(withDeny.resource.aws_organizations_policy as Record<string, any>);
const [address, regionDeny] = policies.find(([, p]) => p.name === REGION_DENY_POLICY_NAME) ?? [];
const content = parseTerraformPolicy(regionDeny?.content ?? '{}') as { Statement: any[] };

/** The same deny where us-east-1, the Region of the global services' companions, is not governed. */
const [, euOnly] =
  Object.entries(
    guardrailsOf({
      ...GUARDRAILS_TEST_CONFIG,
      governedRegions: ['eu-west-1'],
      guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyOtherRegions: true },
    }).resource.aws_organizations_policy as Record<string, any>,
  ).find(([, p]) => p.name === REGION_DENY_POLICY_NAME) ?? [];
const euOnlyContent = parseTerraformPolicy(euOnly?.content ?? '{}') as { Statement: any[] };

async function decide(
  caller: Caller,
  action: string,
  region: string,
  policy: unknown = content,
  resource = '*',
): Promise<Decision> {
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
                { name: 'region-deny', policy },
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

  test('denies the other Regions and leaves the governed ones alone; KMS, ACM and WAF are spared in us-east-1 only', () => {
    expect(content.Statement).toEqual([
      expect.objectContaining({
        Sid: 'DenyOutsideGovernedRegions',
        Effect: 'Deny',
        NotAction: [...REGION_DENY_EXEMPT_ACTIONS],
        Condition: expect.objectContaining({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }),
      }),
      expect.objectContaining({
        Sid: 'DenyCloudFrontCompanionsOutsideUsEast1',
        Effect: 'Deny',
        Action: ['acm:*', 'kms:*', 'wafv2:*'],
        Condition: expect.objectContaining({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }),
      }),
    ]);
    expect(euOnlyContent.Statement[1]).toMatchObject({
      Action: globalServicesRegionOnlyActions(),
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    });
  });

  test('leaves open the Regional services it exempts, as docs/guardrails.md says', () => {
    // us-east-1 governed: the companions of the global services are closed like any other service.
    expect(regionDenyOpenings(content.Statement, ['eu-west-1', 'us-east-1']).map((o) => o.service)).not.toContain(
      'kms',
    );
    const euOnlyOpenings = regionDenyOpenings(euOnlyContent.Statement, ['eu-west-1']);
    expect(euOnlyOpenings.find((o) => o.service === 'kms')).toEqual({
      service: 'kms',
      actions: ['kms:*'],
      regions: ['us-east-1'],
    });
    expect(euOnlyOpenings.find((o) => o.service === 'config')).toEqual({ service: 'config', actions: ['config:*'] });
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'guardrails.md'), 'utf8').replace(/\s+/g, ' ');
    expect(docs).toContain(regionDenyOpeningsSummary());
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

  // [kms-acm-global-use-is-in-us-east-1] [wafv2-cloudfront-resources-are-in-us-east-1]
  test.each([
    ['a KMS key in another Region', 'kms:CreateKey', 'ap-southeast-2', 'ExplicitlyDenied', content],
    ['a certificate in another Region', 'acm:RequestCertificate', 'ap-southeast-2', 'ExplicitlyDenied', content],
    ['a web ACL in another Region', 'wafv2:CreateWebACL', 'ap-southeast-2', 'ExplicitlyDenied', content],
    ['a KMS key in us-east-1, governed', 'kms:CreateKey', 'us-east-1', 'Allowed', content],
    ['a KMS key in us-east-1, not governed', 'kms:CreateKey', 'us-east-1', 'Allowed', euOnlyContent],
    ['a certificate for CloudFront in us-east-1', 'acm:RequestCertificate', 'us-east-1', 'Allowed', euOnlyContent],
    ['a web ACL for CloudFront in us-east-1', 'wafv2:CreateWebACL', 'us-east-1', 'Allowed', euOnlyContent],
    ['a KMS key in us-west-2, not governed', 'kms:CreateKey', 'us-west-2', 'ExplicitlyDenied', euOnlyContent],
    ['an instance in us-east-1, not governed', 'ec2:RunInstances', 'us-east-1', 'ExplicitlyDenied', euOnlyContent],
    ['IAM through us-east-1, not governed', 'iam:CreateRole', 'us-east-1', 'Allowed', euOnlyContent],
  ] as const)('%s', async (_title, action, region, expected, policy) => {
    expect(await decide(admin, action, region, policy)).toBe(expected);
  });
});
