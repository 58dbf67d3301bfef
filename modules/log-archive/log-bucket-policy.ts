import { AwsPartition } from '../core/regions';
import { accountRootArn, oneOrMany, PolicyStatement } from '../iam/policy-document';

/** A member account's own trail (an account outside the organization trail). */
export interface AccountTrail {
  /** The account that owns the trail. */
  readonly accountId: string;
  /** ARN of its trail: the only trail allowed to write `AWSLogs/<accountId>/`. */
  readonly trailArn: string;
}

/** What the central log bucket's policy allows, computed from the config. */
export interface LogBucketPolicyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** ARN of the central bucket. */
  readonly bucketArn: string;
  /** The organization id: the organization trail writes `AWSLogs/<id>/`. */
  readonly organizationId: string;
  /** The management account: the organization trail writes its own logs to `AWSLogs/<account>/`. */
  readonly managementAccountId: string;
  /** ARN of the organization trail, the `aws:SourceArn` of its deliveries. */
  readonly organizationTrailArn: string;
  /** Account trails of members outside the organization trail. */
  readonly accountTrails: readonly AccountTrail[];
  /** Accounts that may list and read the logs, never write or delete. */
  readonly readerAccountIds: readonly string[];
  /** The only principal that may delete objects or change the policy and lifecycle. */
  readonly deployRoleArn: string;
  /**
   * Principals spared, beside the deploy role, from the deletion and retention denies (break-glass).
   * @default []
   */
  readonly breakGlassPrincipalArns?: readonly string[];
}

/** The bucket-owner-full-control ACL condition every CloudTrail, Config and log delivery carries. */
export const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' } as const;

/**
 * Statements of the central log bucket's policy, one per purpose, with stable Sids (the TLS-only
 * deny comes from {@link SecureBucket}). Follows what AWS documents for organization trails and
 * trails that deliver to a bucket in another account. AWS Config is not here: it cannot deliver to
 * a bucket with Object Lock, so it writes to the member-logs bucket. There is deliberately no statement denying
 * uploads without an encryption header: CloudTrail does not send one, so it would block delivery;
 * the bucket's default encryption encrypts every object anyway.
 */
export function logBucketPolicyStatements(props: LogBucketPolicyProps): PolicyStatement[] {
  const bucket = props.bucketArn;
  const trailArns = [props.organizationTrailArn, ...props.accountTrails.map((t) => t.trailArn)];
  const statements: PolicyStatement[] = [
    {
      Sid: 'CloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucket,
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
    {
      Sid: 'CloudTrailOrganizationWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`${bucket}/AWSLogs/${props.managementAccountId}/*`, `${bucket}/AWSLogs/${props.organizationId}/*`],
      Condition: { StringEquals: { ...OWNER_FULL_CONTROL, 'aws:SourceArn': props.organizationTrailArn } },
    },
    ...props.accountTrails.map((trail): PolicyStatement => ({
      Sid: `CloudTrailAccountWrite${trail.accountId}`,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucket}/AWSLogs/${trail.accountId}/*`,
      Condition: { StringEquals: { ...OWNER_FULL_CONTROL, 'aws:SourceArn': trail.trailArn } },
    })),
  ];

  statements.push(...readerStatements(props.partition, bucket, props.readerAccountIds, ['AWSLogs/']));
  statements.push(...retentionGuardStatements(bucket, props.deployRoleArn, props.breakGlassPrincipalArns));
  return statements;
}

/**
 * What an auditor in a reader account needs to find and read the logs under `prefixes` (each ends
 * in `/`): the bucket's Region, listing under those prefixes, and reading objects there. Nothing
 * else: no writes, no deletes, no ACL or policy reads.
 */
export function readerStatements(
  partition: AwsPartition,
  bucketArn: string,
  readerAccountIds: readonly string[],
  prefixes: readonly string[],
): PolicyStatement[] {
  if (readerAccountIds.length === 0) return [];
  const readers = { AWS: oneOrMany(readerAccountIds.map((id) => accountRootArn(partition, id))) };
  return [
    {
      Sid: 'ReadersLocateBucket',
      Effect: 'Allow',
      Principal: readers,
      Action: 's3:GetBucketLocation',
      Resource: bucketArn,
    },
    {
      Sid: 'ReadersListLogs',
      Effect: 'Allow',
      Principal: readers,
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': oneOrMany(prefixes.map((prefix) => `${prefix}*`)) } },
    },
    {
      Sid: 'ReadersReadLogs',
      Effect: 'Allow',
      Principal: readers,
      Action: 's3:GetObject',
      Resource: oneOrMany(prefixes.map((prefix) => `${bucketArn}/${prefix}*`)),
    },
  ];
}

/**
 * Denies that keep what a bucket holds: nobody but the deploy role may delete an object version,
 * bypass Object Lock governance retention, or change the policy, lifecycle, versioning or Object
 * Lock configuration; break-glass principals, when given, are spared too (`*` in their ARNs matches
 * as IAM does). (The account's root user can still replace a bucket policy: S3 keeps that way out
 * of a lockout, and only an organization policy closes it: see the guardrails.)
 */
export function retentionGuardStatements(
  bucketArn: string,
  deployRoleArn: string,
  breakGlassPrincipalArns: readonly string[] = [],
): PolicyStatement[] {
  const exceptDeployRole =
    breakGlassPrincipalArns.length === 0
      ? { ArnNotEquals: { 'aws:PrincipalArn': deployRoleArn } }
      : { ArnNotLike: { 'aws:PrincipalArn': [deployRoleArn, ...new Set(breakGlassPrincipalArns)] } };
  return [
    {
      Sid: 'DenyObjectDeletion',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject*', 's3:BypassGovernanceRetention'],
      Resource: `${bucketArn}/*`,
      Condition: exceptDeployRole,
    },
    {
      Sid: 'DenyRetentionChanges',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:PutLifecycleConfiguration',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutBucketObjectLockConfiguration',
      ],
      Resource: bucketArn,
      Condition: exceptDeployRole,
    },
  ];
}
