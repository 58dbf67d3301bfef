/**
 * The Terraform override file the end-to-end run writes beside each synthesized stack, the way
 * tflocal does: the stack's own files stay as synthesized, and Terraform merges this on top.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The file beside each stack that points the AWS provider at the local AWS. */
export const MOTO_SHARED_CONFIG_FILE = 'moto_override.aws-config';

/** The profile of {@link motoSharedConfig} the override names. */
const MOTO_PROFILE = 'moto';

type StackJson = {
  terraform?: { backend?: { s3?: Record<string, unknown> } };
  provider?: { aws?: { alias?: string }[] };
  resource?: Record<string, Record<string, unknown>>;
};

/**
 * The AWS shared config file the override's providers read: one profile whose `endpoint_url` sends
 * every service to the local AWS. The provider reads endpoints from its `endpoints` block, then
 * `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`, then a shared config file's service sections
 * and profile `endpoint_url` (the provider's guide, "Custom Service Endpoint Configuration").
 * Not the `endpoints` block: with it, each provider process that validates or configures the
 * provider spent several times more CPU (BENCHMARKS.md, "The provider's endpoints block"), and
 * every service reaches the local AWS this way, none the real one.
 */
export function motoSharedConfig(endpoint: string): string {
  return `[profile ${MOTO_PROFILE}]\nendpoint_url = ${endpoint}\n`;
}

/**
 * The override for one stack: every provider (aliases included) calls moto through the shared config
 * file `sharedConfigFile` ({@link motoSharedConfig}) with test credentials, and the state goes to
 * `statePath`, or, when it is `'s3'`, to the stack's own S3
 * backend in moto at `endpoint` (its bucket, key, lock file and role as synthesized). `assume_role`, `allowed_account_ids` and the
 * default tags are left as synthesized: moto's STS answers AssumeRole with credentials of the
 * role's account, so each stack lands in its own simulated account and the account guard holds.
 */
export function motoOverride(
  stack: StackJson,
  endpoint: string,
  statePath: string | 's3',
  sharedConfigFile: string,
): Record<string, unknown> {
  const providers = (stack.provider?.aws ?? []).map((provider) => ({
    ...(provider.alias === undefined ? {} : { alias: provider.alias }),
    shared_config_files: [sharedConfigFile],
    profile: MOTO_PROFILE,
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

/**
 * Writes {@link motoOverride} (`moto_override.tf.json`) and its shared config file beside the
 * synthesized stack in `dir`.
 */
export function writeMotoOverride(dir: string, endpoint: string, statePath: string | 's3'): void {
  const synthesized = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson;
  const sharedConfig = path.resolve(dir, MOTO_SHARED_CONFIG_FILE);
  fs.writeFileSync(sharedConfig, motoSharedConfig(endpoint));
  const override = motoOverride(synthesized, endpoint, statePath, sharedConfig);
  fs.writeFileSync(path.join(dir, 'moto_override.tf.json'), `${JSON.stringify(override, null, 2)}\n`);
}
