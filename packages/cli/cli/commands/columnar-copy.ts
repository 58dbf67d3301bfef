import { Command } from 'commander';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { EXIT } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import { configFileOption } from '../../toolkit/common/default-paths';
import { dayArgument, dayRange } from './day-option';
import { fromKeyDay } from '../../toolkit/common/day';

/** Options of `columnar-copy`, as given. */
interface ColumnarCopyOptions {
  readonly config?: string;
  readonly from: string;
  readonly to?: string;
  readonly replace?: boolean;
  readonly printSql?: boolean;
  readonly maxAttempts: string;
}

/** `cdktf-audit-logging columnar-copy`: add missed days to the columnar copy (a backfill). */
export function columnarCopyCommand(): Command {
  return new Command('columnar-copy')
    .description(
      'Add days to the columnar copy of the CloudTrail table in Athena: days the schedule missed, or before it.',
    )
    .requiredOption('--from <day>', 'first day, yyyy-MM-dd or yyyy/MM/dd', dayArgument)
    .option('--to <day>', 'last day, yyyy-MM-dd or yyyy/MM/dd (default: --from)', dayArgument)
    .option('--replace', 'copy again the days the copy already holds (deleted first): for a day copied too early')
    .option('-c, --config <file>', 'the organization config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option('--print-sql', 'print the statements for the first day and run nothing')
    .option('--max-attempts <n>', 'attempts per request, with backoff, before giving up', '8')
    .addHelpText(
      'after',
      `
Runs in the log archive account, in the copy's Athena workgroup (audit-columnar-copy), one day at a
time in order, with the statement the daily schedule runs: a day the copy already holds is kept,
never doubled; with --replace it is deleted and copied again. Each day reads that day of the
organization trail's logs once (Athena bills the bytes read: see the columnar copy's costs in
docs/log-analytics.md). Run it with credentials of the log archive account that may use that
workgroup, the Glue catalog and both buckets, such as its deploy role. AWS_ENDPOINT_URL is honoured.

Exit 0 when every day is copied or kept, 1 when a statement failed (the days before it are done),
2 for bad arguments, an invalid config or a config without the copy.

Examples:
  $ cdktf-audit-logging columnar-copy --from 2026-11-01 --to 2026-11-24
  $ cdktf-audit-logging columnar-copy --from 2026-11-24 --replace
  $ cdktf-audit-logging columnar-copy --from 2026-11-24 --print-sql`,
    )
    .action(async (options: ColumnarCopyOptions) => {
      process.exitCode = await columnarCopy(options);
    });
}

async function columnarCopy(options: ColumnarCopyOptions): Promise<number> {
  const maxAttempts = wholeNumberOption('--max-attempts', options.maxAttempts, 'attempts', 1, 20);
  const { addColumnarCopyDays, BackfillFailed, columnarCopyStatements, ColumnarCopyUnreachable } =
    await import('../../toolkit/actions/columnar-copy-action');
  const range = dayRange(options.from, options.to ?? options.from);
  const asked = { config: configFileOption(options.config), ...range, replace: options.replace, maxAttempts };
  if (options.printSql === true) {
    const statements = await columnarCopyStatements(asked);
    process.stdout.write(`${statements.map((s) => `${s};`).join('\n\n')}\n`);
    return EXIT.ok;
  }
  const line = (d: { day: string; action: string; records: number; bytesScanned: number }) =>
    `${fromKeyDay(d.day)}  ${d.action.padEnd(8)}  ${String(d.records).padStart(12)} records  ${(d.bytesScanned / 1e9).toFixed(3)} GB read\n`;
  try {
    const { days, kept, bytesScanned } = await addColumnarCopyDays({
      ...asked,
      onDay: (day) => process.stdout.write(line(day)),
    });
    process.stdout.write(
      `${counted(days.length, 'day')}: ${days.length - kept} copied, ${kept} kept (already in the copy${kept > 0 ? '; --replace copies them again' : ''}); ${(bytesScanned / 1e9).toFixed(3)} GB read\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ColumnarCopyUnreachable) {
      process.stderr.write(`columnar-copy: ${error.message}\n`);
      return EXIT.finding;
    }
    if (!(error instanceof BackfillFailed)) throw error;
    process.stderr.write(
      `columnar-copy: ${error.message}\n${counted(error.done.length, 'day')} before it ${error.done.length === 1 ? 'is' : 'are'} done; fix the cause and run again from ${fromKeyDay(error.day)} (days already copied are kept)\n`,
    );
    return EXIT.finding;
  }
}
