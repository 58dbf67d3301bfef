import { Command } from 'commander';
import { EXIT } from './exit-codes';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';

/** Options of `live-search-sinks`, as commander parses them. */
interface LiveSearchSinksOptions {
  readonly config?: string;
  readonly out?: string;
  readonly live?: boolean;
  readonly dryRun?: boolean;
}

/** `cdktf-audit-logging live-search-sinks`: live search's second step, the sinks' ARNs into the config. */
export function liveSearchSinksCommand(): Command {
  return new Command('live-search-sinks')
    .description(
      "Write the log archive's live search sinks (by Region) into applicationLogs.liveSearch.sinkArns of the config, and show the change.",
    )
    .option('-c, --config <file>', 'the config to update (default: $AUDIT_CONFIG, else audit.config.json)')
    .option(
      '-o, --out <dir>',
      'the synth folder the log archive was deployed from, whose deploy record holds its outputs (default: $CDKTF_OUTDIR, else cdktf.out)',
    )
    .option(
      '--live',
      "read the sinks from the log archive account instead (oam:ListSinks in each governed Region, with the environment's credentials)",
    )
    .option('--dry-run', 'print the change, write nothing')
    .addHelpText(
      'after',
      `
Live search is turned on in two steps: a link names its sink by the ARN AWS gave the sink, so the
log archive's stack makes the sinks first, then the members' stacks link to them. This command is
the step between: it reads the ARNs, by default offline from <out>/deploy-record.json (deploy keeps
each stack's outputs there: the log archive's live_search_sink_arns), or with --live from the log
archive account itself (oam:ListSinks, the sink named audit-live-search in each governed Region;
its read-only role, the audit-log-investigator, may list them: AWS_PROFILE=<log archive profile>).
It writes them into applicationLogs.liveSearch.sinkArns and prints the diff; the rest of the file
keeps its formatting. The file is replaced whole or not at all (a temporary file, then a rename).

Refused, with nothing written (exit 2): live search off (applicationLogs.liveSearch.enabled), a
governed Region with no sink (the field applicationLogs.liveSearch.sinkArns.<region> is named), an
ARN the config would refuse, a config file or folder that is not writable. A failed AWS call exits 1.
AWS_ENDPOINT_URL is honoured.

Then synth, plan and deploy the members' stacks: their links follow the ARNs.

Examples:
  $ cdktf-audit-logging deploy log-archive && cdktf-audit-logging live-search-sinks
  $ AWS_PROFILE=log-archive-readonly cdktf-audit-logging live-search-sinks --live
  $ cdktf-audit-logging live-search-sinks --config org.config.json --out ci/cdktf.out --dry-run`,
    )
    .action(async (options: LiveSearchSinksOptions) => {
      process.exitCode = await liveSearchSinks(options);
    });
}

async function liveSearchSinks(options: LiveSearchSinksOptions): Promise<number> {
  const { updateLiveSearchSinks } = await import('../../toolkit/actions/live-search-sinks-action');
  const { file, field, from, diff, written } = await updateLiveSearchSinks({
    config: configFileOption(options.config),
    out: outDirOption(options.out),
    live: options.live,
    dryRun: options.dryRun,
  });
  if (diff === '') {
    process.stdout.write(`${file}: ${field} already names these sinks; nothing to change\n`);
    return EXIT.ok;
  }
  process.stdout.write(diff);
  process.stdout.write(
    written
      ? `${file}: ${field} from ${from}. Synth, plan and deploy the members' stacks to link them.\n`
      : `${file}: not written (--dry-run)\n`,
  );
  return EXIT.ok;
}
