import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { s3BucketArn } from '../core/naming';
import { ObjectLockRetention, SecureBucket } from '../storage/secure-bucket';
import { AuditKey, keyAdministrationStatement } from '../kms/audit-key';
import { retentionGuardStatements } from './log-bucket-policy';
import { LogRetention, logRetentionRules } from './log-retention';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';

/** Props of {@link LogReplication}. */
export interface LogReplicationProps {
  /**
   * The bucket to copy, in the stack's account and Region; it must have versioning (every
   * {@link SecureBucket} has).
   */
  readonly source: SecureBucket;
  /** ARN of the key that encrypts the source bucket. */
  readonly sourceKeyArn: string;
  /** Name of the replica bucket. */
  readonly replicaBucketName: string;
  /** Region of the replica bucket and its key. */
  readonly replicaRegion: string;
  /** Provider in `replicaRegion`, in the stack's account. */
  readonly replicaProvider: TerraformProvider;
  /** Alias of the replica key. */
  readonly replicaKeyAliasName: string;
  /** Lifecycle of the replica, usually the source's. */
  readonly retention: LogRetention;
  /**
   * Object Lock of the replica; S3 requires it when the source has Object Lock.
   * @default - no Object Lock on the replica
   */
  readonly objectLock?: ObjectLockRetention;
  /** The only principal that may delete replica objects or change the replica's policy. */
  readonly deployRoleArn: string;
  /**
   * Principals spared, beside the deploy role, from the deletion and retention denies (break-glass).
   * @default []
   */
  readonly breakGlassPrincipalArns?: readonly string[];
}

/**
 * A copy of every new object of a bucket in a second Region (S3 Replication): a replica bucket with
 * the same protections (versioning, Object Lock, lifecycle, retention guard, TLS only), its own KMS
 * key in that Region, and a role that S3 assumes to copy, limited to those two buckets and keys.
 * Deletions are not replicated (delete markers stay in the source), so the copy outlives a mistake.
 */
export class LogReplication extends Construct {
  /** The replica bucket. */
  public readonly replica: SecureBucket;
  /** The replica's key. */
  public readonly replicaKey: AuditKey;

  public constructor(scope: Construct, id: string, props: LogReplicationProps) {
    super(scope, id);
    validateProps(this, props);
    const { source } = props;
    const { partition, region: sourceRegion, accountId } = AccountStack.of(this);

    this.replicaKey = new AuditKey(this, 'key', {
      provider: props.replicaProvider,
      description: `Encrypts the replica of ${source.bucketName} in ${props.replicaRegion}`,
      aliasName: props.replicaKeyAliasName,
      policyStatements: [keyAdministrationStatement(partition, accountId)],
    });

    const replicaArn = s3BucketArn(partition, props.replicaBucketName);
    this.replica = new SecureBucket(this, 'bucket', {
      provider: props.replicaProvider,
      bucketName: props.replicaBucketName,
      kmsKeyArn: this.replicaKey.keyArn,
      objectLock: props.objectLock,
      lifecycleRules: logRetentionRules(props.retention),
      policyStatements: retentionGuardStatements(replicaArn, props.deployRoleArn, props.breakGlassPrincipalArns),
    });

    const role = new IamRole(this, 'role', {
      name: `s3-replication-${source.bucketName}`.slice(0, 64),
      description: `S3 copies ${source.bucketName} to ${props.replicaBucketName} with this role`,
      // The trust S3's guide gives a replication role names the principal alone: S3 documents no
      // condition key it sends. Only this account can pass the role to a bucket (iam:PassRole).
      assumeRolePolicy: serviceTrustPolicy('S3Replicates', 's3.amazonaws.com', undefined),
    });
    new IamRolePolicy(this, 'role-policy', {
      role: role.name,
      name: 'replicate-logs',
      policy: renderPolicy([
        {
          Sid: 'ReadSourceConfiguration',
          Effect: 'Allow',
          Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          Resource: source.bucketArn,
        },
        {
          Sid: 'ReadSourceVersions',
          Effect: 'Allow',
          Action: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
            's3:GetObjectRetention',
            's3:GetObjectLegalHold',
          ],
          Resource: `${source.bucketArn}/*`,
        },
        {
          Sid: 'WriteReplica',
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: `${replicaArn}/*`,
        },
        {
          Sid: 'DecryptSource',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.sourceKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${sourceRegion}.amazonaws.com` } },
        },
        {
          Sid: 'EncryptReplica',
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: this.replicaKey.keyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${props.replicaRegion}.amazonaws.com` } },
        },
      ]),
    });

    new S3BucketReplicationConfigurationA(this, 'configuration', {
      bucket: source.bucket.id,
      role: role.arn,
      rule: [
        {
          id: 'copy-every-object',
          status: 'Enabled',
          filter: {},
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replicaArn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: this.replicaKey.keyArn },
          },
        },
      ],
      // S3 refuses a replication configuration until both buckets have versioning on.
      dependsOn: [source.versioning, this.replica.versioning],
    });
  }
}
