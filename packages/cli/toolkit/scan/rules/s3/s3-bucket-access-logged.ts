import { attachedTo, type ScanRule } from '../../scan-rule';

const LOGGING = 'aws_s3_bucket_logging';

/** A bucket's requests are recorded by S3 server access logging. */
export const S3_BUCKET_ACCESS_LOGGED: ScanRule = {
  id: 's3-bucket-access-logged',
  description: 'Every bucket has S3 server access logging to a target bucket.',
  judges: ['aws_s3_bucket'],
  reads: [LOGGING],
  check: (bucket, { stack }) =>
    attachedTo(bucket, stack, LOGGING, 'bucket').some((logging) => typeof logging.target_bucket === 'string')
      ? undefined
      : 'no server access logging',
};
