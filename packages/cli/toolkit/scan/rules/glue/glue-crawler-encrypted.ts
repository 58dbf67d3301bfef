import { bodiesOf, isOurKey, type ScanRule } from '../../scan-rule';

const SECURITY = 'aws_glue_security_configuration';
const PARTS = ['cloudwatch_encryption', 'job_bookmarks_encryption', 's3_encryption'];

/** A crawler runs under a security configuration that encrypts its logs, bookmarks and S3 output with a key of ours. */
export const GLUE_CRAWLER_ENCRYPTED: ScanRule = {
  id: 'glue-crawler-encrypted',
  description:
    'Every Glue crawler names a security configuration whose CloudWatch, job bookmark and S3 encryption use a key of ours.',
  judges: ['aws_glue_crawler'],
  reads: [SECURITY],
  check: ({ body }, { stack }) => {
    const reference = /^\$\{aws_glue_security_configuration\.([^.}]+)\.name\}$/.exec(
      String(body.security_configuration),
    );
    const named = reference === null ? undefined : bodiesOf(stack, SECURITY)[reference[1]];
    if (named === undefined) return 'no security configuration of this stack';
    const encryption = (named.encryption_configuration ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const weak = PARTS.filter((part) => !isOurKey(encryption[part]?.kms_key_arn, stack));
    return weak.length > 0 ? `${weak.join(', ')} without a key of ours` : undefined;
  },
};
