/**
 * npm run e2e:faults: deploys examples/e2e.config.json into moto (loopback) with Terraform state in
 * an S3 bucket there, through a fault-injecting proxy per stack, and proves that what goes wrong in
 * real deployments ends in a state that a second run repairs, with nothing lost (steps on different
 * stacks run side by side: 6 beside 1, then 3 on the log archive, 2 on a member, and 3 then 4 on
 * another member):
 *
 * 1. `state bootstrap` creates the state bucket (versioned, encrypted, TLS-only) and keeps its own
 *    state in it; a second run changes nothing.
 * 2. `state migrate` moves a stack applied with local state into the bucket: the state read back is
 *    the state before, and the next plan is empty.
 * 3. SIGKILL and SIGINT at a seeded random moment of the log-archive apply and a member apply: a
 *    SIGKILL leaves the lock, which deploy reports with the exact force-unlock command and never
 *    releases; after it, a second apply converges.
 * 4. Two applies of one stack at once: the second stops on the lock within seconds, changing nothing.
 * 5. Every stack applied with npm run deploy at E2E_FAULT_RATE (default 10%) faults, then planned
 *    again through the faults: every plan is empty, and each account holds no resource of a tracked
 *    type that is not in a state (no duplicates from retries or interrupted applies).
 * 6. discover (beside 1) through the faults writes the same config as without them, and gives up
 *    with the service's message, in bounded time, when every request is throttled.
 * 7. The checks npm run e2e makes after a clean deploy (e2e/harness/deployed-checks.ts), on the same
 *    moto and synth: settings read back, verify-delivery, prevent_destroy, and an upgrade that
 *    replaces no data-bearing resource. CI runs this suite and not npm run e2e, which deploys the
 *    same config again.
 *
 * Environment: E2E_WORKDIR (default: a new temp folder), E2E_PYTHON (default python3),
 * E2E_FAULT_RATE (default 0.1), E2E_FAULT_SEED (default 2211; a failing run prints its seed so that
 * it can be replayed). Exit 0 when every check passed, 1 otherwise.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { DescribeLogGroupsCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeKeyCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeTrailsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { loadConfig } from '../../modules/org-config/load';
import { OrgConfig } from '../../modules/org-config/schema';
import {
  AuditNaming,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  STATE_STACK_NAME,
} from '../../modules/core/naming';
import { LOCAL_STATE_OVERRIDE } from '../../packages/cli/toolkit/terraform/state-migration';
import { Terraform } from '../../packages/cli/toolkit/terraform/terraform';
import { findE2eTerraform } from '../harness/e2e-terraform';
import { FaultCounts, FaultProxy, loopbackCertificate, seededRandom } from '../harness/fault-proxy';
import { startMoto, type MotoServer } from '../harness/moto';
import { exitWith, runOnMoto, type SuiteParts } from '../harness/suite';
import {
  createPrerequisites,
  deployedConfig,
  enablePolicyTypes,
  managementAccountOf,
  MotoAccounts,
} from '../harness/setup';
import {
  Progress,
  runCommandAsync,
  StackRunner,
  StepFailed,
  synthesize,
  TIME_LIMITS,
  tryCommandAsync,
} from '../harness/stack-runner';
import { synthesizedStacks } from '../../packages/cli/toolkit/synth/synthesized-stacks';
import { stateAccountId } from '../../stacks/account-props';
import { runInWaves } from '../../packages/cli/toolkit/terraform/stack-waves';
import { Outputs } from '../harness/checks';
import { deliveryReport, protectedData, settingsReadBack, upgradeSafety } from '../harness/deployed-checks';
import { fromShellWord, SHELL_WORD } from '../../packages/cli/toolkit/common/shell-word';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'e2e.config.json');
const STATE_BUCKET = 'e2e-terraform-state';
const MIGRATED_STACK = 'member-security-tooling';
const MEMBER_INTERRUPTED = 'member-workloads';

const rate = Number(process.env.E2E_FAULT_RATE ?? '0.1');
/** The repair commands each interrupted stack needed, for the report. */
const repairs = new Map<string, string[]>();
const seed = Number(process.env.E2E_FAULT_SEED ?? '2211');
/** A request open this long at a proxy is reported while it is open. */
const STUCK_SECONDS = 60;

interface Context {
  readonly terraform: Terraform;
  readonly config: OrgConfig;
  readonly accounts: MotoAccounts;
  readonly out: string;
  readonly workDir: string;
  readonly runner: StackRunner;
  readonly proxies: Map<string, FaultProxy>;
  readonly progress: Progress;
  readonly s3: S3Client;
  readonly keyOf: (stack: string) => string;
}

function dirOf(context: Context, stack: string): string {
  return path.join(context.out, 'stacks', stack);
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new StepFailed(message);
}

/**
 * Whether the state bucket holds `key`. Only S3's 404 means it does not: the suite's own client goes
 * through the fault proxy too, and a request that its faults failed past the SDK's retries (a
 * throttle, a reset, a 500) is asked again, never read as "absent" (that read once failed the lock
 * check after a SIGKILL that had left its lock).
 */
export async function objectExists(s3: S3Client, key: string, pauseMs = 1000): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: STATE_BUCKET, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      if (attempt === 5) throw new StepFailed(`HeadObject ${key} failed 5 times: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

async function stateOf(
  context: Context,
  stack: string,
): Promise<{ lineage: string; resources: StateResource[]; outputs?: unknown }> {
  const answer = await context.s3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: context.keyOf(stack) }));
  return JSON.parse(await (answer.Body?.transformToString() ?? Promise.resolve('{}'))) as {
    lineage: string;
    resources: StateResource[];
  };
}

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly instances: { readonly attributes: Record<string, unknown> }[];
}

/** 1. The state bucket, from the state stack, and its settings read back. */
async function bootstrap(context: Context): Promise<void> {
  context.progress.line(STATE_STACK_NAME, 'npm run cli -- state bootstrap');
  const first = await runCommandAsync('state', ['bootstrap', '--out', context.out, '--from', context.workDir], 600);
  assert(/created the state bucket/.test(first), `state bootstrap did not create the bucket:\n${first}`);
  context.progress.line(STATE_STACK_NAME, first.trim());
  const again = await runCommandAsync('state', ['bootstrap', '--out', context.out, '--from', context.workDir], 600);
  assert(/nothing to do/.test(again), `a second state bootstrap did something:\n${again}`);
  const s3 = context.s3;
  const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: STATE_BUCKET }));
  const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: STATE_BUCKET }));
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: STATE_BUCKET }));
  const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: STATE_BUCKET }))).Policy ?? '';
  assert(versioning.Status === 'Enabled', `state bucket versioning is ${versioning.Status}`);
  assert(
    encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm !==
      undefined,
    'the state bucket has no default encryption',
  );
  const blocks = block.PublicAccessBlockConfiguration ?? {};
  assert(
    [blocks.BlockPublicAcls, blocks.BlockPublicPolicy, blocks.IgnorePublicAcls, blocks.RestrictPublicBuckets].every(
      (on) => on === true,
    ),
    'the state bucket does not block public access',
  );
  assert(/aws:SecureTransport/.test(policy) && /s3:DeleteBucket/.test(policy), `the state bucket policy: ${policy}`);
  assert(await objectExists(s3, context.keyOf(STATE_STACK_NAME)), 'the state stack keeps no state in its bucket');
  context.progress.line(STATE_STACK_NAME, 'versioned, encrypted, public access blocked, TLS only, deletion denied');
}

/** 2. A stack applied with local state moves into the bucket; the state read back is the same. */
async function migration(context: Context): Promise<void> {
  const stack = MIGRATED_STACK;
  const dir = dirOf(context, stack);
  const localDir = path.join(context.workDir, 'local-state');
  fs.mkdirSync(localDir, { recursive: true });
  const localFile = path.join(localDir, `terraform.${stack}.tfstate`);
  // Deployed before the project had a state bucket: the same stack, with local state.
  fs.writeFileSync(
    path.join(dir, LOCAL_STATE_OVERRIDE),
    JSON.stringify({ terraform: { backend: { local: { path: localFile } } } }),
  );
  context.progress.line(stack, 'apply with local state');
  await expectExit(context, stack, ['init', '-input=false', '-reconfigure'], [0]);
  await expectExit(context, stack, ['apply', '-auto-approve', '-input=false'], [0]);
  fs.rmSync(path.join(dir, LOCAL_STATE_OVERRIDE));
  const before = JSON.parse(fs.readFileSync(localFile, 'utf8')) as { resources: unknown[]; outputs?: unknown };
  context.progress.line(stack, 'npm run cli -- state migrate');
  const moved = await runCommandAsync('state', ['migrate', stack, '--out', context.out, '--from', localDir], 600);
  context.progress.line(stack, moved.trim());
  const after = await stateOf(context, stack);
  assert(
    JSON.stringify(after.resources) === JSON.stringify(before.resources) &&
      JSON.stringify(after.outputs ?? {}) === JSON.stringify(before.outputs ?? {}),
    'the state read back from S3 differs from the local state before the move',
  );
  assert(fs.existsSync(`${localFile}.migrated`) && !fs.existsSync(localFile), 'the local state was not moved aside');
  await context.runner.planNoDrift(stack, dir);
  context.progress.line(stack, `state before = state after (${before.resources.length} resources), plan empty`);
}

/** Starts `terraform apply` in the stack and sends `signal` to its process group after `delaySeconds`. */
async function interruptedApply(context: Context, stack: string, signal: NodeJS.Signals, delaySeconds: number) {
  const dir = dirOf(context, stack);
  await expectExit(context, stack, ['init', '-input=false'], [0]);
  const log = fs.openSync(path.join(context.workDir, `terraform.${stack}.log`), 'a');
  fs.writeSync(log, `\n$ terraform apply (${signal} after ${delaySeconds.toFixed(1)} s)\n`);
  const child = spawn(context.terraform.bin, ['apply', '-auto-approve', '-input=false', '-no-color'], {
    cwd: dir,
    env: Terraform.env(),
    detached: true,
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const finished = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), delaySeconds * 1000)),
  ]);
  if (!finished) process.kill(-(child.pid ?? 0), signal);
  const code = await exited;
  fs.closeSync(log);
  // A SIGKILL takes the provider processes of the group with it; a SIGINT lets Terraform stop them.
  context.progress.line(
    stack,
    finished
      ? `apply finished before ${signal} (exit ${code})`
      : `${signal} after ${delaySeconds.toFixed(1)} s (exit ${code})`,
  );
  return !finished;
}

/** What step 3 does to a stack: the signals it sends, in order, each at its own delay into an apply. */
interface Interruption {
  readonly stack: string;
  readonly signals: readonly { readonly signal: NodeJS.Signals; readonly delaySeconds: number }[];
}

/**
 * The interruptions of step 3, their delays drawn from the seeded random before either stack starts,
 * so that a replay with the same seed sends the same signals at the same moments although the two
 * stacks run side by side.
 */
function interruptionPlan(random: () => number): Interruption[] {
  const plan: [string, NodeJS.Signals[], number][] = [
    [LOG_ARCHIVE_STACK_NAME, ['SIGKILL', 'SIGINT'], 45],
    [MEMBER_INTERRUPTED, ['SIGINT', 'SIGKILL'], 25],
  ];
  return plan.map(([stack, signals, window]) => ({
    stack,
    signals: signals.map((signal) => ({ signal, delaySeconds: 3 + random() * window })),
  }));
}

/**
 * Waits until the log archive's member-logs bucket exists: a member's flow logs deliver there, so its
 * applies need it (the log archive's first apply creates it within seconds, beside the member's).
 */
async function memberLogsBucket(context: Context): Promise<void> {
  const bucket = AuditNaming.fromConfig(context.config).memberLogsBucketName;
  const s3 = new S3Client(
    await context.accounts.of(context.config.logArchive.accountId).client(context.config.homeRegion),
  );
  const started = Date.now();
  for (;;) {
    const names = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    if (names.includes(bucket)) return;
    if (Date.now() - started > 600_000) throw new StepFailed(`the log archive did not create ${bucket} in 600 s`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** 3. SIGKILL and SIGINT during an apply of one stack; the lock; a second run converges. */
async function interruptions(context: Context, { stack, signals }: Interruption): Promise<void> {
  for (const { signal, delaySeconds } of signals) {
    const interrupted = await interruptedApply(context, stack, signal, delaySeconds);
    const lockKey = `${context.keyOf(stack)}.tflock`;
    const locked = await objectExists(context.s3, lockKey);
    if (signal === 'SIGINT' || !interrupted) {
      assert(!locked, `${stack}: the lock ${lockKey} is left after ${interrupted ? 'SIGINT' : 'a finished apply'}`);
      continue;
    }
    assert(locked, `${stack}: SIGKILL left no lock at ${lockKey}`);
    context.progress.line(stack, 'npm run deploy (must stop on the lock)');
    const stopped = await tryCommandAsync(
      'deploy',
      ['--out', context.out, stack, '--timeout', String(TIME_LIMITS.apply)],
      300,
    );
    const output = `${stopped.stdout}\n${stopped.stderr}`;
    const command = new RegExp(`terraform -chdir=(${SHELL_WORD}) force-unlock -force (${SHELL_WORD})`).exec(output);
    if (command === null) throw new StepFailed(`${stack}: deploy printed no force-unlock command:\n${output}`);
    assert(
      stopped.status === 1 && /the state is locked \(apply by /.test(output),
      `${stack}: deploy did not stop on the lock with its force-unlock command (exit ${stopped.status}):\n${output}`,
    );
    assert(await objectExists(context.s3, lockKey), `${stack}: deploy released the lock by itself`);
    context.progress.line(stack, `deploy stopped in ${stopped.seconds.toFixed(0)} s with: ${command[0]}`);
    const unlock = await context.terraform.exec(
      path.resolve(ROOT, fromShellWord(command[1])),
      ['force-unlock', '-force', fromShellWord(command[2])],
      { timeoutSeconds: 120 },
    );
    assert(unlock.code === 0, `${stack}: the printed force-unlock failed:\n${unlock.stderr}`);
    assert(!(await objectExists(context.s3, lockKey)), `${stack}: force-unlock left the lock`);
  }
  context.progress.line(stack, 'npm run deploy (after the interruptions)');
  const args = ['--out', context.out, stack, '--timeout', String(TIME_LIMITS.apply)];
  // Terraform's debug log of each repair deploy: when one hangs, its last requests and retries say on what.
  let debugLog = '';
  const repairDeploy = (extra: string[], round: number) => {
    debugLog = path.join(context.workDir, `terraform-debug.${stack}.${round}.log`);
    return tryCommandAsync('deploy', [...args, ...extra], 900, { TF_LOG: 'DEBUG', TF_LOG_PATH: debugLog });
  };
  let attempt = await repairDeploy([], 0);
  let rerunAfterTimeLimit = false;
  // What the interruptions left, repaired as a user does it: deploy names the resources and the
  // commands (untaint after SIGINT, import after SIGKILL); the user checks and runs them.
  for (let round = 1; attempt.status !== 0; round += 1) {
    const untaints = [
      ...attempt.stderr.matchAll(new RegExp(`terraform -chdir=(${SHELL_WORD}) untaint '([^']+)'`, 'g')),
    ].map(([, dir, address]) => ({ dir: fromShellWord(dir), args: ['untaint', address] }));
    const imports = await Promise.all(
      [
        ...attempt.stderr.matchAll(
          new RegExp(
            `terraform -chdir=(${SHELL_WORD}) import '([^']+)' ` +
              String.raw`(?:'([^']+)'|"\$\(aws ec2 describe-flow-logs(?: --region (\S+))? --filter Name=resource-id,Values=(\S+) [^"]*\)")`,
            'g',
          ),
        ),
      ].map(async ([, dir, address, id, region, vpc]) => ({
        dir: fromShellWord(dir),
        args: ['import', '-input=false', address, id ?? (await flowLogId(context, stack, region, vpc))],
      })),
    );
    const commands = [...untaints, ...imports];
    const timedOut = /did not finish in time: it was interrupted/.test(attempt.stderr);
    if (commands.length === 0 && timedOut && !rerunAfterTimeLimit) {
      // As docs/failures.md says: the interrupt saved the state; run the same command again.
      rerunAfterTimeLimit = true;
      const waiting =
        /Still in progress: ([^\n]*?)\. (?:Raise|It retried)/.exec(attempt.stderr)?.[1] ?? 'nothing named';
      context.progress.line(stack, `deploy hit its time limit waiting for ${waiting}; running it again`);
      printLogTail(stack, attempt.stderr);
      repairs.set(stack, [...(repairs.get(stack) ?? []), `1 rerun after the time limit (${waiting})`]);
      printDebugTail(debugLog);
      attempt = await repairDeploy(['--resume'], round);
      continue;
    }
    // Terraform reports a resource created outside the state only when it tries to create it, so a
    // kill late in an apply shows its orphans one dependency layer a round: the log archive's
    // QuickSight policy and the columnar copy's workgroup, then the datasets that wait for them, took a
    // fourth round.
    if (commands.length === 0 || round > 6) {
      printLogTail(stack, attempt.stderr);
      printDebugTail(debugLog);
      throw new StepFailed(`${stack}: deploy after the interruptions failed:\n${attempt.stderr}`);
    }
    const counts = [`${untaints.length} untaint`, `${imports.length} import`];
    context.progress.line(stack, `deploy stopped and printed ${counts.join(', ')} commands; running them`);
    repairs.set(stack, [...(repairs.get(stack) ?? []), ...counts]);
    for (const { dir, args: verbArgs } of commands) {
      const result = await context.terraform.exec(path.resolve(ROOT, dir), verbArgs, { timeoutSeconds: 300 });
      assert(result.code === 0, `${stack}: terraform ${verbArgs.join(' ')} failed:\n${result.stderr}`);
    }
    context.progress.line(stack, 'npm run deploy --resume');
    attempt = await repairDeploy(['--resume'], round);
  }
  await context.runner.planNoDrift(stack, dirOf(context, stack));
  const orphans = await orphanedKeys(context, stack);
  if (orphans > 0)
    repairs.set(stack, [...(repairs.get(stack) ?? []), `${orphans} orphaned KMS keys scheduled for deletion`]);
  context.progress.line(
    stack,
    `converged; ${orphans} KMS keys tagged Stack=${stack} outside the state (scheduled for deletion)`,
  );
}

/**
 * The end of a Terraform debug log (TF_LOG=DEBUG): its last warnings, errors and retries, then its
 * last lines, each cut to 300 characters.
 */
function printDebugTail(file: string): void {
  if (!fs.existsSync(file)) return;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const length = Math.min(size, 4_000_000);
  const buffer = Buffer.alloc(length);
  fs.readSync(fd, buffer, 0, length, size - length);
  fs.closeSync(fd);
  const lines = buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => /^\d{4}-\d\d-\d\dT/.test(line));
  const cut = (line: string) => (line.length > 300 ? `${line.slice(0, 300)}...` : line);
  const notable = lines.filter((line) => /\[(WARN|ERROR)\]|retr(y|ying)|attempt/i.test(line)).slice(-40);
  process.stdout.write(
    `--- ${file} (${(size / 1e6).toFixed(1)} MB): last warnings, errors and retries\n${notable.map(cut).join('\n')}\n` +
      `--- its last lines\n${lines.slice(-30).map(cut).join('\n')}\n---\n`,
  );
}

/** Asks moto for its threads' stacks (SIGUSR1) and prints the ones inside moto's own code. */
function dumpMotoThreads(pid: number, logFile: string): void {
  const before = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  process.kill(pid, 'SIGUSR1');
  execFileSync('sleep', ['1']);
  const added = fs.readFileSync(logFile, 'utf8').slice(before);
  const threads = added.split(/\n(?=Thread 0x|Current thread 0x)/).filter((t) => /site-packages\/moto\//.test(t));
  process.stdout.write(`--- moto's threads inside moto (${logFile})\n${threads.join('\n').trimEnd()}\n---\n`);
}

/** The last lines of the Terraform output a failed deploy names (`Terraform's whole output: <file>`). */
function printLogTail(stack: string, stderr: string, lines = 40): void {
  const file = /Terraform's whole output: (\S+)/.exec(stderr)?.[1];
  if (file === undefined || !fs.existsSync(file)) return;
  const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  process.stdout.write(`--- ${stack}: the last ${tail.length} lines of ${file}\n${tail.join('\n')}\n---\n`);
}

/** The account a synthesized stack deploys into, and its providers' Regions (the default provider's first). */
function stackPlace(context: Context, stack: string): { account: string; regions: string[] } {
  const json = JSON.parse(fs.readFileSync(path.join(dirOf(context, stack), 'cdk.tf.json'), 'utf8')) as {
    provider: { aws: { allowed_account_ids: string[]; region: string }[] };
  };
  return {
    account: json.provider.aws[0].allowed_account_ids[0],
    regions: [...new Set(json.provider.aws.map((provider) => provider.region))],
  };
}

/** The flow log of `vpc` in the stack's account, as the aws ec2 describe-flow-logs that deploy prints finds it. */
async function flowLogId(context: Context, stack: string, region: string | undefined, vpc: string): Promise<string> {
  const { account, regions } = stackPlace(context, stack);
  const ec2 = new EC2Client(await context.accounts.of(account).client(region ?? regions[0]));
  const found = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpc] }] }));
  const id = found.FlowLogs?.[0]?.FlowLogId;
  if (id === undefined) throw new StepFailed(`${stack}: no flow log of ${vpc} to import`);
  return id;
}

/**
 * KMS keys a killed apply created but never recorded: keys tagged with the stack that no state
 * holds. Found and scheduled for deletion as docs/failures.md tells a user to; returns how many.
 */
async function orphanedKeys(context: Context, stack: string): Promise<number> {
  const { account, regions } = stackPlace(context, stack);
  const known = new Set(
    (await stateOf(context, stack)).resources
      .filter((r) => r.type === 'aws_kms_key')
      .flatMap((r) => r.instances.map((i) => String(i.attributes.key_id))),
  );
  let orphans = 0;
  for (const region of regions) {
    const kms = new KMSClient(await context.accounts.of(account).client(region));
    for (const key of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      const keyId = key.KeyId ?? '';
      if (known.has(keyId)) continue;
      const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [];
      if (!tags.some((tag) => tag.TagKey === 'Stack' && tag.TagValue === stack)) continue;
      const state = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
      if (state === 'PendingDeletion') continue;
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 30 }));
      orphans += 1;
    }
  }
  return orphans;
}

/** 4. Two applies of one stack at once, from two checkouts: the second stops on the lock. */
async function concurrentApplies(context: Context): Promise<void> {
  const stack = MEMBER_INTERRUPTED;
  const proxy = context.proxies.get(stack);
  if (proxy === undefined) throw new StepFailed(`no proxy for ${stack}`);
  const second = path.join(context.workDir, 'out-second-checkout');
  fs.cpSync(context.out, second, { recursive: true, filter: (source) => path.basename(source) !== '.terraform' });
  // The first apply is slowed down (every request held 400 ms) so that it holds the lock a while.
  proxy.setRate(1);
  proxy.setKinds(['delay'], 400);
  const lockKey = `${context.keyOf(stack)}.tflock`;
  const first = context.terraform.exec(dirOf(context, stack), ['apply', '-auto-approve', '-input=false'], {
    timeoutSeconds: TIME_LIMITS.apply,
    logFile: path.join(context.workDir, `terraform.${stack}.log`),
  });
  const deadline = Date.now() + 120_000;
  while (!(await objectExists(context.s3, lockKey))) {
    if (Date.now() > deadline) throw new StepFailed(`${stack}: the first apply took no lock within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  context.progress.line(stack, 'first apply holds the lock; npm run deploy from a second checkout');
  const other = await tryCommandAsync('deploy', ['--out', second, stack, '--timeout', String(TIME_LIMITS.apply)], 300);
  const firstDone = await first;
  proxy.setKinds(undefined);
  proxy.setRate(rate);
  const output = `${other.stdout}\n${other.stderr}`;
  assert(
    other.status === 1 && /the state is locked \(apply by /.test(output) && /force-unlock -force/.test(output),
    `${stack}: the second apply did not stop on the lock (exit ${other.status}):\n${output}`,
  );
  assert(firstDone.code === 0, `${stack}: the first apply failed:\n${firstDone.stderr}`);
  assert(other.seconds < firstDone.seconds, `${stack}: the second apply waited for the first`);
  assert(!(await objectExists(context.s3, lockKey)), `${stack}: the lock is left after both applies`);
  context.progress.line(
    stack,
    `second apply stopped on the lock after ${other.seconds.toFixed(0)} s; first finished in ${firstDone.seconds.toFixed(0)} s`,
  );
  await context.runner.planNoDrift(stack, dirOf(context, stack));
}

/** Resources of these types in each account must all be in some stack's state: no duplicates. */
async function noDuplicates(context: Context, stacks: readonly string[]): Promise<void> {
  const byAccount = new Map<string, string[]>();
  for (const stack of stacks) {
    const { account } = stackPlace(context, stack);
    byAccount.set(account, [...(byAccount.get(account) ?? []), stack]);
  }
  const problems: string[] = [];
  for (const [account, accountStacks] of byAccount) {
    const states = await Promise.all(accountStacks.map((stack) => stateOf(context, stack)));
    const inState = (type: string, attribute: string) =>
      states.flatMap((state) =>
        state.resources
          .filter((r) => r.mode === 'managed' && r.type === type)
          .flatMap((r) => r.instances.map((i) => String(i.attributes[attribute]))),
      );
    const found: Record<string, string[]> = {
      aws_kms_key: [],
      aws_s3_bucket: [],
      aws_cloudwatch_log_group: [],
      aws_cloudtrail: [],
    };
    const moto = context.accounts.of(account);
    for (const region of context.config.governedRegions.concat(context.config.logArchive.replication?.region ?? [])) {
      const client = await moto.client(region);
      const kms = new KMSClient(client);
      for (const key of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
        const state = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState;
        if (state !== 'PendingDeletion') found.aws_kms_key.push(key.KeyId ?? '');
      }
      found.aws_cloudwatch_log_group.push(
        ...((await new CloudWatchLogsClient(client).send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map(
          (g) => g.logGroupName ?? '',
        ),
      );
      found.aws_cloudtrail.push(
        ...(
          (await new CloudTrailClient(client).send(new DescribeTrailsCommand({ includeShadowTrails: false })))
            .trailList ?? []
        )
          .filter((t) => t.HomeRegion === region)
          .map((t) => t.Name ?? ''),
      );
    }
    const s3 = new S3Client(await moto.client(context.config.homeRegion));
    found.aws_s3_bucket.push(...((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? ''));
    const attribute: Record<string, string> = {
      aws_kms_key: 'key_id',
      aws_s3_bucket: 'bucket',
      aws_cloudwatch_log_group: 'name',
      aws_cloudtrail: 'name',
    };
    for (const [type, names] of Object.entries(found)) {
      const known = new Set(inState(type, attribute[type]));
      const extra = [...new Set(names)].filter(
        (name) => !known.has(name) && !(type === 'aws_s3_bucket' && name === STATE_BUCKET),
      );
      if (extra.length > 0) problems.push(`${account}: ${type} not in any state: ${extra.join(', ')}`);
    }
  }
  assert(problems.length === 0, `resources that no state knows (duplicates or orphans):\n  ${problems.join('\n  ')}`);
  context.progress.line(
    'checks',
    `no KMS key, bucket, log group or trail outside the states of ${byAccount.size} accounts`,
  );
}

/** 6. discover through the faults, and when every request is throttled. */
async function discoverThroughFaults(context: Context, endpointDirect: string, faulty: FaultProxy): Promise<void> {
  const roleName = context.config.deployment.roleName;
  const args = (out: string) => [
    '--out',
    out,
    '--role',
    roleName,
    '--home-region',
    context.config.homeRegion,
    '--regions',
    context.config.governedRegions.join(','),
    '--log-archive',
    context.config.logArchive.accountId,
  ];
  // The management account's credentials, as a user runs discover.
  const { credentials } = await context.accounts
    .of(context.config.organization.managementAccountId)
    .client('us-east-1');
  const env = (endpoint: string) => ({
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const clean = path.join(context.workDir, 'discovered-clean.json');
  const withFaults = path.join(context.workDir, 'discovered-faults.json');
  await runCommandAsync('discover', args(clean), 300, env(endpointDirect));
  // discover makes few requests (about 20 here): at 30% some of each kind are sure to come.
  faulty.setRate(Math.max(rate, 0.3));
  const before = faulty.counts.injected;
  await runCommandAsync('discover', args(withFaults), 300, env(faulty.endpoint));
  assert(
    fs.readFileSync(clean, 'utf8') === fs.readFileSync(withFaults, 'utf8'),
    'discover wrote another config through the faults',
  );
  context.progress.line('discover', `same config through ${faulty.counts.injected - before} injected faults`);
  faulty.setRate(1);
  faulty.setKinds(['throttle']);
  const givenUp = await tryCommandAsync(
    'discover',
    args(path.join(context.workDir, 'discovered-throttled.json')),
    300,
    env(faulty.endpoint),
  );
  assert(
    givenUp.status === 1 &&
      /gave up after \d+ attempts: \S*(Throttling|TooManyRequestsException)\S*: Rate exceeded/.test(givenUp.stderr),
    `discover under throttling did not fail with the service's message (exit ${givenUp.status}):\n${givenUp.stderr}`,
  );
  context.progress.line(
    'discover',
    `every request throttled: gave up after ${givenUp.seconds.toFixed(0)} s with "${givenUp.stderr.split('\n').find((line) => line.startsWith('cdktf-audit-logging discover')) ?? ''}"`,
  );
}

async function expectExit(context: Context, stack: string, args: string[], codes: number[]) {
  const result = await context.terraform.exec(dirOf(context, stack), args, {
    timeoutSeconds: TIME_LIMITS.apply,
    logFile: path.join(context.workDir, `terraform.${stack}.log`),
  });
  if (result.code === null || !codes.includes(result.code)) {
    throw new StepFailed(`${stack}: terraform ${args[0]} exited ${result.code}:\n${result.stderr.slice(-3000)}`);
  }
  return result;
}

function countsLine(counts: FaultCounts): string {
  const { byKind } = counts;
  return `${counts.requests} requests, ${counts.injected} faults (${byKind.throttle} throttled, ${byKind['server-error']} 5xx, ${byKind.reset} resets, ${byKind.delay} delays)`;
}

/** The suite's steps on a running moto, in `workDir`. */
export async function deployThroughFaults(moto: MotoServer, workDir: string): Promise<void> {
  const progress = new Progress();
  const terraform = findE2eTerraform();
  progress.line('run', `terraform ${terraform.version}; fault rate ${rate}, seed ${seed}; logs in ${workDir}`);
  const proxies = new Map<string, FaultProxy>();
  const stopLater: FaultProxy[] = [];
  const started = Date.now();
  let watchdog: NodeJS.Timeout | undefined;
  try {
    const example = loadConfig(EXAMPLE);
    const accounts = new MotoAccounts(moto.endpoint, AuditNaming.fromConfig(example));
    const prerequisites = await createPrerequisites(example, accounts);
    const input = deployedConfig(JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')), prerequisites) as {
      deployment: Record<string, unknown>;
      organization: { managementAccountId: string };
    };
    input.deployment = {
      ...input.deployment,
      stateBucket: STATE_BUCKET,
      stateRoleArn: `arn:aws:iam::${input.organization.managementAccountId}:role/${String(input.deployment.roleName)}`,
    };
    const configFile = path.join(workDir, 'deployed.config.json');
    fs.writeFileSync(configFile, `${JSON.stringify(input, null, 2)}\n`);
    const config = loadConfig(configFile);
    const rootId = await enablePolicyTypes(config, accounts);
    progress.line(
      'run',
      `organization ${prerequisites.organizationId}, policy types on ${rootId}; moto pid ${moto.pid}`,
    );
    const out = path.join(workDir, 'out');
    synthesize(configFile, out);
    const stacks = synthesizedStacks(out);
    const random = seededRandom(seed);
    // Every bucket of ours denies requests without TLS (the state bucket too): Terraform, discover and
    // the harness reach moto through the proxies over TLS on loopback, with a certificate made here.
    const tls = loopbackCertificate(workDir);
    // Go's TLS reads SSL_CERT_FILE; the AWS provider and the S3 backend read AWS_CA_BUNDLE first.
    process.env.SSL_CERT_FILE = tls.certFile;
    process.env.AWS_CA_BUNDLE = tls.certFile;
    process.env.NODE_EXTRA_CA_CERTS = tls.certFile;
    let index = 0;
    for (const stack of [...stacks, 'discover']) {
      const proxy = new FaultProxy({ target: moto.endpoint, rate, seed: seed + (index += 1), tls });
      await proxy.start();
      proxies.set(stack, proxy);
    }
    const harness = new FaultProxy({ target: moto.endpoint, rate: 0, seed, tls });
    await harness.start();
    stopLater.push(harness);
    // A stack of a later synth (the upgrade check adds one) goes through the harness proxy: TLS, no faults.
    const endpointOf = (stack: string) => proxies.get(stack)?.endpoint ?? harness.endpoint;
    // A request moto has not answered in a minute is reported once while it is still open: when a
    // deploy then hits its time limit, this says whether it was waiting on moto (or on a held fault).
    const reported = new Set<string>();
    watchdog = setInterval(() => {
      for (const [name, proxy] of [...proxies, ['harness', harness] as const]) {
        for (const request of proxy.pending(STUCK_SECONDS)) {
          if (reported.has(`${name} ${request.id}`)) continue;
          reported.add(`${name} ${request.id}`);
          const where = request.forwarded ? 'moto has not answered' : 'not yet passed to moto';
          progress.line(
            name,
            `request ${request.id} (${request.what}) open for ${request.seconds.toFixed(0)} s: ${where}`,
          );
          // moto writes its threads' stacks to its log on SIGUSR1 (e2e/harness/moto_server.py).
          if (request.forwarded) dumpMotoThreads(moto.pid, path.join(workDir, 'moto.log'));
        }
      }
    }, 10_000);
    const runner = new StackRunner(terraform, moto.endpoint, workDir, progress, 's3', endpointOf);
    for (const stack of stacks) runner.writeOverride(stack, path.join(out, 'stacks', stack));
    const prefix = config.deployment.stateKeyPrefix;
    const s3 = new S3Client({
      ...(await accounts.of(stateAccountId(config)).client(config.homeRegion)),
      endpoint: harness.endpoint,
      requestHandler: { httpsAgent: new https.Agent({ ca: fs.readFileSync(tls.certFile) }) },
    });
    const context: Context = {
      terraform,
      config,
      accounts,
      out,
      workDir,
      runner,
      proxies,
      progress,
      s3,
      keyOf: (stack) => `${prefix}/${stack}.tfstate`,
    };

    // Steps that touch different stacks run side by side: most of each is waiting (on AWS's retry
    // back-off, the provider's polling of a bucket's lifecycle, a signal's delay), not computing.
    // 6 beside 1: discover reads the organization only, and needs no state bucket.
    await Promise.all([
      discoverThroughFaults(context, moto.endpoint, proxies.get('discover') as FaultProxy),
      bootstrap(context),
    ]);
    // 3 on the log archive, 2 on one member and 3 then 4 on another, side by side (each stack has its
    // own proxy and state): the member's applies start once the log archive's bucket they deliver to
    // exists; the migrated stack needs neither.
    const [logArchive, member] = interruptionPlan(random);
    await Promise.all([
      interruptions(context, logArchive),
      migration(context),
      (async () => {
        await memberLogsBucket(context);
        await interruptions(context, member);
        await concurrentApplies(context);
      })(),
    ]);

    // 5. Every stack, as a user deploys them, at the fault rate; then a second plan of each.
    progress.line('deploy', `npm run deploy (every stack, ${(rate * 100).toFixed(0)}% faults)`);
    const deployStarted = Date.now();
    const deployed = await runCommandAsync('deploy', ['--out', out, '--timeout', String(TIME_LIMITS.apply)], 1800);
    const deploySeconds = (Date.now() - deployStarted) / 1000;
    const applySeconds = new Map(
      [...deployed.matchAll(/^(\S+) +done +([\d.]+)/gm)].map((m) => [m[1], Number(m[2])] as const),
    );
    for (const line of deployed
      .slice(deployed.lastIndexOf('\nstack ') + 1)
      .trimEnd()
      .split('\n'))
      progress.line('deploy', line);
    // Three plans at a time: each spends most of its time loading the provider or waiting on moto.
    const drifted = (
      await runInWaves(
        [stacks],
        async (stack) => {
          await runner.planNoDrift(stack, path.join(out, 'stacks', stack));
          return { outcome: 'done' };
        },
        { parallel: 3, keepGoing: true },
      )
    ).filter(({ outcome }) => outcome !== 'done');
    if (drifted.length > 0) throw new StepFailed(drifted.map(({ reason }) => reason).join('\n'));
    await noDuplicates(context, stacks);

    // 7. What npm run e2e checks after a clean deploy, here after the deploy through faults, on the
    // same moto and synth: every setting read back, verify-delivery against the archive, the log
    // archive refusing destroy, and a changed config (planned through the proxies) replacing no
    // bucket, key or trail.
    const outputs = new Map<string, Outputs>(
      await Promise.all(
        stacks.map(async (stack) => [stack, await runner.outputs(stack, path.join(out, 'stacks', stack))] as const),
      ),
    );
    await settingsReadBack(
      config,
      accounts,
      outputs,
      rootId,
      progress,
      path.join(out, 'stacks', GUARDRAILS_STACK_NAME),
    );
    await deliveryReport(config, accounts, configFile, progress);
    // The refused destroy takes no lock (protectedData): it runs beside the upgrade's plans.
    await Promise.all([
      protectedData(runner, config, accounts, path.join(out, 'stacks', LOG_ARCHIVE_STACK_NAME)),
      upgradeSafety(runner, workDir, out, input, progress),
    ]);

    process.stdout.write(
      `\nFaults per stack over the whole run (rate ${rate}, seed ${seed}); deploy of every stack ${deploySeconds.toFixed(0)} s:\n`,
    );
    process.stdout.write(
      '| Stack | Requests | Faults | Throttled | 5xx | Resets | Delays | Apply in deploy |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n',
    );
    let total = 0;
    for (const [stack, proxy] of proxies) {
      const c = proxy.counts;
      total += c.injected;
      process.stdout.write(
        `| ${stack} | ${c.requests} | ${c.injected} | ${c.byKind.throttle} | ${c.byKind['server-error']} | ${c.byKind.reset} | ${c.byKind.delay} | ${applySeconds.has(stack) ? `${applySeconds.get(stack)} s` : ''} |\n`,
      );
    }
    for (const [stack, done] of repairs) {
      process.stdout.write(`Repairs after the interruptions of ${stack}: ${done.join('; ')}\n`);
    }
    progress.line(
      'run',
      `passed: ${total} faults injected and survived, in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    for (const [stack, proxy] of proxies) progress.line(stack, countsLine(proxy.counts));
  } finally {
    if (watchdog !== undefined) clearInterval(watchdog);
    for (const proxy of [...proxies.values(), ...stopLater]) await proxy.stop();
  }
}

/** The suite: exit 0 when every step passed and the harness's checks found nothing, else 1. */
export async function main(
  parts: SuiteParts<string> = { startMoto, steps: deployThroughFaults },
  workDir = process.env.E2E_WORKDIR || fs.mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-faults-')),
): Promise<number> {
  fs.mkdirSync(workDir, { recursive: true });
  return runOnMoto(parts, {
    logFile: path.join(workDir, 'moto.log'),
    context: workDir,
    report: {
      deployRoleStacks: [path.join(workDir, 'out', 'stacks'), path.join(workDir, 'out-upgraded', 'stacks')],
      managementAccountId: managementAccountOf(EXAMPLE),
    },
    failed: (error) =>
      `\ne2e:faults FAILED (replay with E2E_FAULT_SEED=${seed} E2E_FAULT_RATE=${rate}): ${error instanceof Error ? error.message : String(error)}` +
      (!(error instanceof StepFailed) && error instanceof Error && error.stack ? `\n${error.stack}` : ''),
  });
}

if (require.main === module) exitWith(main);
