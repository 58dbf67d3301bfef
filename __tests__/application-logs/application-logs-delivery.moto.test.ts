import * as path from 'path';
import { App } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { startMoto, type MotoServer } from '../../e2e/harness/moto';
import { proveDeployRoles } from '../../e2e/harness/deploy-role-proof';
import { writeMotoOverride } from '../../e2e/harness/override';
import { ApplicationLogsDelivery } from '../../modules/application-logs';
import { AccountStack } from '../../modules/deployment/account-stack';
import { Terraform, type TerraformResult } from '../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../support/synth';

/*
 * The log archive's delivery with Terraform on the harness's moto: the streams under the archive's
 * customer managed key are created as AWS takes them (CUSTOMER_MANAGED_CMK with the key's ARN:
 * [firehose-cmk-grant-made-by-caller]), read back as planned (a second plan is empty), and every
 * call the apply, plan and destroy made is allowed by the derived deploy policy. moto makes no KMS
 * grant for a stream: the grant's permission is the policy test's to prove
 * ([kms-via-service-forward-access]).
 */

jest.setTimeout(300_000);

const ARCHIVE = '340000000012';
const REGION = 'eu-west-1';
const terraform = Terraform.find();
let moto: MotoServer;
let dir: string;

beforeAll(async () => {
  dir = tempDir('application-logs-delivery-moto-');
  moto = await startMoto(path.join(dir, 'moto.log'));
});

afterAll(async () => {
  await moto?.stop({ quiet: true });
});

const run = (folder: string, args: string[]): Promise<TerraformResult> =>
  terraform.exec(folder, ['output', 'show'].includes(args[0]) ? args : [...args, '-input=false'], {
    timeoutSeconds: 240,
  });

async function ok(folder: string, args: string[]): Promise<TerraformResult> {
  const result = await run(folder, args);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${folder}: ${result.stderr || result.stdout}`);
  return result;
}

test('[firehose-cmk-grant-made-by-caller] the streams are created under the archive key, planned again empty, and removed', async () => {
  const outdir = path.join(dir, 'archive.out');
  const app = new App({ outdir });
  const stack = new AccountStack(app, 'archive', { accountId: ARCHIVE, region: REGION });
  const bucket = new S3Bucket(stack, 'bucket', { bucket: 'acme-audit-member-logs-moto' });
  new ApplicationLogsDelivery(stack, 'application-logs', {
    regions: [{ region: REGION, provider: stack.provider }],
    senderAccountIds: ['340000000015'],
    organizationId: 'o-abcdefghij',
    bucketArn: bucket.arn,
    prefix: 'application-logs',
    deployRoleArn: `arn:aws:iam::${ARCHIVE}:role/OrganizationAccountAccessRole`,
    dependsOn: [bucket],
  });
  app.synth();
  const folder = path.join(outdir, 'stacks', 'archive');
  writeMotoOverride(folder, moto.endpoint, path.join(dir, 'archive.tfstate'));

  await ok(folder, ['init']);
  await ok(folder, ['apply', '-auto-approve']);
  const plan = await run(folder, ['plan', '-detailed-exitcode']);
  expect([plan.code, plan.stderr, plan.code === 0 ? '' : plan.stdout]).toEqual([0, '', '']);

  const state = JSON.parse((await ok(folder, ['show', '-json'])).stdout) as {
    values: { root_module: { resources: { type: string; values: Record<string, any> }[] } };
  };
  const resources = state.values.root_module.resources;
  const keyArn = resources.find((r) => r.type === 'aws_kms_key')?.values.arn as string;
  expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:${REGION}:${ARCHIVE}:key/`));
  expect(
    resources
      .filter((r) => r.type === 'aws_kinesis_firehose_delivery_stream')
      .map((r) => r.values.server_side_encryption),
  ).toEqual([[{ enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: keyArn }]]);

  await ok(folder, ['destroy', '-auto-approve']);
  const calls = await moto.calls();
  expect(calls.filter((c) => c.operation === 'CreateDeliveryStream')).toHaveLength(1);
  const proof = await proveDeployRoles(calls, [path.dirname(folder)], { managementAccountId: '340000000011' });
  expect(proof.denied).toEqual([]);
  expect(proof.unmapped).toEqual([]);
});
