import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, Op } from 'cdktf';
import { Construct } from 'constructs';
import { AwsPartition } from '../config/regions';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { AuditKey, cloudWatchLogsKeyStatement, keyAdministrationStatement } from '../kms/audit-key';
import { advancedEventSelectors, TrailEventSelection } from './event-selectors';

/** Name of the CloudWatch Logs group that receives an organization trail's events. */
export function trailLogGroupName(trailName: string): string {
  return `/aws/cloudtrail/${trailName}`;
}

/** Name of the role CloudTrail assumes to deliver a trail's events to its log group. */
export function trailDeliveryRoleName(trailName: string): string {
  return `cloudtrail-to-logs-${trailName}`.slice(0, 64);
}

/** Props of {@link OrganizationTrail}. */
export interface OrganizationTrailProps extends TrailEventSelection {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** Home Region of the trail (the stack's Region). */
  readonly region: string;
  /** The account this construct deploys into: the management account or the delegated administrator. */
  readonly accountId: string;
  /** The organization id; checked against the live organization at plan time. */
  readonly organizationId: string;
  /** The management account; checked against the live organization at plan time. */
  readonly managementAccountId: string;
  /** Name of the trail. */
  readonly trailName: string;
  /** ARN of the trail (it names the management account, the trail's owner). */
  readonly trailArn: string;
  /** Name of the central log bucket, in the log archive account. */
  readonly bucketName: string;
  /** ARN of the key (alias) that encrypts log files, in the log archive account. */
  readonly logKeyArn: string;
  /**
   * Days CloudWatch Logs keeps the trail's events.
   * @default 365
   */
  readonly cloudWatchLogsRetentionInDays?: number;
  /**
   * CloudTrail Insights on API call rate and API error rate (billed per event analyzed).
   * @default false
   */
  readonly insights?: boolean;
}

/**
 * The organization trail: every account, every Region, global service events, log file
 * validation, encrypted with the central key into the central bucket, and delivered to a CloudWatch
 * Logs group of this account (encrypted with its own key) for the metric filters and queries.
 *
 * Names of the bucket and key come from the config, not from Terraform references: they live in
 * another account's stack. The organization itself is not managed here (importing the live
 * organization into a stack is how organizations get broken); a plan-time check reads it instead.
 */
export class OrganizationTrail extends Construct {
  /** ARN of the trail. */
  public readonly trailArn: string;
  /** Name of the CloudWatch Logs group receiving the trail's events (a reference to the group). */
  public readonly logGroupName: string;
  /** ARN of that log group (a reference to the group). */
  public readonly logGroupArn: string;

  public constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const { partition, region, accountId } = props;
    this.trailArn = props.trailArn;
    // The key's policy must name the log group it encrypts before the group exists (the group
    // waits for the key): the one place the name is built rather than read from the resource.
    const logGroupName = trailLogGroupName(props.trailName);
    const plannedLogGroupArn = `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;

    const logsKey = new AuditKey(this, 'logs-key', {
      description: `Encrypts the CloudWatch Logs copy of trail ${props.trailName}`,
      aliasName: 'alias/audit-trail-logs',
      policyStatements: [
        keyAdministrationStatement(partition, accountId),
        cloudWatchLogsKeyStatement('CloudWatchLogsEncryptTrailEvents', region, plannedLogGroupArn),
      ],
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: props.cloudWatchLogsRetentionInDays ?? 365,
      kmsKeyId: logsKey.keyArn,
    });
    // Consumers in this stack (metric filters, saved queries) get Terraform's dependency on the
    // group from these references: CloudWatch Logs refuses a filter on a group not yet created.
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;

    const role = new IamRole(this, 'delivery-role', {
      name: trailDeliveryRoleName(props.trailName),
      description: `CloudTrail delivers trail ${props.trailName} to ${logGroupName} with this role`,
      assumeRolePolicy: serviceTrustPolicy('CloudTrailDelivers', 'cloudtrail.amazonaws.com', {
        StringEquals: { 'aws:SourceArn': props.trailArn },
      }),
    });
    const rolePolicy = new IamRolePolicy(this, 'delivery-policy', {
      role: role.name,
      name: 'deliver-to-log-group',
      policy: renderPolicy([
        {
          Sid: 'WriteTrailEvents',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.arn}:log-stream:*`,
        },
      ]),
    });

    // What can be checked of the prerequisites, at plan time, read-only: the credentials reach the
    // organization the config names, whose management account is the one the config names.
    const organization = new DataAwsOrganizationsOrganization(this, 'organization', {});

    new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: props.logKeyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: advancedEventSelectors(props),
      insightSelector: props.insights
        ? [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }]
        : undefined,
      // CloudTrail checks that it can assume the role and write when the trail is created.
      dependsOn: [rolePolicy],
      lifecycle: {
        precondition: [
          {
            condition: Op.eq(organization.id, props.organizationId),
            errorMessage: `These credentials belong to another AWS organization than organization.id ${props.organizationId} in the config; fix organization.id, or deploy with the credentials of that organization.`,
          },
          {
            condition: Op.eq(organization.masterAccountId, props.managementAccountId),
            errorMessage: `The organization's management account is not organization.managementAccountId ${props.managementAccountId} in the config; fix it, or the bucket policy will refuse the trail.`,
          },
          // Only the management account can read trusted access; a delegated administrator cannot.
          ...(props.accountId === props.managementAccountId
            ? [
                {
                  condition: Fn.contains(organization.awsServiceAccessPrincipals, 'cloudtrail.amazonaws.com'),
                  errorMessage:
                    'Trusted access for CloudTrail is not enabled in the organization; enable it first (aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com, from the management account).',
                },
              ]
            : []),
        ],
      },
    });
  }
}
