import { Command } from 'commander';
import { outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
import { timeoutOption } from './stack-options';

/** Options shared by the `state` subcommands, as commander parses them. */
interface StateCommandOptions {
  readonly out?: string;
  readonly from?: string;
  readonly timeout?: string;
}

/** `cdktf-audit-logging state`: create the state bucket, and move local state into it. */
export function stateCommand(): Command {
  const bootstrap = new Command('bootstrap')
    .description(
      "Create the Terraform state bucket (deployment.stateBucket) from the state stack, and keep that stack's own state in it.",
    )
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--from <dir>', 'folder for the local state of the first apply (default: the current folder)', '.')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
Applies the state stack once with local state (terraform.state.tfstate in --from), then moves that
state into the bucket it created (terraform init -migrate-state) and checks that the state read back
from S3 is the one applied. Run it once, before the first deploy with deployment.stateBucket; it
changes nothing when the bucket already holds the state stack's state, so a second run is safe.
The bucket is versioned, encrypted, TLS-only, public access blocked, prevent_destroy, and its policy
denies deleting the bucket or any state version.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging state bootstrap`,
    )
    .action(async (options: StateCommandOptions) => {
      process.exitCode = await bootstrapCommand(outDirOption(options.out), options);
    });
  const migrate = new Command('migrate')
    .description('Move the local state of stacks into the S3 backend they are now synthesized with.')
    .argument('[stacks...]', 'stack names (default: every stack with a local state file)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--from <dir>',
      'folder of the local state files terraform.<stack>.tfstate (default: the current folder)',
      '.',
    )
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
For a project that deployed with local state and now sets deployment.stateBucket: synthesize, then
run this. For each stack it copies terraform.<stack>.tfstate into <stateKeyPrefix>/<stack>.tfstate
with terraform init -migrate-state, reads it back and checks that every resource (with every
attribute) and every output are the same, then renames the local file to terraform.<stack>.tfstate.migrated. It never
overwrites state that is already in the bucket: a stack whose key holds other state is refused.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging state migrate`,
    )
    .action(async (stacks: string[], options: StateCommandOptions) => {
      process.exitCode = await migrateCommand(outDirOption(options.out), stacks, options);
    });
  return new Command('state')
    .description('Create the Terraform state bucket, and move local state into it.')
    .addCommand(bootstrap)
    .addCommand(migrate);
}

async function bootstrapCommand(out: string, options: StateCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  const { bootstrapState } = await import('../../toolkit/actions/state-action');
  await bootstrapState({ out, from: options.from, timeoutSeconds });
  return EXIT.ok;
}

async function migrateCommand(out: string, stacks: readonly string[], options: StateCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  const { migrateState } = await import('../../toolkit/actions/state-action');
  const { failed } = await migrateState({ out, stacks, from: options.from, timeoutSeconds });
  return failed.length === 0 ? EXIT.ok : EXIT.finding;
}
