import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { configFileOption, outDirOption, synthesizedStacks } from './synth-output';
import { EXIT, UsageError } from './exit-codes';
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
  readonly month?: number;
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
checks, KMS keys and requests, the Athena columnar copy), its monthly quantity, the list price and
its source page. Volumes the config cannot know are options; those not given are assumptions, named
as such. Lines nobody can estimate from here (flow and session logs, findings, your own queries)
are listed as not estimated, never as zero. Exit 0, or 2 for a bad option, config or Region.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging cost
  $ cdktf-audit-logging cost --events-per-account-day 25000 --format json --output cost.json
  $ cdktf-audit-logging cost --price-region us-east-1 --month 36`,
    )
    .action(async (options: CostOptions) => {
      process.exitCode = await cost(options);
    });
}

async function cost(options: CostOptions): Promise<number> {
  const { loadConfig } = await import('../../modules/config/load');
  const { countStacks, estimateCost, CostInputError } = await import('../../toolkit/cost/cost-estimate');
  const { costMarkdown } = await import('../../toolkit/cost/cost-report');
  const configFile = configFileOption(options.config);
  const config = loadConfig(configFile);
  const out = outDirOption(options.out);
  const stacks = synthesizedStacks(out).map((name) => ({
    json: JSON.parse(fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
  }));
  const given: Partial<CostVolumes> = Object.fromEntries(
    VOLUME_OPTIONS.flatMap(([option, name]) => (options[option] === undefined ? [] : [[name, options[option]]])),
  );
  let estimate;
  try {
    estimate = estimateCost(config, countStacks(stacks), given, options.priceRegion);
  } catch (error) {
    if (error instanceof CostInputError) throw new UsageError(error.message);
    throw error;
  }
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
