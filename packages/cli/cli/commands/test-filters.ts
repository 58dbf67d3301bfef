import * as fs from 'fs';
import { Command } from 'commander';
import type { NamedPattern } from '@audit-logging/cdktf/toolkit-api/catalogs';
import { EXIT, UsageError } from './exit-codes';
import { loadCheckedConfig } from '../../toolkit/common/config-warnings';

/** Options of `test-filters`. */
interface TestFiltersOptions {
  readonly config?: string;
  readonly pattern?: string;
  readonly all?: boolean;
}

/** `cdktf-audit-logging test-filters`: which alarms each CloudTrail event would trigger. */
export function testFiltersCommand(): Command {
  return new Command('test-filters')
    .description('Show which alarms each CloudTrail event would trigger, and how often each alarm fires.')
    .argument('<files...>', 'CloudTrail log files ({"Records": [...]}), JSON arrays of events, or JSON Lines')
    .option(
      '-c, --config <file>',
      'take the alarms this config selects (default: $AUDIT_CONFIG, else audit.config.json when present, else every CIS control and the evasion pack)',
    )
    .option('-p, --pattern <pattern>', 'try this one CloudWatch Logs filter pattern instead')
    .option('-a, --all', 'list every event, also those that trigger nothing')
    .addHelpText(
      'after',
      `
A pattern that matches nothing is not an error. Exit 0 when the files were read, 2 when one is
missing or is not CloudTrail events (a digest file or a config says so).

Examples:
  $ cdktf-audit-logging test-filters ./AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2026/11/21/*.json.gz
  $ cdktf-audit-logging test-filters events.jsonl --pattern '{ $.eventName = "StopLogging" }' --all
  $ cdktf-audit-logging test-filters events.jsonl --config examples/full.config.json`,
    )
    .action(async (files: string[], options: TestFiltersOptions) => {
      process.exitCode = await testFilters(files, options);
    });
}

async function patternsFrom(options: TestFiltersOptions): Promise<{ patterns: NamedPattern[]; from: string }> {
  if (options.pattern !== undefined)
    return { patterns: [{ id: '--pattern', pattern: options.pattern }], from: '--pattern' };
  const {
    CIS_CONTROL_LIST,
    EVASION_DETECTION_LIST,
    cisAlarmDefinitions,
    evasionAlarmDefinitions,
    namedPatternsOf,
    configuredAlarms,
  } = await import('@audit-logging/cdktf/toolkit-api/catalogs');
  const { ConfigError } = await import('@audit-logging/cdktf/toolkit-api/core');
  // An empty AUDIT_CONFIG means unset, as in synth.
  const file =
    options.config ??
    (process.env.AUDIT_CONFIG || (fs.existsSync('audit.config.json') ? 'audit.config.json' : undefined));
  if (file === undefined) {
    return {
      patterns: namedPatternsOf([
        ...cisAlarmDefinitions(CIS_CONTROL_LIST.map((c) => c.id)),
        ...evasionAlarmDefinitions(EVASION_DETECTION_LIST.map((d) => d.id)),
      ]),
      from: 'every CIS control and the evasion pack (no config found)',
    };
  }
  try {
    return { patterns: namedPatternsOf(configuredAlarms((await loadCheckedConfig(file)).alarms)), from: file };
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.file, error.problems, 'no pattern was tried');
    throw error;
  }
}

async function testFilters(files: readonly string[], options: TestFiltersOptions): Promise<number> {
  const { readEvents, tryFilters } = await import('@audit-logging/cdktf/toolkit-api/catalogs');
  const { gunzipSync } = await import('zlib');
  const { patterns, from } = await patternsFrom(options);
  const alarms = new Set(patterns.map((p) => p.id)).size;
  process.stdout.write(`${alarms} alarm(s), ${patterns.length} filter pattern(s), from ${from}\n`);
  const counts = new Map(patterns.map((p) => [p.id, 0]));
  let total = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    const bytes = fs.readFileSync(file);
    // CloudTrail delivers log files gzipped (.json.gz); a copy may have been unzipped already.
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    const verdicts = tryFilters(readEvents(text, file), patterns);
    total += verdicts.length;
    for (const v of verdicts) {
      for (const id of v.triggered) counts.set(id, (counts.get(id) ?? 0) + 1);
      if (v.triggered.length === 0 && !options.all) continue;
      process.stdout.write(
        `${file} ${v.at}  ${v.eventTime}  ${v.eventSource} ${v.eventName}  -> ${v.triggered.join(', ') || '(none)'}\n`,
      );
    }
  }
  process.stdout.write(`\n${total} event(s); alarms triggered:\n`);
  for (const [id, count] of counts) process.stdout.write(`  ${String(count).padStart(5)}  ${id}\n`);
  return EXIT.ok;
}
