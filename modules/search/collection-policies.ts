import { AOSS_MAX_RETENTION_DAYS } from './search-names';

/*
 * The JSON documents of an OpenSearch Serverless collection's policies (encryption, network, data
 * access, lifecycle), as the service reads them. They are not IAM policies: each names its
 * collection or indexes by `collection/<name>` and `index/<name>/<index>`. Rendered here, in one
 * place, compact and in a fixed key order, so plans stay empty and tests read the policies whole.
 */

/** The encryption policy: the collection, named exactly (no wildcard), under one customer managed key. */
export function encryptionPolicyDocument(collection: string, kmsKeyArn: string): string {
  return JSON.stringify({
    Rules: [{ ResourceType: 'collection', Resource: [`collection/${collection}`] }],
    AWSOwnedKey: false,
    KmsARN: kmsKeyArn,
  });
}

/** The network policy: the collection and its dashboards, from the VPC endpoints named only, never public. */
export function networkPolicyDocument(collection: string, vpcEndpointIds: readonly string[]): string {
  return JSON.stringify([
    {
      Description: 'The collection and its dashboards from our VPC endpoint only; never from the internet.',
      Rules: [
        { ResourceType: 'collection', Resource: [`collection/${collection}`] },
        { ResourceType: 'dashboard', Resource: [`collection/${collection}`] },
      ],
      AllowFromPublic: false,
      SourceVPCEs: [...vpcEndpointIds],
    },
  ]);
}

/** What the pipeline may do in the collection: create and update its indexes and write documents. */
export const PIPELINE_INDEX_PERMISSIONS = [
  'aoss:CreateIndex',
  'aoss:UpdateIndex',
  'aoss:DescribeIndex',
  'aoss:WriteDocument',
] as const;
/** What an analyst may do in the collection: read documents and describe indexes. */
export const ANALYST_INDEX_PERMISSIONS = ['aoss:ReadDocument', 'aoss:DescribeIndex'] as const;
/** What an analyst may do on the collection itself: list its items (the dashboards need it). */
export const ANALYST_COLLECTION_PERMISSIONS = ['aoss:DescribeCollectionItems'] as const;

/** One rule of a data access policy. */
export interface DataAccessRule {
  readonly ResourceType: 'index' | 'collection';
  readonly Resource: readonly string[];
  readonly Permission: readonly string[];
}

/** One statement of a data access policy. */
export interface DataAccessStatement {
  readonly Description: string;
  readonly Rules: readonly DataAccessRule[];
  readonly Principal: readonly string[];
}

/** The data access policy's statements: the pipeline role writes; the analyst roles read; nobody else. */
export function dataAccessStatements(
  collection: string,
  pipelineRoleArn: string,
  analystRoleArns: readonly string[],
): DataAccessStatement[] {
  const indexes = [`index/${collection}/*`];
  return [
    {
      Description: 'The ingestion pipeline writes documents and creates its indexes.',
      Rules: [{ ResourceType: 'index', Resource: indexes, Permission: [...PIPELINE_INDEX_PERMISSIONS] }],
      Principal: [pipelineRoleArn],
    },
    {
      Description: 'The named analyst roles read.',
      Rules: [
        {
          ResourceType: 'collection',
          Resource: [`collection/${collection}`],
          Permission: [...ANALYST_COLLECTION_PERMISSIONS],
        },
        { ResourceType: 'index', Resource: indexes, Permission: [...ANALYST_INDEX_PERMISSIONS] },
      ],
      Principal: [...new Set(analystRoleArns)].sort(),
    },
  ];
}

/** The data access policy document. */
export function dataAccessPolicyDocument(
  collection: string,
  pipelineRoleArn: string,
  analystRoleArns: readonly string[],
): string {
  return JSON.stringify(dataAccessStatements(collection, pipelineRoleArn, analystRoleArns));
}

/**
 * The lifecycle policy: each index kept as long as the archive keeps its objects
 * (`expireAfterDays`), at most the 3,650 days a rule can set, or forever when the archive keeps
 * them forever (null).
 */
export function lifecyclePolicyDocument(
  collection: string,
  indexes: readonly string[],
  expireAfterDays: number | null,
): string {
  return JSON.stringify({
    Rules: indexes.map((index) => ({
      ResourceType: 'index',
      Resource: [`index/${collection}/${index}`],
      ...(expireAfterDays === null
        ? { NoMinIndexRetention: true }
        : { MinIndexRetention: `${Math.min(expireAfterDays, AOSS_MAX_RETENTION_DAYS)}d` }),
    })),
  });
}
