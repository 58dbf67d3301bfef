import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the scope of a permission as AWS authorizes it: which
 * account a resource's ARN names when another account creates or manages it. The deploy role's
 * derivation and its proof resolve ARNs by these rows.
 */

const DEPLOY_ROLE_TEST = '__tests__/toolkit/deploy-role.test.ts';
const DEPLOY_ROLE_INTEGRATION_TEST = '__tests__/toolkit/deploy-role.integration.test.ts';

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
    reliedOnBy: ['packages/cli/toolkit/deploy-role/deploy-policy.ts', 'e2e/harness/deploy-role-proof.ts'],
    testedBy: [DEPLOY_ROLE_TEST, DEPLOY_ROLE_INTEGRATION_TEST],
  },
  {
    id: 'kms-describe-key-other-account-by-alias-arn',
    kind: 'permission',
    subject: 'kms:DescribeKey on a key of another account (data aws_kms_key)',
    fact: "A key of another account is described only by its key ARN or alias ARN; the request is authorized against that account's key, and answers only when both the caller's IAM policy and the key's policy allow it.",
    consequence:
      "The trails' stacks look the log key up by its alias ARN in the log archive account; the log key's policy allows those accounts DescribeKey only (TrailAccountsDescribeKey), their derived deploy policies grant DescribeKey on that account's keys only (DescribeOtherAccountsKeys), and the proof and the provider-code walk evaluate the call under the policy of the key the alias names. A lookup creates and turns on nothing, so a removal has nothing of it to undo.",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html',
      sentence: 'To specify a KMS key in a different AWS account, you must use the key ARN or alias ARN.',
    },
    reliedOnBy: [
      'modules/kms/key-arn.ts',
      'modules/log-archive/log-key-policy.ts',
      'packages/cli/toolkit/deploy-role/deploy-policy.ts',
      'e2e/harness/deploy-role-proof.ts',
      'e2e/harness/moto_server.py',
    ],
    testedBy: [DEPLOY_ROLE_INTEGRATION_TEST, '__tests__/e2e/harness/aws-model-check.moto.test.ts'],
  },
  {
    id: 'logs-put-subscription-filter-on-other-accounts-destination',
    kind: 'permission',
    subject: "logs:PutAccountPolicy or PutSubscriptionFilter naming another account's destination",
    fact: "A subscription to a destination of another account is authorized against that destination: the sender's IAM policy must allow logs:PutSubscriptionFilter on the destination's ARN, and the destination's access policy must allow the sender.",
    consequence:
      "A member stack's derived deploy policy grants logs:PutSubscriptionFilter on the log archive's destinations its account policies name (SubscribeToOtherAccountsDestinations), and nothing else of that account; the destinations' access policies admit the sending accounts.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscription-Filter-CrossAccount-Permissions.html',
      sentence:
        'According to AWS cross-account policy evaluation logic, in order to access any cross-account resource (such as an Kinesis or Firehose stream used as a destination for a subscription filter) you must have an identity-based policy in the sending account which provides explicit access to the cross-account destination resource.',
    },
    reliedOnBy: ['packages/cli/toolkit/deploy-role/deploy-policy.ts'],
    testedBy: [DEPLOY_ROLE_TEST],
  },
  {
    id: 'oam-create-link-on-other-accounts-sink',
    kind: 'permission',
    subject: "oam:CreateLink naming another account's sink",
    fact: 'CreateLink is authorized against the sink it names, a resource of the monitoring account (its one resource type in the Service Authorization Reference is Sink); the sink policy must allow the caller too. Sharing log groups needs logs:Link besides.',
    consequence:
      "A member stack's derived deploy policy grants oam:CreateLink on the log archive's sinks its links name (LinkToOtherAccountsSinks), and nothing else of that account, with logs:Link; the sinks' policies admit the sending accounts. The deploy-role proof reads the sink of a CreateLink from its SinkIdentifier.",
    source: {
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchobservabilityaccessmanager.html',
      sentence:
        'Grants permission to create a link between a monitoring account and a source account for cross-account monitoring',
    },
    reliedOnBy: [
      'packages/cli/toolkit/deploy-role/deploy-policy.ts',
      'packages/cli/toolkit/deploy-role/resource-actions.ts',
      'e2e/harness/deploy-role-proof.ts',
    ],
    testedBy: [DEPLOY_ROLE_TEST, '__tests__/application-logs/live-search.moto.test.ts'],
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
    reliedOnBy: ['packages/cli/toolkit/deploy-role/deploy-policy.ts', 'e2e/harness/deploy-role-proof.ts'],
    testedBy: [DEPLOY_ROLE_TEST],
  },
];
