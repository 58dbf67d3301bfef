import { formatArn } from '../core/arn';
import { SEARCH_PIPELINE_ROLE_NAME } from '../core/naming';

/*
 * What AWS accepts of the search tier's names and documents, and the names derived per account
 * (the fixed names live in modules/core/naming.ts). From botocore's models of
 * opensearchserverless 2021-11-01 and osis 2022-01-01: CollectionName, PolicyName and
 * VpcEndpointName 3 to 32 characters of [a-z][a-z0-9-]+; PipelineName 3 to 28). No cdktf here.
 */

/** The longest policy document OpenSearch Serverless accepts (fact `aoss-names-3-to-32`). */
export const AOSS_POLICY_MAX_CHARS = 20480;

/** The longest retention a lifecycle rule sets, in days (fact `aoss-lifecycle-retention-up-to-3650-days`). */
export const AOSS_MAX_RETENTION_DAYS = 3650;

/** The Terraform provider's limit on `pipeline_configuration_body` (internal/service/osis/pipeline.go). */
export const PIPELINE_BODY_MAX_CHARS = 24000;

const AOSS_NAME = /^[a-z][a-z0-9-]+$/;
const OSIS_NAME = /^[a-z][a-z0-9-]+$/;

/** What is wrong with `name` as an OpenSearch Serverless collection, policy or VPC endpoint name, if anything. */
export function aossNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 32) return `${JSON.stringify(name)} must be 3 to 32 characters long`;
  if (!AOSS_NAME.test(name)) {
    return `${JSON.stringify(name)} must start with a lowercase letter and hold only lowercase letters, digits and hyphens`;
  }
  return undefined;
}

/** What is wrong with `name` as an OpenSearch Ingestion pipeline name, if anything. */
export function pipelineNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 28) return `${JSON.stringify(name)} must be 3 to 28 characters long`;
  if (!OSIS_NAME.test(name)) {
    return `${JSON.stringify(name)} must start with a lowercase letter and hold only lowercase letters, digits and hyphens`;
  }
  return undefined;
}

/** The security, access and lifecycle policies of a collection, named after it (each at most 32 characters). */
export function collectionPolicyNames(collection: string) {
  return {
    encryption: `${collection}-encryption`,
    network: `${collection}-network`,
    access: `${collection}-access`,
    lifecycle: `${collection}-lifecycle`,
  } as const;
}

/** The name of the dead-letter bucket, unique to the account and Region as bucket names must be. */
export function deadLetterBucketName(accountId: string, region: string): string {
  return `audit-search-dlq-${accountId}-${region}`;
}

/** The name of the queue of one source's object notifications. */
export function sourceQueueName(sourceId: string): string {
  return `audit-search-${sourceId}`;
}

/** The pipeline role's ARN, known before the role exists (the collection's data access policy names it). */
export function pipelineRoleArn(partition: string, accountId: string): string {
  return formatArn({
    partition,
    service: 'iam',
    region: '',
    account: accountId,
    resource: 'role',
    resourceName: SEARCH_PIPELINE_ROLE_NAME,
  });
}
