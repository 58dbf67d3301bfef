import { formatArn } from '../core/arn';
import { derivedBucketNames, s3BucketArn, SEARCH_PIPELINE_NAME } from '../core/naming';
import { PolicyStatement } from '../iam/policy-document';
import { deadLetterBucketName, pipelineRoleArn, sourceQueueName } from '../search/search-names';
import { archiveKeyResource, exceptPrincipals, roleInAnyAccount } from './principals';

/** What the search protection keeps, and who it spares. */
export interface SearchProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The log archive account, which holds the search tier (and nothing else of OpenSearch). */
  readonly archiveAccountId: string;
  /** Name of the central log bucket; it and its member-logs bucket notify the search queues. */
  readonly logBucketName: string;
  /** The deploy role, by name: Terraform must still apply updates and remove the tier. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
}

/**
 * Changes that delete the collection or narrow who reaches its documents and for how long: its data
 * access and lifecycle policies, its indexes, the analysts' VPC endpoint, and the account's capacity
 * limits (a low maximum throttles indexing). The Service Authorization Reference gives the policy,
 * index and account-settings actions no resource type ([aoss-policy-actions-unscoped]): the
 * statement names every resource, and the policy binds the log archive account alone.
 */
export const SEARCH_COLLECTION_CHANGE_ACTIONS = [
  'aoss:DeleteCollection',
  'aoss:CreateAccessPolicy',
  'aoss:UpdateAccessPolicy',
  'aoss:DeleteAccessPolicy',
  'aoss:CreateLifecyclePolicy',
  'aoss:UpdateLifecyclePolicy',
  'aoss:DeleteLifecyclePolicy',
  'aoss:UpdateIndex',
  'aoss:DeleteIndex',
  'aoss:UpdateVpcEndpoint',
  'aoss:DeleteVpcEndpoint',
  'aoss:UpdateAccountSettings',
] as const;

/**
 * Changes to the encryption and network policies. The same three actions serve both types, with no
 * resource type ([aoss-policy-actions-unscoped]); OpenSearch Ingestion writes its endpoint into the
 * network policy the pipeline names, with the pipeline role ([osis-network-policy-name-is-the-pipelines]),
 * so that role is spared (its own policy limits it to our collection's policies).
 */
export const SEARCH_SECURITY_POLICY_CHANGE_ACTIONS = [
  'aoss:CreateSecurityPolicy',
  'aoss:UpdateSecurityPolicy',
  'aoss:DeleteSecurityPolicy',
] as const;

/** Changes that delete, stop or rewrite the ingestion pipeline. */
export const SEARCH_PIPELINE_CHANGE_ACTIONS = [
  'osis:DeletePipeline',
  'osis:StopPipeline',
  'osis:UpdatePipeline',
] as const;

/**
 * Changes that delete or empty a notification queue, re-key it, or rewrite who may use it; and moving
 * its messages out to a queue of one's own, whose redrive policy names ours as its dead-letter queue
 * ([sqs-move-task-source-is-the-dlq]).
 */
export const SEARCH_QUEUE_CHANGE_ACTIONS = [
  'sqs:DeleteQueue',
  'sqs:PurgeQueue',
  'sqs:SetQueueAttributes',
  'sqs:AddPermission',
  'sqs:RemovePermission',
  'sqs:StartMessageMoveTask',
] as const;

/**
 * Taking the notifications out of a queue: a message received is hidden from the pipeline, and one
 * deleted never reaches it ([sqs-receive-hides-from-other-consumers]).
 */
export const SEARCH_QUEUE_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
] as const;

/** Replacing an archive bucket's notification configuration: S3 keeps one per bucket, so a put replaces ours. */
export const SEARCH_NOTIFICATION_CHANGE_ACTIONS = ['s3:PutBucketNotification'] as const;

/** Deleting the dead letters (what could not be indexed) or their bucket, or changing its policy, lifecycle or key. */
export const SEARCH_DEAD_LETTER_CHANGE_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteBucket',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutEncryptionConfiguration',
] as const;

/**
 * Taking OpenSearch Serverless's use of the search key away: revoking or retiring its grant leaves
 * the collection unable to read anything it holds ([aoss-grant-revocation-blinds-collection]).
 */
export const SEARCH_KEY_GRANT_ACTIONS = ['kms:RevokeGrant', 'kms:RetireGrant'] as const;

/**
 * The statements of the search protection policy, attached to the log archive account when
 * `logArchive.search` is on: nobody but the deploy role and the break-glass principals may delete
 * the collection or narrow its policies, indexes, endpoint or capacity; change its security policies
 * (the pipeline role too, for its own network policy); delete, stop or rewrite the pipeline; delete,
 * empty, re-key or re-permission the queues; replace the archive buckets' notifications; delete or
 * reconfigure the dead letters; or take OpenSearch Serverless's grant off the archive's keys (the
 * search key is one). Only the pipeline role and break-glass consume the queues. The pipeline role
 * itself is a role of ours: the recording protection keeps its trust and policies.
 */
export function searchProtectionStatements(props: SearchProtectionProps): PolicyStatement[] {
  const deployRole = roleInAnyAccount(props.partition, props.deployRoleName);
  const except = exceptPrincipals([deployRole, ...props.breakGlassPrincipalArns]);
  const pipelineRole = pipelineRoleArn(props.partition, props.archiveAccountId);
  const { queues, deadLetters, pipeline, sourceBuckets } = searchResources(props);
  return [
    {
      Sid: 'DenySearchCollectionChanges',
      Effect: 'Deny',
      Action: [...SEARCH_COLLECTION_CHANGE_ACTIONS],
      Resource: '*',
      ...except,
    },
    {
      Sid: 'DenySearchSecurityPolicyChanges',
      Effect: 'Deny',
      Action: [...SEARCH_SECURITY_POLICY_CHANGE_ACTIONS],
      Resource: '*',
      ...exceptPrincipals([deployRole, pipelineRole, ...props.breakGlassPrincipalArns]),
    },
    {
      Sid: 'DenySearchPipelineChanges',
      Effect: 'Deny',
      Action: [...SEARCH_PIPELINE_CHANGE_ACTIONS],
      Resource: pipeline,
      ...except,
    },
    {
      Sid: 'DenySearchQueueChanges',
      Effect: 'Deny',
      Action: [...SEARCH_QUEUE_CHANGE_ACTIONS],
      Resource: queues,
      ...except,
    },
    {
      Sid: 'DenySearchQueueDraining',
      Effect: 'Deny',
      Action: [...SEARCH_QUEUE_CONSUME_ACTIONS],
      Resource: queues,
      ...exceptPrincipals([pipelineRole, ...props.breakGlassPrincipalArns]),
    },
    {
      Sid: 'DenySearchNotificationChanges',
      Effect: 'Deny',
      Action: [...SEARCH_NOTIFICATION_CHANGE_ACTIONS],
      Resource: sourceBuckets,
      ...except,
    },
    {
      Sid: 'DenySearchDeadLetterChanges',
      Effect: 'Deny',
      Action: [...SEARCH_DEAD_LETTER_CHANGE_ACTIONS],
      Resource: deadLetters,
      ...except,
    },
    {
      Sid: 'DenySearchKeyGrantRemoval',
      Effect: 'Deny',
      Action: [...SEARCH_KEY_GRANT_ACTIONS],
      Resource: archiveKeyResource(props.partition, props.archiveAccountId),
      ...except,
    },
  ];
}

/** The ARNs of the tier's queues, dead letters, pipeline and source buckets, in the log archive account. */
function searchResources(props: SearchProtectionProps) {
  const { partition, archiveAccountId: account } = props;
  const deadLetters = s3BucketArn(partition, deadLetterBucketName(account, '*'));
  return {
    queues: formatArn({ partition, service: 'sqs', region: '*', account, resource: sourceQueueName('*') }),
    deadLetters: [deadLetters, `${deadLetters}/*`],
    pipeline: formatArn({
      partition,
      service: 'osis',
      region: '*',
      account,
      resource: 'pipeline',
      resourceName: SEARCH_PIPELINE_NAME,
    }),
    sourceBuckets: [props.logBucketName, derivedBucketNames(props.logBucketName).memberLogs].map((name) =>
      s3BucketArn(partition, name),
    ),
  };
}
