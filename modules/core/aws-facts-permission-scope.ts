import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the scope of a permission as AWS authorizes it: which
 * account a resource's ARN names when another account creates or manages it. The deploy role's
 * derivation and its proof resolve ARNs by these rows.
 */

const DEPLOY_ROLE_TEST = '__tests__/toolkit/deploy-role.test.ts';

export const PERMISSION_SCOPE_FACTS: readonly AwsFact[] = [
  {
    id: 'cloudtrail-delegated-administrator-trail-owned-by-management',
    kind: 'permission',
    subject: 'cloudtrail:CreateTrail, UpdateTrail, PutEventSelectors, DeleteTrail by a delegated administrator',
    fact: "An organization trail that the CloudTrail delegated administrator creates is owned by the management account: its ARN names the management account, and the administrator's calls on it act on that ARN.",
    consequence:
      "When trail.accountId is a delegated administrator, the organization stack's derived deploy policy grants CloudTrail's trail actions on the trail's ARN in the management account (and nothing else of that account), and the deploy-role proof resolves a trail named by Name or TrailName to that ARN.",
    source: {
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html',
      sentence:
        'The management account remains the owner of any CloudTrail organization resources the delegated administrator creates.',
    },
    reliedOnBy: ['toolkit/deploy-role/deploy-policy.ts', 'e2e/harness/deploy-role-proof.ts'],
    testedBy: [DEPLOY_ROLE_TEST],
  },
  {
    id: 'organizations-arns-name-management-account',
    kind: 'permission',
    subject: 'AWS Organizations resources (organization, root, OU, account, policy)',
    fact: "The ARNs of an organization's resources contain the management account's id, whichever account calls: a delegated administrator for organization policies acts on ARNs of the management account.",
    consequence:
      "The derived deploy policy grants Organizations' resource actions on arn:<partition>:organizations::<management account>:*, also for a guardrails stack in a delegated administrator's account, and the proof evaluates Organizations calls on that account's ARNs.",
    source: {
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/get-org-ou-ARN.html',
      sentence: 'The organization and the organizational unit ARNs contain the 12-digit management account number.',
    },
    reliedOnBy: ['toolkit/deploy-role/deploy-policy.ts', 'e2e/harness/deploy-role-proof.ts'],
    testedBy: [DEPLOY_ROLE_TEST],
  },
];
