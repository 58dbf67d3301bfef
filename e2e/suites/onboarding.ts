/**
 * `npm run e2e:onboarding`: discover against an organization that exists already, on a local AWS
 * (moto on loopback). Seeds an organization of 12 accounts in 3 OUs as a platform team finds it: a
 * `default` recorder and channel in one account, a recorder of another name in a second, Control
 * Tower's recorder and trail in a third, a single-account trail and a log forwarder's account-level
 * subscription filter policy in a fourth, and a CloudTrail delegated administrator. Then:
 *
 * 1. discover writes a config: every account a member with its OU path, the log archive found by
 *    name, the delegated administrator as the trail account, each recorder adopted or left to
 *    Control Tower, each extra trail reported with its cost, the account named "Audit" as the
 *    audit account without a second aggregator beside Control Tower's, the forwarder's policy
 *    reported (applicationLogs could not put one beside it);
 * 2. synth of that config succeeds, and the plan of the member that adopts a recorder imports it
 *    (terraform plan against moto: "to import");
 * 3. npm run deploy, before the SCP and RCP policy types are on, stops on the guardrails with the
 *    cause in their log, and on the audit account's delegation until trusted access for AWS Config
 *    and Security Hub is on; once both are, deploy --resume skips what was applied and applies the
 *    rest; a second plan of each stack is empty, and every account and Region has one recorder and
 *    one channel (Control Tower's left as it was); the audit account's delegations, detective rules
 *    in both Regions, Security Hub's policy and the findings' export read back
 *    (e2e/harness/audit-checks.ts, part 1);
 * 4. discover again changes nothing; after an account joins, it adds exactly that member;
 * 5. that member's stack is deployed with the cdktf CLI, as teams that deploy per account do:
 *    `npx cdktf synth` records the config as `npm run synth` does, `npx cdktf deploy` applies the
 *    stack, and `npx cdktf diff` is then empty.
 *
 * In .ci/run (its last time: BENCHMARKS.md, "Onboarding an existing organization"). Exits 1 at the first failed check, naming it.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stripVTControlCharacters } from 'util';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, PutAccountPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
} from '@aws-sdk/client-config-service';
import {
  CreateAccountCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  PolicyType,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../modules/org-config/load';
import { checkAuditStacks } from '../harness/audit-checks';
import { MotoAccount } from '../harness/aws';
import { startMoto, type MotoServer } from '../harness/moto';
import { exitWith, runOnMoto, type SuiteParts } from '../harness/suite';
import { createOrganization } from '../harness/setup';
import { Progress, runCommand, StackRunner, tryCommand } from '../harness/stack-runner';
import { runInWaves } from '../../packages/cli/toolkit/terraform/stack-waves';
import { synthesizedStacks } from '../../packages/cli/toolkit/synth/synthesized-stacks';
import { findE2eTerraform } from '../harness/e2e-terraform';
import { findPluginMirror } from '../../packages/cli/toolkit/terraform/plugin-mirror';

const ROOT = path.resolve(__dirname, '..', '..');
const MANAGEMENT = '810000000001';
const REGIONS = ['eu-west-1', 'us-east-1'];
const ROLE = 'OrganizationAccountAccessRole';

/** The seeded accounts: name, id, OU (under Root; '' for the root itself). */
const ACCOUNTS: readonly [name: string, id: string, ou: string][] = [
  ['Log Archive', '810000000002', 'Security'],
  ['Audit', '810000000003', 'Security'],
  ['Security Tooling', '810000000004', 'Security'],
  ['Payments Prod', '810000000005', 'Workloads'],
  ['Payments Dev', '810000000006', 'Workloads'],
  ['Data Lake', '810000000007', 'Workloads'],
  ['Shared Network', '810000000008', 'Workloads'],
  ['Legacy Ops', '810000000009', 'Workloads'],
  ['Sandbox Alice', '810000000010', 'Sandbox'],
  ['Sandbox Bob', '810000000011', 'Sandbox'],
  ['Analytics', '810000000012', ''],
];

class CheckFailed extends Error {}

const accounts = new Map<string, MotoAccount>();

/** A seeded account, reached through ROLE (its credentials assumed once and reused). */
function account(endpoint: string, id: string): MotoAccount {
  let found = accounts.get(id);
  if (found === undefined) {
    found = new MotoAccount(endpoint, id, `arn:aws:iam::${id}:role/${ROLE}`);
    accounts.set(id, found);
  }
  return found;
}

function check(condition: boolean, what: string, detail: unknown = ''): void {
  if (!condition) throw new CheckFailed(`${what}${detail === '' ? '' : `: ${JSON.stringify(detail, null, 2)}`}`);
  process.stdout.write(`ok  ${what}\n`);
}

interface Member {
  name: string;
  accountId: string;
  ouPath?: string;
  awsConfig?: boolean | string;
  existingConfig?: { region: string; recorderName: string; deliveryChannelName?: string }[];
}

async function seed(endpoint: string): Promise<{ org: OrganizationsClient; workloads: string; rootId: string }> {
  const org = new OrganizationsClient(await account(endpoint, MANAGEMENT).client('us-east-1'));
  const { rootId, ous } = await createOrganization(org, {
    accounts: ACCOUNTS.map(([name, id, ou]) => ({ name, id, ...(ou === '' ? {} : { ou }) })),
    emailDomain: 'onboarding.example',
    ous: ['Security', 'Workloads', 'Sandbox'],
    servicePrincipals: ['cloudtrail.amazonaws.com'],
  });
  await org.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: '810000000003',
      ServicePrincipal: 'cloudtrail.amazonaws.com',
    }),
  );

  const recorder = async (id: string, region: string, recorderName: string, channelName?: string) => {
    const client = await account(endpoint, id).client(region);
    const config = new ConfigServiceClient(client);
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: recorderName, roleARN: `arn:aws:iam::${id}:role/config-recorder` },
      }),
    );
    if (channelName !== undefined) {
      const bucket = `seed-config-${id}-${region}`;
      await new S3Client(client).send(
        new CreateBucketCommand({
          Bucket: bucket,
          ...(region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      );
      await config.send(
        new PutDeliveryChannelCommand({ DeliveryChannel: { name: channelName, s3BucketName: bucket } }),
      );
    }
  };
  const trail = async (id: string, name: string) => {
    const client = await account(endpoint, id).client('eu-west-1');
    const bucket = `seed-trail-${id}`;
    await new S3Client(client).send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    await new CloudTrailClient(client).send(
      new CreateTrailCommand({ Name: name, S3BucketName: bucket, IsMultiRegionTrail: true }),
    );
  };
  await recorder('810000000005', 'eu-west-1', 'default', 'default'); // Payments Prod: set up by hand in the console
  await recorder('810000000009', 'eu-west-1', 'ops-recorder', 'ops-channel'); // Legacy Ops: another tool's names
  await recorder('810000000009', 'us-east-1', 'ops-recorder'); // ... and a recorder without a channel
  for (const region of REGIONS)
    await recorder(
      '810000000007',
      region,
      'aws-controltower-BaselineConfigRecorder',
      'aws-controltower-BaselineConfigDeliveryChannel',
    );
  await trail('810000000007', 'aws-controltower-BaselineCloudTrail'); // Data Lake: Control Tower
  await trail('810000000008', 'network-trail'); // Shared Network: a single-account trail
  // ... and a log forwarder's account-level subscription filter policy, to its own Firehose stream.
  await new CloudWatchLogsClient(await account(endpoint, '810000000008').client('eu-west-1')).send(
    new PutAccountPolicyCommand({
      policyName: 'vendor-forwarder',
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      policyDocument: JSON.stringify({
        DestinationArn: 'arn:aws:firehose:eu-west-1:810000000008:deliverystream/vendor-logs',
        RoleArn: 'arn:aws:iam::810000000008:role/vendor-logs',
      }),
    }),
  );
  return { org, workloads: ous.get('Workloads') ?? '', rootId };
}

/**
 * `npx cdktf synth`, `npx cdktf deploy <stack> --auto-approve`, then `npx cdktf diff <stack>`, in
 * the repository with the organization's config (AUDIT_CONFIG) and synth folder (`--output`):
 * - synth writes the config's path and digest, as `npm run synth` does, and no credentials note
 *   (the environment has them);
 * - deploy applies the stack (its provider reaching moto through the harness's override file,
 *   which synth keeps), and diff then has nothing to change.
 * The registry is out of reach here, as on any machine with only a provider mirror: the Terraform
 * CLI configuration installs from the mirror, and TF_CLI_ARGS_providers_lock points the cdktf CLI's
 * `terraform providers lock` at it (docs/deploying.md says both).
 */
async function deployWithCdktfCli(options: {
  work: string;
  config: string;
  synthOut: string;
  runner: StackRunner;
  stack: string;
  progress: Progress;
}): Promise<void> {
  const { work, config, synthOut, runner, stack, progress } = options;
  const mirror = findPluginMirror();
  if (mirror === undefined)
    throw new CheckFailed('no provider mirror on this machine for the cdktf CLI to install from');
  const cliConfig = path.join(work, 'cdktf-cli.tfrc');
  fs.writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror.dir)}\n  }\n}\n`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    AUDIT_CONFIG: config,
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_CLI_ARGS_providers_lock: `-fs-mirror=${mirror.dir}`,
    // A signed-in user's environment; the override file gives the provider moto's.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cdktf = (args: string[]) => {
    progress.line(stack, `npx cdktf ${args.join(' ')}`);
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), [...args, '--output', synthOut], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 600_000,
      killSignal: 'SIGKILL',
    });
    fs.writeFileSync(path.join(work, `cdktf-${args[0]}.log`), `${result.stdout}\n${result.stderr}`);
    // The cdktf CLI writes colours and cursor moves even to a pipe.
    return { status: result.status, output: stripVTControlCharacters(`${result.stdout}\n${result.stderr}`) };
  };
  const synth = cdktf(['synth']);
  const settings = JSON.parse(fs.readFileSync(path.join(synthOut, 'audit-deployment.json'), 'utf8')) as {
    config?: { file: string; sha256: string };
  };
  check(
    synth.status === 0 &&
      settings.config?.file === config &&
      settings.config.sha256 === createHash('sha256').update(fs.readFileSync(config)).digest('hex') &&
      // No note (such as the one on missing credentials) but the one on a Node.js past its end of life.
      !/^note: (?!Node\.js v[\d.]+ is past its end of life)/m.test(synth.output),
    'cdktf synth writes what npm run synth writes, the config and its digest included',
    `${synth.output.slice(-2000)}\n${JSON.stringify(settings)}`,
  );
  runner.writeOverride(stack, path.join(synthOut, 'stacks', stack));
  const deploy = cdktf(['deploy', stack, '--auto-approve']);
  check(
    deploy.status === 0 && /Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed/.test(deploy.output),
    `npx cdktf deploy ${stack} applies the new account's stack`,
    deploy.output.slice(-3000),
  );
  const diff = cdktf(['diff', stack]);
  check(
    diff.status === 0 && diff.output.includes('No changes. Your infrastructure matches the configuration.'),
    `npx cdktf diff ${stack} then has nothing to change`,
    diff.output.slice(-3000),
  );
}

function discover(env: NodeJS.ProcessEnv, out: string, extra: string[] = []) {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), 'discover', '--config', out, '--role', ROLE, '--json', ...extra],
    { env, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new CheckFailed(`discover exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as {
    written: boolean;
    changes: string[];
    findings: { kind: string; accountId?: string; message: string }[];
  };
}

/** The suite's steps on a running moto, in `work`. */
export async function onboard(moto: MotoServer, work: string): Promise<void> {
  const started = Date.now();
  const { org, workloads, rootId } = await seed(moto.endpoint);
  process.stdout.write(
    `seeded 12 accounts in 3 OUs on ${moto.endpoint} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  const credentials = (await account(moto.endpoint, MANAGEMENT).client('us-east-1')).credentials;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // The clone's sources run under their export condition, as npm gives every script (.npmrc).
    NODE_OPTIONS: process.env.NODE_OPTIONS,
    HOME: work,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const out = path.join(work, 'audit.config.json');

  // 1. A new config.
  const first = discover(env, out, ['--regions', REGIONS.join(',')]);
  const config = JSON.parse(fs.readFileSync(out, 'utf8'));
  const members = config.members as Member[];
  const member = (id: string) => members.find((m) => m.accountId === id);
  check(
    members.length === 12,
    'every account of the organization is a member',
    members.map((m) => m.name),
  );
  check(config.logArchive.accountId === '810000000002', 'the log archive account is found by its name');
  check(
    config.trail?.accountId === '810000000003',
    'the CloudTrail delegated administrator is the trail account',
    config.trail,
  );
  check(
    member('810000000005')?.ouPath === 'Root/Workloads' && member('810000000012')?.ouPath === 'Root',
    'members carry their OU paths',
  );
  check(
    member('810000000005')?.name === 'payments-prod' && member(MANAGEMENT)?.name === 'master',
    'members are named from account names',
    members.map((m) => m.name),
  );
  check(
    JSON.stringify(member('810000000005')?.existingConfig) ===
      JSON.stringify([{ region: 'eu-west-1', recorderName: 'default', deliveryChannelName: 'default' }]),
    'the default recorder set up by hand is adopted, visibly',
    member('810000000005'),
  );
  check(
    JSON.stringify(member('810000000009')?.existingConfig) ===
      JSON.stringify([
        { region: 'eu-west-1', recorderName: 'ops-recorder', deliveryChannelName: 'ops-channel' },
        { region: 'us-east-1', recorderName: 'ops-recorder' },
      ]),
    "another tool's recorders are adopted under their names, the one without a channel alone",
    member('810000000009'),
  );
  check(
    member('810000000007')?.awsConfig === 'control-tower' && member('810000000007')?.existingConfig === undefined,
    "Control Tower's recorder is left to it",
    member('810000000007'),
  );
  const kinds = (id: string) => first.findings.filter((f) => f.accountId === id).map((f) => f.kind);
  check(
    kinds('810000000008').includes('duplicate-account-trail'),
    'the single-account trail is reported',
    first.findings,
  );
  check(
    first.findings.some(
      (f) =>
        f.accountId === '810000000007' &&
        f.kind === 'duplicate-account-trail' &&
        f.message.includes("Control Tower's") &&
        f.message.includes('USD 2.00 per 100,000'),
    ),
    "Control Tower's trail is reported with the cost of a second copy",
  );
  check(
    first.findings.some(
      (f) =>
        f.accountId === '810000000008' &&
        f.kind === 'account-subscription-policy' &&
        f.message.includes('"vendor-forwarder" in eu-west-1'),
    ) && first.findings.filter((f) => f.kind.startsWith('account-subscription-policy')).length === 1,
    "another tool's account-level subscription filter policy is reported, in its account and Region alone",
    first.findings,
  );
  check(
    first.findings.some((f) => f.kind === 'policy-types'),
    'policy types that are off are reported',
  );
  check(
    JSON.stringify(config.audit) === JSON.stringify({ accountId: '810000000003', configAggregator: false }),
    'the account named "Audit" is the audit account, with no second aggregator beside Control Tower\'s',
    config.audit,
  );
  check(
    first.findings.some(
      (f) => f.kind === 'no-trusted-access' && f.message.includes('config-multiaccountsetup.amazonaws.com'),
    ),
    'trusted access for AWS Config and Security Hub, off, is reported with the commands',
    first.findings,
  );

  // 2. The config synthesizes; the adopting member's plan imports the recorders.
  const synthOut = path.join(work, 'cdktf.out');
  const synth = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), 'synth', '--config', out, '--out', synthOut],
    { encoding: 'utf8' },
  );
  check(synth.status === 0, 'the discovered config synthesizes', synth.stderr);
  const terraform = findE2eTerraform();
  const progress = new Progress();
  const runner = new StackRunner(terraform, moto.endpoint, work, progress);
  const order = synthesizedStacks(synthOut);
  const dirOf = (stack: string) => path.join(synthOut, 'stacks', stack);
  for (const stack of order) runner.writeOverride(stack, dirOf(stack));
  check(!order.includes('member-data-lake'), "the member whose Config is Control Tower's has no stack", order);
  await runner.init('member-legacy-ops', dirOf('member-legacy-ops'));
  const plan = await terraform.exec(dirOf('member-legacy-ops'), ['plan', '-input=false'], { timeoutSeconds: 300 });
  const summary = /Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plan.stdout);
  check(
    plan.code === 0 && summary?.[1] === '5',
    'the plan of member-legacy-ops imports the two recorders, their recording status and the channel (5 to import)',
    plan.stdout.slice(-3000) + plan.stderr,
  );
  check(summary?.[4] === '0', 'and destroys nothing', summary?.[0]);

  // 3. Every stack applies as a user deploys (npm run deploy, in waves). Run first before the
  // policy types the guardrails need are on, it stops on the guardrails with the cause in their
  // log; once they are on, deploy --resume skips what was applied and applies the rest. Then a
  // second plan of every stack is empty.
  const deployStarted = Date.now();
  const beforePolicyTypes = tryCommand('deploy', ['--out', synthOut, '--timeout', '420'], 2400);
  const guardrailsLog = path.join(synthOut, 'logs', 'guardrails.deploy.log');
  check(
    beforePolicyTypes.status === 1 &&
      fs.existsSync(guardrailsLog) &&
      // Terraform wraps the precondition's message: compare it with its whitespace collapsed.
      fs
        .readFileSync(guardrailsLog, 'utf8')
        .replace(/\s+/g, ' ')
        .includes('policy type is not enabled on the organization root'),
    'npm run deploy before the SCP and RCP policy types are enabled stops on the guardrails, the cause in their log',
    `${beforePolicyTypes.stdout.slice(-2000)}\n${beforePolicyTypes.stderr.slice(-1000)}`,
  );
  const delegationLog = path.join(synthOut, 'logs', 'audit-delegation.deploy.log');
  check(
    fs.existsSync(delegationLog) &&
      fs
        .readFileSync(delegationLog, 'utf8')
        .replace(/\s+/g, ' ')
        .includes(
          'aws organizations enable-aws-service-access --service-principal config-multiaccountsetup.amazonaws.com',
        ),
    "and on the audit account's delegation until trusted access for AWS Config is on, with the command",
  );
  for (const type of [PolicyType.SERVICE_CONTROL_POLICY, PolicyType.RESOURCE_CONTROL_POLICY]) {
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
  }
  // As discover's finding says, from the management account.
  for (const principal of [
    'config.amazonaws.com',
    'config-multiaccountsetup.amazonaws.com',
    'securityhub.amazonaws.com',
  ]) {
    await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
  }
  const deployed = runCommand('deploy', ['--out', synthOut, '--timeout', '420', '--resume'], 2400);
  check(
    /^log-archive +skipped +applied before at this content/m.test(deployed),
    'deploy --resume skips the stacks applied before at the same content',
    deployed.slice(-2000),
  );
  const counts = /^(\d+) done(?:, (\d+) skipped)?$/m.exec(deployed);
  check(
    counts !== null && Number(counts[1]) + Number(counts[2] ?? 0) === order.length,
    `npm run deploy --resume has all ${order.length} stacks applied (${((Date.now() - deployStarted) / 1000).toFixed(0)} s)`,
    deployed.slice(-2000),
  );
  const drift = await runInWaves(
    [order],
    async (stack) => {
      await runner.planNoDrift(stack, dirOf(stack));
      return { outcome: 'done' };
    },
    { parallel: 4, keepGoing: true },
  );
  const drifted = drift.filter(({ outcome }) => outcome !== 'done');
  check(
    drifted.length === 0,
    `a second plan of each of the ${order.length} stacks is empty`,
    drifted.map((d) => d.reason),
  );

  // One recorder and one channel per Region everywhere: adopted where one existed, Control
  // Tower's left as it was.
  const recordersOf = async (id: string, region: string) => {
    const client = new ConfigServiceClient(await account(moto.endpoint, id).client(region));
    const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    const channels = (await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
    return {
      recorders: recorders.map((r) => r.name),
      channels: channels.map((c) => `${c.name} -> ${c.s3BucketName}`),
    };
  };
  const seen: Record<string, unknown> = {};
  for (const [, id] of [['Management', MANAGEMENT], ...ACCOUNTS] as const) {
    for (const region of REGIONS) seen[`${id} ${region}`] = await recordersOf(id, region);
  }
  const memberLogs = 'audit-logs-810000000002-eu-west-1-member-logs';
  const expected = (id: string, region: string) =>
    id === '810000000007'
      ? {
          recorders: ['aws-controltower-BaselineConfigRecorder'],
          channels: [`aws-controltower-BaselineConfigDeliveryChannel -> seed-config-810000000007-${region}`],
        }
      : id === '810000000009'
        ? {
            recorders: ['ops-recorder'],
            channels: [`${region === 'eu-west-1' ? 'ops-channel' : 'default'} -> ${memberLogs}`],
          }
        : { recorders: ['default'], channels: [`default -> ${memberLogs}`] };
  const wrong = Object.entries(seen).filter(([key, value]) => {
    const [id, region] = key.split(' ');
    return JSON.stringify(value) !== JSON.stringify(expected(id, region));
  });
  check(
    wrong.length === 0,
    "one recorder and one channel per account and Region, delivering to the member-logs bucket (Control Tower's untouched)",
    Object.fromEntries(wrong),
  );

  // The audit account's stacks as AWS holds them, in both Regions (e2e/harness/audit-checks.ts;
  // no organization aggregator here: Control Tower's is the organization's).
  await checkAuditStacks({
    config: loadConfig(out),
    account: (id) => account(moto.endpoint, id),
    say: (step, text) => progress.line(step, text),
  });

  // 4. Idempotent, then exactly the new account.
  const before = fs.readFileSync(out, 'utf8');
  const second = discover(env, out);
  check(
    !second.written && second.changes.length === 0 && fs.readFileSync(out, 'utf8') === before,
    'discover again changes nothing',
    second.changes,
  );
  await org.send(
    new CreateAccountCommand({
      AccountName: 'New Team',
      Email: 'aws+810000000013@onboarding.example',
      Tags: [{ Key: 'e2e:AccountId', Value: '810000000013' }],
    }),
  );
  await org.send(
    new MoveAccountCommand({ AccountId: '810000000013', SourceParentId: rootId, DestinationParentId: workloads }),
  );
  const third = discover(env, out);
  const after = JSON.parse(fs.readFileSync(out, 'utf8')).members as Member[];
  check(
    third.changes.length === 1 &&
      after.length === 13 &&
      after[12].accountId === '810000000013' &&
      after[12].name === 'new-team' &&
      after[12].ouPath === 'Root/Workloads',
    'after an account joins, discover adds exactly that member',
    third.changes,
  );
  check(JSON.stringify(after.slice(0, 12)) === JSON.stringify(members), 'and leaves every other member as it was');

  // 5. The team deploys the new account's stack alone, as teams that deploy per account do: the
  // cdktf CLI, run as the README says, with this machine's provider mirror in place of the registry.
  await deployWithCdktfCli({ work, config: out, synthOut, runner, stack: 'member-new-team', progress });
  process.stdout.write(`e2e:onboarding passed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** The suite: exit 0 when every check passed and the harness's checks found nothing, else 1. */
export async function main(
  parts: SuiteParts<string> = { startMoto, steps: onboard },
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-onboarding-')),
): Promise<number> {
  return runOnMoto(parts, {
    logFile: path.join(work, 'moto.log'),
    context: work,
    report: { deployRoleStacks: path.join(work, 'cdktf.out', 'stacks'), managementAccountId: MANAGEMENT },
    failed: (error) => (error instanceof CheckFailed ? `FAILED: ${error.message}` : String((error as Error).stack)),
  });
}

if (require.main === module) exitWith(main);
