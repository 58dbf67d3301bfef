import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { proveDeployRoles } from '../../e2e/harness/deploy-role-proof';
import { MotoServer, startMoto } from '../../e2e/harness/moto';
import { writeMotoOverride } from '../../e2e/harness/override';
import { renderPolicy } from '../../modules/iam/policy-document';
import { keyAdministrationStatement } from '../../modules/kms/audit-key';
import { AccountStack } from '../../modules/deployment/account-stack';
import { archiveSearchSources } from '../../modules/search/search-sources';
import { SearchTier } from '../../modules/search/search-tier';
import { SecureBucket } from '../../modules/storage/secure-bucket';
import { Terraform, type TerraformResult } from '../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../support/synth';

/*
 * The search tier with Terraform on the harness's moto (whose OpenSearch Serverless and OpenSearch
 * Ingestion gaps e2e/harness/moto_search_apis.py answers, and whose S3 refuses a notification
 * configuration naming a queue that does not exist, as AWS does: [s3-notification-destination-verified-at-put]):
 * the archive's two buckets and
 * the tier are applied, a second plan is empty, then the tier is turned off and applied (its
 * removal, in Terraform's dependency order: the notifications go before the queues and their
 * policies), and that plan is empty too. Every call is within the deploy role's derived policy and
 * AWS's model of its operation. One stack, one Region, the archive's buckets only: the rest of the
 * log archive is applied by the e2e suites.
 */

jest.setTimeout(300_000);

const ARCHIVE = '360000000002';
const MANAGEMENT = '360000000001';
const REGION = 'eu-west-1';
const ORGANIZATION = 'o-searchmoto1';
const LOG_BUCKET = `audit-logs-${ARCHIVE}`;
const MEMBER_LOGS_BUCKET = `audit-member-logs-${ARCHIVE}`;
const terraform = Terraform.find();
let moto: MotoServer;
let dir: string;

beforeAll(async () => {
  dir = tempDir('search-moto-');
  moto = await startMoto(path.join(dir, 'moto.log'));
});

afterAll(async () => {
  await moto?.stop({ quiet: true });
});

/** The archive's buckets under its key, and the search tier over them when `search` is on. */
function archiveStack(step: string, search: boolean): string {
  const outdir = path.join(dir, `${step}.out`);
  const app = new App({ outdir });
  const stack = new AccountStack(app, 'log-archive', { accountId: ARCHIVE, region: REGION });
  const key = new KmsKey(stack, 'archive-key', {
    description: 'The archive key',
    enableKeyRotation: true,
    policy: renderPolicy([keyAdministrationStatement('aws', ARCHIVE)]),
  });
  const buckets = [LOG_BUCKET, MEMBER_LOGS_BUCKET].map(
    (bucketName) =>
      new SecureBucket(stack, bucketName, {
        bucketName,
        kmsKeyArn: key.arn,
        lifecycleRules: [{ id: 'expire', status: 'Enabled', filter: [{}], expiration: [{ days: 365 }] }],
        policyStatements: [],
        preventDestroy: false,
      }),
  );
  if (search) {
    new SearchTier(stack, 'search', {
      sources: archiveSearchSources({
        logBucketName: LOG_BUCKET,
        memberLogsBucketName: MEMBER_LOGS_BUCKET,
        organizationTrailPrefix: `AWSLogs/${ORGANIZATION}/`,
        applicationLogsPrefix: 'application-logs',
        flowLogsPrefix: 'vpc-flow-logs',
      }),
      archiveKeyArn: key.arn,
      analystRoleArns: [`arn:aws:iam::${ARCHIVE}:role/analyst`],
      standbyReplicas: false,
      retentionInDays: 365,
      dependsOn: buckets.map((bucket) => bucket.policy),
    });
  }
  app.synth();
  const folder = path.join(outdir, 'stacks', 'log-archive');
  writeMotoOverride(folder, moto.endpoint, path.join(dir, 'log-archive.tfstate'));
  return folder;
}

const run = (folder: string, args: string[]): Promise<TerraformResult> =>
  terraform.exec(folder, [...args, '-input=false'], { timeoutSeconds: 240 });

async function ok(folder: string, args: string[]): Promise<TerraformResult> {
  const result = await run(folder, args);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${folder}: ${result.stderr || result.stdout}`);
  return result;
}

async function expectEmptyPlan(folder: string): Promise<void> {
  const plan = await run(folder, ['plan', '-detailed-exitcode']);
  expect([plan.code, plan.stderr, plan.code === 0 ? '' : plan.stdout]).toEqual([0, '', '']);
}

test('the tier applies, plans empty, is removed when turned off, and plans empty again; every call within the deploy role and the model', async () => {
  const on = archiveStack('search-on', true);
  await ok(on, ['init']);
  await ok(on, ['apply', '-auto-approve']);
  await expectEmptyPlan(on);

  const off = archiveStack('search-off', false);
  fs.cpSync(path.join(on, '.terraform'), path.join(off, '.terraform'), { recursive: true });
  fs.copyFileSync(path.join(on, '.terraform.lock.hcl'), path.join(off, '.terraform.lock.hcl'));
  await ok(off, ['apply', '-auto-approve']);
  await expectEmptyPlan(off);

  const calls = await moto.calls();
  const operations = new Set(calls.map((c) => c.operation));
  for (const operation of ['CreateCollection', 'CreatePipeline', 'DeletePipeline', 'DeleteCollection']) {
    expect([operation, operations.has(operation)]).toEqual([operation, true]);
  }
  const proof = await proveDeployRoles(calls, [path.dirname(on), path.dirname(off)], {
    managementAccountId: MANAGEMENT,
  });
  expect(proof.denied).toEqual([]);
  expect(proof.unmapped).toEqual([]);
  const report = await moto.report();
  expect(report.failures).toEqual([]);
});
