/**
 * The Terraform override file the end-to-end run writes beside each synthesized stack, the way
 * tflocal does: the stack's own files stay as synthesized, and Terraform merges this on top.
 */
import { TERRAFORM_BUILTIN_TYPES } from '../../toolkit/deploy-role/deploy-policy';

/** The endpoint key of the AWS provider for each resource or data source type prefix. */
const SERVICE_OF_TYPE: readonly (readonly [prefix: string, endpoint: string])[] = [
  ['aws_s3_', 's3'],
  ['aws_kms_', 'kms'],
  ['aws_iam_', 'iam'],
  ['aws_cloudtrail', 'cloudtrail'],
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_query_definition', 'logs'],
  ['aws_cloudwatch_metric_alarm', 'cloudwatch'],
  ['aws_sns_', 'sns'],
  ['aws_glue_', 'glue'],
  ['aws_athena_', 'athena'],
  ['aws_config_', 'configservice'],
  ['aws_ssm_', 'ssm'],
  ['aws_flow_log', 'ec2'],
  ['aws_organizations_', 'organizations'],
  ['aws_securityhub_', 'securityhub'],
  ['aws_kinesis_firehose_', 'firehose'],
  ['aws_cloudwatch_event_', 'events'],
  ['aws_scheduler_', 'scheduler'],
  ['aws_quicksight_', 'quicksight'],
];

/** The provider's own calls: assume_role and the account check. */
const ALWAYS = ['sts'];

type StackJson = {
  terraform?: { backend?: { s3?: Record<string, unknown> } };
  provider?: { aws?: { alias?: string }[] };
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
};

/** The endpoint keys a stack needs. Throws for a type no endpoint is known for. */
export function endpointsNeeded(stack: StackJson): string[] {
  const types = [...Object.keys(stack.resource ?? {}), ...Object.keys(stack.data ?? {})];
  const needed = new Set(ALWAYS);
  for (const type of types.filter((t) => !TERRAFORM_BUILTIN_TYPES.has(t))) {
    const match = SERVICE_OF_TYPE.find(([prefix]) => type.startsWith(prefix));
    if (match === undefined) {
      // Without an endpoint the provider would call real AWS: fail here, with the fix.
      throw new Error(`e2e/harness/override.ts has no moto endpoint for ${type}; add its service to SERVICE_OF_TYPE`);
    }
    needed.add(match[1]);
  }
  return [...needed].sort();
}

/**
 * The override for one stack: every provider (aliases included) calls moto at `endpoint` with test
 * credentials, and the state goes to `statePath`, or, when it is `'s3'`, to the stack's own S3
 * backend in moto at `endpoint` (its bucket, key, lock file and role as synthesized). `assume_role`, `allowed_account_ids` and the
 * default tags are left as synthesized: moto's STS answers AssumeRole with credentials of the
 * role's account, so each stack lands in its own simulated account and the account guard holds.
 */
export function motoOverride(stack: StackJson, endpoint: string, statePath: string | 's3'): Record<string, unknown> {
  const endpoints = Object.fromEntries(endpointsNeeded(stack).map((service) => [service, endpoint]));
  const providers = (stack.provider?.aws ?? []).map((provider) => ({
    ...(provider.alias === undefined ? {} : { alias: provider.alias }),
    endpoints: [endpoints],
    access_key: 'test',
    secret_key: 'test',
    s3_use_path_style: true,
    skip_metadata_api_check: true,
  }));
  const resource: Record<string, Record<string, unknown>> = {};
  const trails = Object.keys(stack.resource?.aws_cloudtrail ?? {});
  if (trails.length > 0) {
    // moto 5.2.1 answers StartLogging by trail ARN with HTTP 500, which the provider retries for
    // many minutes. Trails are created and checked with logging off; moto delivers no logs anyway.
    resource.aws_cloudtrail = Object.fromEntries(trails.map((name) => [name, { enable_logging: false }]));
  }
  const synthesizedS3 = stack.terraform?.backend?.s3;
  if (statePath === 's3' && synthesizedS3 === undefined) {
    throw new Error('the stack is synthesized with local state; set deployment.stateBucket to use the S3 backend');
  }
  const backend =
    statePath === 's3'
      ? {
          s3: {
            ...synthesizedS3,
            endpoints: { s3: endpoint, sts: endpoint },
            use_path_style: true,
            access_key: 'test',
            secret_key: 'test',
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
          },
        }
      : { local: { path: statePath } };
  return {
    terraform: { backend },
    provider: { aws: providers },
    ...(trails.length > 0 ? { resource } : {}),
  };
}
