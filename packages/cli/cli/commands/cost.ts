import * as fs from 'fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { dayArgument } from './day-option';
import type { CostVolumes } from '../../toolkit/cost/cost-estimate';

interface CostOptions {
  readonly config?: string;
  readonly out?: string;
  readonly format: 'md' | 'json';
  readonly output?: string;
  readonly priceRegion?: string;
  readonly eventsPerAccountDay?: number;
  readonly dataEventsPerAccountDay?: number;
  readonly gzipBytesPerEvent?: number;
  readonly jsonBytesPerEvent?: number;
  readonly configItems?: number;
  readonly ruleEvaluations?: number;
  readonly securityHubChecks?: number;
  readonly applicationLogGbPerAccountDay?: number;
  readonly applicationLogRecordBytes?: number;
  readonly month?: number;
  readonly fromArchive?: boolean;
  readonly from?: string;
  readonly to?: string;
}

/** Each volume option and the volume it gives. */
const VOLUME_OPTIONS: readonly (readonly [keyof CostOptions & string, keyof CostVolumes])[] = [
  ['eventsPerAccountDay', 'managementEventsPerAccountDay'],
  ['dataEventsPerAccountDay', 'dataEventsPerAccountDay'],
  ['gzipBytesPerEvent', 'gzipBytesPerEvent'],
  ['jsonBytesPerEvent', 'jsonBytesPerEvent'],
  ['configItems', 'configItemsPerAccountRegionMonth'],
  ['ruleEvaluations', 'ruleEvaluationsPerAccountRegionDay'],
  ['securityHubChecks', 'securityHubChecksPerAccountRegionMonth'],
  ['applicationLogGbPerAccountDay', 'applicationLogGbPerAccountDay'],
  ['applicationLogRecordBytes', 'applicationLogRecordBytes'],
  ['month', 'month'],
];

/** A volume option: a number of 0 or more, or a usage error naming the option. */
function volume(name: string) {
  return (value: string): number => {
    const number = Number(value.replace(/_/g, ''));
    if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
      throw new InvalidArgumentError(`${name} ${value} is not a number of 0 or more`);
    }
    return number;
  };
}

/** `cdktf-audit-logging cost`: the monthly cost of what the synthesized stacks build, line by line. */
export function costCommand(): Command {
  return new Command('cost')
    .description(
      'The monthly cost of the configured organization, one line per service and what drives it, each price with its source.',
    )
    .option('--config <file>', 'the config (default: AUDIT_CONFIG, or audit.config.json)')
    .option(
      '--out <dir>',
      'where synth wrote the stacks, whose alarms, metric filters and keys are counted (default: cdktf.out)',
    )
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .option('--output <file>', 'write the estimate here instead of printing it')
    .option('--price-region <region>', "the Region whose prices are used (default: the config's homeRegion)")
    .option(
      '--events-per-account-day <n>',
      'management events each account records a day',
      volume('--events-per-account-day'),
    )
    .option(
      '--data-events-per-account-day <n>',
      'S3 and Lambda data events each account records a day (when the trail records them)',
      volume('--data-events-per-account-day'),
    )
    .option(
      '--gzip-bytes-per-event <n>',
      'bytes of gzip log file per event in the archive',
      volume('--gzip-bytes-per-event'),
    )
    .option(
      '--json-bytes-per-event <n>',
      'bytes per event as CloudWatch Logs ingests it',
      volume('--json-bytes-per-event'),
    )
    .option(
      '--config-items <n>',
      'AWS Config items each account records a month in each Region',
      volume('--config-items'),
    )
    .option(
      '--rule-evaluations <n>',
      'AWS Config rule evaluations per account, Region and day',
      volume('--rule-evaluations'),
    )
    .option(
      '--security-hub-checks <n>',
      'Security Hub checks per account, Region and month',
      volume('--security-hub-checks'),
    )
    .option(
      '--application-log-gb-per-account-day <n>',
      'with applicationLogs: GB of log events each sending account ingests a day, all Regions',
      volume('--application-log-gb-per-account-day'),
    )
    .option(
      '--application-log-record-bytes <n>',
      'with applicationLogs: bytes per record CloudWatch Logs sends to Firehose (billed rounded up to 5 KB)',
      volume('--application-log-record-bytes'),
    )
    .option(
      '--from-archive',
      "measure the events per account and day in the archive: the sizes of the CloudTrail log files of each account's day folders (needs s3:ListBucket on the log bucket)",
    )
    .option(
      '--from <day>',
      'with --from-archive: the first day measured, yyyy-MM-dd or yyyy/MM/dd (default: 6 days before --to, a window of 7 days)',
      dayArgument,
    )
    .option(
      '--to <day>',
      'with --from-archive: the last day measured, yyyy-MM-dd or yyyy/MM/dd (default: yesterday, UTC)',
      dayArgument,
    )
    .option(
      '--month <n>',
      'the month of the archive the storage lines are for (storage grows until it expires)',
      volume('--month'),
    )
    .addHelpText(
      'after',
      `
Reads the config and the synthesized stacks (run synth first); calls nothing in AWS. Each line is a
service and what drives it (CloudTrail events, S3 storage by class over the lifecycle, CloudWatch
Logs ingestion and storage, metrics and alarms, AWS Config items and rule evaluations, Security Hub
checks, KMS keys and requests, the Athena columnar copy, the application logs' Firehose delivery
and storage, the search tier's capacity floors and storage), its monthly quantity, the list price
and its source page. The search tier's floor, what it bills idle, heads the report. Volumes the config cannot know are options; those not given are assumptions, named
as such. With --from-archive, the events per account and day are measured instead: the sizes
ListObjectsV2 reports for the CloudTrail log files in each account's day folders over the window
(one request per day folder and 1,000 files, no file read), divided by --gzip-bytes-per-event;
they count data events too, which share the log files. Run it as the log archive's
audit-log-investigator role or a reader account, as verify-delivery. Lines nobody can estimate from
here (flow and session logs, findings, your own queries) are listed as not estimated, never as
zero. Exit 0, or 2 for a bad option, config or Region, or an archive it cannot list or that holds
no log file in the window.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging cost
  $ cdktf-audit-logging cost --events-per-account-day 25000 --format json --output cost.json
  $ cdktf-audit-logging cost --price-region us-east-1 --month 36
  $ cdktf-audit-logging cost --from-archive --from 2026-11-01 --to 2026-11-14`,
    )
    .action(async (options: CostOptions) => {
      process.exitCode = await cost(options);
    });
}

async function cost(options: CostOptions): Promise<number> {
  checkArchiveOptions(options);
  const { estimateSynthCost } = await import('../../toolkit/actions/cost-action');
  const { costMarkdown } = await import('../../toolkit/cost/cost-report');
  const configFile = configFileOption(options.config);
  const estimate = await estimateSynthCost({
    config: configFile,
    out: outDirOption(options.out),
    volumes: Object.fromEntries(
      VOLUME_OPTIONS.flatMap(([option, name]) => (options[option] === undefined ? [] : [[name, options[option]]])),
    ),
    priceRegion: options.priceRegion,
    fromArchive: options.fromArchive === true ? { from: options.from, to: options.to } : undefined,
  });
  const text =
    options.format === 'json'
      ? `${JSON.stringify({ config: configFile, ...estimate }, null, 2)}\n`
      : costMarkdown(estimate, configFile);
  if (options.output === undefined) process.stdout.write(text);
  else {
    fs.writeFileSync(options.output, text);
    process.stdout.write(`${options.output}: ${estimate.totalUsd.toFixed(2)} USD a month\n`);
  }
  return EXIT.ok;
}

/**
 * The options --from-archive goes with and those it refuses.
 * @throws UsageError for --from or --to without --from-archive, or --from-archive with the volume it measures.
 */
function checkArchiveOptions(options: CostOptions): void {
  if (options.fromArchive !== true) {
    const stray = options.from !== undefined ? '--from' : options.to !== undefined ? '--to' : undefined;
    if (stray !== undefined)
      throw new UsageError(`${stray} sets the window --from-archive measures: add --from-archive`);
    return;
  }
  if (options.eventsPerAccountDay !== undefined) {
    throw new UsageError(
      '--events-per-account-day and --from-archive both set the events per account and day: give one',
    );
  }
  if (options.dataEventsPerAccountDay !== undefined) {
    throw new UsageError(
      '--data-events-per-account-day with --from-archive counts data events twice: the log files it measures hold them; leave it out',
    );
  }
  if (options.gzipBytesPerEvent === 0) {
    throw new UsageError('--gzip-bytes-per-event 0: --from-archive divides the bytes by it; give a size above 0');
  }
}
