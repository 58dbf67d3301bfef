import type { CisControlId } from '../config/cis-controls';
import type { AlarmDefinition } from './security-alarms';

/** One CIS AWS Foundations control implemented as a CloudWatch Logs metric filter and alarm. */
export interface CisControl {
  /** The id users name in `alarms.controls`. */
  readonly id: CisControlId;
  /** What the alarm means, for the alarm description and the README. */
  readonly title: string;
  /** The filter pattern, exactly as published (scanners compare the text). */
  readonly pattern: string;
  /** Metric the filter counts into, in the {@link CIS_METRIC_NAMESPACE} namespace. */
  readonly metricName: string;
  /** The AWS Security Hub control that checks for this filter and alarm, if there is one. */
  readonly securityHubControl: string | undefined;
  /** CIS AWS Foundations Benchmark recommendations it implements, as `<version>/<number>`. */
  readonly cisRecommendations: readonly string[];
  /** Where the pattern text comes from. */
  readonly source: string;
  /**
   * Filters for scanners whose check the main text does not satisfy, counting into the same
   * metric. Each names the check it satisfies.
   * @default []
   */
  readonly scannerFilters?: readonly ScannerFilter[];
}

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

/** Namespace of the CIS metrics. */
export const CIS_METRIC_NAMESPACE = 'CISBenchmark';

const SECURITY_HUB =
  'AWS Security Hub User Guide, "Amazon CloudWatch controls" (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html; awsdocs/aws-security-hub-user-guide@bda5bf7, doc_source/cloudwatch-controls.md)';
const CIS_V3 =
  'CIS AWS Foundations Benchmark v3.0.0 (https://www.cisecurity.org/benchmark/amazon_web_services), recommendation';

/**
 * The CIS controls, as data. Patterns are the published text, character for character: Security
 * Hub's CloudWatch.1 to CloudWatch.14 pass only when the exact prescribed filter is in place. The
 * console sign-in without MFA control uses the benchmark's primary pattern (every console sign-in
 * without MFA); {@link CONSOLE_SIGNIN_IAM_USERS_PATTERN} is the published stricter variant.
 */
export const CIS_CATALOG: readonly CisControl[] = [
  {
    id: 'root-account-usage',
    title: 'The root user was used',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    metricName: 'RootAccountUsage',
    securityHubControl: 'CloudWatch.1',
    cisRecommendations: ['v1.2.0/1.1', 'v1.2.0/3.3', 'v1.4.0/1.7', 'v1.4.0/4.3'],
    source: `${SECURITY_HUB}, CloudWatch.1`,
  },
  {
    id: 'unauthorized-api-calls',
    title: 'An API call was refused as unauthorized or access denied',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    metricName: 'UnauthorizedAPICalls',
    securityHubControl: 'CloudWatch.2',
    cisRecommendations: ['v1.2.0/3.1'],
    source: `${SECURITY_HUB}, CloudWatch.2`,
  },
  {
    id: 'console-signin-without-mfa',
    title: 'Someone signed in to the console without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    metricName: 'ConsoleSigninWithoutMFA',
    securityHubControl: 'CloudWatch.3',
    cisRecommendations: ['v1.2.0/3.2', 'v3.0.0/4.2'],
    source: `${CIS_V3} 4.2, first pattern`,
  },
  {
    id: 'iam-policy-changes',
    title: 'An IAM policy was created, changed, attached or detached',
    pattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    metricName: 'IAMPolicyChanges',
    securityHubControl: 'CloudWatch.4',
    cisRecommendations: ['v1.2.0/3.4', 'v1.4.0/4.4'],
    source: `${SECURITY_HUB}, CloudWatch.4`,
  },
  {
    id: 'cloudtrail-config-changes',
    title: 'A trail was created, changed, deleted, started or stopped',
    pattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    metricName: 'CloudTrailConfigChanges',
    securityHubControl: 'CloudWatch.5',
    cisRecommendations: ['v1.2.0/3.5', 'v1.4.0/4.5'],
    source: `${SECURITY_HUB}, CloudWatch.5`,
  },
  {
    id: 'console-authentication-failures',
    title: 'A console sign-in failed authentication',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    metricName: 'ConsoleAuthenticationFailures',
    securityHubControl: 'CloudWatch.6',
    cisRecommendations: ['v1.2.0/3.6', 'v1.4.0/4.6'],
    source: `${SECURITY_HUB}, CloudWatch.6`,
  },
  {
    id: 'cmk-disable-or-deletion',
    title: 'A customer managed KMS key was disabled or scheduled for deletion',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    metricName: 'DisableOrDeleteCMK',
    securityHubControl: 'CloudWatch.7',
    cisRecommendations: ['v1.2.0/3.7', 'v1.4.0/4.7'],
    source: `${SECURITY_HUB}, CloudWatch.7`,
  },
  {
    id: 's3-bucket-policy-changes',
    title: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
    pattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    metricName: 'S3BucketPolicyChanges',
    securityHubControl: 'CloudWatch.8',
    cisRecommendations: ['v1.2.0/3.8', 'v1.4.0/4.8'],
    source: `${SECURITY_HUB}, CloudWatch.8`,
  },
  {
    id: 'aws-config-changes',
    title: 'AWS Config recording or delivery was stopped or changed',
    pattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    metricName: 'AWSConfigChanges',
    securityHubControl: 'CloudWatch.9',
    cisRecommendations: ['v1.2.0/3.9', 'v1.4.0/4.9'],
    source: `${SECURITY_HUB}, CloudWatch.9`,
  },
  {
    id: 'security-group-changes',
    title: 'A security group or one of its rules changed',
    pattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    metricName: 'SecurityGroupChanges',
    securityHubControl: 'CloudWatch.10',
    cisRecommendations: ['v1.2.0/3.10', 'v1.4.0/4.10'],
    source: `${SECURITY_HUB}, CloudWatch.10`,
  },
  {
    id: 'nacl-changes',
    title: 'A network ACL or one of its entries changed',
    pattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    metricName: 'NACLChanges',
    securityHubControl: 'CloudWatch.11',
    cisRecommendations: ['v1.2.0/3.11', 'v1.4.0/4.11'],
    source: `${SECURITY_HUB}, CloudWatch.11`,
  },
  {
    id: 'network-gateway-changes',
    title: 'An internet or customer gateway was created, attached, detached or deleted',
    pattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    metricName: 'NetworkGatewayChanges',
    securityHubControl: 'CloudWatch.12',
    cisRecommendations: ['v1.2.0/3.12', 'v1.4.0/4.12'],
    source: `${SECURITY_HUB}, CloudWatch.12`,
  },
  {
    id: 'route-table-changes',
    title: 'A route or route table changed',
    pattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    metricName: 'RouteTableChanges',
    securityHubControl: 'CloudWatch.13',
    cisRecommendations: ['v1.2.0/3.13', 'v1.4.0/4.13'],
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
  {
    id: 'vpc-changes',
    title: 'A VPC, its attributes or a peering connection changed',
    pattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    metricName: 'VPCChanges',
    securityHubControl: 'CloudWatch.14',
    cisRecommendations: ['v1.2.0/3.14', 'v1.4.0/4.14'],
    source: `${SECURITY_HUB}, CloudWatch.14`,
  },
  {
    id: 'organizations-changes',
    title: 'The AWS organization, its accounts, units or policies changed',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    metricName: 'OrganizationsChanges',
    securityHubControl: undefined,
    cisRecommendations: ['v3.0.0/4.15'],
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
];

/**
 * The published stricter variant of the console sign-in without MFA pattern: only successful
 * sign-ins of IAM users. For organizations that sign in through IAM Identity Center (federated
 * sign-ins carry no MFAUsed = "Yes" and would alarm every time). It is Security Hub's CloudWatch.3
 * text and CIS v3.0.0 4.2's "reduce false positives when SSO is used" option.
 */
export const CONSOLE_SIGNIN_IAM_USERS_PATTERN =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';

/** Which console sign-ins without MFA alarm: every one, or only successful IAM user sign-ins. */
export type ConsoleSigninWithoutMfaVariant = 'all' | 'iam-users';

/** The prefix of every CIS alarm id (and so of its alarm's name). */
export const CIS_ALARM_PREFIX = 'cis-';

/**
 * Alarm definitions for the selected CIS controls, in catalog order, each tagged with the control
 * id, its Security Hub control and CIS recommendations (tag values cannot hold `;`, so lists are
 * space-separated).
 */
export function cisAlarmDefinitions(
  selected: readonly string[],
  consoleSigninWithoutMfa: ConsoleSigninWithoutMfaVariant = 'all',
): AlarmDefinition[] {
  return CIS_CATALOG.filter((control) => selected.includes(control.id)).map((control) => ({
    id: `${CIS_ALARM_PREFIX}${control.id}`,
    description: `CIS ${control.cisRecommendations.join(', ')}${control.securityHubControl === undefined ? '' : ` (Security Hub ${control.securityHubControl})`}: ${control.title}. Look at the trail's log group around the alarm time (saved query folder audit/).`,
    pattern:
      control.id === 'console-signin-without-mfa' && consoleSigninWithoutMfa === 'iam-users'
        ? CONSOLE_SIGNIN_IAM_USERS_PATTERN
        : control.pattern,
    additionalFilters: (control.scannerFilters ?? []).map(({ id, pattern }) => ({ id, pattern })),
    metricName: control.metricName,
    metricNamespace: CIS_METRIC_NAMESPACE,
    tags: {
      Control: control.id,
      CisRecommendations: control.cisRecommendations.join(' '),
      ...(control.securityHubControl === undefined ? {} : { SecurityHubControl: control.securityHubControl }),
    },
  }));
}
