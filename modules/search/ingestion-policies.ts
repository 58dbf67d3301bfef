import { formatArn } from '../core/arn';
import { s3BucketArn } from '../core/naming';
import type { PolicyStatement } from '../iam/policy-document';
import type { SearchSource } from './search-sources';

/*
 * The IAM documents of the search tier's ingestion: the pipeline role's permissions and the
 * queues' policies, built from typed statements with stable Sids.
 */

/** Where the pipeline role acts. */
export interface PipelineRoleScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly sources: readonly SearchSource[];
  /** ARNs of the source queues. */
  readonly queueArns: readonly string[];
  /** The key of the archive's objects (read through S3 only). */
  readonly archiveKeyArn: string;
  /** The search key: the queues' messages (through SQS) and the dead letters (through S3). */
  readonly searchKeyArn: string;
  readonly collectionName: string;
  readonly collectionArn: string;
  readonly deadLetterBucketName: string;
  /** The backfill scan lists each source prefix. */
  readonly backfill: boolean;
}

const bucketArn = s3BucketArn;

/**
 * The pipeline role's permissions: read (never delete) the sources' objects under their prefixes,
 * decrypt them through S3; consume the queues, decrypt their messages through SQS; write the
 * collection; keep its own network policy for the collection; write dead letters.
 */
export function pipelineRoleStatements(scope: PipelineRoleScope): PolicyStatement[] {
  const { partition, region } = scope;
  const buckets = [...new Set(scope.sources.map((s) => s.bucketName))].sort();
  return [
    {
      Sid: 'ReadArchivePrefixes',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: scope.sources.map((s) => `${bucketArn(partition, s.bucketName)}/${s.prefix}*`),
    },
    ...(scope.backfill
      ? buckets.map((bucket, i): PolicyStatement => ({
          Sid: `ListArchivePrefixes${i}`,
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: bucketArn(partition, bucket),
          Condition: {
            StringLike: {
              's3:prefix': scope.sources.filter((s) => s.bucketName === bucket).map((s) => `${s.prefix}*`),
            },
          },
        }))
      : []),
    {
      Sid: 'DecryptArchiveThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: scope.archiveKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
    {
      Sid: 'ConsumeNotificationQueues',
      Effect: 'Allow',
      Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'],
      Resource: [...scope.queueArns],
    },
    {
      Sid: 'DecryptQueuesThroughSqs',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: scope.searchKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` } },
    },
    {
      Sid: 'WriteCollection',
      Effect: 'Allow',
      Action: 'aoss:APIAccessAll',
      Resource: scope.collectionArn,
    },
    {
      // BatchGetCollection has no resource type: it is granted on "*" or not at all.
      Sid: 'FindCollection',
      Effect: 'Allow',
      Action: 'aoss:BatchGetCollection',
      Resource: '*',
    },
    {
      Sid: 'KeepPipelineNetworkPolicy',
      Effect: 'Allow',
      Action: ['aoss:CreateSecurityPolicy', 'aoss:GetSecurityPolicy', 'aoss:UpdateSecurityPolicy'],
      Resource: '*',
      Condition: { StringEquals: { 'aoss:collection': scope.collectionName } },
    },
    {
      Sid: 'WriteDeadLetters',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${bucketArn(partition, scope.deadLetterBucketName)}/*`,
    },
    {
      Sid: 'EncryptDeadLettersThroughS3',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: scope.searchKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
  ];
}

/** The ARN of a queue of the stack's account and Region. */
export function queueArn(scope: { partition: string; region: string; accountId: string }, name: string): string {
  return formatArn({
    partition: scope.partition,
    service: 'sqs',
    region: scope.region,
    account: scope.accountId,
    resource: name,
  });
}

/** A source queue's policy: S3 sends the notifications of its one bucket of this account, nobody else sends. */
export function sourceQueueStatements(props: {
  readonly partition: string;
  readonly accountId: string;
  readonly queueArn: string;
  readonly bucketName: string;
}): PolicyStatement[] {
  return [
    {
      Sid: 'S3SendsObjectNotifications',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: props.queueArn,
      Condition: {
        ArnEquals: { 'aws:SourceArn': bucketArn(props.partition, props.bucketName) },
        StringEquals: { 'aws:SourceAccount': props.accountId },
      },
    },
  ];
}
