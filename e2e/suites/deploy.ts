/**
 * npm run e2e: deploys examples/e2e.config.json into a local AWS (moto, on loopback) and proves
 * that the stacks apply, that a second plan is empty, that the log archive refuses to be
 * destroyed, and that a changed config replaces none of the data-bearing resources.
 *
 * Environment: E2E_WORKDIR (default: a new folder under the system temp dir) keeps the logs,
 * state, plans and the plan summary; E2E_PYTHON (default python3) runs moto.
 * Exit 0 when every check passed, 1 otherwise.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../modules/config/load';
import { OrgConfig } from '../../modules/config/schema';
import {
  AuditNaming,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
} from '../../modules/core/naming';
import { Terraform } from '../../toolkit/terraform/terraform';
import { startMoto } from '../harness/moto';
import { checkGapFixes, checkStrictness } from '../harness/strictness';
import { createPrerequisites, deployedConfig, enablePolicyTypes, MotoAccounts, upgradedConfig } from '../harness/setup';
import {
  Progress,
  runCommand,
  StackRunner,
  StepFailed,
  synthesize,
  TIME_LIMITS,
  tryCommand,
} from '../harness/stack-runner';
import { deliveryExpectation } from '../../toolkit/delivery/delivery-targets';
import {
  checkGuardrails,
  checkLogArchive,
  checkMembers,
  checkOrganization,
  Checklist,
  Outputs,
} from '../harness/checks';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { synthesizedStacks } from '../../cli/commands/synth-output';
import { runInWaves } from '../../toolkit/terraform/stack-waves';
import { changedResources, destructiveChanges, PlanJson } from '../../toolkit/review/plan-summary';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'e2e.config.json');

function stackDir(stacks: Map<string, string>, stack: string): string {
  const dir = stacks.get(stack);
  if (dir === undefined) throw new StepFailed(`synth produced no stack ${stack}`);
  return dir;
}

/**
 * `terraform destroy` of the log archive must stop on `prevent_destroy`, before deleting anything:
 * Terraform must name the log bucket, the access-log bucket, the member-logs bucket and the log key
 * among the resources it refuses to destroy, and the log bucket must still be there.
 */
async function protectedData(
  runner: StackRunner,
  config: OrgConfig,
  accounts: MotoAccounts,
  dir: string,
): Promise<void> {
  const result = await runner.destroy(LOG_ARCHIVE_STACK_NAME, dir);
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code === 0)
    throw new StepFailed('terraform destroy of log-archive succeeded: prevent_destroy did not hold');
  const refused = new Set(
    [...output.matchAll(/Resource (\S+) has\s+lifecycle\.prevent_destroy set/g)].map((m) => m[1]),
  );
  const naming = AuditNaming.fromConfig(config);
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, { bucket?: string; name?: string; target_key_id?: string }>>;
  };
  const bucketAddress = (bucket: string) =>
    Object.entries(stack.resource.aws_s3_bucket).find(([, r]) => r.bucket === bucket)?.[0] ?? `bucket ${bucket}`;
  const alias = Object.values(stack.resource.aws_kms_alias).find((r) => r.name === naming.logKeyAliasName);
  const keyName = /aws_kms_key\.([^.]+)\./.exec(alias?.target_key_id ?? '')?.[1] ?? 'the log key';
  const required = [
    `aws_s3_bucket.${bucketAddress(naming.logBucketName)}`,
    `aws_s3_bucket.${bucketAddress(naming.accessLogBucketName)}`,
    `aws_s3_bucket.${bucketAddress(naming.memberLogsBucketName)}`,
    `aws_kms_key.${keyName}`,
  ];
  const unprotected = required.filter((address) => !refused.has(address));
  if (unprotected.length > 0) {
    throw new StepFailed(
      `terraform destroy of log-archive was not refused by prevent_destroy on ${unprotected.join(', ')}:\n${output.slice(-2000)}`,
    );
  }
  const s3 = new S3Client(await accounts.of(config.logArchive.accountId).client(config.homeRegion));
  await s3.send(new HeadBucketCommand({ Bucket: naming.logBucketName }));
}

async function upgradeSafety(
  runner: StackRunner,
  workDir: string,
  deployedOut: string,
  input: unknown,
  prerequisites: Awaited<ReturnType<typeof createPrerequisites>>,
  progress: Progress,
): Promise<void> {
  const upgradedFile = path.join(workDir, 'upgraded.config.json');
  fs.writeFileSync(upgradedFile, `${JSON.stringify(upgradedConfig(deployedConfig(input, prerequisites)), null, 2)}\n`);
  const upgraded = loadConfig(upgradedFile);
  const outdir = path.join(workDir, 'out-upgraded');
  const stacks = synthesize(upgradedFile, outdir);
  const naming = AuditNaming.fromConfig(upgraded);
  // The stacks in deployment order, as synth wrote them in its manifest.
  const order = synthesizedStacks(outdir);
  // npm run plan runs terraform init itself.
  for (const stack of order) runner.writeOverride(stack, stackDir(stacks, stack));
  // The review tools as a user runs them: npm run plan, then npm run plan-summary.
  // Only the stacks that the change touches, as the pull-request workflow plans them.
  progress.line('upgrade', 'npm run plan -- --changed (against the deployed synth)');
  const planned = runCommand(
    'plan',
    ['--out', outdir, '--changed', '--base', deployedOut, '--timeout', String(TIME_LIMITS.plan)],
    order.length * 300,
  );
  progress.line('upgrade', planned.split('\n')[0]);
  const summaryFile = path.join(workDir, 'plan-summary.md');
  progress.line('upgrade', 'npm run plan-summary');
  runCommand('plan-summary', ['--out', summaryFile, path.join(outdir, 'plans')], 60);
  const plans = order
    .filter((stack) => fs.existsSync(path.join(outdir, 'plans', `${stack}.json`)))
    .map((stack) => ({
      stack,
      plan: JSON.parse(fs.readFileSync(path.join(outdir, 'plans', `${stack}.json`), 'utf8')) as PlanJson,
    }));
  const destroyed = plans.flatMap(({ stack, plan }) =>
    destructiveChanges(plan).map((d) => `${stack}: ${d.change.address} (${d.kind})`),
  );
  if (destroyed.length > 0) {
    throw new StepFailed(
      `the changed config deletes or replaces data-bearing resources (${summaryFile}):\n  ${destroyed.join('\n  ')}`,
    );
  }
  // The protected resources must be in the plans, so that "none replaced" is not said of nothing.
  const changesOf = (stack: string) => plans.find((plan) => plan.stack === stack)?.plan.resource_changes ?? [];
  const archive = changesOf(LOG_ARCHIVE_STACK_NAME);
  const trail = changesOf(ORGANIZATION_STACK_NAME);
  const present = (changes: typeof archive, type: string, name: string) =>
    changes.some(
      (change) =>
        change.type === type &&
        (change.change.before as { bucket?: string; name?: string } | null)?.[
          type === 'aws_s3_bucket' ? 'bucket' : 'name'
        ] === name,
    );
  const required: [boolean, string][] = [
    [present(archive, 'aws_s3_bucket', naming.logBucketName), `bucket ${naming.logBucketName}`],
    [present(archive, 'aws_s3_bucket', naming.accessLogBucketName), `bucket ${naming.accessLogBucketName}`],
    [archive.some((change) => change.type === 'aws_kms_key'), 'the log key'],
    [present(trail, 'aws_cloudtrail', naming.trailName), `trail ${naming.trailName}`],
  ];
  const missing = required.filter(([found]) => !found).map(([, what]) => what);
  if (missing.length > 0) throw new StepFailed(`the upgrade plans do not contain ${missing.join(', ')}`);
  // The guardrails change with the config (a new Region, an outside member, a break-glass role): the
  // reviewer must see it statement by statement.
  const summary = fs.readFileSync(summaryFile, 'utf8');
  const attention = summary.slice(0, summary.indexOf('## Changes per stack'));
  for (const policy of ['evidence', 'recording', 'data-perimeter']) {
    if (
      !new RegExp(
        `### Policy update: ${GUARDRAILS_STACK_NAME} \`aws_organizations_policy\\.guardrails_${policy}_`,
      ).test(attention)
    ) {
      throw new StepFailed(
        `the plan summary does not show the ${policy} guardrail change under Needs attention (${summaryFile})`,
      );
    }
  }
  // The member the config dropped is reported as removed, with what destroying it would take.
  if (!/## Removed stacks[\s\S]*- `member-security-tooling`: \d+ resources, `terraform -chdir=/.test(summary)) {
    throw new StepFailed(`the plan summary does not report member-security-tooling as removed (${summaryFile})`);
  }
  const changed = plans.reduce((sum, { plan }) => sum + changedResources(plan).length, 0);
  progress.line(
    'upgrade',
    `${changed} resource changes planned, none deletes or replaces a bucket, key, trail or log group; ${summaryFile}`,
  );
}

/**
 * verify-delivery against the deployed archive, as a reader runs it: it must find the buckets the
 * stacks created where the config says (a wrong name or prefix would be exit 2), be allowed to list
 * them, and, since moto delivers no CloudTrail or Config files, report every expected day missing
 * (exit 1) with one listing per account, Region and kind.
 */
async function deliveryReport(
  config: OrgConfig,
  accounts: MotoAccounts,
  configFile: string,
  progress: Progress,
): Promise<void> {
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  progress.line('delivery', `npm run verify-delivery -- --from ${day} --to ${day} --json (as the log archive)`);
  const { credentials, endpoint } = await accounts.of(config.logArchive.accountId).client(config.homeRegion);
  const result = tryCommand('verify-delivery', ['--config', configFile, '--from', day, '--to', day, '--json'], 300, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken ?? '',
    AWS_PROFILE: '',
  });
  if (result.status !== 1) {
    throw new StepFailed(`verify-delivery: exit ${result.status}, not 1 (every day missing):\n${result.stderr}`);
  }
  const report = JSON.parse(result.stdout) as { gaps: { kind: string }[]; requests: number; targets: number };
  const expectation = deliveryExpectation(config);
  const kinds = expectation.targets.reduce(
    (n, t) => n + (t.trail === undefined ? 0 : 2) + (t.config === undefined ? 0 : 1),
    0,
  );
  if (report.gaps.length !== kinds || report.requests !== kinds) {
    throw new StepFailed(
      `verify-delivery: ${report.gaps.length} gaps and ${report.requests} requests, expected ${kinds} of each (every kind of every account and Region missing)`,
    );
  }
  progress.line(
    'delivery',
    `${report.targets} account-Regions listed in both buckets: all ${kinds} kinds reported missing, as moto delivers none; ${report.requests} requests`,
  );
}

async function main(): Promise<void> {
  const workDir = process.env.E2E_WORKDIR || fs.mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-'));
  fs.mkdirSync(workDir, { recursive: true });
  const progress = new Progress();
  const terraform = Terraform.find();
  progress.line('run', `terraform ${terraform.version}; logs, state and plans in ${workDir}`);

  const moto = await startMoto(path.join(workDir, 'moto.log'));
  progress.line('run', `moto on ${moto.endpoint} (pid ${moto.pid})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void moto.stop().finally(() => process.exit(130));
    });
  }
  try {
    for (const line of await checkStrictness(moto.endpoint)) progress.line('strict moto', line);
    for (const line of await checkGapFixes(moto.endpoint)) progress.line('moto fixes', line);
    const example = loadConfig(EXAMPLE);
    const accounts = new MotoAccounts(moto.endpoint, AuditNaming.fromConfig(example));
    const prerequisites = await createPrerequisites(example, accounts);
    progress.line(
      'run',
      `organization ${prerequisites.organizationId} with trusted access for CloudTrail; ${prerequisites.vpcIds.size} VPCs`,
    );

    const deployedFile = path.join(workDir, 'deployed.config.json');
    const input: unknown = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
    fs.writeFileSync(deployedFile, `${JSON.stringify(deployedConfig(input, prerequisites), null, 2)}\n`);
    const config = loadConfig(deployedFile);
    const deployedOut = path.join(workDir, 'out-deployed');
    const stacks = synthesize(deployedFile, deployedOut);
    const runner = new StackRunner(terraform, moto.endpoint, workDir, progress);

    // Deployed as a user deploys: npm run deploy, in waves. The guardrails wait for the policy types,
    // which the run first proves the plan insists on; the second deploy resumes after the first.
    const order = synthesizedStacks(deployedOut);
    for (const stack of order) runner.writeOverride(stack, stackDir(stacks, stack));
    const deploy = (args: string[]) => {
      progress.line('deploy', `npm run deploy -- ${args.join(' ')}`);
      const output = runCommand(
        'deploy',
        ['--out', deployedOut, '--timeout', String(TIME_LIMITS.apply), ...args],
        1800,
      );
      for (const line of output
        .slice(output.lastIndexOf('\nstack ') + 1)
        .trimEnd()
        .split('\n')) {
        progress.line('deploy', line);
      }
      return output;
    };
    deploy([LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME]);
    await runner.init(GUARDRAILS_STACK_NAME, stackDir(stacks, GUARDRAILS_STACK_NAME));
    await runner.planStops(
      GUARDRAILS_STACK_NAME,
      stackDir(stacks, GUARDRAILS_STACK_NAME),
      'policy type is not enabled on the organization root',
    );
    const rootId = await enablePolicyTypes(config, accounts);
    progress.line(GUARDRAILS_STACK_NAME, `SCP and RCP policy types enabled on ${rootId}`);
    const resumed = deploy(['--resume']);
    for (const stack of [LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME]) {
      if (!new RegExp(`^${stack} +skipped +applied before at this content`, 'm').test(resumed)) {
        throw new StepFailed(`deploy --resume applied ${stack} again instead of skipping it:\n${resumed}`);
      }
    }

    // A second plan of every stack must be empty; four at a time, as deploy ran them.
    const outputs = new Map<string, Outputs>();
    const noDrift = await runInWaves(
      [order],
      async (stack) => {
        const dir = stackDir(stacks, stack);
        await runner.planNoDrift(stack, dir);
        outputs.set(stack, await runner.outputs(stack, dir));
        return { outcome: 'done' };
      },
      { parallel: 4, keepGoing: true },
    );
    const drifted = noDrift.filter(({ outcome }) => outcome !== 'done');
    if (drifted.length > 0) throw new StepFailed(drifted.map(({ reason }) => reason).join('\n'));

    progress.line('checks', 'settings read back through the AWS SDK');
    const checks = new Checklist();
    await checkLogArchive(checks, config, accounts, outputs.get(LOG_ARCHIVE_STACK_NAME) ?? {});
    await checkOrganization(checks, config, accounts, outputs.get(ORGANIZATION_STACK_NAME) ?? {});
    await checkGuardrails(checks, config, accounts, rootId);
    await checkMembers(checks, config, accounts);
    for (const failure of checks.failures) process.stdout.write(`  FAIL ${failure.name}: ${failure.detail}\n`);
    progress.line('checks', `${checks.results.length - checks.failures.length} of ${checks.results.length} passed`);
    if (checks.failures.length > 0) throw new StepFailed(`${checks.failures.length} setting check(s) failed`);

    await deliveryReport(config, accounts, deployedFile, progress);
    await protectedData(runner, config, accounts, stackDir(stacks, LOG_ARCHIVE_STACK_NAME));
    await upgradeSafety(runner, workDir, deployedOut, input, prerequisites, progress);
    progress.line('run', 'passed');
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\ne2e FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  if (!(error instanceof StepFailed) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
