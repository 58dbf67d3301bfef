import * as fs from 'fs';
import * as path from 'path';

/** A stack's Terraform JSON as synth writes it, small: providers with their role, and resources. */
export function stackJson(
  stack: string,
  options: { account?: string; regions?: readonly string[]; resources?: Record<string, Record<string, unknown>> } = {},
): Record<string, unknown> {
  const account = options.account ?? '111111111111';
  const regions = options.regions ?? ['eu-west-1'];
  return {
    '//': { metadata: { stackName: stack, version: '0.21.0' } },
    provider: {
      aws: regions.map((region, index) => ({
        ...(index === 0 ? {} : { alias: region }),
        region,
        allowed_account_ids: [account],
        default_tags: [{ tags: { ManagedBy: 'cdktf-audit-logging', Stack: stack } }],
        assume_role: [
          { role_arn: `arn:aws:iam::${account}:role/AuditLoggingDeployRole`, session_name: `cdktf-audit-${stack}` },
        ],
      })),
    },
    resource: options.resources ?? {
      aws_s3_bucket: { logs: { '//': { metadata: { path: `${stack}/logs` } }, bucket: `${stack}-logs` } },
    },
    terraform: { backend: { local: { path: `../../../terraform.${stack}.tfstate` } } },
  };
}

/**
 * Writes a synth folder (manifest, one cdk.tf.json per stack, and the settings that record the
 * stacks synth wrote) as synth would, for commands that read one.
 */
export function writeSynth(out: string, stacks: Record<string, Record<string, unknown>>): string {
  for (const [stack, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(out, 'stacks', stack), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  }
  fs.writeFileSync(
    path.join(out, 'manifest.json'),
    JSON.stringify({ stacks: Object.fromEntries(Object.keys(stacks).map((stack) => [stack, {}])) }),
  );
  const settings = path.join(out, 'audit-deployment.json');
  const recorded = fs.existsSync(settings) ? (JSON.parse(fs.readFileSync(settings, 'utf8')) as object) : {};
  fs.writeFileSync(settings, JSON.stringify({ ...recorded, stacks: Object.keys(stacks) }));
  return out;
}

/**
 * A stack whose provider uses test credentials and no account lookup, for a deploy by real
 * Terraform against a stand-in for one AWS service: `resource` its resources, the state local
 * beside the synth folder. The caller points the provider at the stand-in with
 * `AWS_ENDPOINT_URL_<SERVICE>` in Terraform's environment, not an `endpoints` block (with one, each
 * provider process spends more CPU: BENCHMARKS.md, "The provider's endpoints block").
 */
export function localStack(stack: string, resource: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return {
    provider: {
      aws: [
        {
          region: 'eu-west-1',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: 'true',
        },
      ],
    },
    resource,
    terraform: { backend: { local: { path: `../../terraform.${stack}.tfstate` } } },
  };
}
