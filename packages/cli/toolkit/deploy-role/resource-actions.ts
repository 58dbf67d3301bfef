/*
 * What the AWS provider (hashicorp/aws 5.100.0, the version the stacks pin) calls for each resource
 * and data source type the stacks synthesize, as the IAM actions those calls need.
 *
 * Sources, for every row:
 * - the provider's code of the type at v5.100.0 (`source`, a path under
 *   https://github.com/hashicorp/terraform-provider-aws/tree/v5.100.0/): the
 *   create, read, update and delete functions and the calls they make, tags included (the provider
 *   tags at creation where the API takes tags, else right after, and reads tags back on refresh);
 * - the Service Authorization Reference page of each service (SERVICE_REFERENCE in
 *   action-scopes.ts): the action each API operation needs where it is not the operation's own name
 *   (S3 most of all: HeadBucket needs s3:ListBucket, DeletePublicAccessBlock needs
 *   s3:PutBucketPublicAccessBlock), the actions it depends on (an organization trail needs
 *   iam:CreateServiceLinkedRole and organizations:EnableAWSServiceAccess), and whether it takes a
 *   resource type (action-scopes.ts);
 * - the services' guides where a call needs a permission it does not name: iam:PassRole for a role
 *   handed to a service (`passRole`), iam:CreateServiceLinkedRole where AWS creates a
 *   service-linked role on the caller's behalf.
 *
 * Proven, not believed: every e2e suite records each call its applies, plans, imports and
 * destroys make (e2e/harness/moto_call_record.py), and e2e/harness/deploy-role-proof.ts evaluates
 * each against the policy this table derives for the stack that made it, and fails the run on a
 * call the policy would deny. __tests__/toolkit/deploy-role.test.ts checks every action against
 * the Service Authorization Reference's data.
 */

import { FORWARD_ACCESS } from '@audit-logging/cdktf/toolkit-api/catalogs';

/** A role a resource hands to an AWS service: iam:PassRole, held to that service. */
export interface PassRole {
  /** The service principal the role is passed to (`iam:PassedToService`). */
  readonly toService: string;
  /** The attribute that holds the role's ARN, at any depth of the resource; no such attribute, no pass. */
  readonly attribute: string;
}

/**
 * KMS actions a service calls with the caller's own credentials (a forward access session) on the key
 * a resource names: AWS authorizes them against the caller, with kms:ViaService naming the service
 * ([kms-via-service-forward-access]). The derived policy grants them on that key only through it.
 * Derived from FORWARD_ACCESS (modules/core/aws-facts-forward-access.ts), the one table of them.
 */
export interface ForwardAccess {
  /** The service, as kms:ViaService names it (`<service>.<region>.amazonaws.com`). */
  readonly viaService: string;
  /** The attribute that holds the key's ARN, at any depth of the resource; no such attribute, no call. */
  readonly keyAttribute: string;
  /** Or the key another resource of the stack names (`keyAttribute` of a resource of this type). */
  readonly keyOfType?: string;
  /** The KMS actions it calls; each is in the row's create, read or update too. */
  readonly actions: readonly string[];
}

/** The IAM actions the provider's calls for one Terraform type need, by what Terraform is doing. */
export interface ResourceActions {
  /** The type's code in the provider, a path under its v5.100.0 tree on GitHub. */
  readonly source: string;
  /** Create, tags at creation included. */
  readonly create: readonly string[];
  /** Read: refresh, plan, import. */
  readonly read: readonly string[];
  /** Update in place, tags included. */
  readonly update: readonly string[];
  readonly delete: readonly string[];
  readonly passRole?: readonly PassRole[];
  /** What the service calls on a key with the caller's credentials, granted only through it. */
  readonly forwardAccess?: readonly ForwardAccess[];
}

const ORGANIZATION_READ = [
  'organizations:DescribeOrganization',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListAccounts',
  'organizations:ListRoots',
];
/** What an organization-wide feature of a service needs to turn on its trusted access. */
const TRUSTED_ACCESS = [
  'organizations:DescribeOrganization',
  'organizations:EnableAWSServiceAccess',
  'organizations:ListAWSServiceAccessForOrganization',
];
const LOGS_TAGS = ['logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'];

/** Every type the stacks may synthesize, as the provider's code calls for it. */
const PROVIDER_ACTIONS: Readonly<Record<string, ResourceActions>> = {
  'data.aws_organizations_organization': {
    source: 'internal/service/organizations/organization_data_source.go',
    create: [],
    read: ORGANIZATION_READ,
    update: [],
    delete: [],
  },
  aws_athena_named_query: {
    source: 'internal/service/athena/named_query.go',
    create: ['athena:CreateNamedQuery'],
    read: ['athena:GetNamedQuery'],
    update: [],
    delete: ['athena:DeleteNamedQuery'],
  },
  aws_athena_workgroup: {
    source: 'internal/service/athena/workgroup.go',
    create: ['athena:CreateWorkGroup', 'athena:TagResource'],
    read: ['athena:GetWorkGroup', 'athena:ListTagsForResource'],
    update: ['athena:UpdateWorkGroup', 'athena:TagResource', 'athena:UntagResource'],
    delete: ['athena:DeleteWorkGroup'],
  },
  aws_cloudtrail: {
    source: 'internal/service/cloudtrail/trail.go',
    // An organization trail: CloudTrail's guide, "Prepare for creating a trail for your organization".
    create: [
      'cloudtrail:CreateTrail',
      'cloudtrail:AddTags',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:PutInsightSelectors',
      'cloudtrail:StartLogging',
      'iam:CreateServiceLinkedRole',
      'iam:GetRole',
      ...TRUSTED_ACCESS,
      'organizations:ListAccounts',
    ],
    read: [
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:GetInsightSelectors',
      'cloudtrail:ListTags',
    ],
    update: [
      'cloudtrail:UpdateTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:PutInsightSelectors',
      'cloudtrail:StartLogging',
      'cloudtrail:StopLogging',
      'cloudtrail:AddTags',
      'cloudtrail:RemoveTags',
    ],
    delete: ['cloudtrail:DeleteTrail'],
    passRole: [{ toService: 'cloudtrail.amazonaws.com', attribute: 'cloud_watch_logs_role_arn' }],
  },
  aws_cloudwatch_event_rule: {
    source: 'internal/service/events/rule.go',
    create: ['events:PutRule', 'events:TagResource'],
    read: ['events:DescribeRule', 'events:ListTagsForResource'],
    update: ['events:PutRule', 'events:TagResource', 'events:UntagResource'],
    delete: ['events:DeleteRule'],
    passRole: [{ toService: 'events.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_cloudwatch_event_target: {
    source: 'internal/service/events/target.go',
    create: ['events:PutTargets'],
    read: ['events:ListTargetsByRule'],
    update: ['events:PutTargets'],
    delete: ['events:RemoveTargets'],
    passRole: [{ toService: 'events.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_cloudwatch_log_account_policy: {
    source: 'internal/service/logs/account_policy.go',
    // A subscription filter policy is authorized as both actions on each side (CloudWatch Logs API
    // reference, PutAccountPolicy, DescribeAccountPolicies and DeleteAccountPolicy); no role is passed
    // to a destination granted to the account by id ([logs-destination-account-grant-needs-no-sender-role]),
    // the sender's role to one granted to the organization, in the document's RoleArn
    // ([logs-destination-organization-grant-needs-sender-role]).
    create: ['logs:PutAccountPolicy', 'logs:PutSubscriptionFilter'],
    read: ['logs:DescribeAccountPolicies', 'logs:DescribeSubscriptionFilters'],
    update: ['logs:PutAccountPolicy', 'logs:PutSubscriptionFilter'],
    delete: ['logs:DeleteAccountPolicy', 'logs:DeleteSubscriptionFilter'],
    passRole: [{ toService: 'logs.amazonaws.com', attribute: 'RoleArn' }],
  },
  aws_cloudwatch_log_destination: {
    source: 'internal/service/logs/destination.go',
    // Tags after PutDestination, by TagResource (the provider's note: tags in PutDestination fail
    // its test message); PutDestination passes the role (CloudWatch Logs API reference).
    create: ['logs:PutDestination', ...LOGS_TAGS],
    read: ['logs:DescribeDestinations', 'logs:ListTagsForResource'],
    update: ['logs:PutDestination', ...LOGS_TAGS],
    delete: ['logs:DeleteDestination'],
    passRole: [{ toService: 'logs.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_cloudwatch_log_destination_policy: {
    source: 'internal/service/logs/destination_policy.go',
    // Its delete is a no-op in the provider: the policy goes with its destination.
    create: ['logs:PutDestinationPolicy'],
    read: ['logs:DescribeDestinations'],
    update: ['logs:PutDestinationPolicy'],
    delete: [],
  },
  aws_cloudwatch_log_group: {
    source: 'internal/service/logs/group.go',
    create: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', ...LOGS_TAGS],
    read: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
    update: [
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
      ...LOGS_TAGS,
    ],
    delete: ['logs:DeleteLogGroup'],
  },
  aws_cloudwatch_log_metric_filter: {
    source: 'internal/service/logs/metric_filter.go',
    create: ['logs:PutMetricFilter'],
    read: ['logs:DescribeMetricFilters'],
    update: ['logs:PutMetricFilter'],
    delete: ['logs:DeleteMetricFilter'],
  },
  aws_cloudwatch_metric_alarm: {
    source: 'internal/service/cloudwatch/metric_alarm.go',
    create: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
    read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    update: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
    delete: ['cloudwatch:DeleteAlarms'],
  },
  aws_cloudwatch_query_definition: {
    source: 'internal/service/logs/query_definition.go',
    create: ['logs:PutQueryDefinition'],
    read: ['logs:DescribeQueryDefinitions'],
    update: ['logs:PutQueryDefinition'],
    delete: ['logs:DeleteQueryDefinition'],
  },
  aws_config_configuration_aggregator: {
    source: 'internal/service/configservice/configuration_aggregator.go',
    // An organization aggregator: AWS Config's guide, "Setting up an aggregator": the caller needs
    // organizations read access besides the role it passes.
    create: [
      'config:PutConfigurationAggregator',
      'config:TagResource',
      'organizations:DescribeOrganization',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:EnableAWSServiceAccess',
      'organizations:ListDelegatedAdministrators',
    ],
    read: ['config:DescribeConfigurationAggregators', 'config:ListTagsForResource'],
    update: ['config:PutConfigurationAggregator', 'config:TagResource', 'config:UntagResource'],
    delete: ['config:DeleteConfigurationAggregator'],
    passRole: [{ toService: 'config.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_config_configuration_recorder: {
    source: 'internal/service/configservice/configuration_recorder.go',
    create: ['config:PutConfigurationRecorder'],
    read: ['config:DescribeConfigurationRecorders'],
    update: ['config:PutConfigurationRecorder'],
    delete: ['config:DeleteConfigurationRecorder'],
    passRole: [{ toService: 'config.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_config_configuration_recorder_status: {
    source: 'internal/service/configservice/configuration_recorder_status.go',
    create: ['config:StartConfigurationRecorder', 'config:StopConfigurationRecorder'],
    read: ['config:DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorders'],
    update: ['config:StartConfigurationRecorder', 'config:StopConfigurationRecorder'],
    delete: ['config:StopConfigurationRecorder'],
  },
  aws_config_config_rule: {
    source: 'internal/service/configservice/config_rule.go',
    // The provider tags at creation (PutConfigRule's Tags) and reads tags back on refresh.
    create: ['config:PutConfigRule', 'config:TagResource'],
    read: ['config:DescribeConfigRules', 'config:ListTagsForResource'],
    update: ['config:PutConfigRule', 'config:TagResource', 'config:UntagResource'],
    delete: ['config:DeleteConfigRule', 'config:DescribeConfigRules'],
  },
  aws_config_remediation_configuration: {
    source: 'internal/service/configservice/remediation_configuration.go',
    // AWS Config starts the runbook as its service-linked role for remediation, which it creates
    // on first use (AWS Config guide, using service-linked roles for remediation).
    create: ['config:PutRemediationConfigurations', 'iam:CreateServiceLinkedRole'],
    read: ['config:DescribeRemediationConfigurations'],
    update: ['config:PutRemediationConfigurations'],
    delete: ['config:DeleteRemediationConfiguration'],
  },
  aws_config_delivery_channel: {
    source: 'internal/service/configservice/delivery_channel.go',
    create: ['config:PutDeliveryChannel'],
    read: ['config:DescribeDeliveryChannels'],
    update: ['config:PutDeliveryChannel'],
    delete: ['config:DeleteDeliveryChannel'],
  },
  aws_config_organization_managed_rule: {
    source: 'internal/service/configservice/organization_managed_rule.go',
    // PutOrganizationConfigRule's API reference: the caller needs these organizations permissions.
    create: [
      'config:PutOrganizationConfigRule',
      'organizations:DescribeOrganization',
      'organizations:EnableAWSServiceAccess',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListDelegatedAdministrators',
      'iam:CreateServiceLinkedRole',
    ],
    read: ['config:DescribeOrganizationConfigRules', 'config:DescribeOrganizationConfigRuleStatuses'],
    update: ['config:PutOrganizationConfigRule'],
    delete: ['config:DeleteOrganizationConfigRule', 'config:DescribeOrganizationConfigRuleStatuses'],
  },
  aws_flow_log: {
    source: 'internal/service/ec2/vpc_flow_log.go',
    // To S3: the VPC guide, "Flow logs to Amazon S3": the caller needs logs:CreateLogDelivery.
    create: ['ec2:CreateFlowLogs', 'ec2:CreateTags', 'logs:CreateLogDelivery'],
    read: ['ec2:DescribeFlowLogs'],
    update: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteFlowLogs', 'logs:DeleteLogDelivery'],
    passRole: [{ toService: 'vpc-flow-logs.amazonaws.com', attribute: 'iam_role_arn' }],
  },
  aws_glue_catalog_database: {
    source: 'internal/service/glue/catalog_database.go',
    create: ['glue:CreateDatabase', 'glue:TagResource'],
    read: ['glue:GetDatabase', 'glue:GetTags'],
    update: ['glue:UpdateDatabase', 'glue:TagResource', 'glue:UntagResource'],
    delete: ['glue:DeleteDatabase'],
  },
  aws_glue_catalog_table: {
    source: 'internal/service/glue/catalog_table.go',
    create: ['glue:CreateTable', 'glue:GetDatabase'],
    read: ['glue:GetTable', 'glue:GetPartitionIndexes'],
    update: ['glue:UpdateTable'],
    delete: ['glue:DeleteTable'],
  },
  aws_glue_crawler: {
    source: 'internal/service/glue/crawler.go',
    create: ['glue:CreateCrawler', 'glue:TagResource'],
    read: ['glue:GetCrawler', 'glue:GetTags'],
    update: ['glue:UpdateCrawler', 'glue:TagResource', 'glue:UntagResource'],
    delete: ['glue:DeleteCrawler'],
    passRole: [{ toService: 'glue.amazonaws.com', attribute: 'role' }],
  },
  aws_glue_data_catalog_encryption_settings: {
    source: 'internal/service/glue/data_catalog_encryption_settings.go',
    create: ['glue:PutDataCatalogEncryptionSettings'],
    read: ['glue:GetDataCatalogEncryptionSettings'],
    update: ['glue:PutDataCatalogEncryptionSettings'],
    delete: ['glue:PutDataCatalogEncryptionSettings'],
  },
  aws_glue_security_configuration: {
    source: 'internal/service/glue/security_configuration.go',
    create: ['glue:CreateSecurityConfiguration'],
    read: ['glue:GetSecurityConfiguration'],
    update: [],
    delete: ['glue:DeleteSecurityConfiguration'],
  },
  aws_iam_policy: {
    source: 'internal/service/iam/policy.go',
    create: ['iam:CreatePolicy', 'iam:TagPolicy'],
    read: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyTags', 'iam:ListPolicyVersions'],
    update: [
      'iam:CreatePolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:ListPolicyVersions',
      'iam:TagPolicy',
      'iam:UntagPolicy',
    ],
    delete: ['iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:ListPolicyVersions'],
  },
  aws_iam_role: {
    source: 'internal/service/iam/role.go',
    create: ['iam:CreateRole', 'iam:TagRole'],
    read: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListRoleTags'],
    update: [
      'iam:UpdateRole',
      'iam:UpdateAssumeRolePolicy',
      'iam:UpdateRoleDescription',
      'iam:TagRole',
      'iam:UntagRole',
    ],
    delete: [
      'iam:DeleteRole',
      'iam:ListInstanceProfilesForRole',
      'iam:ListRolePolicies',
      'iam:DeleteRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:DetachRolePolicy',
    ],
  },
  aws_iam_role_policy: {
    source: 'internal/service/iam/role_policy.go',
    create: ['iam:PutRolePolicy'],
    read: ['iam:GetRolePolicy'],
    update: ['iam:PutRolePolicy'],
    delete: ['iam:DeleteRolePolicy'],
  },
  aws_iam_role_policy_attachment: {
    source: 'internal/service/iam/role_policy_attachment.go',
    create: ['iam:AttachRolePolicy'],
    read: ['iam:ListAttachedRolePolicies'],
    update: [],
    delete: ['iam:DetachRolePolicy'],
  },
  aws_kinesis_firehose_delivery_stream: {
    source: 'internal/service/firehose/delivery_stream.go',
    // With a customer managed key, Firehose creates a grant on it with the caller's permissions
    // ([firehose-cmk-grant-made-by-caller]): a row of FORWARD_ACCESS.
    create: ['firehose:CreateDeliveryStream', 'firehose:TagDeliveryStream', 'firehose:StartDeliveryStreamEncryption'],
    read: ['firehose:DescribeDeliveryStream', 'firehose:ListTagsForDeliveryStream'],
    update: [
      'firehose:UpdateDestination',
      'firehose:StartDeliveryStreamEncryption',
      'firehose:StopDeliveryStreamEncryption',
      'firehose:TagDeliveryStream',
      'firehose:UntagDeliveryStream',
    ],
    delete: ['firehose:DeleteDeliveryStream'],
    passRole: [{ toService: 'firehose.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_kms_alias: {
    source: 'internal/service/kms/alias.go',
    create: ['kms:CreateAlias'],
    read: ['kms:ListAliases'],
    update: ['kms:UpdateAlias'],
    delete: ['kms:DeleteAlias'],
  },
  'data.aws_kms_key': {
    source: 'internal/service/kms/key_data_source.go',
    // The log key of the archive account, read by its alias ARN (a key another account owns).
    create: [],
    read: ['kms:DescribeKey'],
    update: [],
    delete: [],
  },
  aws_kms_key: {
    source: 'internal/service/kms/key.go',
    create: ['kms:CreateKey', 'kms:TagResource', 'kms:EnableKeyRotation'],
    read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
    update: [
      'kms:PutKeyPolicy',
      'kms:EnableKeyRotation',
      'kms:DisableKeyRotation',
      'kms:UpdateKeyDescription',
      'kms:TagResource',
      'kms:UntagResource',
    ],
    delete: ['kms:ScheduleKeyDeletion'],
  },
  aws_oam_link: {
    source: 'internal/service/oam/link.go',
    // CreateLink is authorized on the sink, in the monitoring account ([oam-create-link-on-other-accounts-sink]:
    // granted in deploy-policy.ts on the sinks the links name); sharing log groups needs logs:Link too
    // (CloudWatch guide, cross-account observability setup).
    create: ['oam:CreateLink', 'oam:TagResource', 'logs:Link'],
    read: ['oam:GetLink', 'oam:ListTagsForResource'],
    update: ['oam:UpdateLink', 'oam:TagResource', 'oam:UntagResource', 'logs:Link'],
    delete: ['oam:DeleteLink'],
  },
  aws_oam_sink: {
    source: 'internal/service/oam/sink.go',
    create: ['oam:CreateSink', 'oam:TagResource'],
    read: ['oam:GetSink', 'oam:ListTagsForResource'],
    update: ['oam:TagResource', 'oam:UntagResource'],
    delete: ['oam:DeleteSink'],
  },
  aws_oam_sink_policy: {
    source: 'internal/service/oam/sink_policy.go',
    // Its delete calls nothing: the policy goes with its sink.
    create: ['oam:PutSinkPolicy'],
    read: ['oam:GetSinkPolicy'],
    update: ['oam:PutSinkPolicy'],
    delete: [],
  },
  aws_opensearchserverless_access_policy: {
    source: 'internal/service/opensearchserverless/access_policy.go',
    create: ['aoss:CreateAccessPolicy'],
    read: ['aoss:GetAccessPolicy'],
    update: ['aoss:UpdateAccessPolicy'],
    delete: ['aoss:DeleteAccessPolicy'],
  },
  aws_opensearchserverless_collection: {
    source: 'internal/service/opensearchserverless/collection.go',
    // Found by id with BatchGetCollection (also while it waits for ACTIVE and for the deletion).
    create: ['aoss:CreateCollection', 'aoss:BatchGetCollection', 'aoss:TagResource'],
    read: ['aoss:BatchGetCollection', 'aoss:ListTagsForResource'],
    update: ['aoss:UpdateCollection', 'aoss:TagResource', 'aoss:UntagResource'],
    delete: ['aoss:DeleteCollection', 'aoss:BatchGetCollection'],
  },
  aws_opensearchserverless_lifecycle_policy: {
    source: 'internal/service/opensearchserverless/lifecycle_policy.go',
    create: ['aoss:CreateLifecyclePolicy'],
    read: ['aoss:BatchGetLifecyclePolicy'],
    update: ['aoss:UpdateLifecyclePolicy'],
    delete: ['aoss:DeleteLifecyclePolicy'],
  },
  aws_opensearchserverless_security_policy: {
    source: 'internal/service/opensearchserverless/security_policy.go',
    // An encryption policy naming a customer managed key: OpenSearch Serverless also needs the caller
    // to list keys ([aoss-customer-key-caller-permissions]); its DescribeKey and CreateGrant on the
    // key are forwarded (FORWARD_ACCESS).
    create: ['aoss:CreateSecurityPolicy', 'kms:ListKeys'],
    read: ['aoss:GetSecurityPolicy'],
    update: ['aoss:UpdateSecurityPolicy'],
    delete: ['aoss:DeleteSecurityPolicy'],
  },
  aws_opensearchserverless_vpc_endpoint: {
    source: 'internal/service/opensearchserverless/vpc_endpoint.go',
    create: ['aoss:CreateVpcEndpoint', 'aoss:BatchGetVpcEndpoint'],
    read: ['aoss:BatchGetVpcEndpoint'],
    update: ['aoss:UpdateVpcEndpoint', 'aoss:BatchGetVpcEndpoint'],
    delete: ['aoss:DeleteVpcEndpoint', 'aoss:BatchGetVpcEndpoint'],
  },
  aws_organizations_delegated_administrator: {
    source: 'internal/service/organizations/delegated_administrator.go',
    create: ['organizations:RegisterDelegatedAdministrator'],
    read: ['organizations:ListDelegatedAdministrators'],
    update: [],
    delete: ['organizations:DeregisterDelegatedAdministrator'],
  },
  aws_organizations_policy: {
    source: 'internal/service/organizations/policy.go',
    create: ['organizations:CreatePolicy', 'organizations:TagResource'],
    read: ['organizations:DescribePolicy', 'organizations:ListTagsForResource'],
    update: ['organizations:UpdatePolicy', 'organizations:TagResource', 'organizations:UntagResource'],
    delete: ['organizations:DeletePolicy'],
  },
  aws_organizations_policy_attachment: {
    source: 'internal/service/organizations/policy_attachment.go',
    create: ['organizations:AttachPolicy'],
    read: ['organizations:ListTargetsForPolicy'],
    update: [],
    delete: ['organizations:DetachPolicy'],
  },
  aws_osis_pipeline: {
    source: 'internal/service/osis/pipeline.go',
    // The pipeline's role is named in its configuration body (sts_role_arn of each source and sink),
    // which CreatePipeline and UpdatePipeline pass to OpenSearch Ingestion ([osis-create-pipeline-passes-its-role]).
    // The first pipeline of an account also makes OpenSearch Ingestion's service-linked role.
    create: ['osis:CreatePipeline', 'osis:GetPipeline', 'osis:TagResource', 'iam:CreateServiceLinkedRole'],
    read: ['osis:GetPipeline', 'osis:ListTagsForResource'],
    update: ['osis:UpdatePipeline', 'osis:GetPipeline', 'osis:TagResource', 'osis:UntagResource'],
    delete: ['osis:DeletePipeline', 'osis:GetPipeline'],
    passRole: [{ toService: 'osis-pipelines.amazonaws.com', attribute: 'sts_role_arn' }],
  },
  aws_quicksight_data_set: {
    source: 'internal/service/quicksight/data_set.go',
    // A dataset names its data source: QuickSight's actions list quicksight:PassDataSource for that.
    create: ['quicksight:CreateDataSet', 'quicksight:PassDataSource', 'quicksight:TagResource'],
    read: [
      'quicksight:DescribeDataSet',
      'quicksight:DescribeDataSetPermissions',
      'quicksight:DescribeDataSetRefreshProperties',
      'quicksight:ListTagsForResource',
    ],
    update: [
      'quicksight:UpdateDataSet',
      'quicksight:UpdateDataSetPermissions',
      'quicksight:PassDataSource',
      'quicksight:TagResource',
      'quicksight:UntagResource',
    ],
    delete: ['quicksight:DeleteDataSet'],
  },
  aws_quicksight_data_source: {
    source: 'internal/service/quicksight/data_source.go',
    create: ['quicksight:CreateDataSource', 'quicksight:TagResource'],
    read: [
      'quicksight:DescribeDataSource',
      'quicksight:DescribeDataSourcePermissions',
      'quicksight:ListTagsForResource',
    ],
    update: [
      'quicksight:UpdateDataSource',
      'quicksight:UpdateDataSourcePermissions',
      'quicksight:TagResource',
      'quicksight:UntagResource',
    ],
    delete: ['quicksight:DeleteDataSource'],
  },
  'data.aws_quicksight_group': {
    source: 'internal/service/quicksight/group_data_source.go',
    create: [],
    read: ['quicksight:DescribeGroup'],
    update: [],
    delete: [],
  },
  'data.aws_quicksight_user': {
    source: 'internal/service/quicksight/user_data_source.go',
    create: [],
    read: ['quicksight:DescribeUser'],
    update: [],
    delete: [],
  },
  aws_s3_bucket: {
    source: 'internal/service/s3/bucket.go',
    // With Object Lock on at creation: the S3 guide, "Enabling S3 Object Lock": CreateBucket needs
    // s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning too.
    create: ['s3:CreateBucket', 's3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning', 's3:PutBucketTagging'],
    // HeadBucket needs s3:ListBucket; each Get of a bucket's settings its own s3:Get... action.
    read: [
      's3:ListBucket',
      's3:GetBucketPolicy',
      's3:GetBucketAcl',
      's3:GetBucketCORS',
      's3:GetBucketWebsite',
      's3:GetBucketVersioning',
      's3:GetAccelerateConfiguration',
      's3:GetBucketRequestPayment',
      's3:GetBucketLogging',
      's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration',
      's3:GetEncryptionConfiguration',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketTagging',
    ],
    update: ['s3:PutBucketTagging'],
    delete: ['s3:DeleteBucket'],
  },
  aws_s3_bucket_lifecycle_configuration: {
    source: 'internal/service/s3/bucket_lifecycle_configuration.go',
    create: ['s3:PutLifecycleConfiguration'],
    read: ['s3:GetLifecycleConfiguration'],
    update: ['s3:PutLifecycleConfiguration'],
    // DeleteBucketLifecycle needs s3:PutLifecycleConfiguration.
    delete: ['s3:PutLifecycleConfiguration'],
  },
  aws_s3_bucket_logging: {
    source: 'internal/service/s3/bucket_logging.go',
    create: ['s3:PutBucketLogging'],
    read: ['s3:GetBucketLogging'],
    update: ['s3:PutBucketLogging'],
    delete: ['s3:PutBucketLogging'],
  },
  aws_s3_bucket_notification: {
    source: 'internal/service/s3/bucket_notification.go',
    // PutBucketNotificationConfiguration and GetBucketNotificationConfiguration need these actions; deleting puts an empty configuration.
    create: ['s3:PutBucketNotification'],
    read: ['s3:GetBucketNotification'],
    update: ['s3:PutBucketNotification'],
    delete: ['s3:PutBucketNotification'],
  },
  aws_s3_bucket_object_lock_configuration: {
    source: 'internal/service/s3/bucket_object_lock_configuration.go',
    create: ['s3:PutBucketObjectLockConfiguration'],
    read: ['s3:GetBucketObjectLockConfiguration'],
    update: ['s3:PutBucketObjectLockConfiguration'],
    delete: ['s3:PutBucketObjectLockConfiguration'],
  },
  aws_s3_bucket_ownership_controls: {
    source: 'internal/service/s3/bucket_ownership_controls.go',
    create: ['s3:PutBucketOwnershipControls'],
    read: ['s3:GetBucketOwnershipControls'],
    update: ['s3:PutBucketOwnershipControls'],
    // DeleteBucketOwnershipControls needs s3:PutBucketOwnershipControls.
    delete: ['s3:PutBucketOwnershipControls'],
  },
  aws_s3_bucket_policy: {
    source: 'internal/service/s3/bucket_policy.go',
    create: ['s3:PutBucketPolicy'],
    read: ['s3:GetBucketPolicy'],
    update: ['s3:PutBucketPolicy'],
    delete: ['s3:DeleteBucketPolicy'],
  },
  aws_s3_bucket_public_access_block: {
    source: 'internal/service/s3/bucket_public_access_block.go',
    create: ['s3:PutBucketPublicAccessBlock'],
    read: ['s3:GetBucketPublicAccessBlock'],
    update: ['s3:PutBucketPublicAccessBlock'],
    // DeletePublicAccessBlock needs s3:PutBucketPublicAccessBlock.
    delete: ['s3:PutBucketPublicAccessBlock'],
  },
  aws_s3_bucket_replication_configuration: {
    source: 'internal/service/s3/bucket_replication_configuration.go',
    create: ['s3:PutReplicationConfiguration'],
    read: ['s3:GetReplicationConfiguration'],
    update: ['s3:PutReplicationConfiguration'],
    // DeleteBucketReplication needs s3:PutReplicationConfiguration.
    delete: ['s3:PutReplicationConfiguration'],
    passRole: [{ toService: 's3.amazonaws.com', attribute: 'role' }],
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    source: 'internal/service/s3/bucket_server_side_encryption_configuration.go',
    create: ['s3:PutEncryptionConfiguration'],
    read: ['s3:GetEncryptionConfiguration'],
    update: ['s3:PutEncryptionConfiguration'],
    // DeleteBucketEncryption needs s3:PutEncryptionConfiguration.
    delete: ['s3:PutEncryptionConfiguration'],
  },
  aws_s3_bucket_versioning: {
    source: 'internal/service/s3/bucket_versioning.go',
    create: ['s3:PutBucketVersioning'],
    read: ['s3:GetBucketVersioning'],
    update: ['s3:PutBucketVersioning'],
    delete: ['s3:PutBucketVersioning'],
  },
  aws_scheduler_schedule: {
    source: 'internal/service/scheduler/schedule.go',
    create: ['scheduler:CreateSchedule'],
    read: ['scheduler:GetSchedule'],
    update: ['scheduler:UpdateSchedule'],
    delete: ['scheduler:DeleteSchedule'],
    passRole: [{ toService: 'scheduler.amazonaws.com', attribute: 'role_arn' }],
  },
  aws_scheduler_schedule_group: {
    source: 'internal/service/scheduler/schedule_group.go',
    create: ['scheduler:CreateScheduleGroup', 'scheduler:TagResource'],
    read: ['scheduler:GetScheduleGroup', 'scheduler:ListTagsForResource'],
    update: ['scheduler:TagResource', 'scheduler:UntagResource'],
    delete: ['scheduler:DeleteScheduleGroup'],
  },
  aws_securityhub_account: {
    source: 'internal/service/securityhub/account.go',
    // Security Hub's guide: enabling it creates its service-linked role.
    create: ['securityhub:EnableSecurityHub', 'securityhub:TagResource', 'iam:CreateServiceLinkedRole'],
    read: ['securityhub:DescribeHub', 'securityhub:ListTagsForResource'],
    update: ['securityhub:UpdateSecurityHubConfiguration'],
    delete: ['securityhub:DisableSecurityHub'],
  },
  aws_securityhub_configuration_policy: {
    source: 'internal/service/securityhub/configuration_policy.go',
    create: ['securityhub:CreateConfigurationPolicy'],
    read: ['securityhub:GetConfigurationPolicy'],
    update: ['securityhub:UpdateConfigurationPolicy'],
    delete: ['securityhub:DeleteConfigurationPolicy'],
  },
  aws_securityhub_configuration_policy_association: {
    source: 'internal/service/securityhub/configuration_policy_association.go',
    create: ['securityhub:StartConfigurationPolicyAssociation'],
    read: ['securityhub:GetConfigurationPolicyAssociation'],
    update: ['securityhub:StartConfigurationPolicyAssociation'],
    delete: ['securityhub:StartConfigurationPolicyDisassociation'],
  },
  aws_securityhub_standards_subscription: {
    source: 'internal/service/securityhub/standards_subscription.go',
    // The provider waits on GetEnabledStandards after enabling and after disabling.
    create: ['securityhub:BatchEnableStandards', 'securityhub:GetEnabledStandards'],
    read: ['securityhub:GetEnabledStandards'],
    update: [],
    delete: ['securityhub:BatchDisableStandards', 'securityhub:GetEnabledStandards'],
  },
  aws_securityhub_finding_aggregator: {
    source: 'internal/service/securityhub/finding_aggregator.go',
    create: ['securityhub:CreateFindingAggregator'],
    read: ['securityhub:GetFindingAggregator'],
    update: ['securityhub:UpdateFindingAggregator'],
    delete: ['securityhub:DeleteFindingAggregator'],
  },
  aws_securityhub_organization_admin_account: {
    source: 'internal/service/securityhub/organization_admin_account.go',
    // Security Hub's guide, "Designating a delegated administrator": the management account's
    // caller needs these organizations permissions.
    create: [
      'securityhub:EnableOrganizationAdminAccount',
      ...TRUSTED_ACCESS,
      'organizations:RegisterDelegatedAdministrator',
      'organizations:ListDelegatedAdministrators',
      'iam:CreateServiceLinkedRole',
    ],
    read: ['securityhub:ListOrganizationAdminAccounts'],
    update: [],
    delete: ['securityhub:DisableOrganizationAdminAccount', 'organizations:DeregisterDelegatedAdministrator'],
  },
  aws_securityhub_organization_configuration: {
    source: 'internal/service/securityhub/organization_configuration.go',
    create: ['securityhub:UpdateOrganizationConfiguration'],
    read: ['securityhub:DescribeOrganizationConfiguration'],
    update: ['securityhub:UpdateOrganizationConfiguration'],
    delete: ['securityhub:UpdateOrganizationConfiguration'],
  },
  aws_sns_topic: {
    source: 'internal/service/sns/topic.go',
    create: ['sns:CreateTopic', 'sns:TagResource', 'sns:SetTopicAttributes'],
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    update: ['sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource'],
    delete: ['sns:DeleteTopic'],
  },
  aws_sns_topic_policy: {
    source: 'internal/service/sns/topic_policy.go',
    create: ['sns:SetTopicAttributes'],
    read: ['sns:GetTopicAttributes'],
    update: ['sns:SetTopicAttributes'],
    delete: ['sns:SetTopicAttributes'],
  },
  aws_sns_topic_subscription: {
    source: 'internal/service/sns/topic_subscription.go',
    create: ['sns:Subscribe'],
    read: ['sns:GetSubscriptionAttributes'],
    update: ['sns:SetSubscriptionAttributes'],
    delete: ['sns:Unsubscribe'],
  },
  aws_sqs_queue: {
    source: 'internal/service/sqs/queue.go',
    create: ['sqs:CreateQueue', 'sqs:GetQueueAttributes', 'sqs:TagQueue'],
    read: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
    update: ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
    delete: ['sqs:DeleteQueue', 'sqs:GetQueueAttributes'],
  },
  aws_sqs_queue_policy: {
    source: 'internal/service/sqs/queue_policy.go',
    // The queue's Policy attribute: deleting sets it empty.
    create: ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes'],
    read: ['sqs:GetQueueAttributes'],
    update: ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes'],
    delete: ['sqs:SetQueueAttributes'],
  },
  aws_ssm_document: {
    source: 'internal/service/ssm/document.go',
    create: ['ssm:CreateDocument', 'ssm:AddTagsToResource'],
    read: ['ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:DescribeDocumentPermission', 'ssm:ListTagsForResource'],
    update: [
      'ssm:UpdateDocument',
      'ssm:UpdateDocumentDefaultVersion',
      'ssm:ModifyDocumentPermission',
      'ssm:AddTagsToResource',
      'ssm:RemoveTagsFromResource',
    ],
    delete: ['ssm:DeleteDocument'],
  },
};

/**
 * A type's row with what its service calls on a key with the deploy role's credentials (FORWARD_ACCESS):
 * the KMS actions join the operations that make them, and each becomes a forward access of the row.
 */
function withForwardAccess(type: string, row: ResourceActions): ResourceActions {
  const forwarded = FORWARD_ACCESS.find((access) => access.type === type);
  if (forwarded === undefined) return row;
  const actions = [...new Set(Object.values(forwarded.forwarded).flat())].sort();
  if (actions.length === 0) return row;
  const join = (own: readonly string[], more: readonly string[]) => [...new Set([...own, ...more])];
  const keyed =
    forwarded.keyOf === undefined
      ? forwarded.keyArguments.map((keyAttribute) => ({ keyAttribute }))
      : [{ keyAttribute: forwarded.keyOf.argument, keyOfType: forwarded.keyOf.type }];
  return {
    ...row,
    create: join(row.create, forwarded.forwarded.create),
    read: join(row.read, forwarded.forwarded.read),
    update: join(row.update, forwarded.forwarded.update),
    delete: join(row.delete, forwarded.forwarded.delete),
    forwardAccess: keyed.map((key) => ({ viaService: forwarded.service, ...key, actions })),
  };
}

/** Every type the stacks may synthesize, with its forward access. A data source is `data.<type>`. */
export const RESOURCE_ACTIONS: Readonly<Record<string, ResourceActions>> = Object.fromEntries(
  Object.entries(PROVIDER_ACTIONS).map(([type, row]) => [type, withForwardAccess(type, row)]),
);
