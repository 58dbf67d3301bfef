import { AwsPartition } from '../config/regions';
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
  /** Accounts whose AWS Config delivers here. */
  readonly configAccountIds: readonly string[];
  /** Key prefix of AWS Config deliveries, without `/` (Config adds `/AWSLogs/<account>/Config/`). */
  readonly configPrefix: string;
  /** Accounts that may list and read the logs, never write or delete. */
  readonly readerAccountIds: readonly string[];
  /** The only principal that may delete objects or change the policy and lifecycle. */
  readonly deployRoleArn: string;
}

/** The bucket-owner-full-control ACL condition every CloudTrail and Config delivery carries. */
const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' } as const;

/**
 * Statements of the central log bucket's policy, one per purpose, with stable Sids (the TLS-only
 * deny comes from {@link SecureBucket}). Follows what AWS documents for organization trails and
 * AWS Config delivery to a bucket in another account. There is deliberately no statement denying
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

  if (props.configAccountIds.length > 0) {
    statements.push(
      {
        Sid: 'ConfigBucketCheck',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: bucket,
        Condition: { StringEquals: { 'aws:SourceAccount': oneOrMany(props.configAccountIds) } },
      },
      ...props.configAccountIds.map((accountId): PolicyStatement => ({
        Sid: `ConfigWrite${accountId}`,
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucket}/${props.configPrefix}/AWSLogs/${accountId}/Config/*`,
        Condition: { StringEquals: { ...OWNER_FULL_CONTROL, 'aws:SourceAccount': accountId } },
      })),
    );
  }

  if (props.readerAccountIds.length > 0) {
    const readers = { AWS: oneOrMany(props.readerAccountIds.map((id) => accountRootArn(props.partition, id))) };
    const logPrefixes = ['AWSLogs/', `${props.configPrefix}/`];
    statements.push(
      {
        Sid: 'ReadersLocateBucket',
        Effect: 'Allow',
        Principal: readers,
        Action: 's3:GetBucketLocation',
        Resource: bucket,
      },
      {
        Sid: 'ReadersListLogs',
        Effect: 'Allow',
        Principal: readers,
        Action: 's3:ListBucket',
        Resource: bucket,
        Condition: { StringLike: { 's3:prefix': logPrefixes.map((prefix) => `${prefix}*`) } },
      },
      {
        Sid: 'ReadersReadLogs',
        Effect: 'Allow',
        Principal: readers,
        Action: 's3:GetObject',
        Resource: logPrefixes.map((prefix) => `${bucket}/${prefix}*`),
      },
    );
  }

  statements.push(...retentionGuardStatements(bucket, props.deployRoleArn));
  return statements;
}

/**
 * Denies that keep what a bucket holds: nobody but the deploy role may delete an object version,
 * bypass Object Lock governance retention, or change the policy, lifecycle, versioning or Object
 * Lock configuration. (The account's root user can still replace a bucket policy: S3 keeps that way
 * out of a lockout, and no policy can close it.)
 */
export function retentionGuardStatements(bucketArn: string, deployRoleArn: string): PolicyStatement[] {
  const exceptDeployRole = { ArnNotEquals: { 'aws:PrincipalArn': deployRoleArn } };
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
