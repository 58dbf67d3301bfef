import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { Construct } from 'constructs';
import { managementEventSelector } from './event-selectors';
import { addTrailLogDelivery, TrailLogDeliveryProps } from './trail-log-delivery';
import { validateProps } from '../core/prop-validation';
import { resolvedKeyArn } from '../kms/key-arn';

/** Props of {@link StandaloneTrail}. */
export interface StandaloneTrailProps {
  /** Name of the trail; its ARN must be the one the log bucket policy allows. */
  readonly trailName: string;
  /** Name of the central log bucket, in the log archive account. */
  readonly bucketName: string;
  /**
   * ARN of the log key or its alias, in the log archive account. An alias is resolved to its key
   * ARN, the form CloudTrail reads back, by a lookup the key's policy must allow this account
   * (DescribeKey); it waits for the apply while the lookup is new.
   */
  readonly logKeyArn: string;
  /**
   * Management event sources left out (`kms.amazonaws.com`, `rdsdata.amazonaws.com`).
   * @default []
   */
  readonly excludeManagementEventSources?: readonly string[];
  /**
   * Delivery to a CloudWatch Logs group of the stack's account and Region too, for metric filters
   * and alarms: the trail's ARN and the retention.
   * @default - no CloudWatch Logs delivery
   */
  readonly cloudWatchLogs?: Omit<TrailLogDeliveryProps, 'trailName'>;
}

/**
 * The trail of an account that the organization trail does not cover: multi-Region, global service
 * events, log file validation, encrypted with the central log key, delivering into the central
 * bucket under `AWSLogs/<account>/` (CloudTrail's default layout, so the same Athena table reads it).
 * Management events only (data events stay with the organization trail). With `cloudWatchLogs`, it
 * also delivers to an encrypted log group of its account, as the organization trail does, so that
 * the CIS metric filters and alarms watch this account too.
 */
export class StandaloneTrail extends Construct {
  /** The trail. */
  public readonly trail: Cloudtrail;
  /** Name of its CloudWatch Logs group (a reference), when it delivers there. */
  public readonly logGroupName: string | undefined;

  public constructor(scope: Construct, id: string, props: StandaloneTrailProps) {
    super(scope, id);
    validateProps(this, props);
    const delivery =
      props.cloudWatchLogs === undefined
        ? undefined
        : addTrailLogDelivery(this, { ...props.cloudWatchLogs, trailName: props.trailName });
    this.logGroupName = delivery?.logGroupName;
    const logKey = resolvedKeyArn(this, 'log-key', props.logKeyArn);
    this.trail = new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: logKey.keyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: [managementEventSelector(props.excludeManagementEventSources ?? [])],
      cloudWatchLogsGroupArn: delivery?.trailLogGroupArn,
      cloudWatchLogsRoleArn: delivery?.roleArn,
      // CloudTrail checks that it can assume the role and write when the trail is created.
      dependsOn: delivery === undefined ? undefined : [delivery.rolePolicy],
    });
  }
}
