import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { Construct } from 'constructs';
import { TerraformDataInput } from '../deployment/terraform-data-input';

/** What {@link resolvedKeyArn} made: the key ARN, and the lookup that reads it. */
export interface ResolvedKeyArn {
  /** The key ARN (a reference to the lookup), or the value given when it already names a key. */
  readonly keyArn: string;
  /** The lookup of the key by its alias, when there is one. */
  readonly lookup?: DataAwsKmsKey;
}

/**
 * The key ARN of `keyOrAliasArn`: the value itself when it names a key (or is a reference), else
 * the ARN of the key its alias names, read by DescribeKey (a key of another account answers an
 * alias ARN when its key policy allows the caller's account). Services such as CloudTrail accept an
 * alias but read the key back as its key ARN: sending the key ARN keeps every later plan empty.
 *
 * The alias goes through a `terraform_data` first, so that the lookup waits for the apply while that
 * resource is new (Terraform reads a data source whose arguments are not yet known during apply):
 * the first plan of a stack never needs the key, which comes with another stack's apply, and every
 * later plan reads it.
 */
export function resolvedKeyArn(scope: Construct, id: string, keyOrAliasArn: string): ResolvedKeyArn {
  if (!/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(keyOrAliasArn)) return { keyArn: keyOrAliasArn };
  const alias = new TerraformDataInput(scope, `${id}-alias`, { arn: keyOrAliasArn });
  const lookup = new DataAwsKmsKey(scope, id, { keyId: alias.output.lookup('arn') as string });
  return { keyArn: lookup.arn, lookup };
}
