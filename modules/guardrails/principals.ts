import { PolicyCondition } from '../iam/policy-document';

/** An organization root (`r-…`), OU (`ou-…`) or account id: where organization policies attach. */
export const POLICY_TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** A role or user ARN, whose name may use `*` (for the roles IAM Identity Center names with a random suffix). */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@*/-]{1,512}$/;

/**
 * The condition that spares `principalArns` from a deny (ArnNotLike, so `*` in an ARN matches as
 * IAM does), or none when the list is empty: then the deny holds for everyone.
 */
export function exceptPrincipals(principalArns: readonly string[]): { Condition?: PolicyCondition } {
  if (principalArns.length === 0) return {};
  const sorted = [...new Set(principalArns)].sort();
  return { Condition: { ArnNotLike: { 'aws:PrincipalArn': sorted.length === 1 ? sorted[0] : sorted } } };
}

/** S3 resources of the archive: each bucket, its objects, and the buckets named `<bucket>-…` (and their objects). */
export function archiveBucketResources(
  partition: string,
  logBucketName: string,
  otherBucketNames: readonly string[],
): string[] {
  const derivedPrefix = `${logBucketName}-`;
  const others = otherBucketNames.filter((name) => name !== logBucketName && !name.startsWith(derivedPrefix));
  return [logBucketName, ...others]
    .flatMap((name) => [`arn:${partition}:s3:::${name}`, `arn:${partition}:s3:::${name}/*`])
    .concat(`arn:${partition}:s3:::${derivedPrefix}*`);
}

/** Every KMS key of the log archive account, in any Region (the account holds only archive keys). */
export function archiveKeyResource(partition: string, archiveAccountId: string): string {
  return `arn:${partition}:kms:*:${archiveAccountId}:key/*`;
}
