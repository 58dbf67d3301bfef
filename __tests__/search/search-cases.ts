import { ARCHIVE, POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, synthLogArchive } from '../stacks/policy/simulate';
import { resourcesOf, type StackJson } from '../support/stack-json';

/*
 * The configs the search tier's tests synthesize: the policy tests' organization (members with
 * flow logs, one outside the organization), with `logArchive.search` on, and variants.
 */

export const ANALYST = `arn:aws:iam::${ARCHIVE}:role/security-analyst`;
export const PIPELINE_ROLE = `arn:aws:iam::${ARCHIVE}:role/audit-search-pipeline`;

/** The policy tests' config with `search` (and optionally application logs and retention) set. */
export function searchConfigInput(
  search: object | null,
  options: { applicationLogs?: boolean; expireAfterDays?: number | null } = {},
) {
  return {
    ...POLICY_TEST_CONFIG,
    logArchive: {
      ...POLICY_TEST_CONFIG.logArchive,
      ...(options.expireAfterDays === undefined ? {} : { retention: { expireAfterDays: options.expireAfterDays } }),
      search,
    },
    ...(options.applicationLogs === true ? { applicationLogs: { enabled: true } } : {}),
  };
}

/** The log archive stack of {@link searchConfigInput}, synthesized. */
export function synthSearch(
  search: object | null,
  options: { applicationLogs?: boolean; expireAfterDays?: number | null } = {},
): StackJson {
  return synthLogArchive(configOf(searchConfigInput(search, options)));
}

/** Every resource of the types that only the search tier makes. */
export const SEARCH_TYPES = [
  'aws_opensearchserverless_collection',
  'aws_opensearchserverless_security_policy',
  'aws_opensearchserverless_access_policy',
  'aws_opensearchserverless_lifecycle_policy',
  'aws_opensearchserverless_vpc_endpoint',
  'aws_osis_pipeline',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  'aws_s3_bucket_notification',
] as const;

/** The values of every resource of `type`. */
export function all(synth: StackJson, type: string): any[] {
  return Object.values(resourcesOf(synth, type));
}
