import { formatArn } from '../core/arn';
import { derivedBucketNames, s3BucketArn } from '../core/naming';
import { PolicyCondition } from '../iam/policy-document';

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
    .flatMap((name) => [s3BucketArn(partition, name), `${s3BucketArn(partition, name)}/*`])
    .concat(s3BucketArn(partition, `${derivedPrefix}*`));
}

/**
 * S3 resources that hold evidence, by name: the log bucket, its access-log and member-logs buckets,
 * `otherBucketNames` (the replica), and their objects. Not the Athena results or the columnar copy,
 * which are derived and maintained by deleting, and not another team's bucket that happens to share
 * the prefix.
 */
export function evidenceBucketResources(
  partition: string,
  logBucketName: string,
  otherBucketNames: readonly string[],
): string[] {
  const derived = derivedBucketNames(logBucketName);
  return [...new Set([logBucketName, derived.accessLogs, derived.memberLogs, ...otherBucketNames])].flatMap((name) => [
    s3BucketArn(partition, name),
    `${s3BucketArn(partition, name)}/*`,
  ]);
}

/** Every KMS key of the log archive account, in any Region (the account holds only archive keys). */
export function archiveKeyResource(partition: string, archiveAccountId: string): string {
  return formatArn({
    partition,
    service: 'kms',
    region: '*',
    account: archiveAccountId,
    resource: 'key',
    resourceName: '*',
  });
}

/** A role of that name in any account (`arn:<partition>:iam::*:role/<name>`), as a principal pattern. */
export function roleInAnyAccount(partition: string, roleName: string): string {
  return formatArn({ partition, service: 'iam', region: '', account: '*', resource: 'role', resourceName: roleName });
}

/**
 * The role AWS Control Tower manages each enrolled account with (its recorder, trail and stack sets
 * included): spared from the recorder protection where Control Tower owns AWS Config.
 */
export const CONTROL_TOWER_EXECUTION_ROLE = 'AWSControlTowerExecution';
