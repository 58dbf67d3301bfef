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
import { loadConfig } from '../modules/config/load';
import { OrgConfig } from '../modules/config/schema';
import { AuditNaming, LOG_ARCHIVE_STACK_NAME, memberStackName, ORGANIZATION_STACK_NAME } from '../modules/core/naming';
import { Terraform } from '../modules/terraform-cli/terraform';
import { memberHasStack } from '../stacks/member';
import { startMoto } from '../e2e/moto';
import { createPrerequisites, deployedConfig, MotoAccounts } from '../e2e/setup';
import { Progress, StackRunner, StepFailed, synthesize } from '../e2e/stack-runner';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'e2e.config.json');

/** Stack names in deployment order. */
function deploymentOrder(config: OrgConfig): string[] {
  return [LOG_ARCHIVE_STACK_NAME, ORGANIZATION_STACK_NAME, ...config.members.filter(memberHasStack).map(memberStackName)];
}

async function main(): Promise<void> {
  if (process.env.TF_PLUGIN_MIRROR === undefined && fs.existsSync('/opt/tf-plugins')) {
    process.env.TF_PLUGIN_MIRROR = '/opt/tf-plugins';
  }
  const workDir = process.env.E2E_WORKDIR || fs.mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-'));
  fs.mkdirSync(workDir, { recursive: true });
  const progress = new Progress();
  const terraform = Terraform.find();
  progress.line('run', `terraform ${terraform.version}; logs, state and plans in ${workDir}`);

  const moto = await startMoto(path.join(workDir, 'moto.log'));
  progress.line('run', `moto on ${moto.endpoint} (pid ${moto.pid})`);
  try {
    const example = loadConfig(EXAMPLE);
    const accounts = new MotoAccounts(moto.endpoint, AuditNaming.fromConfig(example));
    const prerequisites = await createPrerequisites(example, accounts);
    progress.line('run', `organization ${prerequisites.organizationId} with trusted access for CloudTrail; ${prerequisites.vpcIds.size} VPCs`);

    const deployedFile = path.join(workDir, 'deployed.config.json');
    const input: unknown = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
    fs.writeFileSync(deployedFile, `${JSON.stringify(deployedConfig(input, prerequisites), null, 2)}\n`);
    const config = loadConfig(deployedFile);
    const stacks = synthesize(deployedFile, path.join(workDir, 'out-deployed'));
    const runner = new StackRunner(terraform, moto.endpoint, workDir, progress);

    for (const stack of deploymentOrder(config)) {
      const dir = stacks.get(stack);
      if (dir === undefined) throw new StepFailed(`synth produced no stack ${stack}`);
      await runner.init(stack, dir);
      await runner.apply(stack, dir);
      await runner.planNoDrift(stack, dir);
    }
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
