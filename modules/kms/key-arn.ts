import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { Construct } from 'constructs';

/**
 * The key ARN of `keyOrAliasArn`: the value itself when it names a key (or is a reference), else
 * the ARN of the key its alias names, read at plan time (DescribeKey, which a key of another account
 * answers to an alias ARN when its key policy allows the caller's account). Services such as
 * CloudTrail accept an alias but read the key back as its key ARN: sending the key ARN keeps the
 * second plan empty.
 */
export function resolvedKeyArn(scope: Construct, id: string, keyOrAliasArn: string): string {
  if (!/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(keyOrAliasArn)) return keyOrAliasArn;
  return new DataAwsKmsKey(scope, id, { keyId: keyOrAliasArn }).arn;
}
