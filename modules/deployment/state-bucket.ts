import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { s3BucketArn } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { SecureBucket } from '../storage/secure-bucket';
import { AccountStack } from './account-stack';

/** Days before an incomplete multipart upload of a state object is removed. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** Props of {@link TerraformStateBucket}. */
export interface TerraformStateBucketProps {
  /** Name of the bucket (the config's `deployment.stateBucket`). */
  readonly bucketName: string;
  /**
   * KMS key (ARN) for SSE-KMS default encryption.
   * @default - SSE-S3 (AES256); the S3 backend also asks for encryption on every write (`encrypt`)
   */
  readonly kmsKeyArn?: string;
  /**
   * Days a replaced or deleted state version is kept: the window in which a state can be restored
   * from an earlier version after a bad apply or an overwrite.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Provider of the bucket's account and Region.
   * @default - the stack's provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The S3 bucket that holds every stack's Terraform state (the S3 backend with `use_lockfile`):
 * versioned, encrypted, public access blocked, TLS only, `prevent_destroy`, and a bucket policy
 * that denies deleting the bucket and deleting object versions to every principal, so that neither
 * a `terraform destroy` nor an administrator's cleanup can take the state or its history.
 * Replaced state versions expire after {@link TerraformStateBucketProps.noncurrentVersionExpirationDays}.
 *
 * To remove the bucket on purpose, delete its policy first (the account's root user always can).
 */
export class TerraformStateBucket extends Construct {
  /** The bucket with its settings. */
  public readonly bucket: SecureBucket;

  public constructor(scope: Construct, id: string, props: TerraformStateBucketProps) {
    super(scope, id);
    validateProps(this, props);
    const arn = s3BucketArn(AccountStack.of(this).partition, props.bucketName);
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      provider: props.provider,
      preventDestroy: true,
      lifecycleRules: [
        {
          id: 'state-history',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
        {
          // Each lock taken and released leaves a delete marker on <key>.tflock.
          id: 'expired-delete-markers',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      policyStatements: [
        {
          Sid: 'DenyStateBucketDeletion',
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:DeleteBucket', 's3:DeleteObjectVersion'],
          Resource: [arn, `${arn}/*`],
        },
      ],
    });
  }
}
