import { Command } from 'commander';
import { baseDirOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
import { parallelOption, timeoutOption } from './stack-options';

/** Options of `deploy`, as commander parses them. */
interface DeployCommandOptions {
  readonly out?: string;
  readonly timeout?: string;
  readonly changed?: boolean;
  readonly base?: string;
  readonly parallel?: string;
  readonly planDir?: string;
  readonly resume?: boolean;
  readonly keepGoing?: boolean;
}

/** `cdktf-audit-logging deploy`: apply the synthesized stacks in waves, several members at a time. */
export function deployCommand(): Command {
  return new Command('deploy')
    .description(
      'Apply the synthesized stacks in deployment order: log archive, organization-level stacks, then members in parallel.',
    )
    .argument('[stacks...]', 'stack names (default: every stack of the last synth)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--changed',
      'apply only the stacks whose Terraform JSON differs in meaning from the base synth, or are new',
    )
    .option('--base <dir>', 'the base synth for --changed (default: $AUDIT_BASE_OUTDIR, else cdktf.base.out)')
    .option(
      '--parallel <n>',
      'member stacks applied at once (default: as many as fit in 80% of free memory, at most 2 per CPU)',
    )
    .option(
      '--plan-dir <dir>',
      "apply the reviewed plans in this folder (plan's <out>/plans); refuse a stack that changed since",
    )
    .option('--resume', 'skip the stacks this synth folder records as applied at the same synthesized content')
    .option('--keep-going', 'after a failure, go on with the other stacks of the same wave (never into the next wave)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
Waves: the log archive first (every other stack delivers to it), then the organization, the
guardrails and the audit account's delegation, then every member stack, up to --parallel at a
time, then the audit account's stack. A change that removes something another stack names goes
consumers first: the stacks that stop naming it apply in a removal wave ahead of the others (live
search off: the members' links before the log archive's sinks). The change is the one from the
base synth with --changed, else the one synth recorded in <out>/transition-order.json; a change no
order applies, or one that needs a removed stack destroyed first, is refused with its steps. A
failure stops new starts (running applies finish) and the command exits 1; nothing of a later
wave starts after a failure. Ctrl-C (SIGINT or SIGTERM) does the same: the running applies stop
after saving their state. Each stack's provider assumes its deploy role with the credentials in
the environment.

Each stack that applies prints its Terraform outputs (terraform output -json; a sensitive one as
"(sensitive)", its value never printed nor kept). Each successful apply is recorded at once in
<out>/deploy-record.json with the digest of the stack as applied and its outputs, so that --resume
after a failure or an interruption skips what is done, and live-search-sinks reads the log archive's
sinks from it. With
--plan-dir, each stack applies <dir>/<stack>.tfplan, and is refused when it has no plan there, when
the plan was made read-only, or when the stack synthesizes differently now than when it was
planned; Terraform itself refuses a plan whose state has moved on ("Saved plan is stale"), and
that stack needs a new plan (cdktf-audit-logging plan <stack>), not --resume.

A call AWS keeps failing is named for its stack as soon as the provider has retried it three times
in a row (from Terraform's debug log, kept in a temporary file only while the apply runs), and
every 5 minutes a stack says what it is still waiting for.

What a killed or interrupted run leaves stops its stack with the commands that repair it, which
deploy never runs itself: a state lock (terraform force-unlock, once the holder is surely gone),
resources tainted by a create cut short (terraform untaint), resources created but never saved
(terraform import). See docs/failures.md.

Examples:
  $ cdktf-audit-logging deploy
  $ cdktf-audit-logging plan && cdktf-audit-logging deploy --plan-dir cdktf.out/plans
  $ cdktf-audit-logging deploy --changed --base base/cdktf.out --parallel 4
  $ cdktf-audit-logging deploy --resume`,
    )
    .action(async (stacks: string[], options: DeployCommandOptions) => {
      process.exitCode = await deploy(outDirOption(options.out), stacks, options);
    });
}

async function deploy(out: string, named: readonly string[], options: DeployCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  const { deployStacks } = await import('../../toolkit/actions/deploy-action');
  const result = await deployStacks({
    out,
    stacks: named,
    changedAgainst: options.changed === true ? baseDirOption(options.base) : undefined,
    timeoutSeconds,
    parallel: parallelOption(options.parallel),
    planDir: options.planDir,
    resume: options.resume,
    keepGoing: options.keepGoing,
  });
  return result.ok ? EXIT.ok : EXIT.finding;
}
