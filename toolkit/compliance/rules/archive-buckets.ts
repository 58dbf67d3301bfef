import { LOG_ARCHIVE_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { type ComplianceRule, met, missing, type StackVerdict } from '../rule';
import { type ResourceBody, resourcesOf, type SynthesizedStack } from '../stack-json';

/*
 * The rules on the archive's buckets that a resource of their own settles (server access logging,
 * the public access block): the log archive stack has it on the bucket.
 */

/** Whether a bucket named `bucket` has a resource of `type` (that passes `check`) in the stack. */
function bucketHas(
  stack: SynthesizedStack | undefined,
  type: string,
  bucket: string,
  check: (body: ResourceBody) => boolean = () => true,
): StackVerdict {
  const bucketAddress = resourcesOf(stack, 'aws_s3_bucket').find(([, body]) => body.bucket === bucket)?.[0];
  if (bucketAddress === undefined) return missing(LOG_ARCHIVE_STACK_NAME, `no bucket ${bucket}`);
  const reference = `\${${bucketAddress}.`;
  const found = resourcesOf(stack, type).filter(([, body]) => String(body.bucket).startsWith(reference) && check(body));
  return found.length > 0
    ? met(
        LOG_ARCHIVE_STACK_NAME,
        found.map(([address]) => address),
      )
    : missing(LOG_ARCHIVE_STACK_NAME, `no ${type} on ${bucket}`);
}

/** CIS 4.4: server access logging on the bucket CloudTrail delivers to. */
export const TRAIL_BUCKET_ACCESS_LOGGING: ComplianceRule = {
  id: 'trail-bucket-access-logging',
  title: 'Server access logging on the CloudTrail bucket',
  cis: ['4.4'],
  securityHub: ['CloudTrail.7'],
  judge: ({ archive, naming }) => [bucketHas(archive, 'aws_s3_bucket_logging', naming.logBucketName)],
};

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

/** Security Hub S3.9: server access logging on each archive bucket (logs, member logs, Athena results). */
export const ARCHIVE_ACCESS_LOGGING: ComplianceRule = {
  id: 'archive-access-logging',
  title: 'Archive buckets log their accesses',
  cis: [],
  securityHub: ['S3.9'],
  judge: ({ archive, naming }) =>
    [naming.logBucketName, naming.memberLogsBucketName, naming.athenaResultsBucketName].map((bucket) =>
      bucketHas(archive, 'aws_s3_bucket_logging', bucket),
    ),
};
