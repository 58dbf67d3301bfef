import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { Op } from 'cdktf';
import { Construct } from 'constructs';
import { advancedEventSelectors, TrailEventSelection } from './event-selectors';
import { addTrailLogDelivery } from './trail-log-delivery';
import { resolvedKeyArn } from '../kms/key-arn';
import { numberProblem, validateProps } from '../core/prop-validation';
import { FieldProblem, logRetentionDaysProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';
import { sameOrganization, trustedAccess } from '../deployment/organization-checks';

/** Props of {@link OrganizationTrail}. */
export interface OrganizationTrailProps extends TrailEventSelection {
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
  /**
   * ARN of the key (or its alias) that encrypts log files, in the log archive account. An alias is
   * resolved to its key ARN, the form CloudTrail reads back, by a lookup the key's policy must allow
   * this account (DescribeKey); it waits for the apply while the lookup is new.
   */
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
 * The organization trail, homed in its {@link AccountStack}'s Region and account (the management
 * account or the CloudTrail delegated administrator): every account, every Region, global service events, log file
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
    validateProps(this, props, [
      numberProblem('cloudWatchLogsRetentionInDays', props.cloudWatchLogsRetentionInDays, logRetentionDaysProblem),
      trailArnDisagreement(props),
    ]);
    const { accountId } = AccountStack.of(this);
    this.trailArn = props.trailArn;
    const delivery = addTrailLogDelivery(this, {
      trailName: props.trailName,
      retentionInDays: props.cloudWatchLogsRetentionInDays,
    });
    // Consumers in this stack (metric filters, saved queries) get Terraform's dependency on the
    // group from these references: CloudWatch Logs refuses a filter on a group not yet created.
    this.logGroupName = delivery.logGroupName;
    this.logGroupArn = delivery.logGroupArn;

    // What can be checked of the prerequisites, at plan time, read-only: the credentials reach the
    // organization the config names, whose management account is the one the config names.
    const organization = new DataAwsOrganizationsOrganization(this, 'organization', {});
    const logKey = resolvedKeyArn(this, 'log-key', props.logKeyArn);

    new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: logKey.keyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: delivery.trailLogGroupArn,
      cloudWatchLogsRoleArn: delivery.roleArn,
      advancedEventSelector: advancedEventSelectors(props),
      insightSelector: props.insights
        ? [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }]
        : undefined,
      // CloudTrail checks that it can assume the role and write when the trail is created.
      dependsOn: [delivery.rolePolicy],
      lifecycle: {
        precondition: [
          sameOrganization(organization, props.organizationId),
          {
            condition: Op.eq(organization.masterAccountId, props.managementAccountId),
            errorMessage: `The organization's management account is not organization.managementAccountId ${props.managementAccountId} in the config; fix it, or the bucket policy will refuse the trail.`,
          },
          // Only the management account can read trusted access; a delegated administrator cannot.
          ...(accountId === props.managementAccountId
            ? [trustedAccess(organization, 'cloudtrail.amazonaws.com', 'CloudTrail')]
            : []),
        ],
      },
    });
  }
}

/**
 * The problem when `trailArn` names another trail than `trailName`, or another account than the
 * management account (an organization trail's ARN names the management account, whoever creates
 * it): the bucket and key policies would admit a trail that is not this one. A malformed ARN is
 * left to the rule for `trailArn` by name.
 */
function trailArnDisagreement(props: OrganizationTrailProps): FieldProblem | undefined {
  const match = /^arn:[^:]+:cloudtrail:[^:]*:(\d{12}):trail\/(.+)$/.exec(props.trailArn);
  if (match === null) return undefined;
  const [, account, name] = match;
  if (name === props.trailName && account === props.managementAccountId) return undefined;
  return {
    field: 'trailArn',
    message:
      `${JSON.stringify(props.trailArn)} names the trail ${JSON.stringify(name)} of account ${account}; it must name ` +
      `trailName ${JSON.stringify(props.trailName)} of the management account ${props.managementAccountId} ` +
      "(an organization trail's ARN names the management account, whoever creates it)",
  };
}
