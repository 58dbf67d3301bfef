import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SEARCH_KEY_ALIAS_NAME } from '../core/naming';
import { AccountStack } from '../deployment/account-stack';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { renderPolicy } from '../iam/policy-document';
import { keyAdministrationStatement } from '../kms/audit-key';
import type { AccessLogTarget } from '../storage/secure-bucket';
import { SearchCollection, type SearchVpcEndpoint } from './search-collection';
import { SearchIngestion } from './search-ingestion';
import { pipelineRoleArn } from './search-names';
import type { SearchSource } from './search-sources';

/** Props of {@link SearchTier}. */
export interface SearchTierProps {
  /** What the tier indexes: a sub-pipeline, a queue and an index each. */
  readonly sources: readonly SearchSource[];
  /** The key of the archive's objects. */
  readonly archiveKeyArn: string;
  /** The roles that may read the collection; nobody else may. */
  readonly analystRoleArns: readonly string[];
  /**
   * Standby replicas in a second Availability Zone; off lowers the capacity floor and the availability.
   * @default true
   */
  readonly standbyReplicas?: boolean;
  /**
   * Also index the objects already under each source prefix (a one-time scan).
   * @default false
   */
  readonly backfill?: boolean;
  /**
   * The most ingestion units the pipeline scales to (it runs at least 1).
   * @default 4
   */
  readonly maxPipelineUnits?: number;
  /** Days the indexes keep a document (the archive's `expireAfterDays`); null keeps it forever. */
  readonly retentionInDays: number | null;
  /**
   * A VPC endpoint the analysts reach the collection through, admitted by a network policy of its own.
   * @default - none: only the pipeline's own network policy admits anyone
   */
  readonly vpcEndpoint?: SearchVpcEndpoint;
  /**
   * Where the dead-letter bucket's S3 server access logs go.
   * @default - no server access logging
   */
  readonly deadLetterAccessLogs?: AccessLogTarget;
  /**
   * What the pipeline and the notifications wait for (the archive buckets and their policies).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The search tier of the log archive: one customer managed key (every collection under one key
 * shares one set of capacity units), a TIMESERIES collection with its policies, and the ingestion
 * pipeline that indexes the archive's new objects.
 */
export class SearchTier extends Construct {
  /** ARN of the search key: the collection, the queues, the dead letters. */
  public readonly keyArn: string;
  /** The collection and its policies. */
  public readonly collection: SearchCollection;
  /** The queues, notifications, pipeline role, dead-letter bucket and pipeline. */
  public readonly ingestion: SearchIngestion;

  public constructor(scope: Construct, id: string, props: SearchTierProps) {
    super(scope, id);
    const stack = AccountStack.of(this);
    // Not prevent_destroy, unlike the archive's keys: it encrypts a copy, never evidence, so turning
    // the tier off deletes it with the copy (after KMS's 30-day window).
    const key = new KmsKey(this, 'key', {
      description: 'Encrypts the search collection, its notification queues and its dead letters',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy([
        keyAdministrationStatement(stack.partition, stack.accountId),
        {
          // S3 encrypts each notification into the queues with this key.
          Sid: 'S3EncryptsNotifications',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
        },
      ]),
    });
    new KmsAlias(this, 'alias', { name: SEARCH_KEY_ALIAS_NAME, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.collection = new SearchCollection(this, 'collection', {
      kmsKeyArn: this.keyArn,
      standbyReplicas: props.standbyReplicas,
      pipelineRoleArn: pipelineRoleArn(stack.partition, stack.accountId),
      analystRoleArns: props.analystRoleArns,
      indexes: props.sources.map((source) => source.id),
      retentionInDays: props.retentionInDays,
      vpcEndpoint: props.vpcEndpoint,
    });
    this.ingestion = new SearchIngestion(this, 'ingestion', {
      sources: props.sources,
      searchKeyArn: this.keyArn,
      archiveKeyArn: props.archiveKeyArn,
      collectionName: this.collection.collectionName,
      collectionArn: this.collection.collectionArn,
      collectionEndpoint: this.collection.collectionEndpoint,
      backfill: props.backfill,
      maxUnits: props.maxPipelineUnits,
      deadLetterAccessLogs: props.deadLetterAccessLogs,
      dependsOn: [
        this.collection.accessPolicy,
        ...(this.collection.vpcEndpoint === undefined ? [] : [this.collection.vpcEndpoint]),
        ...(props.dependsOn ?? []),
      ],
    });
    // The data access policy names the pipeline's role: it is made after the role.
    this.collection.accessPolicy.dependsOn = [
      ...(this.collection.accessPolicy.dependsOn ?? []),
      dependable(this.ingestion.role),
    ];
  }
}
