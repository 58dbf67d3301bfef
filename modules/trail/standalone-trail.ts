import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { Construct } from 'constructs';
import { managementEventSelector } from './event-selectors';

/** Props of {@link StandaloneTrail}. */
export interface StandaloneTrailProps {
  /** Name of the trail; its ARN must be the one the log bucket policy allows. */
  readonly trailName: string;
  /** Name of the central log bucket, in the log archive account. */
  readonly bucketName: string;
  /** ARN of the log key or its alias, in the log archive account. */
  readonly logKeyArn: string;
  /**
   * Management event sources left out (`kms.amazonaws.com`, `rdsdata.amazonaws.com`).
   * @default []
   */
  readonly excludeManagementEventSources?: readonly string[];
}

/**
 * The trail of an account that the organization trail does not cover: multi-Region, global service
 * events, log file validation, encrypted with the central log key, delivering into the central
 * bucket under `AWSLogs/<account>/` (CloudTrail's default layout, so the same Athena table reads it).
 * Management events only: data events and CloudWatch Logs stay with the organization trail.
 */
export class StandaloneTrail extends Construct {
  /** The trail. */
  public readonly trail: Cloudtrail;

  public constructor(scope: Construct, id: string, props: StandaloneTrailProps) {
    super(scope, id);
    this.trail = new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: props.logKeyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: [managementEventSelector(props.excludeManagementEventSources ?? [])],
    });
  }
}
