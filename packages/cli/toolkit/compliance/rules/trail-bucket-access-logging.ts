import type { ComplianceRule } from '../rule';
import { bucketHas } from '../bucket-has';

/** CIS 4.4: server access logging on the bucket CloudTrail delivers to. */
export const TRAIL_BUCKET_ACCESS_LOGGING: ComplianceRule = {
  id: 'trail-bucket-access-logging',
  title: 'Server access logging on the CloudTrail bucket',
  cis: ['4.4'],
  securityHub: ['CloudTrail.7'],
  judge: ({ archive, naming }) => [bucketHas(archive, 'aws_s3_bucket_logging', naming.logBucketName)],
};
