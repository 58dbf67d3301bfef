import { attachedTo, listOf, type ScanRule } from '../../scan-rule';

const OWNERSHIP = 'aws_s3_bucket_ownership_controls';

/** A bucket's object ownership is BucketOwnerEnforced: ACLs are off, the policy alone grants access. */
export const S3_BUCKET_ACLS_DISABLED: ScanRule = {
  id: 's3-bucket-acls-disabled',
  description: 'Every bucket has object ownership BucketOwnerEnforced (ACLs disabled).',
  judges: ['aws_s3_bucket'],
  reads: [OWNERSHIP],
  check: (bucket, { stack }) => {
    const enforced = attachedTo(bucket, stack, OWNERSHIP, 'bucket')
      .flatMap((controls) => listOf(controls.rule as { object_ownership?: string } | undefined))
      .some((rule) => rule.object_ownership === 'BucketOwnerEnforced');
    return enforced ? undefined : 'object ownership is not BucketOwnerEnforced';
  },
};
