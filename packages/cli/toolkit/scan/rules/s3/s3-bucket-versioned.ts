import { attachedTo, type ScanRule } from '../../scan-rule';

const VERSIONING = 'aws_s3_bucket_versioning';

/** A bucket keeps versions: an overwrite or delete of evidence leaves the old object. */
export const S3_BUCKET_VERSIONED: ScanRule = {
  id: 's3-bucket-versioned',
  description: 'Every bucket has versioning Enabled.',
  judges: ['aws_s3_bucket'],
  reads: [VERSIONING],
  check: (bucket, { stack }) => {
    const enabled = attachedTo(bucket, stack, VERSIONING, 'bucket').some(
      (v) => (v.versioning_configuration as { status?: string } | undefined)?.status === 'Enabled',
    );
    return enabled ? undefined : 'versioning is not Enabled';
  },
};
