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
import { APPLICATION_LOGS_INSIGHTS_QUERIES } from '../../modules/analytics';
import { AccountStack } from '../../modules/deployment/account-stack';
import { deployPolicy } from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { Terraform, type TerraformResult } from '../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../support/synth';

/*
 * Live search with Terraform, as a user deploys it in two steps, on the harness's moto (whose OAM is
 * e2e/harness/moto_oam_apis.py): the log archive's stack makes a sink in each Region, its policy
 * and the saved queries; its output gives the sinks' ARNs; the member's stack links to them. Then a
 * second plan of each is empty (the provider reads the sink ARN, the policy and the queries back
 * as planned: [oam-link-names-sink-by-arn]), and the member's removal first lets the archive's
 * follow ([oam-delete-links-before-sink]).
 */

jest.setTimeout(300_000);

const MANAGEMENT = '340000000001';
const ARCHIVE = '340000000002';
const PAYMENTS = '340000000005';
// One Region: each further Region is another provider configured by every command (the unit tests
// hold the sinks and links per Region).
const REGIONS = ['eu-west-1'];
const terraform = Terraform.find();
let moto: MotoServer;
let dir: string;
let organizationId: string;

beforeAll(async () => {
  dir = tempDir('live-search-moto-');
  moto = await startMoto(path.join(dir, 'moto.log'));
  const management = new MotoAccount(
    moto.endpoint,
    '340000000001',
    'arn:aws:iam::340000000001:role/OrganizationAccountAccessRole',
  );
  const organizations = new OrganizationsClient(await management.client(REGIONS[0]));
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

/** Synthesizes one stack that `build` fills, with the override that points it at moto; returns its folder. */
function stackDir(name: string, accountId: string, build: (stack: AccountStack) => void): string {
  const outdir = path.join(dir, `${name}.out`);
  const app = new App({ outdir });
  const stack = new AccountStack(app, name, { accountId, region: REGIONS[0] });
  build(stack);
  app.synth();
  const folder = path.join(outdir, 'stacks', name);
  writeMotoOverride(folder, moto.endpoint, path.join(dir, `${name}.tfstate`));
  return folder;
}

const run = (folder: string, args: string[]): Promise<TerraformResult> =>
  terraform.exec(folder, ['output', 'show'].includes(args[0]) ? args : [...args, '-input=false'], {
    timeoutSeconds: 240,
  });

async function ok(folder: string, args: string[]): Promise<TerraformResult> {
  const result = await run(folder, args);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${folder}: ${result.stderr || result.stdout}`);
  return result;
}

test('two steps: the sinks, then the links to their ARNs; a second plan of each is empty; the links go, then the sinks', async () => {
  const archive = stackDir('archive', ARCHIVE, (stack) => {
    const sink = new LiveSearchSink(stack, 'live-search', {
      regions: REGIONS.map((region) => ({ region, provider: stack.providerForRegion(region) })),
      organizationId,
      queries: APPLICATION_LOGS_INSIGHTS_QUERIES,
    });
    new TerraformOutput(stack, 'live_search_sink_arns', {
      value: Object.fromEntries([...sink.sinks].map(([region, s]) => [region, s.arn])),
    });
  });
  await ok(archive, ['init']);
  await ok(archive, ['apply', '-auto-approve']);
  const sinkArns = JSON.parse((await ok(archive, ['output', '-json', 'live_search_sink_arns'])).stdout) as Record<
    string,
    string
  >;
  for (const region of REGIONS) expect(sinkArns[region]).toMatch(new RegExp(`^arn:aws:oam:${region}:${ARCHIVE}:sink/`));

  const member = stackDir('member', PAYMENTS, (stack) => {
    new LiveSearchLink(stack, 'live-search', {
      regions: REGIONS.map((region) => ({
        region,
        provider: stack.providerForRegion(region),
        sinkArn: sinkArns[region],
      })),
    });
  });
  await ok(member, ['init']);
  await ok(member, ['apply', '-auto-approve']);
  for (const folder of [archive, member]) {
    const plan = await run(folder, ['plan', '-detailed-exitcode']);
    expect([folder, plan.code, plan.stderr, plan.code === 0 ? '' : plan.stdout]).toEqual([folder, 0, '', '']);
  }

  // The member's stack goes first: a sink cannot be deleted while a link remains (the harness refuses
  // it as AWS does: __tests__/e2e/harness/moto-oam.moto.test.ts).
  await ok(member, ['destroy', '-auto-approve']);
  await ok(archive, ['destroy', '-auto-approve']);

  // [oam-create-link-on-other-accounts-sink] Every call each stack's deploy role made, under the policy
  // derived for it: the member's CreateLink is authorized on the archive's sink, which its policy
  // grants by that ARN alone.
  const calls = await moto.calls();
  const stacksDirs = [path.dirname(archive), path.dirname(member)];
  const proof = await proveDeployRoles(calls, stacksDirs, { managementAccountId: MANAGEMENT });
  expect(proof.denied).toEqual([]);
  expect(proof.unmapped).toEqual([]);
  expect(Object.keys(proof.stacks).sort()).toEqual(['archive', 'member']);
  expect(calls.filter((c) => c.operation === 'CreateLink').map((c) => c.hints.SinkIdentifier)).toEqual(
    REGIONS.map((r) => sinkArns[r]),
  );
  const withoutSinkGrant = await proveDeployRoles(
    calls.filter((c) => c.operation === 'CreateLink'),
    stacksDirs,
    { managementAccountId: MANAGEMENT },
    (name, json, owner) => {
      const policy = deployPolicy(name, json, owner);
      return {
        ...policy,
        document: {
          ...policy.document,
          Statement: policy.document.Statement.filter((st) => st.Sid !== 'LinkToOtherAccountsSinks'),
        },
      };
    },
  );
  expect(withoutSinkGrant.denied).toEqual(
    REGIONS.map((region) =>
      expect.objectContaining({ stack: 'member', action: 'oam:CreateLink', resource: sinkArns[region] }),
    ),
  );
  expect(fs.existsSync(archive)).toBe(true);
});
