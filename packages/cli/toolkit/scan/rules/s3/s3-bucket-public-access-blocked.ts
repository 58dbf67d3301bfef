import { attachedTo, type ScanRule } from '../../scan-rule';

const BLOCK = 'aws_s3_bucket_public_access_block';
const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** A bucket has its own public access block with all four settings on (not only the account's). */
export const S3_BUCKET_PUBLIC_ACCESS_BLOCKED: ScanRule = {
  id: 's3-bucket-public-access-blocked',
  description: 'Every bucket has a public access block with its four settings on.',
  judges: ['aws_s3_bucket'],
  reads: [BLOCK],
  check: (bucket, { stack }) => {
    const blocks = attachedTo(bucket, stack, BLOCK, 'bucket');
    if (blocks.length === 0) return 'no public access block';
    const off = SETTINGS.filter((setting) => !blocks.some((block) => block[setting] === true));
    return off.length > 0 ? `${off.join(', ')} off` : undefined;
  },
};
