import { Command } from 'commander';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import { MAX_REQUESTED_SYNTH_THREADS } from '../../toolkit/synth/synth-workers';

/** `cdktf-audit-logging synth`: config in, one Terraform stack per account out. */
export function synthCommand(): Command {
  return new Command('synth')
    .description('Validate the organization config and write one Terraform stack per account.')
    .option('-c, --config <file>', 'the organization config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option('-o, --out <dir>', 'the output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--threads <n>',
      'threads to synthesize with, 1 to 16 (default: the cores, at most 4, from 100 members on; else 1)',
    )
    .addHelpText(
      'after',
      `
Writes <out>/stacks/<stack>/cdk.tf.json for each stack, <out>/manifest.json and
<out>/audit-deployment.json (the settings plan and deploy read, and the stacks synth wrote). The
whole output is written to a new folder beside <out> first, so a failure leaves <out> as it was.
Terraform's working files in <out>/stacks/<stack> (.terraform, plans) are kept. A stack folder that
synth wrote (or deploy applied) and the config no longer produces is left in place. When its deploy
record, deploy log, a saved plan or a local state with resources shows it may be deployed, synth
warns that its resources stay deployed until you destroy them; otherwise it says that nothing was
deployed from the folder. A folder neither wrote (a cdktf app's own stack beside ours) is not ours:
synth leaves it alone and says nothing of it.

From 100 members on, the stacks are shared among worker threads, one per core (at most 4): each
builds and writes the stacks it claims, and the files are the same as one thread's. --threads 1
keeps synth in one thread (a CI runner whose CPU quota is below its core count, say).

Examples:
  $ cdktf-audit-logging synth
  $ cdktf-audit-logging synth --config examples/full.config.json --out /tmp/full.out
  $ AUDIT_CONFIG=org.json cdktf-audit-logging synth
  $ cdktf-audit-logging synth --threads 1`,
    )
    .action(async (options: { config?: string; out?: string; threads?: string }) => {
      const { synthesize } = await import('../../toolkit/actions/synth-action');
      await synthesize({
        config: configFileOption(options.config),
        out: outDirOption(options.out),
        threads: threadsOption(options.threads),
      });
      process.exitCode = EXIT.ok;
    });
}

/** `--threads`: a whole number from 1 to MAX_REQUESTED_SYNTH_THREADS, or the default. */
function threadsOption(option: string | undefined): number | undefined {
  if (option === undefined) return undefined;
  return wholeNumberOption('--threads', option, 'threads', 1, MAX_REQUESTED_SYNTH_THREADS);
}
