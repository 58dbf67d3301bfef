import type { AccountContext } from './account-context';
import { formatArn } from './arn';
import type { AwsFact, AwsFactKind } from './aws-fact';
import { APPLICATION_LOGS_FACTS } from './aws-facts-application-logs';
import { AWS_CREATED_FACTS } from './aws-facts-aws-created';
import { EVIDENCE_SIGNING_FACTS } from './aws-facts-evidence-signing';
import { FORWARD_ACCESS, FORWARD_ACCESS_FACTS } from './aws-facts-forward-access';
import { ESCALATION_FACTS } from './aws-facts-escalation';
import { PERMISSION_SCOPE_FACTS } from './aws-facts-permission-scope';
import { PREVENTION_FACTS } from './aws-facts-prevention';
import { REGION_DENY_FACTS } from './aws-facts-region-deny';
import { SEARCH_FACTS } from './aws-facts-search';
import { SEARCH_DOCUMENT_FACTS } from './aws-facts-search-documents';
import { SERVICE_PRINCIPAL_FACTS } from './aws-facts-service-principals';

export type { AwsFact } from './aws-fact';

/*
 * The facts about AWS the stacks rely on that no API schema shows: the condition keys a service
 * principal sends and the form of their values, what an organization-level call does by itself,
 * what must exist first, the form AWS reads a value back in, and defaults that change what a
 * setting means. moto applies none of them, so each is written down here once, with the AWS page
 * and the sentence it rests on, and pinned by the tests named in `testedBy` (each names the fact's
 * id). docs/aws-facts.md is generated from this table (npm run docs:aws-facts).
 */

/** Where a service acts: the partition, Region and account of the resource it acts for. */
export type ServiceSource = Pick<AccountContext, 'partition' | 'region' | 'accountId'>;

/**
 * The condition keys EventBridge Scheduler sends when it assumes a schedule's execution role: the
 * schedule's account, and the ARN of the schedule's group (never the schedule's own ARN).
 */
export function schedulerSentContext(source: ServiceSource & { readonly scheduleGroup: string }): {
  readonly 'aws:SourceAccount': string;
  readonly 'aws:SourceArn': string;
} {
  return {
    'aws:SourceAccount': source.accountId,
    'aws:SourceArn': formatArn({
      partition: source.partition,
      service: 'scheduler',
      region: source.region,
      account: source.accountId,
      resource: 'schedule-group',
      resourceName: source.scheduleGroup,
    }),
  };
}

/** The trust condition that admits Scheduler for one schedule group of one account, and no other. */
export function schedulerSourceConditions(source: ServiceSource & { readonly scheduleGroup: string }) {
  return { StringEquals: { ...schedulerSentContext(source) } };
}

/**
 * The aws:SourceArn patterns CloudWatch Logs matches when it assumes a destination's role in
 * `region`: one per account it writes for (each sender, and the receiver for the test message),
 * `arn:<partition>:logs:<region>:<account>:*` (fact `logs-destination-role-source-arn-per-account`).
 */
export function logsDestinationSourceArns(
  source: Pick<ServiceSource, 'partition' | 'region'>,
  accountIds: readonly string[],
): string[] {
  return [...new Set(accountIds)]
    .sort()
    .map((account) =>
      formatArn({ partition: source.partition, service: 'logs', region: source.region, account, resource: '*' }),
    );
}

const CLOUDTRAIL_GUIDE = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide';
const SECURITY_HUB_GUIDE = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const SECURITY_HUB_API = 'https://docs.aws.amazon.com/securityhub/1.0/APIReference';

/** Every fact, by kind, then subject. */
export const AWS_FACTS: readonly AwsFact[] = [
  {
    id: 'scheduler-source-arn-is-schedule-group',
    kind: 'condition-keys',
    subject: 'scheduler.amazonaws.com assumes a schedule execution role',
    fact: "Scheduler sends aws:SourceAccount (the schedule's account) and aws:SourceArn = the schedule group's ARN, arn:<partition>:scheduler:<region>:<account>:schedule-group/<group>; never the schedule's own ARN.",
    consequence:
      "The columnar copy's schedule lives in a schedule group of its own, and its role trusts Scheduler only for that group's ARN and the account: a trust naming the schedule would refuse every run.",
    source: {
      url: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html',
      sentence:
        'The value of aws:SourceArn must be your EventBridge Scheduler schedule group ARN to which you want to scope this condition.',
    },
    reliedOnBy: ['modules/analytics/cloudtrail-columnar-copy.ts'],
    testedBy: ['__tests__/stacks/policy/columnar-copy.policy.test.ts'],
  },
  {
    id: 'scheduler-group-deletion-deletes-its-schedules',
    kind: 'side-effect',
    subject: 'scheduler:DeleteScheduleGroup',
    fact: 'Deleting a schedule group makes Scheduler delete every schedule in it.',
    consequence:
      "The columnar copy's group holds its one schedule and is named after the copy, so removing the copy (or its group) removes nothing of anyone else's.",
    source: {
      url: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_DeleteScheduleGroup.html',
      sentence:
        'Deleting a schedule group results in EventBridge Scheduler deleting all schedules associated with the group.',
    },
    reliedOnBy: ['modules/analytics/cloudtrail-columnar-copy.ts'],
    testedBy: ['__tests__/analytics/columnar-copy.test.ts'],
  },
  {
    id: 'scheduler-schedule-joins-its-group-at-creation',
    kind: 'ordering',
    subject: 'scheduler:CreateSchedule with GroupName',
    fact: 'A schedule joins its group when it is created and can never move to another: the group must exist first, and a change of group is a new schedule.',
    consequence:
      "The schedule names its group by reference, so Terraform creates the group first; moving an existing copy's schedule out of the default group replaces the schedule (no evidence is in it).",
    source: {
      url: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group-delete.html',
      sentence: 'You can only associate a schedule with a group when you first create the schedule.',
    },
    reliedOnBy: ['modules/analytics/cloudtrail-columnar-copy.ts'],
    testedBy: ['__tests__/analytics/columnar-copy.test.ts'],
  },
  {
    id: 'cloudtrail-logs-role-gets-no-source-keys',
    kind: 'condition-keys',
    subject: 'cloudtrail.amazonaws.com assumes the role that delivers to CloudWatch Logs',
    fact: 'CloudTrail sends neither aws:SourceArn nor aws:SourceAccount when it assumes the role it delivers to CloudWatch Logs with: confused-deputy conditions do not apply to it.',
    consequence:
      "The delivery role's trust names the principal alone (a condition on a key CloudTrail does not send never holds, and CreateTrail would refuse the role); its policy writes only the streams of its one log group.",
    source: {
      url: `${CLOUDTRAIL_GUIDE}/cloudtrail-required-policy-for-cloudwatch-logs.html`,
      sentence: "The role policy doesn't support the use of aws:SourceArn and aws:SourceAccount.",
    },
    reliedOnBy: ['modules/trail/trail-log-delivery.ts'],
    testedBy: ['__tests__/stacks/member/member.test.ts'],
  },
  {
    id: 'cloudtrail-s3-source-arn-is-trail-arn',
    kind: 'condition-keys',
    subject: 'cloudtrail.amazonaws.com writes to the log bucket',
    fact: 'CloudTrail sends aws:SourceArn = the ARN of the trail that delivers (arn:<partition>:cloudtrail:<home Region>:<owner>:trail/<name>) on GetBucketAcl and PutObject.',
    consequence: "The log bucket's CloudTrail statements admit exactly the trails the config names, by ARN.",
    source: {
      url: `${CLOUDTRAIL_GUIDE}/create-s3-bucket-policy-for-cloudtrail.html`,
      sentence:
        'The value of aws:SourceArn is always the ARN of the trail (or array of trail ARNs) that is using the bucket to store logs.',
    },
    reliedOnBy: ['modules/log-archive/log-bucket-policy.ts'],
    testedBy: ['__tests__/stacks/policy/log-archive-cases.ts'],
  },
  {
    id: 'cloudtrail-organization-trail-arn-names-management-account',
    kind: 'condition-keys',
    subject: 'cloudtrail.amazonaws.com delivers an organization trail',
    fact: 'For an organization trail, the trail ARN CloudTrail sends names the management account, even when a delegated administrator created the trail.',
    consequence:
      'AuditNaming.trailArn names the management account whatever trail.accountId says, and the bucket and key policies admit that ARN.',
    source: {
      url: `${CLOUDTRAIL_GUIDE}/create-s3-bucket-policy-for-cloudtrail.html`,
      sentence:
        'In an organization trail, the value of aws:SourceArn must be a trail ARN that is owned by the management account, and uses the management account ID.',
    },
    reliedOnBy: ['modules/core/naming.ts', 'modules/log-archive/log-bucket-policy.ts'],
    testedBy: ['__tests__/stacks/policy/log-archive-cases.ts'],
  },
  {
    id: 'cloudwatch-logs-kms-encryption-context-is-log-group-arn',
    kind: 'condition-keys',
    subject: 'logs.<region>.amazonaws.com uses the key of an encrypted log group',
    fact: "CloudWatch Logs calls KMS with the encryption context kms:EncryptionContext:aws:logs:arn = the log group's ARN (arn:<partition>:logs:<region>:<account>:log-group:<name>, with no :* after it).",
    consequence:
      "The trail's log group key admits the Region's CloudWatch Logs principal only for that one group's ARN, built before the group exists (the key must come first).",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      sentence:
        'CloudWatch Logs now supports encryption context, using kms:EncryptionContext:aws:logs:arn as the key and the ARN of the log group as the value for that key.',
    },
    reliedOnBy: ['modules/kms/audit-key.ts', 'modules/trail/trail-log-delivery.ts'],
    testedBy: ['__tests__/stacks/organization.test.ts'],
  },
  {
    id: 'organization-trail-api-needs-trusted-access',
    kind: 'ordering',
    subject: 'cloudtrail:CreateTrail with IsOrganizationTrail',
    fact: "Only CloudTrail's console turns on trusted access for CloudTrail as it creates an organization trail; through the API (Terraform), trusted access must be on first.",
    consequence:
      'The organization trail has a plan-time precondition that cloudtrail.amazonaws.com has trusted access (where the credentials may read it), so the plan stops with the fix instead of the apply failing.',
    source: {
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudtrail.html',
      sentence:
        'If you choose to create an organization trail using the AWS CLI or the AWS API, you must manually configure trusted access.',
    },
    reliedOnBy: ['modules/trail/organization-trail.ts'],
    testedBy: ['__tests__/stacks/organization.test.ts'],
  },
  {
    id: 'config-delivery-channel-needs-recorder',
    kind: 'ordering',
    subject: 'config:PutDeliveryChannel',
    fact: 'AWS Config refuses a delivery channel (NoAvailableConfigurationRecorderException) until the Region has a configuration recorder.',
    consequence:
      'Each delivery channel depends on its recorder, and the recorder is started only after the channel; every e2e run first proves its moto refuses the channel without a recorder, as AWS does.',
    source: {
      url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-config-deliverychannel.html',
      sentence: 'Before you can create a delivery channel, you must create a configuration recorder.',
    },
    reliedOnBy: ['modules/aws-config/config-recording.ts', 'e2e/harness/strictness.ts'],
    testedBy: ['e2e/harness/strictness.ts'],
  },
  {
    id: 'config-delivers-with-recorder-role-in-own-account',
    kind: 'side-effect',
    subject: 'config.amazonaws.com delivers to the delivery channel bucket',
    fact: "AWS Config delivers into a bucket of its own account with the recorder's IAM role, and falls back to its service principal only for a bucket in another account whose policy does not admit the role.",
    consequence:
      "The recorder's role may check the bucket and write its own account's Config prefix with the owner-full-control ACL, and in the log archive's own account use the archive's keys through S3: there no bucket policy statement admits the role, and without the grant the first delivery channel is refused.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html',
      sentence:
        'AWS Config uses the IAM role you assigned to the configuration recorder to deliver configuration history and snapshots to S3 buckets in your account.',
    },
    reliedOnBy: ['modules/aws-config/config-recording.ts', 'stacks/member.ts'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'config-rule-needs-recorder',
    kind: 'ordering',
    subject: 'config:PutConfigRule',
    fact: 'AWS Config refuses a rule (NoAvailableConfigurationRecorderException) until the Region has a customer managed configuration recorder.',
    consequence:
      "Each Region's flow log rule depends on that Region's recorder where the member's stack makes it (none where the recorder exists already, as with Control Tower); the harness's moto (5.2.1) puts a rule without a recorder, so the synthesized dependency is what shows it.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html',
      sentence: 'There are no customer managed configuration recorders available to record your resources.',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts', 'stacks/member.ts'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'config-vpc-flow-logs-enabled-is-periodic',
    kind: 'side-effect',
    subject: 'The AWS Config managed rule vpc-flow-logs-enabled (VPC_FLOW_LOGS_ENABLED)',
    fact: "The rule's trigger type is Periodic only: AWS Config evaluates every VPC at the rule's maximum execution frequency, never on a configuration change, so a VPC created between two evaluations is found at the next one.",
    consequence:
      "The flow log remediation's rule sets its maximum execution frequency (TwentyFour_Hours unless evaluationFrequency says otherwise) and no change trigger (no source detail); the config reference says the rule is checked every 24 hours, and a VPC created after a check gets its flow log after the next.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html',
      sentence: 'Trigger type: Periodic',
    },
    reliedOnBy: ['modules/flow-logs/flow-logs-remediation.ts', 'modules/org-config/schema/aws-config.ts'],
    testedBy: ['__tests__/stacks/member/member-deliveries.test.ts'],
  },
  {
    id: 'securityhub-admin-designation-enables-hub',
    kind: 'side-effect',
    subject: 'securityhub:EnableOrganizationAdminAccount',
    fact: 'Designating an account as Security Hub\'s delegated administrator enables Security Hub in that account, in the Region of the call; a later EnableSecurityHub there answers ResourceConflictException ("Account is already subscribed to Security Hub").',
    consequence:
      "The audit stack adopts the administrator's hub with an import (id: the account) instead of creating it, then sets its control findings and new-control settings; the harness's moto enables the hub on designation and refuses a second EnableSecurityHub, as AWS does.",
    source: {
      url: `${SECURITY_HUB_GUIDE}/securityhub-settingup.html`,
      sentence: 'Security Hub is enabled automatically for the chosen account.',
    },
    reliedOnBy: ['modules/security-hub/security-hub-central-configuration.ts', 'e2e/harness/moto_audit_apis.py'],
    testedBy: ['__tests__/security-hub/security-hub.test.ts', '__tests__/e2e/harness/aws-model-check.moto.test.ts'],
  },
  {
    id: 'securityhub-admin-designation-registers-delegated-administrator',
    kind: 'side-effect',
    subject: 'securityhub:EnableOrganizationAdminAccount',
    fact: "The first designation of a Security Hub administrator account registers it in AWS Organizations as Security Hub's delegated administrator (service principal securityhub.amazonaws.com).",
    consequence:
      "discover finds the Security Hub administrator where Organizations lists it (ListDelegatedAdministrators for securityhub.amazonaws.com) and proposes it as the audit account; the harness's moto, which knew no delegated administrator for Security Hub, lists it and registers the account on designation, as AWS does.",
    source: {
      url: `${SECURITY_HUB_GUIDE}/designate-orgs-admin-account.html`,
      sentence:
        'When you first choose a Security Hub administrator account, Security Hub calls Organizations to make that account the delegated administrator account for Security Hub.',
    },
    reliedOnBy: ['packages/cli/toolkit/discovery/aws-inventory.ts', 'e2e/harness/moto_audit_apis.py'],
    testedBy: ['__tests__/e2e/harness/aws-model-check.moto.test.ts'],
  },
  {
    id: 'securityhub-central-configuration-forces-auto-enable-off',
    kind: 'side-effect',
    subject: 'securityhub:UpdateOrganizationConfiguration with ConfigurationType CENTRAL',
    fact: 'Under central configuration, AutoEnable is false and cannot be changed in the home and linked Regions: configuration policies enable Security Hub in new accounts instead.',
    consequence:
      'The organization configuration is written with autoEnable false and autoEnableStandards NONE, what AWS reads back, so that a second plan is empty on AWS; the policy association covers accounts that join later.',
    source: {
      url: `${SECURITY_HUB_API}/API_UpdateOrganizationConfiguration.html`,
      sentence:
        "If the ConfigurationType of your organization is set to CENTRAL, then this field is set to false and can't be changed in the home Region and linked Regions.",
    },
    reliedOnBy: ['modules/security-hub/security-hub-central-configuration.ts'],
    testedBy: ['__tests__/security-hub/security-hub.test.ts'],
  },
  {
    id: 'securityhub-default-standards-on-unless-refused',
    kind: 'default',
    subject: 'securityhub:EnableSecurityHub',
    fact: 'EnableSecurityHub turns on the default standards unless EnableDefaultStandards is false.',
    consequence:
      "The hub is written with enableDefaultStandards false: the configuration policy chooses the standards, and AWS's defaults would add standards nobody reviewed.",
    source: {
      url: `${SECURITY_HUB_API}/API_EnableSecurityHub.html`,
      sentence: "If you don't provide a value for EnableDefaultStandards, it is set to true.",
    },
    reliedOnBy: ['modules/security-hub/security-hub-central-configuration.ts'],
    testedBy: ['__tests__/security-hub/security-hub.test.ts'],
  },
  {
    id: 'securityhub-standards-subscription-pending-then-ready',
    kind: 'read-back',
    subject: 'securityhub:BatchEnableStandards, then GetEnabledStandards (StandardsStatus)',
    fact: 'A subscription to a standard is PENDING while Security Hub enables the standard and READY once it is enabled (INCOMPLETE if it could not be): the subscription BatchEnableStandards answers with may still be PENDING, and the provider reads it back with GetEnabledStandards until it is not.',
    consequence:
      "The deploy role's derived policy grants securityhub:GetEnabledStandards with BatchEnableStandards to create a subscription (the provider's wait), as it does to read and delete one; the harness's moto answers READY at once (moto_audit_apis.py, item 17), so only the derived policy shows the wait.",
    source: {
      url: `${SECURITY_HUB_API}/API_StandardsSubscription.html`,
      sentence: 'PENDING - The standard is in the process of being enabled.',
    },
    reliedOnBy: ['packages/cli/toolkit/deploy-role/resource-actions.ts', 'e2e/harness/moto_audit_apis.py'],
    testedBy: ['__tests__/security-hub/standalone-security-hub.test.ts'],
  },
  {
    id: 'securityhub-finding-aggregator-created-in-home-region',
    kind: 'permission',
    subject: 'securityhub:CreateFindingAggregator',
    fact: 'A finding aggregator is created from the Region that becomes the home (aggregation) Region, and from no other; the linked Regions are only named in it.',
    consequence:
      "StandaloneSecurityHub creates its aggregator through the stack's own provider, so the stack's Region is the home Region: it requires that Region among the governed Regions (Security Hub is enabled there first), and links only the others; SecurityHubCentralConfiguration does the same in the audit account's home Region.",
    source: {
      url: `${SECURITY_HUB_API}/API_CreateFindingAggregator.html`,
      sentence: 'This operation can be invoked from the home Region only.',
    },
    reliedOnBy: [
      'modules/security-hub/standalone-security-hub.ts',
      'modules/security-hub/security-hub-central-configuration.ts',
    ],
    testedBy: ['__tests__/security-hub/standalone-security-hub.test.ts'],
  },
  {
    id: 'cloudtrail-kms-key-read-back-as-key-arn',
    kind: 'read-back',
    subject: 'cloudtrail:CreateTrail and GetTrail, KmsKeyId',
    fact: 'CloudTrail accepts the key as an alias name, an alias ARN, a key ARN or a key id, and reads it back as the key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); the provider sets what it reads and suppresses no difference.',
    consequence:
      "Every trail sends the key ARN, read from the log key's alias by DescribeKey (the log key's policy lets the trails' accounts describe it, and their deploy roles may), so a second plan is empty and a trail whose key was changed by hand is put back. The lookup takes the alias through a terraform_data, so that it is read during the apply while that is new: on a first deploy the key comes with the log archive, and a new account joins its policy only then.",
    source: {
      url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudtrail/aws.sdk.kotlin.services.cloudtrail.model/-create-trail-response/kms-key-id.html',
      sentence: 'The value is a fully specified ARN to a KMS key in the following format.',
    },
    reliedOnBy: [
      'modules/kms/key-arn.ts',
      'modules/trail/organization-trail.ts',
      'modules/trail/standalone-trail.ts',
      'modules/log-archive/log-key-policy.ts',
      'packages/cli/toolkit/deploy-role/deploy-policy.ts',
      'e2e/harness/checks.ts',
      'e2e/harness/moto_server.py',
    ],
    testedBy: [
      '__tests__/stacks/organization.test.ts',
      '__tests__/stacks/member/member.test.ts',
      '__tests__/stacks/policy/log-archive-cases.ts',
      '__tests__/e2e/harness/aws-model-check.moto.test.ts',
    ],
  },
  {
    id: 'kms-key-policy-gates-iam-policies',
    kind: 'permission',
    subject: 'Any AWS KMS call on a key (DescribeKey, EnableKeyRotation, PutKeyPolicy)',
    fact: "An IAM policy's Allow on a KMS key has effect only when the key's policy lets the account's IAM policies grant it (a statement allowing the account's root).",
    consequence:
      "Every key the stacks create has the statement that delegates to its account's IAM policies, so the derived deploy role can manage it; the deploy-role proof evaluates each call on a key under the stack's key policies as well as the role's policy.",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
      sentence: 'Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key.',
    },
    reliedOnBy: ['e2e/harness/deploy-role-proof.ts', 'packages/cli/toolkit/deploy-role/deploy-policy.ts'],
    testedBy: ['__tests__/toolkit/deploy-role.integration.test.ts'],
  },
  {
    id: 's3-head-bucket-needs-list-bucket',
    kind: 'permission',
    subject: 's3:HeadBucket, which the provider calls on every read of a bucket',
    fact: 'HeadBucket has no IAM action of its own: it needs s3:ListBucket. Several other S3 operations need an action of another name (DeletePublicAccessBlock needs s3:PutBucketPublicAccessBlock).',
    consequence:
      'The action table grants s3:ListBucket for every bucket, and the proof maps each S3 operation to the action AWS checks (OPERATION_ACTIONS in e2e/harness/deploy-role-proof.ts) before it evaluates it.',
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html',
      sentence: 'To use this operation, you must have permissions to perform the s3:ListBucket action.',
    },
    reliedOnBy: ['packages/cli/toolkit/deploy-role/resource-actions.ts', 'e2e/harness/deploy-role-proof.ts'],
    testedBy: ['__tests__/toolkit/deploy-role.test.ts'],
  },
  {
    id: 'sts-get-caller-identity-needs-no-permission',
    kind: 'permission',
    subject: 'sts:GetCallerIdentity, which the provider calls to check allowed_account_ids',
    fact: 'GetCallerIdentity needs no permission, and an explicit deny of it has no effect.',
    consequence:
      'The derived deploy policies do not grant it, and the proof does not evaluate it: no policy can allow or refuse it.',
    source: {
      url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
      sentence: 'No permissions are required to perform this operation.',
    },
    reliedOnBy: ['e2e/harness/deploy-role-proof.ts'],
    testedBy: ['__tests__/toolkit/deploy-role.test.ts'],
  },
  {
    id: 'eventbridge-bus-key-encrypts-rules',
    kind: 'side-effect',
    subject: 'events:UpdateEventBus',
    fact: "A customer managed key set on an event bus, the default bus included, encrypts each rule's event pattern and target information on that bus.",
    consequence:
      "The audit account's administrator could set a key of their own on its default bus, which holds the findings export rule, and then disable the key: the audit protection denies events:UpdateEventBus on the default bus to all but the deploy role and break-glass (aws-review F25).",
    source: {
      url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html',
      sentence: 'You can also update the default event bus to use a customer managed key for encryption as well.',
    },
    reliedOnBy: ['modules/guardrails/audit-protection.ts'],
    testedBy: ['__tests__/stacks/policy/escalation.policy.test.ts'],
  },
  {
    id: 'sns-data-protection-policy-blocks-messages',
    kind: 'side-effect',
    subject: 'sns:PutDataProtectionPolicy',
    fact: "A topic's data protection policy can deny (block) or de-identify (mask or redact) what is published to it that matches a data identifier, a custom one included.",
    consequence:
      "The trail account's administrator could block or blank the alarms' notifications by a data protection policy on the alarm topic: the trail protection's DenyAlarmTopicChanges denies sns:PutDataProtectionPolicy on it to all but the deploy role and break-glass (aws-review F21).",
    source: {
      url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-message-data-protection-configure.html',
      sentence:
        "Data protection policies help you safeguard the data that's published to your Amazon SNS topics by auditing, de-identifying (masking or redacting), and denying (blocking) sensitive information that moves between applications or AWS services.",
    },
    reliedOnBy: ['modules/guardrails/trail-protection.ts'],
    testedBy: ['__tests__/stacks/policy/guardrails-cases.ts'],
  },
  {
    id: 'kms-tags-decide-access',
    kind: 'permission',
    subject: 'kms:TagResource, kms:UntagResource',
    fact: 'Changing or removing a tag of a KMS key can allow or deny permissions that a policy grants or denies by that tag (aws:ResourceTag).',
    consequence:
      "The trail's and the audit account's protections deny changes to our keys by their ManagedBy tag: they deny kms:TagResource and kms:UntagResource on those keys too, or an administrator would untag a key and then disable it (aws-review F13).",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html',
      sentence: 'Tagging or untagging a KMS key can allow or deny permission to the KMS key.',
    },
    reliedOnBy: ['modules/guardrails/trail-protection.ts', 'modules/guardrails/audit-protection.ts'],
    testedBy: ['__tests__/stacks/policy/guardrails-cases.ts'],
  },
  {
    id: 'config-remediation-configuration-arn-is-an-id',
    kind: 'scope',
    subject: 'config:PutRemediationConfigurations, DeleteRemediationConfiguration, PutRemediationExceptions',
    fact: "A remediation configuration's ARN names its ID, not its rule; the three actions take no condition key of their own, and PutRemediationExceptions no resource type: nothing lets a policy pick one rule's remediation.",
    consequence:
      "With awsConfig.flowLogsForEveryVpc, the recorder protection denies the three on every resource in the governed Regions of the recorded accounts, to all but the deploy role and break-glass: a team's own remediations there go through them too (aws-review F15).",
    source: {
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html',
      sentence: 'arn:${Partition}:config:${Region}:${Account}:remediation-configuration/${RemediationConfigurationId}',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: ['__tests__/guardrails/remediation-protection.test.ts'],
  },
  {
    id: 'ssm-port-forwarding-and-ssh-sessions-unlogged',
    kind: 'scope',
    subject: 'ssm:StartSession through SSH or port forwarding',
    fact: 'Session Manager logs no session that connects through SSH or port forwarding: SSH encrypts what the session only tunnels.',
    consequence:
      'With guardrails.denyUnloggedSessions (the default), the session protection on each member that logs sessions denies StartSession with any Session document but the preferences document, to all but break-glass (aws-review F24).',
    source: {
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-logging.html',
      sentence: "Logging isn't available for Session Manager sessions that connect through port forwarding or SSH.",
    },
    reliedOnBy: ['modules/guardrails/session-protection.ts'],
    testedBy: ['__tests__/guardrails/session-protection.test.ts'],
  },
  {
    id: 'scp-full-iam-language',
    kind: 'permission',
    subject: 'NotResource in a service control policy',
    fact: 'A service control policy takes NotResource, in Allow and Deny statements: the statement applies to every resource but those listed.',
    consequence:
      'The session protection denies StartSession on every resource but the preferences document and the targets a session opens on (instances, managed nodes, ECS tasks): a Session document of any other name is denied, one made later included.',
    source: {
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html',
      sentence: 'Specifies AWS resources that are exempt from the SCP.',
    },
    reliedOnBy: ['modules/guardrails/session-protection.ts'],
    testedBy: ['__tests__/guardrails/session-protection.test.ts'],
  },
  {
    id: 'organizations-closed-account-resources-deleted',
    kind: 'side-effect',
    subject: 'account:CloseAccount, organizations:CloseAccount',
    fact: 'A closed account is suspended, and what is left in it is deleted 90 days after it closed.',
    consequence:
      "A member administrator (the root user too) who closes their own account would have its recording deleted, and the log archive's administrator the archive: the recording protection denies account:CloseAccount to all but break-glass; the management account, which no SCP binds, closes members (aws-review F18).",
    source: {
      url: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html',
      sentence: 'Resources remaining within the account after closing will be automatically deleted after 90 days.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: ['__tests__/stacks/policy/guardrails-cases.ts'],
  },
  {
    id: 'account-disable-region-ends-access',
    kind: 'side-effect',
    subject: 'account:DisableRegion',
    fact: 'Disabling an opt-in Region for an account removes all IAM access to the resources in that Region.',
    consequence:
      "Where a governed Region, or the log archive's, is an opt-in Region, an administrator who disables it would cut off what we keep there: the recording protection denies account:DisableRegion to all but break-glass, in every Region (a condition on account:TargetRegion would not fit the policy's 5,120 characters) (aws-review F27).",
    source: {
      url: 'https://docs.aws.amazon.com/accounts/latest/reference/API_DisableRegion.html',
      sentence: 'The act of disabling a Region will remove all IAM access to any resources that reside in that Region.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: ['__tests__/stacks/policy/guardrails-cases.ts'],
  },
  {
    id: 'resource-tag-condition-reads-current-tags',
    kind: 'condition-keys',
    subject: 'aws:ResourceTag/ManagedBy',
    fact: 'A condition on aws:ResourceTag compares with the tags the resource has when the request is made: a resource whose tag was removed or rewritten no longer matches it.',
    consequence:
      'Every deny of ours that finds our resources by their ManagedBy tag also denies changing that tag on them: DenyConfigRuleChanges denies config:TagResource and config:UntagResource on our Config rules (aws-review F14), as DenyManagedByUntagging does for flow logs, the session document and roles, and the key statements for keys.',
    source: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
      sentence:
        'Use this key to compare the tag key-value pair that you specify in the policy with the key-value pair attached to the resource.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: ['__tests__/stacks/policy/escalation.policy.test.ts'],
  },
  {
    id: 'logs-incoming-events-count-every-upload',
    kind: 'side-effect',
    subject: 'logs:PutLogEvents, AWS/Logs IncomingLogEvents',
    fact: "A log group's IncomingLogEvents metric counts every event uploaded to the group, whoever uploaded it.",
    consequence:
      "The delivery heartbeat alarms when the trail's log group receives nothing; events of an administrator's own would keep it quiet while the trail's delivery is broken: the trail protection's DenyTrailLogForgery lets only CloudTrail's delivery role and break-glass write there (aws-review F20).",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html',
      sentence:
        'When used with the LogGroupName dimension, this is the number of log events uploaded to the log group.',
    },
    reliedOnBy: ['modules/guardrails/trail-protection.ts'],
    testedBy: ['__tests__/stacks/policy/escalation.policy.test.ts'],
  },
  {
    id: 'cloudwatch-aws-namespaces-reserved-by-convention',
    kind: 'permission',
    subject: 'cloudwatch:PutMetricData, cloudwatch:namespace',
    fact: "PutMetricData takes any namespace; the API reference only asks callers not to use one that begins AWS/, the services' own, and does not say that CloudWatch refuses it.",
    consequence:
      "The delivery heartbeat alarms on the trail log group's AWS/Logs IncomingLogEvents; points of an administrator's own there would keep it quiet while the trail's delivery is broken: the trail protection's DenyServiceMetricForgery denies cloudwatch:PutMetricData into any AWS/ namespace to all but break-glass, by cloudwatch:namespace (aws-review F22).",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html',
      sentence:
        'To avoid conflicts with Amazon Web Services service namespaces, you should not specify a namespace that begins with AWS/',
    },
    reliedOnBy: ['modules/guardrails/trail-protection.ts'],
    testedBy: ['__tests__/stacks/policy/escalation.policy.test.ts'],
  },
  {
    id: 'iam-default-policy-version-binds-every-holder',
    kind: 'side-effect',
    subject: 'iam:SetDefaultPolicyVersion, iam:CreatePolicyVersion',
    fact: "A managed policy's default version is the one in effect for every user, group and role it is attached to.",
    consequence:
      "A version of one's own of the session logs' writer policy (audit-session-logging) would take away every node's upload of its session logs: the recording protection's DenyDeployRoleChanges names that policy too, so only the deploy role, the bootstrap role and break-glass change its versions (aws-review F23; detaching it from a node's role stays the member's).",
    source: {
      url: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html',
      sentence: 'This operation affects all users, groups, and roles that the policy is attached to.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: ['__tests__/stacks/policy/escalation.policy.test.ts'],
  },
  {
    id: 'firehose-cmk-grant-made-by-caller',
    kind: 'side-effect',
    subject: 'firehose:CreateDeliveryStream with a customer managed key',
    fact: "Creating (or starting encryption of) a Firehose stream with a customer managed key makes Firehose call KMS CreateGrant, as the caller, for a grant that lets Firehose encrypt and decrypt with the key; the key's policy need not name Firehose.",
    consequence:
      "The findings stream's key policy only delegates to the audit account's IAM policies, and the application logs streams' key policy admits the deploy role through Firehose; the deploy role's derived policy grants kms:CreateGrant and kms:DescribeKey for a stream only through Firehose ([kms-via-service-forward-access]), and no statement lets firehose.amazonaws.com in by a key policy.",
    source: {
      url: 'https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamEncryptionConfigurationInput.html',
      sentence:
        'When you invoke CreateDeliveryStream or StartDeliveryStreamEncryption with KeyType set to CUSTOMER_MANAGED_CMK, Firehose invokes the Amazon KMS operation CreateGrant to create a grant that allows the Firehose service to use the customer managed CMK to perform encryption and decryption.',
    },
    reliedOnBy: [
      'modules/security-hub/security-hub-findings-export.ts',
      'modules/application-logs/application-logs-delivery.ts',
      'packages/cli/toolkit/deploy-role/resource-actions.ts',
    ],
    testedBy: [
      '__tests__/stacks/policy/findings-export.policy.test.ts',
      '__tests__/stacks/policy/application-logs.policy.test.ts',
    ],
  },
  ...SERVICE_PRINCIPAL_FACTS,
  ...AWS_CREATED_FACTS,
  ...PERMISSION_SCOPE_FACTS,
  ...REGION_DENY_FACTS,
  ...ESCALATION_FACTS,
  ...APPLICATION_LOGS_FACTS,
  ...EVIDENCE_SIGNING_FACTS,
  ...SEARCH_FACTS,
  ...SEARCH_DOCUMENT_FACTS,
  ...FORWARD_ACCESS_FACTS,
  ...PREVENTION_FACTS,
];

/** The fact with `id`; throws for an id the table lacks (a typo in a test or a comment). */
export function awsFact(id: string): AwsFact {
  const found = AWS_FACTS.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no AWS fact ${JSON.stringify(id)} in modules/core/aws-facts.ts`);
  return found;
}

const KIND_TITLES: Readonly<Record<AwsFactKind, string>> = {
  'condition-keys': 'Condition keys a service sends',
  'side-effect': 'What AWS does on its own',
  ordering: 'What must exist first',
  'read-back': 'The form AWS reads a value back in',
  default: "AWS's defaults that change what a setting does",
  permission: 'What a call needs that its name does not say',
  scope: 'Where a service lives: one endpoint, or one in each Region',
};

/** docs/aws-facts.md: every fact, by kind, with its source sentence and its tests. */
export function awsFactsMarkdown(): string {
  const lines = [
    '# Facts about AWS the stacks rely on',
    '',
    '<!-- Generated from modules/core/aws-facts.ts by npm run docs:aws-facts; edit the table there. -->',
    '',
    'What no API schema shows and moto does not apply: each fact with the AWS page and the sentence it',
    'rests on, what the stacks do because of it, and the tests that pin it (each names the fact by its',
    'id). What the local AWS proves and what it cannot: [aws-fidelity.md](aws-fidelity.md).',
    '',
  ];
  for (const kind of Object.keys(KIND_TITLES) as AwsFactKind[]) {
    const facts = AWS_FACTS.filter((f) => f.kind === kind);
    if (facts.length === 0) continue;
    lines.push(`## ${KIND_TITLES[kind]}`, '');
    for (const f of facts) {
      lines.push(
        `### \`${f.id}\``,
        '',
        `**${f.subject}.** ${f.fact}`,
        '',
        `- Source: [${f.source.url.replace(/^https:\/\/docs\.aws\.amazon\.com\//, '')}](${f.source.url}): "${f.source.sentence}"`,
        `- So: ${f.consequence}`,
        `- Relied on by: ${f.reliedOnBy.map((file) => `\`${file}\``).join(', ')}`,
        `- Tested by: ${f.testedBy.map((file) => `\`${file}\``).join(', ')}`,
        '',
      );
    }
  }
  lines.push(...forwardAccessTable());
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The forward access table (aws-facts-forward-access.ts), one item per Terraform type. */
function forwardAccessTable(): string[] {
  const calls = (row: (typeof FORWARD_ACCESS)[number]) => {
    const made = (['create', 'read', 'update', 'delete'] as const)
      .filter((operation) => row.forwarded[operation].length > 0)
      .map((operation) => `${operation}: ${row.forwarded[operation].map((a) => `\`${a}\``).join(', ')}`);
    return made.length === 0 ? 'no forward access' : made.join('; ');
  };
  return [
    "## Forward access sessions: KMS calls made with the deploy role's credentials",
    '',
    'For every type of the stacks that names a customer managed key (or writes into what one encrypts), the',
    "KMS actions its service calls with the caller's own credentials while Terraform creates, reads, updates",
    'or deletes it. The derived deploy policy grants them on that key only, with `kms:ViaService` the service',
    'of its Region.',
    '',
    ...FORWARD_ACCESS.map(
      (row) =>
        `- \`${row.type}\` (${row.service}): ${calls(row)}. Otherwise: ${row.otherwise} ([\`${row.fact}\`](#${row.fact}))`,
    ),
    '',
  ];
}
