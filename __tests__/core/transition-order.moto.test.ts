import * as fs from 'fs';
import * as path from 'path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { App, TerraformOutput } from 'cdktf';
import { MotoAccount } from '../../e2e/harness/aws';
import { proveDeployRoles } from '../../e2e/harness/deploy-role-proof';
import { MotoServer, startMoto } from '../../e2e/harness/moto';
import { createOrganization } from '../../e2e/harness/setup';
import { writeMotoOverride } from '../../e2e/harness/override';
import { LiveSearchLink, LiveSearchSink } from '../../modules/application-logs';
import { AccountStack } from '../../modules/deployment/account-stack';
import { transitionOrder, type Synth } from '../../modules/core/transition-order';
import { Terraform, type TerraformResult } from '../../toolkit/terraform/terraform';
import { tempDir } from '../support/synth';

/*
 * Live search turned off on a running organization, with Terraform on the harness's moto (whose OAM,
 * e2e/harness/moto_oam_apis.py, refuses DeleteSink while a link remains, as AWS does:
 * [oam-delete-links-before-sink]). The order derived from the two synths (transition-order.ts) puts
 * the member's stack first; the first deploy's waves (log archive first) fail on the sink, and the
 * derived order applies. A second plan of each stack is empty, and every call is within the deploy
 * roles' policies.
 */

jest.setTimeout(420_000);

const MANAGEMENT = '350000000001';
const ARCHIVE = '350000000002';
const PAYMENTS = '350000000005';
const REGION = 'eu-west-1';
const terraform = Terraform.find();
let moto: MotoServer;
let dir: string;
let organizationId: string;

beforeAll(async () => {
  dir = tempDir('transition-moto-');
  moto = await startMoto(path.join(dir, 'moto.log'));
  const management = new MotoAccount(
    moto.endpoint,
    MANAGEMENT,
    `arn:aws:iam::${MANAGEMENT}:role/OrganizationAccountAccessRole`,
  );
  const organizations = new OrganizationsClient(await management.client(REGION));
  organizationId = (
    await createOrganization(organizations, {
      accounts: [
        { name: 'log-archive', id: ARCHIVE },
        { name: 'payments', id: PAYMENTS },
      ],
      emailDomain: 'example.com',
    })
  ).organizationId;
});

afterAll(async () => {
  await moto?.stop({ quiet: true });
});

/** Synthesizes stack `name` of synth `step` (its own out folder), pointed at moto, with the state of `name`. */
function stackDir(step: string, name: string, accountId: string, build: (stack: AccountStack) => void): string {
  const outdir = path.join(dir, `${step}.out`);
  const app = new App({ outdir });
  const stack = new AccountStack(app, name, { accountId, region: REGION });
  build(stack);
  app.synth();
  const folder = path.join(outdir, 'stacks', name);
  writeMotoOverride(folder, moto.endpoint, path.join(dir, `${name}.tfstate`));
  return folder;
}

const json = (folder: string): unknown => JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8'));
const run = (folder: string, args: string[]): Promise<TerraformResult> =>
  terraform.exec(folder, args[0] === 'output' ? args : [...args, '-input=false'], { timeoutSeconds: 240 });

async function ok(folder: string, args: string[]): Promise<TerraformResult> {
  const result = await run(folder, args);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${folder}: ${result.stderr || result.stdout}`);
  return result;
}

test('[oam-delete-links-before-sink] live search off: the log archive first is refused; the derived order applies, and a second plan is empty', async () => {
  // Before: the sink, then the member's link to its ARN (live search's two steps).
  const archiveOn = stackDir('before', 'log-archive', ARCHIVE, (stack) => {
    const sink = new LiveSearchSink(stack, 'live-search', {
      regions: [{ region: REGION, provider: stack.providerForRegion(REGION) }],
      organizationId,
      queries: [],
    });
    new TerraformOutput(stack, 'live_search_sink_arns', { value: { [REGION]: sink.sinks.get(REGION)?.arn } });
  });
  await ok(archiveOn, ['init']);
  await ok(archiveOn, ['apply', '-auto-approve']);
  const sinkArn = (
    JSON.parse((await ok(archiveOn, ['output', '-json', 'live_search_sink_arns'])).stdout) as Record<string, string>
  )[REGION];
  const memberOn = stackDir('before', 'member-payments', PAYMENTS, (stack) => {
    new LiveSearchLink(stack, 'live-search', {
      regions: [{ region: REGION, provider: stack.providerForRegion(REGION), sinkArn }],
    });
  });
  await ok(memberOn, ['init']);
  await ok(memberOn, ['apply', '-auto-approve']);

  // After: live search off, nothing of it in either stack.
  const archiveOff = stackDir('after', 'log-archive', ARCHIVE, () => undefined);
  const memberOff = stackDir('after', 'member-payments', PAYMENTS, () => undefined);
  const before: Synth = { 'log-archive': json(archiveOn), 'member-payments': json(memberOn) };
  const after: Synth = { 'log-archive': json(archiveOff), 'member-payments': json(memberOff) };
  const order = transitionOrder(before, after);
  expect(order.waves).toEqual([['member-payments'], ['log-archive']]);
  expect(order.unordered).toEqual([]);

  // The first deploy's order, log archive first, is refused on the sink.
  await ok(archiveOff, ['init']);
  const refused = await run(archiveOff, ['apply', '-auto-approve']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('You must delete all links to a sink before you can delete that sink');

  // The derived order applies.
  const folders: Record<string, string> = { 'log-archive': archiveOff, 'member-payments': memberOff };
  await ok(memberOff, ['init']);
  for (const wave of order.waves) for (const stack of wave) await ok(folders[stack], ['apply', '-auto-approve']);
  for (const folder of [archiveOff, memberOff]) {
    const plan = await run(folder, ['plan', '-detailed-exitcode']);
    expect([folder, plan.code, plan.stderr]).toEqual([folder, 0, '']);
  }

  // Every call of the deploy roles, before and after the change, under the policies derived for them.
  const calls = await moto.calls();
  const stacksDirs = ['before', 'after'].map((step) => path.join(dir, `${step}.out`, 'stacks'));
  const proof = await proveDeployRoles(calls, stacksDirs, { managementAccountId: MANAGEMENT });
  expect(proof.denied).toEqual([]);
  expect(proof.unmapped).toEqual([]);
  expect(calls.filter((c) => c.operation === 'DeleteSink').length).toBeGreaterThanOrEqual(2);
  expect(calls.filter((c) => c.operation === 'DeleteLink').length).toBe(1);
  const report = await moto.modelCheck();
  expect(Object.keys(report.unresolved)).toEqual([]);
  expect(report.byOperation['oam DeleteSink']).toBeGreaterThanOrEqual(2);
});
