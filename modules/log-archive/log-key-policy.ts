import { AwsPartition } from '../config/regions';
import { accountRootArn, oneOrMany, PolicyStatement } from '../iam/policy-document';
import { keyAdministrationStatement } from '../kms/audit-key';
import { AccountTrail } from './log-bucket-policy';

/** Who may use the log key, computed from the config. */
export interface LogKeyPolicyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** Region of the key (and the bucket): reader decryption must come through S3 here. */
  readonly region: string;
  /** The log archive account, which owns and administers the key. */
  readonly accountId: string;
  /** ARN of the organization trail. */
  readonly organizationTrailArn: string;
  /** The account in the organization trail's ARN (the management account). */
  readonly organizationTrailOwnerAccountId: string;
  /** Account trails of members outside the organization trail. */
  readonly accountTrails: readonly AccountTrail[];
  /** Accounts whose AWS Config delivers into the member-logs bucket the key encrypts. */
  readonly configAccountIds: readonly string[];
  /** Accounts whose VPC flow logs are delivered into the member-logs bucket. */
  readonly flowLogAccountIds: readonly string[];
  /** Accounts whose managed nodes upload session logs into the member-logs bucket. */
  readonly sessionLogAccountIds: readonly string[];
  /** ARN of the member-logs bucket: session loggers may use the key only for objects there. */
  readonly memberLogsBucketArn: string;
  /** Accounts that may decrypt logs, through S3 only. */
  readonly readerAccountIds: readonly string[];
}

/**
 * Statements of the log key's policy, with stable Sids. The archive account's root delegates
 * administration to IAM in that account (without it the key becomes unmanageable); CloudTrail may
 * encrypt only for this organization's trails; Config and log delivery only for listed members;
 * session loggers only through S3 for the member-logs bucket; readers may decrypt only through S3 in
 * the key's Region. Nobody else has any use of the key.
 */
export function logKeyPolicyStatements(props: LogKeyPolicyProps): PolicyStatement[] {
  const trailArns = [props.organizationTrailArn, ...props.accountTrails.map((t) => t.trailArn)];
  const trailAccounts = [props.organizationTrailOwnerAccountId, ...props.accountTrails.map((t) => t.accountId)];
  const statements: PolicyStatement[] = [
    keyAdministrationStatement(props.partition, props.accountId),
    {
      Sid: 'CloudTrailEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': oneOrMany(
            [...new Set(trailAccounts)].map((account) => `arn:${props.partition}:cloudtrail:*:${account}:trail/*`),
          ),
        },
        StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) },
      },
    },
    {
      Sid: 'CloudTrailDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
  ];
  if (props.configAccountIds.length > 0) {
    statements.push({
      Sid: 'ConfigEncryptDeliveries',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': oneOrMany(props.configAccountIds) } },
    });
  }
  if (props.flowLogAccountIds.length > 0) {
    statements.push({
      Sid: 'LogDeliveryEncryptFlowLogs',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': oneOrMany(props.flowLogAccountIds) } },
    });
  }
  if (props.sessionLogAccountIds.length > 0) {
    // Uploads by the SSM Agent: GenerateDataKey for each object, Decrypt for multipart uploads. With
    // the S3 Bucket Key the encryption context is the bucket ARN, without it the object ARN.
    statements.push({
      Sid: 'SessionLoggersEncryptThroughS3',
      Effect: 'Allow',
      Principal: {
        AWS: oneOrMany(props.sessionLogAccountIds.map((id) => accountRootArn(props.partition, id))),
      },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${props.region}.amazonaws.com`,
          'kms:CallerAccount': oneOrMany(props.sessionLogAccountIds),
        },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [props.memberLogsBucketArn, `${props.memberLogsBucketArn}/*`],
        },
      },
    });
  }
  if (props.readerAccountIds.length > 0) {
    statements.push({
      Sid: 'ReadersDecryptThroughS3',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(props.readerAccountIds.map((id) => accountRootArn(props.partition, id))) },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${props.region}.amazonaws.com`,
          'kms:CallerAccount': oneOrMany(props.readerAccountIds),
        },
      },
    });
  }
  return statements;
}
