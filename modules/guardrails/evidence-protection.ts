import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { archiveKeyResource, evidenceBucketResources, exceptPrincipals } from './principals';

/** What the evidence protection policy protects, and who it spares. */
export interface EvidenceProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The log archive account: every KMS key in it is an archive key. */
  readonly archiveAccountId: string;
  /** Name of the central log bucket; its access-log and member-logs buckets are covered too. */
  readonly logBucketName: string;
  /** Other evidence buckets: the replica. */
  readonly otherBucketNames: readonly string[];
  /** The deploy role of the log archive account: it may still change configuration (Terraform applies updates). */
  readonly deployRoleArn: string;
  /** The only principals that may destroy evidence. */
  readonly breakGlassPrincipalArns: readonly string[];
}

/** Actions that destroy evidence or lift its protection: deleting objects, versions, buckets or keys, and loosening retention. */
export const EVIDENCE_DESTRUCTION_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:DeleteBucket',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DeleteImportedKeyMaterial',
  // An object re-encrypted under a key of the caller's, which is then disabled, is gone without a delete.
  's3:UpdateObjectEncryption',
] as const;

/** Actions that change how the archive keeps, encrypts, logs or shares the evidence. */
export const ARCHIVE_CONFIGURATION_ACTIONS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketLogging',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketAcl',
  's3:PutReplicationConfiguration',
  // Requester Pays: S3 takes no server access logs into such a bucket, and refuses readers that do not agree to pay.
  's3:PutBucketRequestPayment',
  'kms:PutKeyPolicy',
  'kms:DisableKeyRotation',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
] as const;

/**
 * The service control policy that keeps the evidence in the log archive account: nobody but the
 * break-glass principals may delete a log object, a version, a bucket or a key, bypass governance
 * retention, or change retention and legal holds; nobody but them and the archive's deploy role may
 * change a bucket's policy, lifecycle, versioning, Object Lock, encryption, logging, public access
 * block, ownership, replication or Requester Pays, or a key's policy, rotation or alias. An SCP binds every
 * principal of the accounts it is attached to, the root user included, but never the management
 * account's (the resource control policy covers those).
 */
export function evidenceProtectionStatements(props: EvidenceProtectionProps): PolicyStatement[] {
  const buckets = evidenceBucketResources(props.partition, props.logBucketName, props.otherBucketNames);
  const keys = archiveKeyResource(props.partition, props.archiveAccountId);
  return [
    {
      Sid: 'DenyEvidenceDestruction',
      Effect: 'Deny',
      Action: [...EVIDENCE_DESTRUCTION_ACTIONS],
      Resource: [...buckets, keys],
      ...exceptPrincipals(props.breakGlassPrincipalArns),
    },
    {
      Sid: 'DenyArchiveReconfiguration',
      Effect: 'Deny',
      Action: [...ARCHIVE_CONFIGURATION_ACTIONS],
      Resource: [
        ...buckets,
        keys,
        formatArn({
          partition: props.partition,
          service: 'kms',
          region: '*',
          account: props.archiveAccountId,
          resource: 'alias',
          resourceName: '*',
        }),
      ],
      ...exceptPrincipals([props.deployRoleArn, ...props.breakGlassPrincipalArns]),
    },
  ];
}
