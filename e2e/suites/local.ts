/**
 * `npm run local`: the whole loop of the README on a local AWS, for a first look without an AWS
 * account. It starts moto on loopback (with the fixes of e2e/harness/moto_server.py and the IAM
 * managed policies AWS Config's role needs), seeds an example organization of four accounts, and
 * runs the commands a platform team runs, as `npm run <command>` runs them:
 *
 *   discover -> (alarms.emails added, as you would; applicationLogs on) -> synth -> plan
 *   -> plan-summary -> deploy -> compliance -> compliance --live (the audit account)
 *   -> decommission, its plans applied
 *
 * After the deploy, a log event of a new log group in a member must reach the log archive under
 * application-logs/ (the local AWS delivers it as CloudWatch Logs and Firehose would). After
 * compliance --live, the harness reads the audit account's stacks back and runs compliance --live
 * once more on seeded findings and rule evaluations (e2e/harness/audit-checks.ts).
 *
 * Terraform reaches the local AWS through a `moto_override.tf.json` beside each synthesized stack
 * (an AWS config file with the local endpoint, test credentials, local state), the way tflocal
 * does: the stacks stay as synthesized.
 * Everything is written under `--dir` (default `local-aws/`): the config, the synth, the plans, the
 * review, the deploy logs and Terraform's state. Exit 0 when every step did what it should, 1 with
 * the step that did not, 2 for a usage error. Needs Terraform and python3 with moto 5.2.1.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Command, InvalidArgumentError } from 'commander';
import { EnablePolicyTypeCommand, OrganizationsClient, PolicyType } from '@aws-sdk/client-organizations';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeAccountPoliciesCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { synthesizedStacks } from '../../packages/cli/toolkit/synth/synthesized-stacks';
import { loadConfig } from '../../modules/org-config/load';
import { counted } from '../../modules/core/counted';
import { APPLICATION_LOGS_POLICY_NAME, AUDIT_STACK_NAME, AuditNaming } from '../../modules/core/naming';
import { SHELL_WORD, shellWord } from '../../packages/cli/toolkit/common/shell-word';
import {
  followUpCommands,
  followUpPlanFile,
  followUpRemovals,
  keptAddresses,
  removalOrder,
  removalSequence,
  type StackJson,
} from '../../packages/cli/toolkit/terraform/decommission';
import { runInWaves } from '../../packages/cli/toolkit/terraform/stack-waves';
import { OWN_CREATE_CAUSE } from '../../packages/cli/toolkit/terraform/interrupted-apply';
import { Terraform } from '../../packages/cli/toolkit/terraform/terraform';
import { findE2eTerraform } from '../harness/e2e-terraform';
import { MotoAccount } from '../harness/aws';
import { checkAuditAccount } from '../harness/audit-checks';
import { startMoto, type MotoServer } from '../harness/moto';
import { exitWith, harnessLines } from '../harness/suite';
import { createOrganization, SeedAccount } from '../harness/setup';
import {
  CommandResult,
  Progress,
  StackRunner,
  StepFailed,
  TIME_LIMITS,
  tryCommand,
  tryCommandAsync,
} from '../harness/stack-runner';

const ROOT = path.resolve(__dirname, '..', '..');

/** The role discover assumes in each account (the one AWS Organizations creates with an account). */
const READ_ROLE = 'OrganizationAccountAccessRole';

/** The example organization: name, account id, OU under the root. The first is the management account. */
export const EXAMPLE_ACCOUNTS: readonly SeedAccount[] = [
  { name: 'Management', id: '900000000001' },
  { name: 'Log Archive', id: '900000000002', ou: 'Security' },
  { name: 'Audit', id: '900000000003', ou: 'Security' },
  { name: 'Payments', id: '900000000004', ou: 'Workloads' },
];

/** The Region the example organization governs: one, so that the loop takes minutes. */
const REGION = 'eu-west-1';

/** Trusted access the stacks need, as docs/deploying.md tells users to turn it on once. */
const SERVICE_PRINCIPALS = [
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'securityhub.amazonaws.com',
];

/** A file in the work folder that says this run made it, so that a second run may clear it. */
const MARKER = '.local-aws';

export interface LocalOptions {
  /** The work folder. */
  readonly dir: string;
  /** Keep moto running after the loop, until Ctrl-C, to look around with the AWS CLI or the SDKs. */
  readonly keepRunning: boolean;
}

/**
 * Prepares the work folder: creates it, or clears it when an earlier run of this command made it.
 * Refuses a folder that exists with other content, so that nothing of the user's is deleted.
 */
export function prepareWorkFolder(dir: string): void {
  if (fs.existsSync(dir)) {
    const entries = fs.readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new InvalidArgumentError(
        `--dir ${dir}: the folder exists and was not made by npm run local; name a new or empty folder`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER), 'made by npm run local; the next run clears this folder\n');
}

/** Seeds the example organization in moto. Returns the management account. */
async function seedOrganization(endpoint: string): Promise<MotoAccount> {
  const [management] = EXAMPLE_ACCOUNTS;
  const account = new MotoAccount(endpoint, management.id, `arn:aws:iam::${management.id}:role/${READ_ROLE}`);
  const org = new OrganizationsClient(await account.client('us-east-1'));
  // What the README's prerequisites ask for once: trusted access and the SCP and RCP policy types.
  const { rootId } = await createOrganization(org, {
    accounts: EXAMPLE_ACCOUNTS.slice(1),
    emailDomain: 'local.example',
    servicePrincipals: SERVICE_PRINCIPALS,
  });
  for (const type of [PolicyType.SERVICE_CONTROL_POLICY, PolicyType.RESOURCE_CONTROL_POLICY])
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
  return account;
}

/**
 * Runs `cdktf-audit-logging <args>` as `npm run` does (the harness's {@link tryCommand}); returns its
 * stdout, or throws with its output.
 */
function cli(
  step: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutSeconds: number,
  /** Exit codes that are an answer, not a failure (1 is a finding for compliance). */
  answers: readonly number[] = [0],
): string {
  const [command, ...rest] = args;
  const result = tryCommand(command, rest, timeoutSeconds, env);
  if (result.status === null || !answers.includes(result.status))
    throw commandFailed(step, args, result, timeoutSeconds);
  return result.stdout;
}

/**
 * {@link cli} for the long runs (plan, deploy, decommission): each line the command prints, its
 * per-stack progress among them, is shown as it comes, indented under the step, so that minutes of
 * Terraform are never silent; returns the whole result, whatever its outcome.
 */
async function cliLive(
  step: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutSeconds: number,
): Promise<CommandResult> {
  const [command, ...rest] = args;
  return tryCommandAsync(command, rest, timeoutSeconds, env, (line) => {
    if (line.trim() !== '') process.stdout.write(`    ${step}: ${line}\n`);
  });
}

/** {@link cliLive} that throws with its output when the command fails (exit codes other than `answers`). */
async function cliLiveOk(
  step: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutSeconds: number,
  answers: readonly number[] = [0],
): Promise<string> {
  const result = await cliLive(step, args, env, timeoutSeconds);
  if (result.status === null || !answers.includes(result.status))
    throw commandFailed(step, args, result, timeoutSeconds);
  return result.stdout;
}

/**
 * The import commands of a failed deploy when every resource it names was made by the apply's own
 * retried create (a first call whose answer was lost: toolkit/terraform/interrupted-apply.ts), the
 * one failure whose repair the loop may follow itself; empty for any other failure, which stays one.
 */
export function ownRetryRepair(output: string): string[] {
  const own = output.includes(`in AWS but not in the state. ${OWN_CREATE_CAUSE}:`);
  // Deploy names another possible cause for some of them (a killed apply, retries not watched).
  const other = /an earlier apply created them/.test(output);
  if (!own || other) return [];
  const imports = output.match(new RegExp(String.raw`^ {2}terraform -chdir=(?:${SHELL_WORD}) import .+$`, 'gm')) ?? [];
  return [...new Set(imports)].map((line) => line.trim());
}

/** The failure of a command run by {@link tryCommand}, with its output's end. */
function commandFailed(
  step: string,
  args: readonly string[],
  result: CommandResult,
  timeoutSeconds: number,
): StepFailed {
  return new StepFailed(
    `${step}: npm run ${args.join(' ')} ${result.status === null ? `was stopped after ${timeoutSeconds} s` : `exited ${result.status}`}\n` +
      `${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
  );
}

/**
 * What moto's log says went wrong inside it: the requests it answered with HTTP 5xx and the last
 * line of its last Python traceback; empty when nothing did. Named when a step fails, to tell a
 * fault of the local AWS from one of the stacks.
 */
export function motoTrouble(log: string): string {
  const errors = (log.match(/" 5\d\d -/g) ?? []).length;
  const tracebacks = log.split(/^Traceback \(most recent call last\):$/m).slice(1);
  const last = tracebacks
    .at(-1)
    ?.split('\n')
    .find((line) => /^[A-Za-z_.]+(Error|Exception)\b/.test(line));
  if (errors === 0 && last === undefined) return '';
  return (
    `moto answered ${counted(errors, 'request')} with HTTP 5xx` +
    (last === undefined ? '' : `; its last traceback ends: ${last}`) +
    ' (see moto.log): a fault of the local AWS, not of the stacks, if the failing call is among them'
  );
}

/** A document `npm run local` leaves in its folder, and what it is for. */
export interface LocalDocument {
  readonly file: string;
  readonly what: string;
}

/** The documents of one run, by role; the audit review exists only when the config has an audit stack. */
export const DOCUMENTS = {
  discover: { file: 'discover.json', what: "discover's findings: what it adopted, skipped or could not read" },
  firstReview: { file: 'plan.md', what: 'the first review: every resource to create, policies statement by statement' },
  auditReview: { file: 'plan-audit.md', what: "the audit stack's review, planned after its delegation was applied" },
  lastReview: { file: 'plan-again.md', what: 'the review after the deploy: nothing left to change' },
  compliance: {
    file: 'compliance.md',
    what: 'the CIS and Security Hub controls the stacks meet, with the gaps and why',
  },
  removal: {
    file: 'cdktf.out/decommission/removal.md',
    what: 'decommission: the plans that removed the product, in order, the evidence that stays and until when, and the commands for what AWS made',
  },
  liveCompliance: {
    file: 'compliance-live.md',
    what:
      "compliance --live with the audit account's credentials: what Security Hub and the aggregator report now " +
      '(the local AWS runs no checks or rules, so every control reads not evaluated)',
  },
} as const satisfies Record<string, LocalDocument>;

/**
 * The documents a run kept, in the order to read them; removal.md only when it decommissioned (not
 * with --keep-running, which keeps the deployment).
 */
export function keptDocuments(withAudit: boolean, decommissioned = true): LocalDocument[] {
  return [
    DOCUMENTS.discover,
    DOCUMENTS.firstReview,
    ...(withAudit ? [DOCUMENTS.auditReview] : []),
    DOCUMENTS.lastReview,
    DOCUMENTS.compliance,
    ...(withAudit ? [DOCUMENTS.liveCompliance] : []),
    ...(decommissioned ? [DOCUMENTS.removal] : []),
  ];
}

/**
 * The closing lines of a run: each document it kept with what it is for (the first review first),
 * then what to try next against the local AWS.
 */
export function closingGuide(
  dir: string,
  kept: readonly LocalDocument[],
  keepRunning: boolean,
  config = path.join(dir, 'audit.config.json'),
): string[] {
  const live = kept.includes(DOCUMENTS.liveCompliance)
    ? [`npm run compliance -- --live --config ${config} with the audit account's exports below (what AWS reports now)`]
    : [];
  const next = [
    `npm run verify-delivery -- --config ${config} (which accounts, Regions and days miss logs)`,
    'npm run investigate -- --help (the saved queries, offline on a copy of the logs)',
  ];
  // With --keep-running the deployment is left as deployed: its removal is the user's to try last.
  const removal = `npm run cli -- decommission --out ${path.join(dir, 'cdktf.out')} (plans the removal, keeping the evidence)`;
  return [
    `read first: ${path.join(dir, DOCUMENTS.firstReview.file)} (${DOCUMENTS.firstReview.what})`,
    ...kept.filter((d) => d !== DOCUMENTS.firstReview).map((d) => `then: ${path.join(dir, d.file)} (${d.what})`),
    keepRunning
      ? `try next, in another terminal with the exports below, on the deployment as it stands: ${[...live, ...next, removal].join('; ')}; docs/cli.md has each command`
      : 'try next: npm run local -- --keep-running stops before decommission and keeps the local AWS up with the deployment, ' +
        `with the exports to run ${live.length > 0 ? 'compliance --live, ' : ''}verify-delivery and investigate against it (docs/cli.md has each command)`,
  ];
}

/**
 * The line of `compliance --live`'s Markdown that says what was read and what it found (how many
 * findings and rule evaluations, accounts, controls checked and failing), or undefined.
 */
export function liveSummary(markdown: string): string | undefined {
  return markdown.split('\n').find((line) => /\d+ accounts, \d+ controls checked by /.test(line));
}

/** What plan-summary's "Changes per stack" table adds up to. */
export interface PlannedChanges {
  readonly stacks: number;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  /** Items under "Needs attention": policies, deletes and replaces of evidence. */
  readonly attention: number;
  /** Stacks listed as not planned. */
  readonly notPlanned: number;
}

/** Reads plan-summary's Markdown: the per-stack table, the attention items, the stacks not planned. */
export function plannedChanges(summary: string): PlannedChanges {
  const section = (heading: string) => {
    const start = summary.indexOf(`\n## ${heading}\n`);
    if (start < 0) return '';
    const end = summary.indexOf('\n## ', start + 1);
    return summary.slice(start, end < 0 ? undefined : end);
  };
  const rows = section('Changes per stack')
    .split('\n')
    .map((line) => /^\| (\S+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/.exec(line))
    .filter((match) => match !== null);
  const sum = (column: number) => rows.reduce((total, row) => total + Number(row[column]), 0);
  const items = (heading: string) => (section(heading).match(/^### /gm) ?? []).length;
  return {
    stacks: rows.length,
    create: sum(2),
    update: sum(3),
    replace: sum(4),
    delete: sum(5),
    attention: items('Needs attention'),
    notPlanned: section('Not planned')
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| stack |') && !line.startsWith('| ---')).length,
  };
}

/** One line for the console. */
export function describeChanges(changes: PlannedChanges): string {
  return (
    `${counted(changes.stacks, 'stack')}, ${changes.create} to create, ${changes.update} to update, ` +
    `${changes.replace} to replace, ${changes.delete} to delete; ${counted(changes.attention, 'item')} to look at first` +
    (changes.notPlanned > 0 ? `; ${counted(changes.notPlanned, 'stack')} not planned` : '')
  );
}

/**
 * An S3 client of the log archive account whose requests moto takes as sent over TLS, as AWS's
 * services deliver: the archive's buckets deny plain HTTP, and the harness's moto takes
 * X-Forwarded-Proto from loopback as the transport (moto_server.py, 12).
 */
async function archiveS3(archive: MotoAccount, region: string): Promise<S3Client> {
  const s3 = new S3Client(await archive.client(region));
  s3.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-forwarded-proto'] = 'https';
      return next(args);
    },
    { step: 'build' },
  );
  return s3;
}

/**
 * What the deployed application logs deliver: the Payments account holds this product's account-level
 * subscription filter policy and no other; a log event written to a log group created after it
 * (the policy covers log groups created later) reaches the log archive's member-logs bucket under
 * application-logs/<account>/<region>/, through the destination and the Firehose stream Terraform
 * applied (the local AWS's delivery: e2e/harness/moto_application_logs_apis.py).
 */
async function checkApplicationLogs(
  endpoint: string,
  configFile: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  say: (step: string, text: string) => void,
): Promise<void> {
  const config = loadConfig(configFile);
  const naming = AuditNaming.fromConfig(config);
  const payments = EXAMPLE_ACCOUNTS.find((a) => a.name === 'Payments');
  if (payments === undefined) throw new StepFailed('application logs: no Payments account in the example');
  const member = new MotoAccount(endpoint, payments.id, `arn:aws:iam::${payments.id}:role/${READ_ROLE}`);
  const logs = new CloudWatchLogsClient(await member.client(REGION));
  const policies = (
    await logs.send(new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY' }))
  ).accountPolicies?.map((policy) => policy.policyName);
  if (JSON.stringify(policies) !== JSON.stringify([APPLICATION_LOGS_POLICY_NAME])) {
    throw new StepFailed(
      `application logs: Payments holds the subscription filter policies ${JSON.stringify(policies)}, not ${APPLICATION_LOGS_POLICY_NAME} alone`,
    );
  }
  const logGroupName = '/local/payments-api';
  const logStreamName = 'web-1';
  const requestId = `local-${Date.now()}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName,
      logStreamName,
      logEvents: [{ timestamp: Date.now(), message: `POST /payments 201 requestId=${requestId}` }],
    }),
  );
  const archive = new MotoAccount(
    endpoint,
    config.logArchive.accountId,
    `arn:aws:iam::${config.logArchive.accountId}:role/${READ_ROLE}`,
  );
  const s3 = await archiveS3(archive, config.homeRegion);
  const prefix = `application-logs/${payments.id}/${REGION}/`;
  const keys =
    (await s3.send(new ListObjectsV2Command({ Bucket: naming.memberLogsBucketName, Prefix: prefix }))).Contents?.map(
      (object) => object.Key ?? '',
    ) ?? [];
  // A copy of what was delivered, as a user downloads the bucket: the folder investigate reads.
  const copy = path.join(dir, 'member-logs-copy');
  const bodies = await Promise.all(
    keys.map(async (Key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: naming.memberLogsBucketName, Key }));
      const bytes = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      fs.mkdirSync(path.dirname(path.join(copy, Key)), { recursive: true });
      fs.writeFileSync(path.join(copy, Key), bytes);
      return zlib.gunzipSync(bytes).toString('utf8');
    }),
  );
  if (!bodies.some((body) => body.includes(requestId))) {
    throw new StepFailed(
      `application logs: the event written in Payments' ${logGroupName} is not under s3://${naming.memberLogsBucketName}/${prefix} (${keys.length} objects there)`,
    );
  }
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const found = cli(
    'investigate',
    [
      'investigate',
      'application-request-across-accounts',
      requestId,
      '--logs',
      copy,
      '--from',
      today,
      '--format',
      'json',
    ],
    env,
    120,
  );
  if (!found.includes(requestId) || !found.includes(payments.id)) {
    throw new StepFailed(`investigate: application-request-across-accounts did not find ${requestId}:\n${found}`);
  }
  say(
    'application logs',
    `Payments holds ${APPLICATION_LOGS_POLICY_NAME} alone; an event of a new log group reached ` +
      `s3://${naming.memberLogsBucketName}/${prefix}, and investigate finds its request id in a copy`,
  );
}

/** Log files written into the archive before the removal, as CloudTrail delivers them. */
const SAMPLE_LOG_FILES = 3;

/**
 * `decommission`, then each removal plan applied in its order, with the audit account's Security Hub
 * after audit-delegation's (removal.md's follow-up); checks that every stack's state holds exactly
 * what decommission kept and that the log files written before are all still there.
 */
async function removeKeepingEvidence(
  out: string,
  configFile: string,
  env: NodeJS.ProcessEnv,
  terraform: Terraform,
  say: (step: string, text: string) => void,
): Promise<void> {
  const config = loadConfig(configFile);
  const naming = AuditNaming.fromConfig(config);
  const archive = new MotoAccount(
    String(env.AWS_ENDPOINT_URL),
    config.logArchive.accountId,
    `arn:aws:iam::${config.logArchive.accountId}:role/${READ_ROLE}`,
  );
  const s3 = await archiveS3(archive, config.homeRegion);
  const prefix = `AWSLogs/${config.organization.id}/${config.logArchive.accountId}/CloudTrail/${config.homeRegion}/`;
  for (let i = 0; i < SAMPLE_LOG_FILES; i += 1) {
    await s3.send(
      new PutObjectCommand({
        Bucket: naming.logBucketName,
        Key: `${prefix}2026/11/26/sample_${i}.json.gz`,
        Body: `{"Records":[]}`,
      }),
    );
  }
  const listed = async () =>
    ((await s3.send(new ListObjectVersionsCommand({ Bucket: naming.logBucketName, Prefix: prefix }))).Versions ?? [])
      .map((v) => `${v.Key}@${v.VersionId}`)
      .sort();
  const before = await listed();

  const planDir = path.join(out, 'decommission');
  const printed = await cliLiveOk('decommission', ['decommission', '--out', out, '--plan-dir', planDir], env, 1200);
  const steps = [
    ...printed.matchAll(/^\s*\d+\. (\S+): \d+ to destroy, \d+ kept: terraform -chdir=(\S+) apply (\S+)$/gm),
  ];
  const stacks = synthesizedStacks(out);
  if (steps.length !== stacks.length) {
    throw new StepFailed(`decommission: ${steps.length} removal plans for ${stacks.length} stacks:\n${printed}`);
  }
  const printedOrder = steps.map(([, stack]) => stack);
  if (JSON.stringify(printedOrder) !== JSON.stringify(removalOrder(stacks))) {
    throw new StepFailed(`decommission: the plans are not in the removal order:\n${printed}`);
  }
  // In the printed order; the members' plans two at a time, as decommission's help allows. A
  // follow-up (the audit account's Security Hub, which AWS and the harness keep while the account is
  // the administrator) is planned and applied after the plan it waits for, as removal.md says.
  const planOf = new Map(steps.map(([, stack, stackDir, plan]) => [stack, { stackDir, plan }]));
  const jsons = new Map(
    stacks.map((stack) => [
      stack,
      JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
  const followUps = followUpRemovals(jsons);
  // What the suite applies is what removal.md tells a user to run.
  const guide = fs.readFileSync(path.join(planDir, 'removal.md'), 'utf8');
  for (const followUp of followUps) {
    const planFile = followUpPlanFile(path.resolve(planDir), followUp, removalOrder(stacks));
    const command = `terraform -chdir=${path.resolve(out, 'stacks', followUp.stack)} ${followUpCommands(followUp, planFile)[0].join(' ')}`;
    if (!guide.includes(command)) {
      throw new StepFailed(
        `decommission: ${DOCUMENTS.removal.file} does not give ${followUp.stack}'s follow-up: ${command}`,
      );
    }
  }
  for (const step of removalSequence(stacks, followUps)) {
    if (step.kind === 'follow-up') {
      const { followUp } = step;
      const stackDir = path.join(out, 'stacks', followUp.stack);
      const planFile = followUpPlanFile(path.resolve(planDir), followUp, removalOrder(stacks));
      for (const args of followUpCommands(followUp, planFile)) {
        const result = await terraform.exec(stackDir, args, { timeoutSeconds: TIME_LIMITS.apply, env });
        if (result.code !== 0) {
          throw new StepFailed(
            `decommission: ${followUp.stack}'s follow-up (${followUp.addresses.join(', ')}) after ${followUp.after ?? 'the plans'}: ` +
              `terraform ${args[0]} exited ${result.code}:\n${result.stderr.slice(-3000)}`,
          );
        }
      }
      continue;
    }
    const applied = await runInWaves(
      [step.stacks],
      async (stack) => {
        const { stackDir, plan } = planOf.get(stack) ?? { stackDir: '', plan: '' };
        const result = await terraform.exec(stackDir, ['apply', '-input=false', plan], {
          timeoutSeconds: TIME_LIMITS.apply,
          env,
        });
        if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.stderr.slice(-3000)}`);
        return { outcome: 'done' };
      },
      { parallel: 2 },
    );
    const failed = applied.find((result) => result.outcome !== 'done');
    if (failed !== undefined) {
      throw new StepFailed(`decommission: applying ${failed.stack}'s removal plan ${failed.reason ?? failed.outcome}`);
    }
  }
  const leftovers: string[] = [];
  for (const stack of stacks) {
    const json = jsons.get(stack) ?? {};
    const state = await terraform.exec(path.join(out, 'stacks', stack), ['state', 'list'], {
      timeoutSeconds: 120,
      env,
    });
    const remaining = state.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('data.'));
    const kept = keptAddresses(json);
    if (JSON.stringify([...remaining].sort()) !== JSON.stringify(kept)) {
      leftovers.push(
        `${stack}: state holds ${remaining.join(', ') || 'nothing'}; decommission kept ${kept.join(', ') || 'nothing'}`,
      );
    }
  }
  if (leftovers.length > 0)
    throw new StepFailed(`decommission: not only the evidence is left:\n${leftovers.join('\n')}`);
  const after = await listed();
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new StepFailed(`decommission: log objects changed: ${before.length} before, ${after.length} after`);
  }
  // The deploy plans left in <out>/plans were made before the removal: a summary of them must not
  // read "No changes" for the stacks this run removed.
  const plansDir = path.join(out, 'plans');
  const summary = cli('decommission', ['plan-summary', plansDir], env, 120);
  const current = stacks.filter(
    (stack) =>
      !new RegExp(`^\\| ${stack} \\| stale \\| planned at \\S+, before decommission planned its removal`, 'm').test(
        summary,
      ),
  );
  if (current.length > 0) {
    throw new StepFailed(`decommission: plan-summary still reads the deploy plans of ${current.join(', ')} as current`);
  }
  // removal.md was true when decommission wrote it (none of it applied); this run applied it all.
  const guideFile = path.join(planDir, 'removal.md');
  fs.writeFileSync(
    guideFile,
    fs
      .readFileSync(guideFile, 'utf8')
      .replace(
        /^# Removal plan\n/,
        `# Removal plan\n\n**Applied by npm run local at ${new Date().toISOString()}**: every plan below, in this order, ` +
          'and each step under "Then" that Terraform takes; only the evidence is left.\n',
      ),
  );
  say(
    'decommission',
    `${steps.length} removal plans applied in order, the members' two at a time` +
      followUps.map((f) => `, then ${f.stack}'s ${f.addresses.length} deferred after ${f.after ?? 'them'}`).join('') +
      `; only the evidence is left (${stacks.length} states checked) ` +
      `and the ${before.length} log files written before are all there; ${DOCUMENTS.removal.file} says until when`,
  );
}

/** What the walkthrough's steps 1 to 7 leave for the rest: the deployment and how to reach it. */
export interface LocalDeployment {
  readonly out: string;
  readonly config: string;
  readonly env: NodeJS.ProcessEnv;
  readonly terraform: Terraform;
  /** Whether the config has an audit stack (its review and compliance --live). */
  readonly withAudit: boolean;
  /** The management account's credentials as `export` words. */
  readonly managementExports: string;
  /** The audit account's, for compliance --live; undefined without an audit stack. */
  readonly auditExports?: string;
}

/** Where the steps work and how they speak. */
export interface LocalContext {
  readonly dir: string;
  readonly progress: Progress;
  readonly say: (step: string, text: string) => void;
}

/** The parts of the walkthrough; a test gives fakes. */
export interface LocalParts {
  readonly startMoto: (logFile: string) => Promise<MotoServer>;
  /** Steps 1 to 7: seed, discover, edit, synth, plan, deploy, compliance, compliance --live. */
  readonly deployAndRead: (moto: MotoServer, context: LocalContext) => Promise<LocalDeployment>;
  /** Step 8: decommission, its plans applied, only the evidence left. */
  readonly decommission: (deployment: LocalDeployment, context: LocalContext) => Promise<void>;
  /** Waits until the user stops the run (Ctrl-C) with --keep-running. */
  readonly hold: () => Promise<void>;
}

/** Steps 1 to 7 on the local AWS. */
async function deployAndRead(moto: MotoServer, { dir, progress, say }: LocalContext): Promise<LocalDeployment> {
  const terraform = findE2eTerraform();
  say('terraform', terraform.version);
  const management = await seedOrganization(moto.endpoint);
  say(
    'seed',
    `an organization of ${EXAMPLE_ACCOUNTS.length} accounts (${EXAMPLE_ACCOUNTS.map((a) => a.name).join(', ')}), ` +
      'trusted access and the SCP and RCP policy types on',
  );
  const credentials = (await management.client('us-east-1')).credentials;
  // The management account's credentials, as discover's docs ask; every AWS SDK and the
  // provider read AWS_ENDPOINT_URL.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: undefined,
    AUDIT_CONFIG: undefined,
    CDKTF_OUTDIR: undefined,
  };

  // 1. discover writes the config.
  const config = path.join(dir, 'audit.config.json');
  const discovered = cli(
    'discover',
    ['discover', '--config', config, '--regions', REGION, '--role', READ_ROLE, '--json'],
    env,
    300,
  );
  // What discover found is kept beside the config it wrote: the first thing to read.
  fs.writeFileSync(path.join(dir, DOCUMENTS.discover.file), discovered);
  const findings = (JSON.parse(discovered) as { findings: unknown[] }).findings.length;
  const written = JSON.parse(fs.readFileSync(config, 'utf8')) as {
    members: unknown[];
    alarms?: { emails?: string[] };
    applicationLogs?: { enabled: boolean };
  };
  if (written.members.length !== EXAMPLE_ACCOUNTS.length) {
    throw new StepFailed(`discover: ${written.members.length} members, not ${EXAMPLE_ACCOUNTS.length}`);
  }
  say(
    'discover',
    `audit.config.json: ${written.members.length} members, ${findings} findings to read in ${DOCUMENTS.discover.file}`,
  );

  // 2. The one edit discover leaves to you: who the alarms reach. And one choice: the members'
  // application logs, delivered to the log archive.
  written.alarms = { ...written.alarms, emails: ['security@example.com'] };
  written.applicationLogs = { enabled: true };
  fs.writeFileSync(config, `${JSON.stringify(written, null, 2)}\n`);
  say(
    'edit',
    'alarms.emails set to security@example.com, as you would (discover cannot know it); applicationLogs.enabled true',
  );

  // 3. synth.
  const out = path.join(dir, 'cdktf.out');
  cli('synth', ['synth', '--config', config, '--out', out], env, 300);
  const stacks = synthesizedStacks(out);
  say('synth', `${stacks.length} stacks: ${stacks.join(', ')}`);

  // Point Terraform at moto, beside each stack (state under state/, outside the synth).
  const runner = new StackRunner(terraform, moto.endpoint, dir, progress);
  for (const stack of stacks) runner.writeOverride(stack, path.join(out, 'stacks', stack));
  say('local AWS', 'moto_override.tf.json beside each stack: the local endpoint, test credentials, local state');

  // 4. plan and review.
  const plans = path.join(out, 'plans');
  const timeout = ['--timeout', String(TIME_LIMITS.apply)];
  // Each review is kept in a file of its own: the first one teaches, the last one proves.
  const planAndReview = async (step: string, review: string, only: readonly string[] = []): Promise<PlannedChanges> => {
    fs.rmSync(plans, { recursive: true, force: true });
    await cliLiveOk(step, ['plan', ...only, '--out', out, ...timeout], env, 1200);
    cli(step, ['plan-summary', '--output', path.join(dir, review), plans], env, 120);
    return plannedChanges(fs.readFileSync(path.join(dir, review), 'utf8'));
  };
  const review = DOCUMENTS.firstReview.file;
  // On a first deploy the audit stack is planned once its delegation is applied, as on AWS: it
  // adopts the Security Hub the designation enables, and reads the organization's root as a
  // delegated administrator (README, step 3).
  const auditLater = stacks.includes(AUDIT_STACK_NAME);
  const firstStacks = stacks.filter((stack) => stack !== AUDIT_STACK_NAME);
  // The stacks the first plan and deploy name: all of them (none named) when there is no audit stack.
  const firstWave = auditLater ? firstStacks : [];
  const first = await planAndReview('plan', review, firstWave);
  if (first.stacks !== firstStacks.length) {
    throw new StepFailed(`plan: ${first.stacks} of ${firstStacks.length} stacks planned (${review})`);
  }
  say('plan, plan-summary', `plan.md: ${describeChanges(first)}`);

  // 5. deploy the reviewed plans, in waves.
  const deployArgs = ['deploy', ...firstWave, '--out', out, '--plan-dir', plans, ...timeout];
  const firstDeploy = await cliLive('deploy', deployArgs, env, 1800);
  const repair = firstDeploy.status === 1 ? ownRetryRepair(`${firstDeploy.stdout}\n${firstDeploy.stderr}`) : [];
  if (repair.length > 0) {
    // A create whose answer was lost and whose retry found it made: deploy named it and the
    // commands that repair it. Follow them as its advice says, once: import, plan, review, resume.
    say(
      'deploy',
      `stopped on ${counted(repair.length, 'resource')} made by its own retried create (a lost answer); ` +
        'importing, as its advice says',
    );
    for (const command of repair) {
      // The printed command, with the Terraform this run found and its environment.
      const line = command.replace(/^terraform /, `${shellWord(terraform.bin)} `);
      const imported = spawnSync('bash', ['-c', line], {
        env: { ...Terraform.env(), ...env },
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (imported.status !== 0) {
        throw new StepFailed(
          `deploy repair: ${command} ${imported.status === null ? `was stopped (${imported.signal ?? 'time limit'})` : `exited ${imported.status}`}\n` +
            `${imported.stdout}\n${imported.stderr}`,
        );
      }
    }
    const replanned = await planAndReview('plan after the repair', 'plan-after-repair.md', firstWave);
    say('plan after the repair', `plan-after-repair.md: ${describeChanges(replanned)}`);
  } else if (firstDeploy.status !== 0) {
    throw commandFailed('deploy', deployArgs, firstDeploy, 1800);
  }
  const deployed =
    repair.length > 0 ? await cliLiveOk('deploy', [...deployArgs, '--resume'], env, 1800) : firstDeploy.stdout;
  const done = /^(\d+) done/m.exec(deployed);
  if (done === null || Number(done[1]) !== firstStacks.length) {
    throw new StepFailed(`deploy: not every stack applied:\n${deployed.slice(-3000)}`);
  }
  say('deploy', `${done[1]} stacks applied in waves, their logs in cdktf.out/logs`);
  if (auditLater) {
    const audit = await planAndReview('plan audit', DOCUMENTS.auditReview.file, [AUDIT_STACK_NAME]);
    if (audit.stacks !== 1) {
      throw new StepFailed(`plan audit: the audit stack was not planned (${DOCUMENTS.auditReview.file})`);
    }
    const auditDeployed = await cliLiveOk(
      'deploy audit',
      ['deploy', AUDIT_STACK_NAME, '--out', out, '--plan-dir', plans, ...timeout],
      env,
      1800,
    );
    if (!/^1 done/m.test(auditDeployed)) {
      throw new StepFailed(`deploy audit: the audit stack did not apply:\n${auditDeployed.slice(-3000)}`);
    }
    say('plan audit, deploy audit', `after its delegation: ${describeChanges(audit)}`);
  }
  const again = await planAndReview('plan again', DOCUMENTS.lastReview.file);
  if (again.stacks !== stacks.length || again.create + again.update + again.replace + again.delete > 0) {
    throw new StepFailed(
      `plan again: the deployed stacks still plan changes: ${describeChanges(again)} (${DOCUMENTS.lastReview.file})`,
    );
  }
  say('plan again', `nothing to change in ${counted(again.stacks, 'stack')}: what was reviewed is what runs`);
  await checkApplicationLogs(moto.endpoint, config, dir, env, say);

  // 6. What the stacks claim, for an auditor.
  const matrix = path.join(dir, DOCUMENTS.compliance.file);
  // Exit 1 is an answer here: a control with a gap (the example has no S3 data events, say).
  cli('compliance', ['compliance', '--config', config, '--out', out, '--output', matrix], env, 120, [0, 1]);
  const claims = fs
    .readFileSync(matrix, 'utf8')
    .split('\n')
    .find((line) => /\d+ controls/.test(line));
  say('compliance', `compliance.md${claims === undefined ? '' : `: ${claims.replace(/^[#*\s]+/, '')}`}`);

  // 7. What AWS reports now, read as the README says: with the audit account's credentials, where
  // Security Hub's findings of every account and the organization's aggregator are.
  let auditExports: string | undefined;
  if (auditLater) {
    const auditAccount = EXAMPLE_ACCOUNTS.find((a) => a.name === 'Audit');
    if (auditAccount === undefined) throw new StepFailed('compliance --live: no Audit account in the example');
    const auditCredentials = (
      await new MotoAccount(moto.endpoint, auditAccount.id, `arn:aws:iam::${auditAccount.id}:role/${READ_ROLE}`).client(
        REGION,
      )
    ).credentials;
    const auditEnv = {
      ...env,
      AWS_ACCESS_KEY_ID: auditCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: auditCredentials.secretAccessKey,
      AWS_SESSION_TOKEN: auditCredentials.sessionToken,
    };
    auditExports =
      `AWS_ACCESS_KEY_ID=${auditCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${auditCredentials.secretAccessKey} ` +
      `AWS_SESSION_TOKEN=${auditCredentials.sessionToken ?? ''}`;
    const livePath = path.join(dir, DOCUMENTS.liveCompliance.file);
    cli('compliance --live', ['compliance', '--live', '--config', config, '--output', livePath], auditEnv, 120);
    const summary = liveSummary(fs.readFileSync(livePath, 'utf8'));
    if (summary === undefined) throw new StepFailed(`compliance --live: ${livePath} says nothing of what it read`);
    say('compliance --live', `${DOCUMENTS.liveCompliance.file}: ${summary}`);

    // 7b. The audit account's stacks as AWS holds them, and compliance --live on seeded findings
    // and rule evaluations (the local AWS runs no checks): e2e/harness/audit-checks.ts.
    const payments = EXAMPLE_ACCOUNTS.find((a) => a.name === 'Payments');
    const logArchive = EXAMPLE_ACCOUNTS.find((a) => a.name === 'Log Archive');
    if (payments === undefined || logArchive === undefined)
      throw new StepFailed('audit account: no Payments or Log Archive account in the example');
    await checkAuditAccount({
      endpoint: moto.endpoint,
      config: loadConfig(config),
      configFile: config,
      account: (id) => new MotoAccount(moto.endpoint, id, `arn:aws:iam::${id}:role/${READ_ROLE}`),
      failingMember: payments.id,
      passingMember: logArchive.id,
      say,
    });
  }
  return {
    out,
    config,
    env,
    terraform,
    withAudit: auditLater,
    managementExports:
      `AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} ` +
      `AWS_SESSION_TOKEN=${credentials.sessionToken ?? ''}`,
    auditExports,
  };
}

/** The walkthrough's steps on the local AWS. */
export const LOCAL_PARTS: LocalParts = {
  startMoto,
  deployAndRead,
  // 8. The way out: decommission plans the removal keeping the evidence; the plans are applied in
  // the order it prints, as a user would after review; then only the evidence is left, and no log
  // object is gone.
  decommission: ({ out, config, env, terraform }, { say }) => removeKeepingEvidence(out, config, env, terraform, say),
  hold: () => new Promise<void>(() => undefined),
};

/**
 * The whole loop; returns the exit code: 1 when a step failed or the harness's own checks did (the
 * deploy-role proof, the model check), whose lines come before the guidance, under their heading.
 * With --keep-running the walkthrough ends before decommission, so that what it suggests (compliance
 * --live, verify-delivery) reads the deployment.
 */
export async function runLocal(options: LocalOptions, parts: LocalParts = LOCAL_PARTS): Promise<number> {
  const started = Date.now();
  const dir = path.resolve(options.dir);
  prepareWorkFolder(dir);
  const progress = new Progress('local');
  const say = (step: string, text: string) => progress.line(step, text);
  const context: LocalContext = { dir, progress, say };
  say('start', `everything goes to ${path.relative(ROOT, dir) || dir}`);

  const moto = await parts.startMoto(path.join(dir, 'moto.log'));
  say('local AWS', `moto on ${moto.endpoint} (pid ${moto.pid}), its log in moto.log`);
  const interrupted = () => {
    void moto.stop({ quiet: true }).finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
  let code = 0;
  let deployment: LocalDeployment | undefined;
  try {
    deployment = await parts.deployAndRead(moto, context);
    if (options.keepRunning) {
      say(
        'decommission',
        'not run: --keep-running keeps the deployment as it stands, for compliance --live and the rest below',
      );
    } else {
      await parts.decommission(deployment, context);
    }
    say('done', `the loop took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const kept = keptDocuments(deployment.withAudit, !options.keepRunning);
    const absent = kept.filter((document) => !fs.existsSync(path.join(dir, document.file)));
    if (absent.length > 0) {
      throw new StepFailed(`done: ${absent.map((d) => d.file).join(', ')} missing from ${dir}`);
    }
  } catch (error) {
    const trouble = motoTrouble(readIfExists(path.join(dir, 'moto.log')));
    const message = error instanceof StepFailed ? error.message : String((error as Error).stack);
    process.stderr.write(`FAILED ${message}${trouble === '' ? '' : `\n${trouble}`}\n`);
    code = 1;
  }
  const report = await moto.report({
    deployRoleStacks: path.join(dir, 'cdktf.out', 'stacks'),
    managementAccountId: EXAMPLE_ACCOUNTS[0].id,
  });
  process.stdout.write(`\n${harnessLines(report).join('\n')}\n\n`);
  if (report.failures.length > 0) code = 1;
  if (code === 0 && deployment !== undefined) {
    const kept = keptDocuments(deployment.withAudit, !options.keepRunning);
    for (const line of closingGuide(dir, kept, options.keepRunning, deployment.config)) say('what next', line);
    if (options.keepRunning) {
      say(
        'local AWS',
        `still running on ${moto.endpoint}: export AWS_ENDPOINT_URL=${moto.endpoint} ${deployment.managementExports} ` +
          'to look around (the management account); Ctrl-C stops it',
      );
      if (deployment.auditExports !== undefined) {
        say(
          'local AWS',
          `the audit account's credentials, for compliance --live: export AWS_ENDPOINT_URL=${moto.endpoint} ${deployment.auditExports}`,
        );
      }
      await parts.hold();
    }
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeListener(signal, interrupted);
  await moto.stop({ quiet: true });
  return code;
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The command line: `npm run local -- [--dir <folder>] [--keep-running]`. */
export function localProgram(): Command {
  return new Command('local')
    .description(
      'Start a local AWS (moto on 127.0.0.1), seed an example organization of four accounts, and run ' +
        'discover, synth, plan, plan-summary, deploy and compliance against it, as the README walks through; ' +
        'then it removes what it deployed (decommission, keeping the evidence), as a user tearing a trial down would. ' +
        'The plan, deploy and decommission print each stack as it goes.',
    )
    .option(
      '--dir <folder>',
      'where the config, synth, plans, logs and state go (cleared first if a run made it)',
      'local-aws',
    )
    .option('--keep-running', 'keep the local AWS running after the loop, until Ctrl-C', false)
    .addHelpText(
      'after',
      '\nNeeds Terraform and python3 with moto 5.2.1 (pip install "moto[server]==5.2.1").\n' +
        'Nothing leaves this machine: moto listens on loopback only.\n\n' +
        'Examples:\n  npm run local\n  npm run local -- --dir /tmp/try --keep-running\n',
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

/** `npm run local`: 0 when every step and the harness's checks passed, 1 when one did not, 2 for usage. */
export async function main(argv: readonly string[], parts: LocalParts = LOCAL_PARTS): Promise<number> {
  const program = localProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const options = program.opts<{ dir: string; keepRunning: boolean }>();
  try {
    return await runLocal(options, parts);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`FAILED ${error instanceof StepFailed ? error.message : String((error as Error).stack)}\n`);
    return 1;
  }
}

if (require.main === module) exitWith(() => main(process.argv.slice(2)));
