import { Command } from 'commander';
import { baseDirOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import { parallelOption, timeoutOption } from './stack-options';

/** Options of `plan`, as commander parses them. */
interface PlanCommandOptions {
  readonly out?: string;
  readonly timeout?: string;
  readonly changed?: boolean;
  readonly base?: string;
  readonly list?: boolean;
  readonly batches: string;
  readonly batch?: string;
  readonly parallel?: string;
  readonly readOnly?: boolean;
}

/** `cdktf-audit-logging plan`: a saved plan, and its JSON, for every synthesized stack or the changed ones. */
export function planCommand(): Command {
  return new Command('plan')
    .description(
      'Run terraform init, plan and show -json in every synthesized stack, the ones named, or the changed ones.',
    )
    .argument('[stacks...]', 'stack names (default: every stack of the last synth)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .option('--changed', 'plan only the stacks whose Terraform JSON differs in meaning from the base synth, or are new')
    .option('--base <dir>', 'the base synth for --changed (default: $AUDIT_BASE_OUTDIR, else cdktf.base.out)')
    .option('--list', 'print the stacks to plan and their batches as JSON, and plan nothing')
    .option('--batches <n>', 'with --list: share the stacks among at most this many batches', '20')
    .option('--batch <i/n>', 'plan only batch i of n of the selected stacks (one CI job each)')
    .option(
      '--parallel <n>',
      'stacks planned at once (default: as many as fit in 80% of free memory, at most 2 per CPU)',
    )
    .option(
      '--read-only',
      'assume deployment.planRoleName in each account instead of the deploy role (a plan to review, not to apply)',
    )
    .addHelpText(
      'after',
      `
Uses whatever AWS credentials the environment holds; each stack's provider then assumes its deploy
role (with --read-only, the plan role). Writes into <out>/plans/: <stack>.json (the input of
plan-summary), <stack>.tfplan (the saved plan that deploy --plan-dir applies) and
<stack>.plan-info.json (the digest of the stack it was made from). With --changed it also writes
stack-changes.json, and plan-summary lists the unchanged and removed stacks from it; with stacks
named, planned-stacks.json, and plan-summary lists the others as not in this run. Run synth first
(and, for --changed, synth the base into its own folder). Exit 0 when every stack planned, 1 when
one failed, 2 for bad arguments.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging plan
  $ cdktf-audit-logging plan log-archive organization --timeout 600
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --parallel 2
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --list --batches 20
  $ cdktf-audit-logging plan --changed --base base/cdktf.out --batch 3/20 --read-only`,
    )
    .action(async (stacks: string[], options: PlanCommandOptions) => {
      process.exitCode = await plan(outDirOption(options.out), stacks, options);
    });
}

/** `--batch i/n`, parsed. */
function batchOption(option: string): { batch: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(option);
  const [batch, of] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!(of >= 1 && batch >= 1 && batch <= of)) {
    throw new UsageError(`--batch ${option}: give i/n with 1 <= i <= n, such as 1/20`);
  }
  return { batch, of };
}

async function plan(out: string, named: readonly string[], options: PlanCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  if (options.base !== undefined && options.changed !== true) throw new UsageError('--base goes with --changed');
  const selection = {
    out,
    stacks: named,
    changedAgainst: options.changed === true ? baseDirOption(options.base) : undefined,
  };
  if (options.list === true) {
    const maxJobs = wholeNumberOption('--batches', options.batches, 'jobs', 1, 256);
    const { listPlanBatches } = await import('../../toolkit/actions/plan-action');
    process.stdout.write(`${JSON.stringify(listPlanBatches(selection, maxJobs))}\n`);
    return EXIT.ok;
  }
  const { planStacks } = await import('../../toolkit/actions/plan-action');
  const result = await planStacks({
    ...selection,
    timeoutSeconds,
    batch: options.batch === undefined ? undefined : batchOption(options.batch),
    parallel: parallelOption(options.parallel),
    readOnly: options.readOnly,
  });
  return result.ok ? EXIT.ok : EXIT.finding;
}
