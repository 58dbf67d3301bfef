import * as fs from 'fs';
import * as path from 'path';
import { OrganizationsClient, RemoveAccountFromOrganizationCommand } from '@aws-sdk/client-organizations';
import { App, TerraformOutput } from 'cdktf';
import { MotoAccount } from '../../e2e/harness/aws';
import { proveDeployRoles } from '../../e2e/harness/deploy-role-proof';
import { MotoServer, startMoto } from '../../e2e/harness/moto';
import { createOrganization } from '../../e2e/harness/setup';
import { writeMotoOverride } from '../../e2e/harness/override';
import {
  AccountLogSubscription,
  ApplicationLogsDelivery,
  LiveSearchLink,
  LiveSearchSink,
} from '../../modules/application-logs';
import { APPLICATION_LOGS_DESTINATION_NAME, MEMBER_TRAIL_NAME, trailLogGroupName } from '../../modules/core/naming';
import { AccountStack } from '../../modules/deployment/account-stack';
import { transitionOrder, type Synth, type TransitionOrder } from '../../modules/core/transition-order';
import { carryDroppedProviders } from '../../packages/cli/toolkit/review/transition-order';
import { Terraform, type TerraformResult } from '../../packages/cli/toolkit/terraform/terraform';
import type { RecordedCall } from '../../e2e/harness/recorded-call';
import { tempDir } from '../support/synth';

/*
 * Day-two changes of a running organization, with Terraform on the harness's moto (whose OAM,
 * e2e/harness/moto_oam_apis.py, refuses DeleteSink while a link remains, as AWS does:
 * [oam-delete-links-before-sink]). For each, the order derived from the two synths
 * (transition-order.ts) is applied; where AWS refuses the first deploy's order (log archive first),
 * that order is shown refused first. A second plan of each stack is empty, and every call is within
 * the deploy roles' policies. Each change has accounts of its own in one organization, one moto.
 */

jest.setTimeout(420_000);

const MANAGEMENT = '350000000001';
/** Live search off. */
const ARCHIVE = '350000000002';
const PAYMENTS = '350000000005';
/** A governed Region dropped. */
const REGION_ARCHIVE = '350000000012';
const REGION_MEMBER = '350000000015';
/** A member removed, then another moved out of the organization. */
const MEMBERS_ARCHIVE = '350000000022';
const REMOVED = '350000000025';
const MOVED = '350000000026';
const REGION = 'eu-west-1';
const SECOND_REGION = 'us-east-1';
const terraform = Terraform.find();
let moto: MotoServer;
let dir: string;
let organizationId: string;
let organizations: OrganizationsClient;

beforeAll(async () => {
  dir = tempDir('transition-moto-');
  moto = await startMoto(path.join(dir, 'moto.log'));
  const management = new MotoAccount(
    moto.endpoint,
    MANAGEMENT,
    `arn:aws:iam::${MANAGEMENT}:role/OrganizationAccountAccessRole`,
  );
  organizations = new OrganizationsClient(await management.client(REGION));
  organizationId = (
    await createOrganization(organizations, {
      accounts: [
        { name: 'log-archive', id: ARCHIVE },
        { name: 'payments', id: PAYMENTS },
        { name: 'region-log-archive', id: REGION_ARCHIVE },
        { name: 'region-member', id: REGION_MEMBER },
        { name: 'members-log-archive', id: MEMBERS_ARCHIVE },
        { name: 'removed', id: REMOVED },
        { name: 'moved', id: MOVED },
      ],
      emailDomain: 'example.com',
    })
  ).organizationId;
});

afterAll(async () => {
  await moto?.stop({ quiet: true });
});

/**
 * Synthesizes stack `name` of synth `step` of change `change` (its own out folder), in `accountId`
 * with its home in REGION, pointed at moto, with the state of `name` in that change.
 */
function stackDir(
  change: string,
  step: string,
  name: string,
  accountId: string,
  build: (stack: AccountStack) => void,
): string {
  const outdir = path.join(dir, change, `${step}.out`);
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const stack = new AccountStack(app, name, { accountId, region: REGION });
  build(stack);
  app.synth();
  const folder = path.join(outdir, 'stacks', name);
  writeMotoOverride(folder, moto.endpoint, path.join(dir, change, `${name}.tfstate`));
  return folder;
}

const json = (folder: string): unknown => JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8'));
const run = (folder: string, args: string[]): Promise<TerraformResult> =>
  terraform.exec(folder, ['output', 'state'].includes(args[0]) ? args : [...args, '-input=false'], {
    timeoutSeconds: 240,
  });

async function ok(folder: string, args: string[]): Promise<TerraformResult> {
  const result = await run(folder, args);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} in ${folder}: ${result.stderr || result.stdout}`);
  return result;
}

/** Applies the folders of one wave side by side (as deploy runs a wave), each initialized first if it is not yet. */
async function applyAll(...folders: string[]): Promise<void> {
  await Promise.all(
    folders.map(async (folder) => {
      if (!fs.existsSync(path.join(folder, '.terraform'))) await ok(folder, ['init']);
      await ok(folder, ['apply', '-auto-approve']);
    }),
  );
}

/** Applies `order`'s waves, one after the other, with each stack's folder of `folders`. */
async function applyWaves(order: TransitionOrder, folders: Readonly<Record<string, string>>): Promise<void> {
  for (const wave of order.waves) await applyAll(...wave.map((stack) => folders[stack]));
}

/** The sink ARNs, by Region, that a log archive's stack outputs. */
async function sinkArnsOf(folder: string): Promise<Record<string, string>> {
  return JSON.parse((await ok(folder, ['output', '-json', 'live_search_sink_arns'])).stdout) as Record<string, string>;
}

/** Each folder's second plan: empty. */
async function expectEmptyPlans(...folders: string[]): Promise<void> {
  const plans = await Promise.all(folders.map((folder) => run(folder, ['plan', '-detailed-exitcode'])));
  expect(plans.map((plan, i) => [folders[i], plan.code, plan.stderr])).toEqual(folders.map((f) => [f, 0, '']));
}

/** The calls of `accounts` so far, each under the policy derived from its stack in the synths of `change`. */
async function proveChange(change: string, accounts: readonly string[]): Promise<readonly RecordedCall[]> {
  const calls = (await moto.calls()).filter((call) => call.accountId !== null && accounts.includes(call.accountId));
  const steps = fs.readdirSync(path.join(dir, change)).filter((entry) => entry.endsWith('.out'));
  const stacksDirs = steps.map((step) => path.join(dir, change, step, 'stacks'));
  const proof = await proveDeployRoles(calls, stacksDirs, { managementAccountId: MANAGEMENT });
  expect(proof.denied).toEqual([]);
  expect(proof.unmapped).toEqual([]);
  expect(proof.unattributed).toEqual([]);
  const report = await moto.modelCheck();
  expect(Object.keys(report.unresolved)).toEqual([]);
  return calls;
}

/** The log archive's sinks (with their ARNs as an output) in `regions`, for the organization and `outside`. */
function sinks(stack: AccountStack, regions: readonly string[], outside: readonly string[] = []): void {
  const sink = new LiveSearchSink(stack, 'live-search', {
    regions: regions.map((region) => ({ region, provider: stack.providerForRegion(region) })),
    organizationId,
    outsideAccountIds: outside,
    queries: [],
  });
  new TerraformOutput(stack, 'live_search_sink_arns', {
    value: Object.fromEntries(regions.map((region) => [region, sink.sinks.get(region)?.arn])),
  });
}

/** The log archive's application-logs destinations in `regions`, for `senders` (of whom `outside` are outside). */
function destinations(
  stack: AccountStack,
  regions: readonly string[],
  senders: readonly string[],
  outside: readonly string[] = [],
): void {
  new ApplicationLogsDelivery(stack, 'application-logs', {
    regions: regions.map((region) => ({ region, provider: stack.providerForRegion(region) })),
    senderAccountIds: senders,
    organizationId,
    outsideSenderAccountIds: outside,
    bucketArn: `arn:aws:s3:::transition-moto-${stack.accountId}-member-logs`,
    prefix: 'application-logs',
    deployRoleArn: `arn:aws:iam::${stack.accountId}:role/OrganizationAccountAccessRole`,
  });
}

/** A member's account-level subscription policy to the archive's destination, and its link to the archive's sink, in each Region of `sinkArns`. */
function sender(stack: AccountStack, archive: string, sinkArns: Record<string, string>, excluded: string[] = []): void {
  const regions = Object.keys(sinkArns);
  new AccountLogSubscription(stack, 'application-logs', {
    regions: regions.map((region) => ({
      region,
      provider: stack.providerForRegion(region),
      destinationArn: `arn:aws:logs:${region}:${archive}:destination:${APPLICATION_LOGS_DESTINATION_NAME}`,
    })),
    excludedLogGroups: excluded,
  });
  new LiveSearchLink(stack, 'live-search', {
    regions: regions.map((region) => ({
      region,
      provider: stack.providerForRegion(region),
      sinkArn: sinkArns[region],
    })),
  });
}

const SINK_REFUSED = 'You must delete all links to a sink before you can delete that sink';

test('[oam-delete-links-before-sink] live search off: the log archive first is refused; the derived order applies, and a second plan is empty', async () => {
  // Before: the sink, then the member's link to its ARN (live search's two steps).
  const archiveOn = stackDir('search-off', 'before', 'log-archive', ARCHIVE, (stack) => sinks(stack, [REGION]));
  await applyAll(archiveOn);
  const sinkArn = (await sinkArnsOf(archiveOn))[REGION];
  const memberOn = stackDir('search-off', 'before', 'member-payments', PAYMENTS, (stack) => {
    new LiveSearchLink(stack, 'live-search', {
      regions: [{ region: REGION, provider: stack.providerForRegion(REGION), sinkArn }],
    });
  });
  await applyAll(memberOn);

  // After: live search off, nothing of it in either stack.
  const archiveOff = stackDir('search-off', 'after', 'log-archive', ARCHIVE, () => undefined);
  const memberOff = stackDir('search-off', 'after', 'member-payments', PAYMENTS, () => undefined);
  const before: Synth = { 'log-archive': json(archiveOn), 'member-payments': json(memberOn) };
  const after: Synth = { 'log-archive': json(archiveOff), 'member-payments': json(memberOff) };
  const order = transitionOrder(before, after);
  expect(order.waves).toEqual([['member-payments'], ['log-archive']]);
  expect(order.unordered).toEqual([]);

  // The first deploy's order, log archive first, is refused on the sink.
  await ok(archiveOff, ['init']);
  const refused = await run(archiveOff, ['apply', '-auto-approve']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain(SINK_REFUSED);

  // The derived order applies.
  await applyWaves(order, { 'log-archive': archiveOff, 'member-payments': memberOff });
  await expectEmptyPlans(archiveOff, memberOff);

  // Every call of the deploy roles, before and after the change, under the policies derived for them.
  const calls = await proveChange('search-off', [ARCHIVE, PAYMENTS]);
  expect(calls.filter((c) => c.operation === 'DeleteSink').length).toBeGreaterThanOrEqual(2);
  expect(calls.filter((c) => c.operation === 'DeleteLink').length).toBe(1);
  expect((await moto.modelCheck()).byOperation['oam DeleteSink']).toBeGreaterThanOrEqual(2);
});

test("[oam-delete-links-before-sink] a governed Region dropped, with application logs and live search on: the log archive first is refused on the dropped Region's sink; the derived order applies, and a second plan is empty", async () => {
  // Before: in two Regions, the archive's destinations and sinks, then the member's subscription
  // policies and links to them.
  const both = [REGION, SECOND_REGION];
  const archiveBoth = stackDir('region-dropped', 'before', 'log-archive', REGION_ARCHIVE, (stack) => {
    destinations(stack, both, [REGION_MEMBER]);
    sinks(stack, both);
  });
  await applyAll(archiveBoth);
  const sinkArns = await sinkArnsOf(archiveBoth);
  expect(Object.keys(sinkArns).sort()).toEqual([...both].sort());
  const memberBoth = stackDir('region-dropped', 'before', 'member-region', REGION_MEMBER, (stack) =>
    sender(stack, REGION_ARCHIVE, sinkArns),
  );
  await applyAll(memberBoth);

  // After: SECOND_REGION no longer governed; REGION's resources unchanged. The stacks drop the
  // Region's provider with its resources, and Terraform cannot destroy them without the provider that
  // made them ("Provider configuration not present"): the derivation names each stack that lost one.
  const archiveOne = stackDir('region-dropped', 'after', 'log-archive', REGION_ARCHIVE, (stack) => {
    destinations(stack, [REGION], [REGION_MEMBER]);
    sinks(stack, [REGION]);
  });
  const memberOne = stackDir('region-dropped', 'after', 'member-region', REGION_MEMBER, (stack) =>
    sender(stack, REGION_ARCHIVE, { [REGION]: sinkArns[REGION] }),
  );
  const beforeSynth: Synth = { 'log-archive': json(archiveBoth), 'member-region': json(memberBoth) };
  const afterSynth = (): Synth => ({ 'log-archive': json(archiveOne), 'member-region': json(memberOne) });
  const dropped = transitionOrder(beforeSynth, afterSynth()).droppedProviders;
  expect(dropped.map((d) => `${d.stack} ${d.region}`).sort()).toEqual([
    `log-archive ${SECOND_REGION}`,
    `member-region ${SECOND_REGION}`,
  ]);
  await ok(archiveOne, ['init']);
  const orphaned = await run(archiveOne, ['plan']);
  expect(orphaned.code).not.toBe(0);
  expect(orphaned.stderr).toContain('Provider configuration not present');
  // Synth keeps each dropped provider, copied from the deployed synth, until deploy has destroyed
  // what it held (carryDroppedProviders, as the synth command runs it).
  const outOf = (folder: string) => path.dirname(path.dirname(folder));
  carryDroppedProviders(outOf(archiveBoth), outOf(archiveOne), dropped);
  // The suites point every provider of a synth at moto (e2e/harness/override.ts): the carried ones too.
  for (const [folder, name] of [
    [archiveOne, 'log-archive'],
    [memberOne, 'member-region'],
  ] as const) {
    writeMotoOverride(folder, moto.endpoint, path.join(dir, 'region-dropped', `${name}.tfstate`));
  }
  const order = transitionOrder(beforeSynth, afterSynth());
  expect(order.droppedProviders).toEqual([]);
  // The member goes first: its link names the dropped sink (which AWS refuses to delete before the
  // link) and its policy the dropped destination (which AWS deletes, disabling the subscription).
  expect(order.waves).toEqual([['member-region'], ['log-archive']]);
  expect(order.unordered).toEqual([]);
  expect(
    order.constraints.map(({ first, then, change, what, region, refusedBy }) => ({
      first,
      then,
      change,
      what,
      region,
      refusedBy,
    })),
  ).toEqual(
    expect.arrayContaining([
      {
        first: 'member-region',
        then: 'log-archive',
        change: 'removal',
        what: 'live search sink',
        region: SECOND_REGION,
        refusedBy: 'oam-delete-links-before-sink',
      },
      {
        first: 'member-region',
        then: 'log-archive',
        change: 'removal',
        what: 'CloudWatch Logs destination',
        region: SECOND_REGION,
        refusedBy: undefined,
      },
    ]),
  );
  expect(order.constraints).toHaveLength(2);

  // The first deploy's order, log archive first, is refused on the dropped Region's sink.
  const refused = await run(archiveOne, ['apply', '-auto-approve']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain(SINK_REFUSED);

  // The derived order applies (after the refused apply's partial work), and nothing is left to do.
  await applyWaves(order, { 'log-archive': archiveOne, 'member-region': memberOne });
  await expectEmptyPlans(archiveOne, memberOne);
  const kept = (await ok(archiveOne, ['state', 'list'])).stdout;
  expect(kept).toContain(`aws_oam_sink.live-search_sink-${REGION}`);
  expect(kept).not.toContain(SECOND_REGION);

  const calls = await proveChange('region-dropped', [REGION_ARCHIVE, REGION_MEMBER]);
  const inSecond = (operation: string) =>
    calls.filter((c) => c.operation === operation && c.region === SECOND_REGION).length;
  expect([inSecond('DeleteLink'), inSecond('DeleteAccountPolicy'), inSecond('DeleteDestination')]).toEqual([1, 1, 1]);
  expect(inSecond('DeleteSink')).toBeGreaterThanOrEqual(2);
});

test('a member removed from the config, then another moved out of the organization: AWS refuses neither order; the derived order applies, and a second plan is empty', async () => {
  // Before: two senders in one Region.
  const archiveBefore = stackDir('members', 'before', 'log-archive', MEMBERS_ARCHIVE, (stack) => {
    destinations(stack, [REGION], [REMOVED, MOVED]);
    sinks(stack, [REGION]);
  });
  await applyAll(archiveBefore);
  const sinkArns = await sinkArnsOf(archiveBefore);
  const removedBefore = stackDir('members', 'before', 'member-removed', REMOVED, (stack) =>
    sender(stack, MEMBERS_ARCHIVE, sinkArns),
  );
  const movedBefore = stackDir('members', 'before', 'member-moved', MOVED, (stack) =>
    sender(stack, MEMBERS_ARCHIVE, sinkArns),
  );
  await applyAll(removedBefore, movedBefore);

  // A member removed: its stack is gone from the synth, the archive's destination admits one sender.
  const archiveNarrowed = stackDir('members', 'removed', 'log-archive', MEMBERS_ARCHIVE, (stack) => {
    destinations(stack, [REGION], [MOVED]);
    sinks(stack, [REGION]);
  });
  // The member that stays is synthesized as before: its folder is the one it applied from.
  const movedKept = movedBefore;
  const removal = transitionOrder(
    { 'log-archive': json(archiveBefore), 'member-removed': json(removedBefore), 'member-moved': json(movedBefore) },
    { 'log-archive': json(archiveNarrowed), 'member-moved': json(movedKept) },
  );
  // The sink and the destination stay: nothing crossing accounts is removed, so no stack need go
  // first, and the removed member's stack is destroyed in any order. AWS refuses none: the archive
  // narrows first here, then the member's policy and link are deleted.
  expect(removal.constraints).toEqual([]);
  expect(removal.destroyFirst).toEqual([]);
  expect(removal.waves).toEqual([['log-archive'], ['member-moved']]);
  await applyWaves(removal, { 'log-archive': archiveNarrowed, 'member-moved': movedKept });
  await ok(removedBefore, ['destroy', '-auto-approve']);
  expect((await ok(removedBefore, ['state', 'list'])).stdout).toBe('');
  await expectEmptyPlans(archiveNarrowed, movedKept);

  // A member moved out of the organization: the account leaves it, and the config says so
  // (inOrganization false): the archive's destination role trusts it and its sink admits it by id,
  // and the member's own trail's log group is no longer sent.
  await organizations.send(new RemoveAccountFromOrganizationCommand({ AccountId: MOVED }));
  const archiveOutside = stackDir('members', 'moved', 'log-archive', MEMBERS_ARCHIVE, (stack) => {
    destinations(stack, [REGION], [MOVED], [MOVED]);
    sinks(stack, [REGION], [MOVED]);
  });
  const movedOutside = stackDir('members', 'moved', 'member-moved', MOVED, (stack) =>
    sender(stack, MEMBERS_ARCHIVE, sinkArns, [trailLogGroupName(MEMBER_TRAIL_NAME)]),
  );
  const move = transitionOrder(
    { 'log-archive': json(archiveNarrowed), 'member-moved': json(movedKept) },
    { 'log-archive': json(archiveOutside), 'member-moved': json(movedOutside) },
  );
  // Policies change, no name: no constraint, and no order AWS refuses; the usual waves apply.
  expect(move.constraints).toEqual([]);
  expect(move.accountMoves).toEqual([]);
  expect(move.waves).toEqual([['log-archive'], ['member-moved']]);
  await applyWaves(move, { 'log-archive': archiveOutside, 'member-moved': movedOutside });
  await expectEmptyPlans(archiveOutside, movedOutside);

  const calls = await proveChange('members', [MEMBERS_ARCHIVE, REMOVED, MOVED]);
  const of = (account: string, operation: string) =>
    calls.filter((c) => c.accountId === account && c.operation === operation).length;
  expect([of(REMOVED, 'DeleteLink'), of(REMOVED, 'DeleteAccountPolicy')]).toEqual([1, 1]);
  expect(of(MOVED, 'DeleteLink')).toBe(0);
  expect(of(MEMBERS_ARCHIVE, 'PutSinkPolicy')).toBeGreaterThanOrEqual(2);
});
