import type { ComplianceRule } from '../rule';
import { bucketHas } from '../bucket-has';

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
