/*
 * The CIS AWS Foundations controls this product alarms on, one record each: what users name in
 * `alarms.controls`, the alarm's filter patterns, the benchmark and Security Hub numbers, and where
 * each text comes from. Pure data (no cdktf, no I/O), so that the config layer takes its ids from
 * here, the alarms capability builds its metric filters and alarms from it in a loop, and the
 * compliance matrix reports its numbers. A control missing a field, or an id without its record,
 * does not compile.
 */

import type { CisRequirementNumber } from './cis-benchmark';

/**
 * Ids of the CIS AWS Foundations controls that this product alarms on, as users name them in
 * `alarms.controls`. Each maps to one Security Hub control (CloudWatch.1 to CloudWatch.14) or, for
 * `organizations-changes`, to the CIS recommendation for AWS Organizations changes. They are a
 * public contract: alarm and filter names are built from them.
 */
export const CIS_CONTROL_IDS = [
  'root-account-usage', // CloudWatch.1
  'unauthorized-api-calls', // CloudWatch.2
  'console-signin-without-mfa', // CloudWatch.3
  'iam-policy-changes', // CloudWatch.4
  'cloudtrail-config-changes', // CloudWatch.5
  'console-authentication-failures', // CloudWatch.6
  'cmk-disable-or-deletion', // CloudWatch.7
  's3-bucket-policy-changes', // CloudWatch.8
  'aws-config-changes', // CloudWatch.9
  'security-group-changes', // CloudWatch.10
  'nacl-changes', // CloudWatch.11
  'network-gateway-changes', // CloudWatch.12
  'route-table-changes', // CloudWatch.13
  'vpc-changes', // CloudWatch.14
  'organizations-changes', // CIS 4.15
] as const;

/** A CIS control id. */
export type CisControlId = (typeof CIS_CONTROL_IDS)[number];

/** A CIS recommendation as `<version>/<number>`, such as `v1.4.0/4.3`. */
export type CisRecommendation = `v${number}.${number}.${number}/${number}.${number}`;

/** A Security Hub control id, such as `CloudWatch.1`. */
export type SecurityHubControlId = `${string}.${number}`;

/** One CIS AWS Foundations control implemented as a CloudWatch Logs metric filter and alarm. */
export interface CisControl<Id extends CisControlId = CisControlId> {
  /** The id users name in `alarms.controls`. */
  readonly id: Id;
  /** What the alarm means, for the alarm description and the README. */
  readonly title: string;
  /** The filter pattern, exactly as published (scanners compare the text). */
  readonly pattern: string;
  /** Metric the filter counts into, in the CIS metric namespace (`CISBenchmark`). */
  readonly metricName: string;
  /** The AWS Security Hub control that checks for this filter and alarm, if there is one. */
  readonly securityHubControl: SecurityHubControlId | undefined;
  /**
   * CIS AWS Foundations Benchmark recommendations it implements, as `<version>/<number>`: the
   * alarm's description and `CisRecommendations` tag list them.
   */
  readonly cisRecommendations: readonly CisRecommendation[];
  /**
   * The benchmark requirement it answers, numbered as in the current version (v7.0.0); its number
   * in every other version is in the requirements table (`CIS_REQUIREMENTS`, cis-benchmark.ts).
   */
  readonly requirement: CisRequirementNumber;
  /** Where the pattern text comes from. */
  readonly source: string;
  /**
   * Filters for scanners whose check the main text does not satisfy, counting into the same
   * metric. Each names the check it satisfies. Empty for most controls.
   */
  readonly scannerFilters: readonly ScannerFilter[];
}

/** One record per CIS control id, each filed under its own id: a missing id or field does not compile. */
export type CisControlRecords = { readonly [Id in CisControlId]: CisControl<Id> };

/** A filter written so that a scanner's check finds it: its text, and the check that reads it. */
export interface ScannerFilter {
  /** Lowercase kebab-case; the filter is named `cis-<control>-<id>`. */
  readonly id: string;
  readonly pattern: string;
  /** The check it satisfies (repository, file, commit). */
  readonly source: string;
}

/** Prowler's CloudWatch checks, at the commit their logic was read and ported into the tests. */
const PROWLER =
  'Prowler (https://github.com/prowler-cloud/prowler), commit 3e000faa3109230b748e4418a13c11c9e59f5cfb, prowler/providers/aws/services/cloudwatch';

const SECURITY_HUB =
  'AWS Security Hub User Guide, "Amazon CloudWatch controls" (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html; awsdocs/aws-security-hub-user-guide@bda5bf7, doc_source/cloudwatch-controls.md)';
const CIS_V3 =
  'CIS AWS Foundations Benchmark v3.0.0 (https://www.cisecurity.org/benchmark/amazon_web_services), recommendation';

/**
 * The CIS controls, one record per id. Patterns are the published text, character for character:
 * Security Hub's CloudWatch.1 to CloudWatch.14 pass only when the exact prescribed filter is in
 * place. The console sign-in without MFA control uses the benchmark's primary pattern (every console
 * sign-in without MFA); {@link CONSOLE_SIGNIN_IAM_USERS_PATTERN} is the published stricter variant.
 */
export const CIS_CONTROLS = {
  'root-account-usage': {
    id: 'root-account-usage',
    title: 'The root user was used',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    metricName: 'RootAccountUsage',
    securityHubControl: 'CloudWatch.1',
    cisRecommendations: ['v1.2.0/1.1', 'v1.2.0/3.3', 'v1.4.0/1.7', 'v1.4.0/4.3'],
    requirement: '5.3',
    source: `${SECURITY_HUB}, CloudWatch.1`,
    scannerFilters: [],
  },
  'unauthorized-api-calls': {
    id: 'unauthorized-api-calls',
    title: 'An API call was refused as unauthorized or access denied',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    metricName: 'UnauthorizedAPICalls',
    securityHubControl: 'CloudWatch.2',
    cisRecommendations: ['v1.2.0/3.1'],
    requirement: '5.1',
    source: `${SECURITY_HUB}, CloudWatch.2`,
    scannerFilters: [],
  },
  'console-signin-without-mfa': {
    id: 'console-signin-without-mfa',
    title: 'Someone signed in to the console without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    metricName: 'ConsoleSigninWithoutMFA',
    securityHubControl: 'CloudWatch.3',
    cisRecommendations: ['v1.2.0/3.2', 'v3.0.0/4.2'],
    requirement: '5.2',
    source: `${CIS_V3} 4.2, first pattern`,
    scannerFilters: [],
  },
  'iam-policy-changes': {
    id: 'iam-policy-changes',
    title: 'An IAM policy was created, changed, attached or detached',
    pattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    metricName: 'IAMPolicyChanges',
    securityHubControl: 'CloudWatch.4',
    cisRecommendations: ['v1.2.0/3.4', 'v1.4.0/4.4'],
    requirement: '5.4',
    source: `${SECURITY_HUB}, CloudWatch.4`,
    scannerFilters: [],
  },
  'cloudtrail-config-changes': {
    id: 'cloudtrail-config-changes',
    title: 'A trail was created, changed, deleted, started or stopped',
    pattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    metricName: 'CloudTrailConfigChanges',
    securityHubControl: 'CloudWatch.5',
    cisRecommendations: ['v1.2.0/3.5', 'v1.4.0/4.5'],
    requirement: '5.5',
    source: `${SECURITY_HUB}, CloudWatch.5`,
    scannerFilters: [],
  },
  'console-authentication-failures': {
    id: 'console-authentication-failures',
    title: 'A console sign-in failed authentication',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    metricName: 'ConsoleAuthenticationFailures',
    securityHubControl: 'CloudWatch.6',
    cisRecommendations: ['v1.2.0/3.6', 'v1.4.0/4.6'],
    requirement: '5.6',
    source: `${SECURITY_HUB}, CloudWatch.6`,
    scannerFilters: [],
  },
  'cmk-disable-or-deletion': {
    id: 'cmk-disable-or-deletion',
    title: 'A customer managed KMS key was disabled or scheduled for deletion',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    metricName: 'DisableOrDeleteCMK',
    securityHubControl: 'CloudWatch.7',
    cisRecommendations: ['v1.2.0/3.7', 'v1.4.0/4.7'],
    requirement: '5.7',
    source: `${SECURITY_HUB}, CloudWatch.7`,
    scannerFilters: [],
  },
  's3-bucket-policy-changes': {
    id: 's3-bucket-policy-changes',
    title: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
    pattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    metricName: 'S3BucketPolicyChanges',
    securityHubControl: 'CloudWatch.8',
    cisRecommendations: ['v1.2.0/3.8', 'v1.4.0/4.8'],
    requirement: '5.8',
    source: `${SECURITY_HUB}, CloudWatch.8`,
    scannerFilters: [],
  },
  'aws-config-changes': {
    id: 'aws-config-changes',
    title: 'AWS Config recording or delivery was stopped or changed',
    pattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    metricName: 'AWSConfigChanges',
    securityHubControl: 'CloudWatch.9',
    cisRecommendations: ['v1.2.0/3.9', 'v1.4.0/4.9'],
    requirement: '5.9',
    source: `${SECURITY_HUB}, CloudWatch.9`,
    scannerFilters: [],
  },
  'security-group-changes': {
    id: 'security-group-changes',
    title: 'A security group or one of its rules changed',
    pattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    metricName: 'SecurityGroupChanges',
    securityHubControl: 'CloudWatch.10',
    cisRecommendations: ['v1.2.0/3.10', 'v1.4.0/4.10'],
    requirement: '5.10',
    source: `${SECURITY_HUB}, CloudWatch.10`,
    scannerFilters: [],
  },
  'nacl-changes': {
    id: 'nacl-changes',
    title: 'A network ACL or one of its entries changed',
    pattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    metricName: 'NACLChanges',
    securityHubControl: 'CloudWatch.11',
    cisRecommendations: ['v1.2.0/3.11', 'v1.4.0/4.11'],
    requirement: '5.11',
    source: `${SECURITY_HUB}, CloudWatch.11`,
    scannerFilters: [],
  },
  'network-gateway-changes': {
    id: 'network-gateway-changes',
    title: 'An internet or customer gateway was created, attached, detached or deleted',
    pattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    metricName: 'NetworkGatewayChanges',
    securityHubControl: 'CloudWatch.12',
    cisRecommendations: ['v1.2.0/3.12', 'v1.4.0/4.12'],
    requirement: '5.12',
    source: `${SECURITY_HUB}, CloudWatch.12`,
    scannerFilters: [],
  },
  'route-table-changes': {
    id: 'route-table-changes',
    title: 'A route or route table changed',
    pattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    metricName: 'RouteTableChanges',
    securityHubControl: 'CloudWatch.13',
    cisRecommendations: ['v1.2.0/3.13', 'v1.4.0/4.13'],
    requirement: '5.13',
    source: `${SECURITY_HUB}, CloudWatch.13`,
    scannerFilters: [
      {
        // Prowler requires the event source as well as the event names.
        id: 'ec2',
        pattern:
          '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
        source: `${PROWLER}/cloudwatch_changes_to_network_route_tables_alarm_configured`,
      },
    ],
  },
  'vpc-changes': {
    id: 'vpc-changes',
    title: 'A VPC, its attributes or a peering connection changed',
    pattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    metricName: 'VPCChanges',
    securityHubControl: 'CloudWatch.14',
    cisRecommendations: ['v1.2.0/3.14', 'v1.4.0/4.14'],
    requirement: '5.14',
    source: `${SECURITY_HUB}, CloudWatch.14`,
    scannerFilters: [],
  },
  'organizations-changes': {
    id: 'organizations-changes',
    title: 'The AWS organization, its accounts, units or policies changed',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    metricName: 'OrganizationsChanges',
    securityHubControl: undefined,
    cisRecommendations: ['v3.0.0/4.15'],
    requirement: '5.15',
    source: `${CIS_V3} 4.15`,
    scannerFilters: [
      {
        // Prowler requires three more event names than the benchmark lists.
        id: 'all-changes',
        pattern:
          '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CancelHandshake") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganization") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnableAllFeatures") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdateOrganizationalUnit") || ($.eventName = "UpdatePolicy")) }',
        source: `${PROWLER}/cloudwatch_log_metric_filter_aws_organizations_changes`,
      },
    ],
  },
} as const satisfies CisControlRecords;

/** The CIS controls in {@link CIS_CONTROL_IDS} order: the order of alarms, tests and the matrix. */
export const CIS_CONTROL_LIST: readonly CisControl[] = CIS_CONTROL_IDS.map((id): CisControl => CIS_CONTROLS[id]);

/**
 * The published stricter variant of the console sign-in without MFA pattern: only successful
 * sign-ins of IAM users. For organizations that sign in through IAM Identity Center (federated
 * sign-ins carry no MFAUsed = "Yes" and would alarm every time). It is Security Hub's CloudWatch.3
 * text and CIS v3.0.0 4.2's "reduce false positives when SSO is used" option.
 */
export const CONSOLE_SIGNIN_IAM_USERS_PATTERN =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';

/** CloudTrail events of one service that an alarm's pattern matches: its event source and event names. */
export interface AlarmCalls {
  readonly eventSource: string;
  readonly eventNames: readonly string[];
}

/**
 * The CIS alarms on the audit system itself (its trails, keys, bucket policies and recorders), with
 * every call each pattern matches, by event source: what the saved query audit-system-changes
 * asks the logs for beside the evasion pack. A test holds each list to its pattern: every name
 * listed matches it, and every event name the pattern compares is listed. The trail pattern names
 * no event source: its calls are CloudTrail's (the CloudTrail API reference's operations).
 */
export const AUDIT_SYSTEM_CIS_CALLS: Readonly<
  Record<
    'cloudtrail-config-changes' | 'cmk-disable-or-deletion' | 's3-bucket-policy-changes' | 'aws-config-changes',
    AlarmCalls
  >
> = {
  'cloudtrail-config-changes': {
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
  },
  'cmk-disable-or-deletion': { eventSource: 'kms.amazonaws.com', eventNames: ['DisableKey', 'ScheduleKeyDeletion'] },
  's3-bucket-policy-changes': {
    eventSource: 's3.amazonaws.com',
    eventNames: [
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ],
  },
  'aws-config-changes': {
    eventSource: 'config.amazonaws.com',
    eventNames: [
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'PutConfigurationRecorder',
    ],
  },
};
