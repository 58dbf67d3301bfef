/**
 * The resource types the stacks create that no rule of the pack judges or reads, each with why it
 * needs none. A type a synth creates that is neither here nor in a rule fails the pack's test: a new
 * type is placed on purpose, never passed over.
 */
export const UNJUDGED_TYPES: Readonly<Record<string, string>> = {
  aws_athena_named_query: 'A saved query: SQL text, no data and no access of its own.',
  aws_cloudtrail:
    'Judged by the control matrix (toolkit/compliance/rules/trail-*.ts: all Regions, log file validation, KMS, CloudWatch Logs).',
  aws_cloudwatch_event_rule: 'A pattern that matches events: it holds no data; its target role is judged as a role.',
  aws_cloudwatch_event_target: "Names a rule's target and role; the role is judged as a role.",
  aws_cloudwatch_log_account_policy:
    'The subscription filter policy that sends every log group to the archive: it holds no data; the guardrails protect it (DenyAccountPolicyChanges).',
  aws_cloudwatch_log_destination:
    'A pointer to the Firehose stream, judged as a stream; it keeps no data, and its access policy is the destination policy.',
  aws_cloudwatch_log_destination_policy: 'Admits the sending accounts by account ARN, each named; no Principal "*".',
  aws_cloudwatch_log_metric_filter:
    'A pattern over a log group: it holds no data (the detection tests judge its pattern).',
  aws_cloudwatch_metric_alarm: 'An alarm on a metric: it holds no data; its topic is judged as a topic.',
  aws_cloudwatch_query_definition: 'A saved Logs Insights query: text, no data.',
  aws_config_config_rule: 'A detective check: it holds no data.',
  aws_config_configuration_aggregator: 'Reads what Config records; its role is judged as a role.',
  aws_config_configuration_recorder: 'Judged by the control matrix (config-all-regions); its role is judged as a role.',
  aws_config_configuration_recorder_status: 'Turns the recorder on; judged with it by the control matrix.',
  aws_config_delivery_channel:
    'Delivers into a bucket of the archive, judged as a bucket (Config uses its default encryption).',
  aws_config_organization_managed_rule: 'A detective check of every account: it holds no data.',
  aws_config_remediation_configuration: 'Runs an Automation document with a role, judged as a role.',
  aws_flow_log: 'Judged by the control matrix (vpc-flow-logs); delivers into the archive, judged as a bucket.',
  aws_iam_role_policy_attachment:
    'Attaches an AWS managed policy (AWS writes it) or an aws_iam_policy of ours, which iam-policy-no-full-admin judges.',
  aws_kms_alias: 'A name for a key; the key is judged.',
  aws_oam_link: 'A live-search link: it shares log groups for reading, holds no copy; the guardrails protect it.',
  aws_oam_sink:
    'The live-search sink: it holds no data; its policy admits the organization (oam-sink-policy-organization-log-groups).',
  aws_oam_sink_policy: 'Admits the organization by aws:PrincipalOrgID (oam-sink-policy-organization-log-groups).',
  aws_opensearchserverless_access_policy:
    'The search collection\'s data access policy: names the pipeline role and the analyst roles, each by ARN, no "*" (tested in __tests__/search).',
  aws_opensearchserverless_collection:
    'The search collection: encrypted with the search key by its encryption policy, reachable only through its network policies (tested in __tests__/search).',
  aws_opensearchserverless_lifecycle_policy:
    "The search indexes' retention: the archive's, the config's decision, not a scanner's.",
  aws_opensearchserverless_security_policy:
    "The search collection's encryption (a customer managed key) and network (never public) policies, tested in __tests__/search.",
  aws_opensearchserverless_vpc_endpoint: 'The endpoint the analysts reach the search collection through: no data.',
  aws_organizations_delegated_administrator: 'Registers a delegated administrator: no data.',
  aws_organizations_policy_attachment: 'Attaches a guardrail to the root or an OU: no data.',
  aws_osis_pipeline:
    'The search pipeline: it keeps no data; its role is judged as a role, its dead letters as a bucket.',
  aws_quicksight_data_set:
    "A view over the Athena workgroup, judged as a workgroup; QuickSight's access is by its own permissions.",
  aws_quicksight_data_source: 'Names the Athena workgroup, judged as a workgroup.',
  aws_s3_bucket_lifecycle_configuration:
    "A bucket's expiry and transitions: retention is the config's decision, not a scanner's.",
  aws_s3_bucket_notification: "Sends the archive's object events to the search queues: no data.",
  aws_s3_bucket_object_lock_configuration: "A bucket's Object Lock retention: the config's decision, not a scanner's.",
  aws_s3_bucket_replication_configuration:
    'Copies into the replica bucket, which is a bucket of its own and judged as one.',
  aws_scheduler_schedule: 'Starts the columnar copy with a role, judged as a role.',
  aws_scheduler_schedule_group: 'Groups schedules: no data.',
  aws_securityhub_account: 'Turns Security Hub on: judged by the control matrix (security-hub-enabled).',
  aws_securityhub_configuration_policy: 'Security Hub central configuration: no data.',
  aws_securityhub_configuration_policy_association: 'Associates the configuration policy with a target: no data.',
  aws_securityhub_finding_aggregator: 'Gathers findings into the home Region: no data of its own.',
  aws_securityhub_organization_admin_account: 'Designates the delegated administrator: no data.',
  aws_securityhub_organization_configuration: 'Security Hub organization settings: no data.',
  aws_securityhub_standards_subscription: 'Subscribes a standard: no data.',
  aws_sns_topic_subscription:
    'A subscriber of a topic (an address or an endpoint): it holds no data; the topic is judged.',
  aws_sqs_queue_policy:
    'Admits S3 for one archive bucket of the account (aws:SourceArn, aws:SourceAccount), simulated in search.policy.test.ts.',
  aws_ssm_document:
    "Session Manager's preferences: configuration, no data; the session key it names is judged as a key.",
  terraform_data: 'A value kept in state (an ARN, a precondition): no AWS resource.',
};
