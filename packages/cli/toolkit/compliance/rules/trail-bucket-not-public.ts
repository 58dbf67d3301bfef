import type { ComplianceRule } from '../rule';
import { bucketHas } from '../bucket-has';

/** Security Hub CloudTrail.6 and S3.8: the CloudTrail bucket blocks every kind of public access. */
export const TRAIL_BUCKET_NOT_PUBLIC: ComplianceRule = {
  id: 'trail-bucket-not-public',
  title: 'The CloudTrail bucket blocks public access',
  cis: [],
  securityHub: ['CloudTrail.6', 'S3.8'],
  judge: ({ archive, naming }) => [
    bucketHas(
      archive,
      'aws_s3_bucket_public_access_block',
      naming.logBucketName,
      (b) =>
        b.block_public_acls === true &&
        b.block_public_policy === true &&
        b.ignore_public_acls === true &&
        b.restrict_public_buckets === true,
    ),
  ],
};
