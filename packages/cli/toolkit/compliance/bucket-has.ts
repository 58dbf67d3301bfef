import { LOG_ARCHIVE_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { met, missing, type StackVerdict } from './rule';
import { type ResourceBody, resourcesOf, type SynthesizedStack } from './stack-json';

/*
 * The judge of the rules on the archive's buckets that a resource of their own settles (server
 * access logging, the public access block; one rule a file in rules/): the log archive stack has it
 * on the bucket.
 */

/** Whether a bucket named `bucket` has a resource of `type` (that passes `check`) in the stack. */
export function bucketHas(
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
