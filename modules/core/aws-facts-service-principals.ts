import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the service principals our roles trust and our bucket,
 * key and topic policies admit, and for the organization-level calls, orderings, read-back forms and
 * defaults not kept beside a helper in aws-facts.ts. Each row is cited and pinned by a test.
 */

const PRINCIPALS_TEST = '__tests__/core/aws-facts-service-principals.test.ts';
const ORDERINGS_TEST = '__tests__/core/aws-facts-orderings.test.ts';
const DEFAULTS_TEST = '__tests__/core/aws-facts-defaults.test.ts';

export const SERVICE_PRINCIPAL_FACTS: readonly AwsFact[] = [
  {
    id: 'config-role-trust-source-account',
    kind: 'condition-keys',
    subject: 'config.amazonaws.com assumes the recorder and aggregator roles',
    fact: "AWS Config sends aws:SourceAccount (the account it records or aggregates for, the role's own) when it assumes the role assigned to it; AWS documents a trust condition StringEquals AWS:SourceAccount.",
    consequence:
      "The recorder role of each member and the audit account's aggregator role trust config.amazonaws.com only with aws:SourceAccount = their own account: Config acting for any other account cannot assume them.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html',
      sentence:
        'You can use the AWS:SourceAccount condition in the IAM Role Trust relationship above to restrict the Config service principal to only interact with the AWS IAM Role when performing operations on behalf of specific accounts.',
    },
    reliedOnBy: ['modules/aws-config/config-recording.ts', 'modules/aws-config/organization-config-aggregator.ts'],
    testedBy: [PRINCIPALS_TEST],
  },
  {
    id: 'cloudtrail-kms-source-arn-is-trail-arn',
    kind: 'condition-keys',
    subject: 'cloudtrail.amazonaws.com uses the log key',
    fact: "On kms:GenerateDataKey* and kms:DescribeKey CloudTrail sends aws:SourceArn = the ARN of the trail that uses the key, and encrypts with kms:EncryptionContext:aws:cloudtrail:arn = that same trail ARN (for an organization trail, the management account's).",
    consequence:
      "The log key's CloudTrailEncryptLogs and CloudTrailDescribeKey statements admit exactly the organization trail and the members' account trails by aws:SourceArn, with the encryption context limited to those trails' accounts.",
    source: {
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
      sentence:
        'The IAM global condition key aws:SourceArn helps ensure that CloudTrail uses the KMS key only for a specific trail or trails.',
    },
    reliedOnBy: ['modules/log-archive/log-key-policy.ts'],
    testedBy: [PRINCIPALS_TEST],
  },
  {
    id: 'eventbridge-rule-target-source-arn-is-rule-arn',
    kind: 'condition-keys',
    subject: "events.amazonaws.com assumes an event bus rule target's role",
    fact: "For an event bus rule's target, EventBridge sends aws:SourceArn = the rule's ARN (arn:<partition>:events:<region>:<account>:rule/<name> on the default bus) and aws:SourceAccount = the rule's account.",
    consequence:
      "The findings export's events role trusts EventBridge only with aws:SourceAccount = the audit account, so a rule of any other account cannot send through it (any rule of the audit account could, and the role may only put records into the findings stream).",
    source: {
      url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
      sentence: 'For EventBridge event bus rule targets, the value of aws:SourceArn must be the rule ARN.',
    },
    reliedOnBy: ['modules/security-hub/security-hub-findings-export.ts'],
    testedBy: [PRINCIPALS_TEST],
  },
  {
    id: 'securityhub-designation-needs-trusted-access',
    kind: 'ordering',
    subject: 'securityhub:EnableOrganizationAdminAccount',
    fact: "Security Hub's delegated administrator can be designated only once trusted access for securityhub.amazonaws.com (the Security Hub–Organizations integration) is on.",
    consequence:
      'The designation has a plan-time precondition that securityhub.amazonaws.com has trusted access, with the command that turns it on, so the plan stops instead of the apply failing.',
    source: {
      url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-securityhub-delegatedadmin.html',
      sentence:
        'You must enable the integration between Security Hub and AWS Organizations before you can designate a delegated Security Hub administrator.',
    },
    reliedOnBy: ['modules/audit-account/audit-delegation.ts', 'modules/deployment/organization-checks.ts'],
    testedBy: [ORDERINGS_TEST],
  },
  {
    id: 'config-start-recorder-needs-channel',
    kind: 'ordering',
    subject: 'config:StartConfigurationRecorder',
    fact: 'AWS Config refuses to start a recorder (NoAvailableDeliveryChannelException) until the Region has a delivery channel.',
    consequence:
      "Each Region's recorder status (which starts recording) depends on that Region's delivery channel, which itself depends on the recorder.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html',
      sentence:
        'You must have created a delivery channel to successfully start the customer managed configuration recorder.',
    },
    reliedOnBy: ['modules/aws-config/config-recording.ts'],
    testedBy: [ORDERINGS_TEST],
  },
  {
    id: 's3-access-log-target-same-account-and-region',
    kind: 'ordering',
    subject: 's3:PutBucketLogging',
    fact: 'S3 delivers server access logs only into a destination bucket of the same account and Region as the source bucket.',
    consequence:
      'Only buckets of the log archive account in the home Region log into its access-log bucket, through the same provider; the replica bucket (another Region) has no access logging.',
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
      sentence: 'The destination bucket must be in the same AWS Region and AWS account as the source bucket.',
    },
    reliedOnBy: [
      'modules/log-archive/log-archive.ts',
      'modules/log-archive/log-replication.ts',
      'modules/storage/secure-bucket.ts',
    ],
    testedBy: [ORDERINGS_TEST],
  },
  {
    id: 'flow-logs-delivery-source-account-and-logs-arn',
    kind: 'condition-keys',
    subject: 'delivery.logs.amazonaws.com delivers VPC flow logs to the member-logs bucket under the log key',
    fact: "For flow logs to S3, the log delivery service checks the bucket (s3:GetBucketAcl, s3:ListBucket) and writes each object with s3:x-amz-acl = bucket-owner-full-control under <prefix>/AWSLogs/<account>/, sending aws:SourceAccount = the account whose flow logs it delivers and aws:SourceArn = arn:<partition>:logs:<source Region>:<that account>:*; the bucket policy AWS gives names the flow log creator's account in both keys.",
    consequence:
      "For accounts outside the organization, FlowLogsBucketCheckOutside and FlowLogsWriteOutside (member-logs bucket) and LogDeliveryEncryptFlowLogsOutside (log key) admit the service by aws:SourceAccount, and the write only under the prefix of the account it sends; none conditions on aws:SourceArn. For the organization's members, FlowLogsBucketCheck, FlowLogsWrite and LogDeliveryEncryptFlowLogs condition on aws:SourceOrgID instead, which neither the VPC nor the CloudWatch Logs page documents for this service (unverified for this service): if the service does not send it, those members' flow logs are refused.",
    source: {
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html',
      sentence:
        'Otherwise, the bucket owner must add this policy to the bucket, specifying the AWS account ID of the flow log creator, or flow log creation fails.',
    },
    reliedOnBy: [
      'modules/log-archive/member-logs-bucket-policy.ts',
      'modules/log-archive/log-key-policy.ts',
      'modules/log-archive/delivery-sources.ts',
    ],
    testedBy: [PRINCIPALS_TEST],
  },
  {
    id: 'kms-rotation-period-default-365-days',
    kind: 'default',
    subject: 'kms:EnableKeyRotation without RotationPeriodInDays',
    fact: 'Automatic rotation turned on without a rotation period rotates the key material every 365 days.',
    consequence:
      'Every key the stacks create (AuditKey) is written with enable_key_rotation true and no rotation_period_in_days, so its material rotates yearly, by that default, as docs/log-archive.md says.',
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/ct-enablekeyrotation.html',
      sentence:
        'If you do not specify a rotation period when you enable automatic key rotation, the default value is 365 days.',
    },
    reliedOnBy: ['modules/kms/audit-key.ts', 'docs/log-archive.md'],
    testedBy: [DEFAULTS_TEST],
  },
  {
    id: 'cloudtrail-trail-single-region-by-default',
    kind: 'default',
    subject: 'cloudtrail:CreateTrail, IsMultiRegionTrail',
    fact: 'A trail created through the CLI or the API (Terraform) logs events only in the Region it is created in, unless IsMultiRegionTrail is true.',
    consequence:
      'The organization trail and every standalone trail are written with is_multi_region_trail true (and include_global_service_events true): left out, the trail would record the home Region alone.',
    source: {
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-create-trail.html',
      sentence:
        'By default, the create-trail command creates a trail that logs events only in the AWS Region where the trail was created.',
    },
    reliedOnBy: ['modules/trail/organization-trail.ts', 'modules/trail/standalone-trail.ts'],
    testedBy: [DEFAULTS_TEST],
  },
  {
    id: 'firehose-trust-external-id-is-account',
    kind: 'condition-keys',
    subject: 'firehose.amazonaws.com assumes a delivery role',
    fact: "Firehose's guide has the delivery role trust firehose.amazonaws.com with sts:ExternalId = the account id; it documents no aws:SourceAccount or aws:SourceArn for this call.",
    consequence:
      "The findings export's delivery role trusts Firehose only with sts:ExternalId = the audit account (a condition on aws:SourceAccount, which it had, could refuse every delivery).",
    source: {
      url: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html',
      sentence: 'This ensures that only you can request Kinesis Data Firehose to assume the IAM role.',
    },
    reliedOnBy: ['modules/security-hub/security-hub-findings-export.ts'],
    testedBy: ['__tests__/security-hub/security-hub.test.ts', '__tests__/stacks/policy/audit-account.policy.test.ts'],
  },
  {
    id: 'glue-crawler-trust-names-the-principal-alone',
    kind: 'condition-keys',
    subject: "glue.amazonaws.com assumes a crawler's role",
    fact: "Glue's guide gives crawler roles a trust policy for the Glue service principal and documents no condition key Glue sends when it assumes one.",
    consequence:
      "The Config crawler's role trusts glue.amazonaws.com with no condition (its aws:SourceAccount condition could stop every crawl); only principals of the account, through iam:PassRole, can give the role to a crawler.",
    source: {
      url: 'https://docs.aws.amazon.com/glue/latest/dg/crawler-prereqs.html',
      sentence:
        'The AWS Glue console lists only IAM roles that have attached a trust policy for the AWS Glue principal service.',
    },
    reliedOnBy: ['modules/analytics/config-crawler.ts'],
    testedBy: ['__tests__/analytics/analytics.test.ts'],
  },
  {
    id: 's3-replication-trust-names-the-principal-alone',
    kind: 'condition-keys',
    subject: 's3.amazonaws.com assumes a replication role',
    fact: "S3's guide gives a replication role a trust policy naming s3.amazonaws.com alone and documents no condition key S3 sends when it assumes it.",
    consequence:
      'The log replication role trusts s3.amazonaws.com with no condition (its aws:SourceAccount and aws:SourceArn conditions could stop replication without an error anyone sees); only principals of the archive account, through iam:PassRole, can name the role in a replication rule.',
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
      sentence:
        'The following example shows a trust policy where you identify Amazon S3 as the AWS service principal that can assume the role:',
    },
    reliedOnBy: ['modules/log-archive/log-replication.ts'],
    testedBy: ['__tests__/log-archive/log-archive.test.ts'],
  },
  {
    id: 'organizations-policy-type-enabled-before-attach',
    kind: 'ordering',
    subject: 'organizations:AttachPolicy of an SCP or RCP',
    fact: 'Organizations refuses to attach a policy whose type (SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY) is not enabled on the root (PolicyTypeNotEnabledException); moto 5.2.1 attaches it.',
    consequence:
      "Each guardrail policy carries a plan-time precondition that its type is enabled on the root, which stops the plan with the enable-policy-type command; the harness's moto refuses the attachment as AWS does (moto_server.py item 8), and every e2e run first plans the guardrails with the types off.",
    source: {
      url: 'https://docs.aws.amazon.com/botocore/latest/reference/services/organizations/client/exceptions/PolicyTypeNotEnabledException.html',
      sentence:
        'You can’t attach policies of the specified type to entities in a root until you enable that type in the root.',
    },
    reliedOnBy: ['modules/guardrails/guardrails.ts', 'e2e/harness/moto_server.py'],
    testedBy: ['__tests__/guardrails/guardrails.test.ts'],
  },
  {
    id: 's3-server-access-logs-source-bucket-and-account',
    kind: 'condition-keys',
    subject: 'logging.s3.amazonaws.com writes server access logs',
    fact: "S3 delivers server access logs as the logging service principal, which the target bucket's policy admits; AWS's policy for it conditions on aws:SourceArn = the source bucket's ARN and aws:SourceAccount = the source bucket's account.",
    consequence:
      "The access-log bucket admits logging.s3.amazonaws.com only for the archive's own buckets (by ARN) and the archive account, each writing under its own bucket's prefix; the bucket keeps S3-managed encryption and no Object Lock, which a log target needs.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-migrating-acls-prerequisites.html',
      sentence:
        'If you want to apply the Bucket owner enforced setting to disable ACLs for a server access logging destination bucket (also known as a target bucket), you must migrate bucket ACL permissions for the S3 log delivery group to the logging service principal (logging.s3.amazonaws.com) in a bucket policy.',
    },
    reliedOnBy: ['modules/log-archive/log-archive.ts'],
    testedBy: ['__tests__/stacks/policy/log-archive-cases.ts'],
  },
  {
    id: 'cloudwatch-alarm-source-arn-is-alarm-arn',
    kind: 'condition-keys',
    subject: 'cloudwatch.amazonaws.com publishes an alarm notification to an SNS topic',
    fact: "A CloudWatch alarm publishes with aws:SourceArn = the alarm's ARN (arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>); SNS's guide admits an account's alarms by that ARN alone.",
    consequence:
      'The alarm topic admits cloudwatch.amazonaws.com for arn:<partition>:cloudwatch:<region>:<account>:alarm:* and nothing more (its aws:SourceAccount condition, which no guide shows for this call, is gone); the ARN names the account.',
    source: {
      url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
      sentence:
        'In this case, any CloudWatch alarms in account 111122223333 are allowed to publish to an Amazon SNS topic in account 444455556666.',
    },
    reliedOnBy: ['modules/alarms/security-alarms.ts'],
    testedBy: ['__tests__/stacks/organization.test.ts'],
  },
  {
    id: 'ssm-automation-trust-source-account',
    kind: 'condition-keys',
    subject: 'ssm.amazonaws.com assumes the role an Automation runbook runs with',
    fact: "Systems Manager sends aws:SourceAccount (the automation's account) and aws:SourceArn (the automation execution, arn:<partition>:ssm:<region>:<account>:automation-execution/<id>) when it assumes an automation's role; AWS recommends a trust on both, as its AWS-SystemsManager-AutomationExecutionRole template has.",
    consequence:
      "The role AWS Config's flow log remediation runs AWS-EnableVPCFlowLogs with trusts ssm.amazonaws.com only with aws:SourceAccount = its own account and aws:SourceArn an automation execution of that account: no other account's automation can assume it.",
    source: {
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html',
      sentence:
        'We recommend using the aws:SourceArn and aws:SourceAccount global condition context keys in resource policies to limit the permissions that AWS Systems Manager gives another service to the resource.',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts'],
    testedBy: ['__tests__/stacks/policy/flow-logs-remediation.policy.test.ts'],
  },
  {
    id: 'config-remediation-not-on-organization-rules',
    kind: 'permission',
    subject: 'config:PutRemediationConfigurations',
    fact: 'AWS Config attaches a remediation only to a rule of the account: not to an organization rule, nor to a rule a conformance pack or Security Hub deployed.',
    consequence:
      "awsConfig.flowLogsForEveryVpc deploys vpc-flow-logs-enabled as an account rule in each member's own stack, beside (not instead of) the audit account's organization rule of the same check, and attaches the remediation there.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html',
      sentence:
        'This API does not support adding remediation configurations for service-linked Config Rules such as Organization Config rules, the rules deployed by conformance packs, and rules deployed by AWS Security Hub.',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'config-automatic-remediation-needs-automation-assume-role',
    kind: 'permission',
    subject: 'config:PutRemediationConfigurations with Automatic true',
    fact: "An automatic remediation runs the runbook with the role given in its AutomationAssumeRole parameter, which must have a value; the runbook's own assumeRole field is not used.",
    consequence:
      "The flow log remediation passes its role's ARN as AutomationAssumeRole, a static value of every remediation (AWS-EnableVPCFlowLogs's assumeRole is {{AutomationAssumeRole}}).",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html',
      sentence:
        'However, for automatic remediation configuration, the only valid assumeRole field value is AutomationAssumeRole and you need to provide a value for AutomationAssumeRole to remediate your resources.',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'config-remediation-needs-rule-first',
    kind: 'ordering',
    subject: 'config:PutRemediationConfigurations',
    fact: 'A remediation can be put only on a Config rule that exists already.',
    consequence:
      "Each remediation names its rule by reference, so Terraform creates the rule first (and the rule waits for its Region's recorder); the e2e harness refuses a remediation of a missing rule, as AWS does.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html',
      sentence: 'The Config rule must already exist for you to add a remediation configuration.',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts', 'e2e/harness/moto_audit_apis.py'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'securityhub-central-configuration-organization-only',
    kind: 'permission',
    subject: "Security Hub's central configuration (configuration policies)",
    fact: 'A configuration policy reaches only accounts of the organization: an account outside it (invited, or standalone) is configured on its own, in each Region.',
    consequence:
      "A member with inOrganization false gets Security Hub, the organization's standards in each governed Region, a finding aggregator and the findings export in its own stack (StandaloneSecurityHub); what only a policy sets (Config.1's parameter) is a gap compliance names.",
    source: {
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/accounts-transition-to-orgs.html',
      sentence:
        'Central configuration, a feature which helps you manage Security Hub across multiple accounts and Regions, is only available when you integrate with Organizations.',
    },
    reliedOnBy: ['modules/security-hub/standalone-security-hub.ts', 'stacks/member.ts'],
    testedBy: ['__tests__/security-hub/standalone-security-hub.test.ts'],
  },
  {
    id: 'scp-does-not-restrict-management-account',
    kind: 'permission',
    subject: 'Service control policies',
    fact: "No service control policy restricts the users and roles of the organization's management account.",
    consequence:
      "A role our stacks create in the management account (the organization trail's delivery role when the management account owns the trail, that account's flow-logs remediation role) cannot be protected by a guardrail: the scan pack exempts it by this fact, and docs/guardrails.md names the account as a gap.",
    source: {
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html',
      sentence:
        'This is because security features like Organizations service control policies (SCPs) do not restrict users or roles in the management account.',
    },
    reliedOnBy: ['packages/cli/toolkit/scan/exemptions.ts'],
    testedBy: ['__tests__/toolkit/scan/scan.test.ts'],
  },
];
