import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OsisPipeline } from '@cdktf/provider-aws/lib/osis-pipeline';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { OSIS_SERVICE_PRINCIPAL, osisSourceConditions } from '../core/aws-facts-search';
import { type FieldProblem } from '../core/aws-values';
import { SEARCH_PIPELINE_NAME, SEARCH_PIPELINE_NETWORK_POLICY_NAME, SEARCH_PIPELINE_ROLE_NAME } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { type AccessLogTarget, SecureBucket } from '../storage/secure-bucket';
import { pipelineRoleStatements, queueArn, sourceQueueStatements } from './ingestion-policies';
import { pipelineConfigurationBody } from './pipeline-configuration';
import {
  deadLetterBucketName,
  PIPELINE_BODY_MAX_CHARS,
  pipelineNameProblem,
  pipelineRoleArn,
  sourceQueueName,
} from './search-names';
import type { SearchSource } from './search-sources';

/** Props of {@link SearchIngestion}. */
export interface SearchIngestionProps {
  /** What the pipeline indexes: one sub-pipeline, queue and index each. */
  readonly sources: readonly SearchSource[];
  /** The search key: the queues and the dead-letter bucket. */
  readonly searchKeyArn: string;
  /** The key of the archive's objects, which the pipeline decrypts through S3. */
  readonly archiveKeyArn: string;
  /** The collection's name (the pipeline keeps its network policy for this collection only). */
  readonly collectionName: string;
  /** The collection's ARN (the pipeline role reaches this collection only). */
  readonly collectionArn: string;
  /** The collection's endpoint, where the sinks write. */
  readonly collectionEndpoint: string;
  /**
   * Also scan the objects already under each prefix, once.
   * @default false
   */
  readonly backfill?: boolean;
  /**
   * The most ingestion units the pipeline scales to (it runs at least 1).
   * @default 4
   */
  readonly maxUnits?: number;
  /**
   * Name of the pipeline.
   * @default 'audit-logs'
   */
  readonly pipelineName?: string;
  /**
   * Where the dead-letter bucket's S3 server access logs go (the archive's access-log bucket).
   * @default - no server access logging
   */
  readonly deadLetterAccessLogs?: AccessLogTarget;
  /**
   * What the pipeline must wait for: the collection's data access policy, the archive buckets.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * OpenSearch Ingestion over the archive: for each source a queue (encrypted with the search key,
 * admitting S3 notifications of its one bucket only), one notification configuration per bucket
 * (S3 keeps one per bucket: this resource owns it), one pipeline role for every component, a
 * dead-letter bucket, and one pipeline with a sub-pipeline per source.
 */
export class SearchIngestion extends Construct {
  /** The pipeline role's ARN (the collection's data access policy names it). */
  public readonly roleArn: string;
  /** The pipeline's configuration body, as sent. */
  public readonly configurationBody: string;
  /** The pipeline resource. */
  public readonly pipeline: OsisPipeline;
  /** The one role every component of the pipeline runs as. */
  public readonly role: IamRole;

  public constructor(scope: Construct, id: string, props: SearchIngestionProps) {
    super(scope, id);
    const stack = AccountStack.of(this);
    const pipelineName = props.pipelineName ?? SEARCH_PIPELINE_NAME;
    const maxUnits = props.maxUnits ?? 4;
    validateProps(this, props, ingestionProblems(pipelineName, maxUnits, props));

    const where = { partition: stack.partition, region: stack.region, accountId: stack.accountId };
    this.roleArn = pipelineRoleArn(stack.partition, stack.accountId);
    const dlqName = deadLetterBucketName(stack.accountId, stack.region);
    const queues = this.sourceQueues(props, where);
    const deadLetters = this.deadLetterBucket(props, dlqName);
    const { role, rolePolicy } = this.pipelineRole(props, where, queues, dlqName);
    this.role = role;

    this.configurationBody = pipelineConfigurationBody({
      region: stack.region,
      roleArn: this.roleArn,
      collectionEndpoint: props.collectionEndpoint,
      networkPolicyName: SEARCH_PIPELINE_NETWORK_POLICY_NAME,
      sources: queues.map((q) => ({ ...q.source, queueUrl: q.queue.url })),
      deadLetterBucketName: dlqName,
      backfill: props.backfill ?? false,
    });
    if (this.configurationBody.length > PIPELINE_BODY_MAX_CHARS) {
      validateProps(this, props, [
        {
          field: 'sources',
          message: `make a pipeline configuration of ${this.configurationBody.length} characters, over the provider's ${PIPELINE_BODY_MAX_CHARS}; index fewer sources`,
        },
      ]);
    }

    this.pipeline = new OsisPipeline(this, 'pipeline', {
      pipelineName,
      minUnits: 1,
      maxUnits,
      pipelineConfigurationBody: this.configurationBody,
      dependsOn: [role, rolePolicy, deadLetters.policy, ...queues.map((q) => q.policy), ...(props.dependsOn ?? [])],
    });
  }

  /** A queue per source, with its policy for S3, and one notification configuration per bucket. */
  private sourceQueues(props: SearchIngestionProps, where: QueueWhere): SourceQueue[] {
    const queues = props.sources.map((source) => {
      const name = sourceQueueName(source.id);
      const queue = new SqsQueue(this, `queue-${source.id}`, {
        name,
        kmsMasterKeyId: props.searchKeyArn,
        // Long enough for the pipeline to read a large object before the message shows again.
        visibilityTimeoutSeconds: 300,
      });
      const policy = new SqsQueuePolicy(this, `queue-policy-${source.id}`, {
        queueUrl: queue.url,
        policy: renderPolicy(
          sourceQueueStatements({ ...where, queueArn: queueArn(where, name), bucketName: source.bucketName }),
        ),
      });
      return { source, name, queue, policy };
    });

    // One notification configuration per bucket, holding every queue of that bucket's sources.
    for (const bucket of [...new Set(props.sources.map((s) => s.bucketName))].sort()) {
      const ofBucket = queues.filter((q) => q.source.bucketName === bucket);
      new S3BucketNotification(this, `notification-${bucket}`, {
        bucket,
        queue: ofBucket.map((q) => ({
          id: `audit-search-${q.source.id}`,
          queueArn: q.queue.arn,
          events: ['s3:ObjectCreated:*'],
          filterPrefix: q.source.prefix,
        })),
        // S3 sends a test message when the configuration is put: the queue policies must admit it first.
        dependsOn: [...ofBucket.map((q) => q.policy), ...(props.dependsOn ?? [])],
      });
    }
    return queues;
  }

  /** What cannot be indexed, by source prefix, kept 90 days. */
  private deadLetterBucket(props: SearchIngestionProps, dlqName: string): SecureBucket {
    return new SecureBucket(this, 'dead-letters', {
      bucketName: dlqName,
      kmsKeyArn: props.searchKeyArn,
      lifecycleRules: [
        {
          id: 'expire-dead-letters',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: 90 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        },
      ],
      policyStatements: [],
      accessLogs: props.deadLetterAccessLogs,
      preventDestroy: false,
    });
  }

  /** The one role every component of the pipeline runs as, and its policy. */
  private pipelineRole(
    props: SearchIngestionProps,
    where: QueueWhere,
    queues: readonly SourceQueue[],
    dlqName: string,
  ): { role: IamRole; rolePolicy: IamRolePolicy } {
    const role = new IamRole(this, 'role', {
      name: SEARCH_PIPELINE_ROLE_NAME,
      description: "OpenSearch Ingestion reads the archive's new objects and indexes them with this role",
      assumeRolePolicy: serviceTrustPolicy('IngestionAssumes', OSIS_SERVICE_PRINCIPAL, osisSourceConditions(where)),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      role: role.id,
      name: 'index-archive',
      policy: renderPolicy(
        pipelineRoleStatements({
          ...where,
          sources: props.sources,
          queueArns: queues.map((q) => queueArn(where, q.name)),
          archiveKeyArn: props.archiveKeyArn,
          searchKeyArn: props.searchKeyArn,
          collectionName: props.collectionName,
          collectionArn: props.collectionArn,
          deadLetterBucketName: dlqName,
          backfill: props.backfill ?? false,
        }),
      ),
    });
    return { role, rolePolicy };
  }
}

/** The account and Region the tier is in. */
type QueueWhere = { readonly partition: string; readonly region: string; readonly accountId: string };

/** A source's queue, its name and its policy. */
interface SourceQueue {
  readonly source: SearchIngestionProps['sources'][number];
  readonly name: string;
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;
}

/** What is wrong with the pipeline's name, its units or its sources. */
function ingestionProblems(pipelineName: string, maxUnits: number, props: SearchIngestionProps): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const nameProblem = pipelineNameProblem(pipelineName);
  if (nameProblem !== undefined) problems.push({ field: 'pipelineName', message: nameProblem });
  if (!Number.isInteger(maxUnits) || maxUnits < 1 || maxUnits > 96) {
    problems.push({ field: 'maxUnits', message: `${maxUnits} is not a whole number of units from 1 to 96` });
  }
  if (props.sources.length === 0) problems.push({ field: 'sources', message: 'must name at least one source' });
  return problems;
}
