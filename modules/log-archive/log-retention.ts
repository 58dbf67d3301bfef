import { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { LOG_RETENTION_RULE_ID } from '../core/naming';

/** How long log objects stay in each storage class; `null` skips a step. */
export interface LogRetention {
  /** Days until objects move to S3 Standard-IA (at least 30). */
  readonly transitionToInfrequentAccessDays: number | null;
  /** Days until objects move to S3 Glacier Flexible Retrieval. */
  readonly transitionToGlacierDays: number | null;
  /** Days until objects move to S3 Glacier Deep Archive. */
  readonly transitionToDeepArchiveDays: number | null;
  /** Days until objects expire (a delete marker is added; Object Lock still holds locked versions). */
  readonly expireAfterDays: number | null;
  /** Days a noncurrent version is kept before S3 removes it. */
  readonly noncurrentVersionExpirationDays: number;
}

/** Days after which S3 aborts an unfinished multipart upload, so its parts stop costing money. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/**
 * Lifecycle rules of a log bucket: the transitions and expiry of `retention` over the whole bucket,
 * and a second rule that removes delete markers left alone once their versions are gone.
 */
export function logRetentionRules(retention: LogRetention): S3BucketLifecycleConfigurationRule[] {
  const transitions = (
    [
      [retention.transitionToInfrequentAccessDays, 'STANDARD_IA'],
      [retention.transitionToGlacierDays, 'GLACIER'],
      [retention.transitionToDeepArchiveDays, 'DEEP_ARCHIVE'],
    ] as const
  ).flatMap(([days, storageClass]) => (days === null ? [] : [{ days, storageClass }]));
  return [
    {
      id: LOG_RETENTION_RULE_ID,
      status: 'Enabled',
      filter: [{}],
      transition: transitions,
      expiration: retention.expireAfterDays === null ? undefined : [{ days: retention.expireAfterDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: retention.noncurrentVersionExpirationDays }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    },
    {
      id: 'expired-delete-markers',
      status: 'Enabled',
      filter: [{}],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}

/** Lifecycle of a bucket of short-lived records (access logs): expiry after `days`, versions after 30. */
export function expiryRules(id: string, days: number): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id,
      status: 'Enabled',
      filter: [{}],
      expiration: [{ days }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    },
  ];
}
