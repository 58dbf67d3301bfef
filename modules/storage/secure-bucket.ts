import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { s3BucketArn } from '../core/naming';
import { PolicyStatement, renderPolicy } from '../iam/policy-document';
import { validateProps } from '../core/prop-validation';
import { accountContextOf } from '../core/account-context';

/** S3 Object Lock default retention of every new object version. */
export interface ObjectLockRetention {
  /** `GOVERNANCE`: principals with `s3:BypassGovernanceRetention` may still delete; `COMPLIANCE`: nobody may. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Days each new object version is locked. */
  readonly days: number;
}

/** Where a bucket's S3 server access logs go. */
export interface AccessLogTarget {
  /** The bucket that receives the logs (SSE-S3, no Object Lock: what S3 server access logging supports). */
  readonly bucketName: string;
  /** Key prefix of this bucket's logs in the target, ending in `/`. */
  readonly prefix: string;
  /**
   * What must exist before logging is switched on: the target bucket and its policy, when they are
   * in the same stack (the target is named, not referenced, so Terraform cannot infer the order).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Props of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Name of the bucket. */
  readonly bucketName: string;
  /**
   * KMS key (ARN) for SSE-KMS default encryption, with an S3 Bucket Key to cut KMS requests.
   * @default - SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * Object Lock default retention; turning Object Lock on for a bucket is for ever.
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLockRetention;
  /** Lifecycle rules; each rule should have `filter: [{}]` for the whole bucket or a prefix. */
  readonly lifecycleRules: readonly S3BucketLifecycleConfigurationRule[];
  /**
   * Statements of the bucket policy. A `DenyInsecureTransport` statement (every request without TLS
   * is denied) is always added first.
   */
  readonly policyStatements: readonly PolicyStatement[];
  /**
   * Where S3 server access logs of this bucket go.
   * @default - no server access logging
   */
  readonly accessLogs?: AccessLogTarget;
  /**
   * `prevent_destroy` on the bucket: Terraform refuses any plan that would delete it. For buckets
   * that hold evidence. `force_destroy` is always false: a bucket with objects is never emptied.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Provider for a bucket in another Region than the stack's.
   * @default - the stack's provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with the settings every bucket of this product shares: versioning, default
 * encryption, object ownership `BucketOwnerEnforced` (ACLs off), all four public access blocks, a
 * lifecycle, a TLS-only bucket policy, and optionally Object Lock and server access logging.
 *
 * Its ARN is in the partition of its `AccountStack` (the stack's Region decides it); created
 * outside one, it is an error, never a guess.
 *
 * The policy is rendered at synth time from typed statements, so the plan shows it whole and the
 * policy tests evaluate the exact text that AWS will receive.
 */
export class SecureBucket extends Construct {
  /** Name of the bucket. */
  public readonly bucketName: string;
  /** ARN of the bucket. */
  public readonly bucketArn: string;
  /** The bucket policy JSON, as applied. */
  public readonly policyJson: string;
  /** The bucket resource. */
  public readonly bucket: S3Bucket;
  /** The versioning resource (replication must wait for it). */
  public readonly versioning: S3BucketVersioningA;
  /** The bucket policy resource (deliveries into the bucket must wait for it). */
  public readonly policy: S3BucketPolicy;

  public constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    validateProps(this, props);
    const provider = props.provider;
    this.bucketName = props.bucketName;
    this.bucketArn = s3BucketArn(accountContextOf(this).partition, props.bucketName);

    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLock === undefined ? undefined : true,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;

    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        props.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });

    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    if (props.objectLock !== undefined) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
      });
    }

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [...props.lifecycleRules],
      // Noncurrent-version rules act on versions: create them after versioning is on.
      dependsOn: [this.versioning],
    });

    if (props.accessLogs !== undefined) {
      new S3BucketLoggingA(this, 'access-logging', {
        provider,
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
        // Date-partitioned keys (<prefix><account>/<region>/<bucket>/YYYY/MM/DD/...) let Athena
        // read one day of access logs without listing the rest.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
        dependsOn: [...(props.accessLogs.dependsOn ?? [])],
      });
    }

    this.policyJson = renderPolicy([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...props.policyStatements,
    ]);
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: this.policyJson,
      // S3 answers OperationAborted when a bucket's policy and public access block change at once.
      dependsOn: [publicAccessBlock],
    });
  }
}
