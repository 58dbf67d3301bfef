/**
 * The checks of a deployed examples/e2e.config.json that every e2e suite deploying it can run at its
 * end: the settings read back through the AWS SDK, verify-delivery against the archive, the log
 * archive refusing to be destroyed, and a changed config replacing no data-bearing resource.
 * `npm run e2e` runs them after a clean deploy; `npm run e2e:faults` after its deploy through faults.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../modules/org-config/load';
import { OrgConfig } from '../../modules/org-config/schema';
import {
  AuditNaming,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
} from '../../modules/core/naming';
import { synthesizedStacks } from '../../packages/cli/toolkit/synth/synthesized-stacks';
import { deliveryExpectation } from '../../packages/cli/toolkit/delivery/delivery-targets';
import { changedResources, destructiveChanges, PlanJson } from '../../packages/cli/toolkit/review/plan-summary';
import {
  checkGuardrails,
  checkLogArchive,
  checkMembers,
  checkOrganization,
  Checklist,
  Outputs,
  runSections,
  synthesizedPolicies,
} from './checks';
import { configuredAlarms } from '../../modules/alarms/configured-alarms';
import { MotoAccounts, upgradedConfig } from './setup';
import {
  Progress,
  runCommand,
  runCommandAsync,
  StackRunner,
  StepFailed,
  synthesize,
  TIME_LIMITS,
  tryCommand,
} from './stack-runner';

export function stackDir(stacks: Map<string, string>, stack: string): string {
  const dir = stacks.get(stack);
  if (dir === undefined) throw new StepFailed(`synth produced no stack ${stack}`);
  return dir;
}

/**
 * `terraform destroy` of the log archive must stop on `prevent_destroy`, before deleting anything:
 * Terraform must name the log bucket, the access-log bucket, the member-logs bucket and the log key
 * among the resources it refuses to destroy, and the log bucket must still be there.
 */
export async function protectedData(
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

export async function upgradeSafety(
  runner: StackRunner,
  workDir: string,
  deployedOut: string,
  deployedInput: unknown,
  progress: Progress,
): Promise<void> {
  const upgradedFile = path.join(workDir, 'upgraded.config.json');
  fs.writeFileSync(upgradedFile, `${JSON.stringify(upgradedConfig(deployedInput), null, 2)}\n`);
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
  // Not blocking this process: in e2e:faults the proxies that carry the plan's requests run in it.
  const planned = await runCommandAsync(
    'plan',
    ['--out', outdir, '--changed', '--base', deployedOut, '--timeout', String(TIME_LIMITS.plan)],
    order.length * 300,
  );
  progress.line('upgrade', planned.split('\n')[0]);
  const summaryFile = path.join(workDir, 'plan-summary.md');
  progress.line('upgrade', 'npm run plan-summary');
  runCommand('plan-summary', ['--output', summaryFile, path.join(outdir, 'plans')], 60);
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
export async function deliveryReport(
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
  // Application logs are listed too, and are never a gap.
  const requests = kinds + expectation.targets.filter((t) => t.applicationLogs !== undefined).length;
  if (report.gaps.length !== kinds || report.requests !== requests) {
    throw new StepFailed(
      `verify-delivery: ${report.gaps.length} gaps and ${report.requests} requests, expected ${kinds} gaps and ${requests} requests (every kind of every account and Region missing)`,
    );
  }
  progress.line(
    'delivery',
    `${report.targets} account-Regions listed in both buckets: all ${kinds} kinds reported missing, as moto delivers none; ${report.requests} requests`,
  );
}

/** Every setting of the deployed stacks read back through the AWS SDK: throws when one differs. */
export async function settingsReadBack(
  config: OrgConfig,
  accounts: MotoAccounts,
  outputs: ReadonlyMap<string, Outputs>,
  rootId: string,
  progress: Progress,
  /** The folder of the synthesized guardrails stack: its policies' statements are what AWS must hold. */
  guardrailsDir: string,
): Promise<void> {
  progress.line('checks', 'settings read back through the AWS SDK');
  const checks = new Checklist();
  const policies = synthesizedPolicies(JSON.parse(fs.readFileSync(path.join(guardrailsDir, 'cdk.tf.json'), 'utf8')));
  // The fewest checks each part makes on this config: a part whose loop finds nothing fails.
  await runSections(checks, [
    {
      name: 'log archive',
      // Four settings of each evidence bucket, two of each of the three buckets, the log bucket's
      // policy, Athena's four and Glue's four.
      atLeast: 2 * 4 + 3 * 2 + 2 + 4 + 4,
      run: (c) => checkLogArchive(c, config, accounts, outputs.get(LOG_ARCHIVE_STACK_NAME) ?? {}),
    },
    {
      name: 'organization',
      // A filter and an alarm of each configured alarm.
      atLeast: 2 * configuredAlarms(config.alarms).length,
      run: (c) => checkOrganization(c, config, accounts, outputs.get(ORGANIZATION_STACK_NAME) ?? {}),
    },
    {
      name: 'guardrails',
      // The statements of each policy synthesized, and where they are attached.
      atLeast: policies.size + 2,
      run: (c) => checkGuardrails(c, config, accounts, rootId, policies),
    },
    {
      name: 'members',
      // The recorder, recording and channel in each Region, a standalone trail's two, each flow log,
      // the session logs in each Region.
      atLeast: config.members.reduce(
        (n, m) =>
          n +
          (m.awsConfig ? 3 * config.governedRegions.length : 0) +
          (m.standaloneTrail ? 2 : 0) +
          m.vpcFlowLogs.length +
          (m.sessionManagerLogs ? config.governedRegions.length : 0),
        0,
      ),
      run: (c) => checkMembers(c, config, accounts),
    },
  ]);
  for (const failure of checks.failures) process.stdout.write(`  FAIL ${failure.name}: ${failure.detail}\n`);
  progress.line('checks', `${checks.results.length - checks.failures.length} of ${checks.results.length} passed`);
  if (checks.failures.length > 0) throw new StepFailed(`${checks.failures.length} setting check(s) failed`);
}
