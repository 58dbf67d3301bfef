/*
 * npm run test-filters -- <events.jsonl | cloudtrail-log.json> [--config <audit.config.json>] [--pattern '<pattern>'] [--all]
 *
 * Which alarms each CloudTrail event would trigger: the CIS controls and custom alarms the config
 * selects (AUDIT_CONFIG or audit.config.json when present, every CIS control otherwise), or one
 * pattern given with --pattern. Lists the events that trigger something (--all: every event) and
 * a count per alarm. Exits 1 on bad input; a pattern that matches nothing is not an error.
 */
import * as fs from 'fs';
import { CIS_CATALOG, cisAlarmDefinitions } from '../modules/alarms/cis-catalog';
import { configuredAlarms } from '../modules/alarms/configured-alarms';
import { NamedPattern, readEvents, tryFilters } from '../modules/alarms/try-filters';
import { loadConfig } from '../modules/config/load';
import { AuditLoggingError } from '../modules/core/errors';

function patternsFrom(args: { config?: string; pattern?: string }): { patterns: NamedPattern[]; from: string } {
  if (args.pattern !== undefined) return { patterns: [{ id: '--pattern', pattern: args.pattern }], from: '--pattern' };
  // An empty AUDIT_CONFIG means unset, as in main.ts.
  const file =
    args.config ?? (process.env.AUDIT_CONFIG || (fs.existsSync('audit.config.json') ? 'audit.config.json' : undefined));
  if (file === undefined) {
    return {
      patterns: cisAlarmDefinitions(CIS_CATALOG.map((c) => c.id)),
      from: 'every CIS control (no config found)',
    };
  }
  return { patterns: configuredAlarms(loadConfig(file).alarms), from: file };
}

function main(argv: string[]): number {
  const files: string[] = [];
  const options: { config?: string; pattern?: string; all?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config' || arg === '--pattern') {
      const value = argv[++i];
      if (value === undefined) throw new AuditLoggingError(`${arg} needs a value`);
      options[arg === '--config' ? 'config' : 'pattern'] = value;
    } else if (arg === '--all') options.all = true;
    else if (arg.startsWith('--'))
      throw new AuditLoggingError(`unknown option ${arg}; use --config, --pattern or --all`);
    else files.push(arg);
  }
  if (files.length === 0) {
    throw new AuditLoggingError(
      "usage: npm run test-filters -- <events.jsonl | cloudtrail-log.json> [--config <file>] [--pattern '<pattern>'] [--all]",
    );
  }
  const { patterns, from } = patternsFrom(options);
  console.log(`${patterns.length} pattern(s) from ${from}`);
  const counts = new Map(patterns.map((p) => [p.id, 0]));
  let total = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) throw new AuditLoggingError(`${file}: no such file`);
    const verdicts = tryFilters(readEvents(fs.readFileSync(file, 'utf8'), file), patterns);
    total += verdicts.length;
    for (const v of verdicts) {
      for (const id of v.triggered) counts.set(id, (counts.get(id) ?? 0) + 1);
      if (v.triggered.length === 0 && !options.all) continue;
      console.log(
        `${file} ${v.at}  ${v.eventTime}  ${v.eventSource} ${v.eventName}  -> ${v.triggered.join(', ') || '(none)'}`,
      );
    }
  }
  console.log(`\n${total} event(s); alarms triggered:`);
  for (const [id, count] of counts) console.log(`  ${String(count).padStart(5)}  ${id}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof AuditLoggingError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
