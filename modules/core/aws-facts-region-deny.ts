import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the Region deny (guardrails.denyOtherRegions): which of
 * the services it exempts live in each Region, where AWS says the exempted Regional ones are needed,
 * and where AWS says not to use such a deny at all.
 */

const POLICY_TEST = '__tests__/stacks/policy/region-deny.policy.test.ts';
const ORGANIZATIONS_EXAMPLE =
  'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html';

export const REGION_DENY_FACTS: readonly AwsFact[] = [
  {
    id: 'regional-service-resources-stay-in-their-region',
    kind: 'scope',
    subject: 'Services with an endpoint in each Region (REGION_DENY_REGIONAL_SERVICES)',
    fact: "A service that supports Regions keeps each Region's resources apart from the other Regions'. AWS Config, STS, IAM Identity Center, KMS, ACM, WAF and the other services of REGION_DENY_REGIONAL_SERVICES list an endpoint in each Region in the General Reference (the table names each page).",
    consequence:
      'The Region deny exempts these services as AWS Control Tower does, so they stay usable in the Regions it closes, where AWS Config does not record: the schema, docs/guardrails.md and compliance (CIS 4.3, a gap) name them instead of claiming every other Region closed.',
    source: {
      url: 'https://docs.aws.amazon.com/general/latest/gr/rande.html',
      sentence:
        'If a service supports Regions, the resources in each Region are independent of similar resources in other Regions.',
    },
    reliedOnBy: [
      'modules/core/region-deny-exemptions.ts',
      'modules/org-config/schema/guardrails.ts',
      'packages/cli/toolkit/compliance/rules/other-regions.ts',
    ],
    testedBy: ['__tests__/toolkit/compliance/shipped-configs.test.ts'],
  },
  {
    id: 'kms-acm-global-use-is-in-us-east-1',
    kind: 'scope',
    subject: 'kms:* and acm:* in a Region deny',
    fact: 'AWS KMS and AWS Certificate Manager have Regional endpoints; a Region deny exempts them only so that a global service such as CloudFront can use them, and a global service uses them in us-east-1.',
    consequence:
      'The Region deny spares kms:* and acm:* in us-east-1 only (DenyCloudFrontCompanionsOutsideUsEast1): in any other Region outside governedRegions, a key or certificate is denied like any Regional resource.',
    source: {
      url: ORGANIZATIONS_EXAMPLE,
      sentence:
        'A global service like Amazon CloudFront typically requires access to AWS KMS and ACM in the same region, which for a global service is the US East (N. Virginia) Region (us-east-1).',
    },
    reliedOnBy: ['modules/core/region-deny-exemptions.ts', 'modules/guardrails/region-deny.ts'],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'wafv2-cloudfront-resources-are-in-us-east-1',
    kind: 'scope',
    subject: 'wafv2:* in a Region deny',
    fact: "AWS WAF protects a CloudFront distribution only with a web ACL, rule groups, IP sets and pattern sets created in us-east-1; in any other Region, WAF's resources protect that Region's resources.",
    consequence:
      'The Region deny spares wafv2:* in us-east-1 only (DenyCloudFrontCompanionsOutsideUsEast1): a web ACL for a Regional resource outside governedRegions is denied with that resource.',
    source: {
      url: 'https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html',
      sentence:
        'AWS WAF is available globally for CloudFront distributions, but you must use the Region US East (N. Virginia) to create your web ACL and any resources used in the web ACL, such as rule groups, IP sets, and regex pattern sets.',
    },
    reliedOnBy: ['modules/core/region-deny-exemptions.ts', 'modules/guardrails/region-deny.ts'],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'region-deny-example-not-for-control-tower',
    kind: 'side-effect',
    subject: "AWS Organizations' example Region deny SCP in an organization with AWS Control Tower",
    fact: "AWS recommends not using AWS Organizations' example Region deny SCP in an organization that uses AWS Control Tower, which works across Regions in a way the example is not compatible with. Control Tower has a Region deny control of its own (controltower/latest/controlreference/primary-region-deny-policy.html).",
    consequence:
      'The config loader refuses guardrails.denyOtherRegions beside any member whose awsConfig is "control-tower", naming those members and the fix: Control Tower\'s own Region deny control.',
    source: {
      url: ORGANIZATIONS_EXAMPLE,
      sentence:
        'If you use AWS Control Tower in your organization, we recommend that you do not use this example policy.',
    },
    reliedOnBy: ['modules/org-config/checks.ts'],
    testedBy: ['__tests__/org-config/bad-configs.ts'],
  },
];
