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
import { loadConfig } from '../../modules/org-config/load';
import {
  AuditNaming,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
} from '../../modules/core/naming';
import { findE2eTerraform } from '../harness/e2e-terraform';
import { startMoto, type MotoServer } from '../harness/moto';
import { exitWith, runOnMoto, type SuiteParts } from '../harness/suite';
import { checkGapFixes, checkStrictness } from '../harness/strictness';
import {
  createPrerequisites,
  deployedConfig,
  enablePolicyTypes,
  managementAccountOf,
  MotoAccounts,
} from '../harness/setup';
import { Progress, runCommand, StackRunner, StepFailed, synthesize, TIME_LIMITS } from '../harness/stack-runner';
import { Outputs } from '../harness/checks';
import { deliveryReport, protectedData, settingsReadBack, stackDir, upgradeSafety } from '../harness/deployed-checks';
import { synthesizedStacks } from '../../packages/cli/toolkit/synth/synthesized-stacks';
import { runInWaves } from '../../packages/cli/toolkit/terraform/stack-waves';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'e2e.config.json');

/** Where the suite works: logs, state, plans and the plan summary. */
export interface DeploySuiteContext {
  readonly workDir: string;
  readonly progress: Progress;
}

/** The suite's steps on a running moto. */
export async function deployAndCheck(moto: MotoServer, { workDir, progress }: DeploySuiteContext): Promise<void> {
  const terraform = findE2eTerraform();
  progress.line('run', `terraform ${terraform.version}; logs, state and plans in ${workDir}`);
  progress.line('run', `moto on ${moto.endpoint} (pid ${moto.pid})`);
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
    const output = runCommand('deploy', ['--out', deployedOut, '--timeout', String(TIME_LIMITS.apply), ...args], 1800);
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

  await settingsReadBack(config, accounts, outputs, rootId, progress, stackDir(stacks, GUARDRAILS_STACK_NAME));

  await deliveryReport(config, accounts, deployedFile, progress);
  await protectedData(runner, config, accounts, stackDir(stacks, LOG_ARCHIVE_STACK_NAME));
  await upgradeSafety(runner, workDir, deployedOut, deployedConfig(input, prerequisites), progress);
  progress.line('run', 'passed');
}

/** The suite: exit 0 when every step passed and the harness's checks found nothing, else 1. */
export async function main(
  parts: SuiteParts<DeploySuiteContext> = { startMoto, steps: deployAndCheck },
  workDir = process.env.E2E_WORKDIR || fs.mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-')),
): Promise<number> {
  fs.mkdirSync(workDir, { recursive: true });
  return runOnMoto(parts, {
    logFile: path.join(workDir, 'moto.log'),
    context: { workDir, progress: new Progress() },
    // The upgrade check plans a second synth (a member added): its sessions are proven too.
    report: {
      deployRoleStacks: [path.join(workDir, 'out-deployed', 'stacks'), path.join(workDir, 'out-upgraded', 'stacks')],
      managementAccountId: managementAccountOf(EXAMPLE),
    },
    failed: (error) =>
      `\ne2e FAILED: ${error instanceof Error ? error.message : String(error)}` +
      (!(error instanceof StepFailed) && error instanceof Error && error.stack ? `\n${error.stack}` : ''),
  });
}

if (require.main === module) exitWith(main);
