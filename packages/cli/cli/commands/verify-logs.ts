import * as fs from 'fs';
import { Command } from 'commander';
import { EXIT } from './exit-codes';

/** Options of `verify-logs`, as given. */
interface VerifyLogsOptions {
  readonly publicKeys?: string;
  readonly start?: string;
  readonly end?: string;
  readonly strict?: boolean;
  readonly json?: string;
}

/** `cdktf-audit-logging verify-logs`: integrity of a local copy of CloudTrail logs, offline. */
export function verifyLogsCommand(): Command {
  return new Command('verify-logs')
    .description('Verify a local copy of CloudTrail logs against its digest files, offline.')
    .argument('<folder>', 'the local copy of the bucket (the folder that holds AWSLogs/)')
    .option(
      '-k, --public-keys <file>',
      'CloudTrail public keys, from `aws cloudtrail list-public-keys` (default: <folder>/public-keys.json)',
    )
    .option('--start <time>', 'only digests that end at or after this time (ISO 8601)')
    .option('--end <time>', 'only digests that start at or before this time (ISO 8601)')
    .option('--strict', 'fail also on warnings (a newest digest saved without its signature)')
    .option('--json <file>', 'also write the full report as JSON')
    .addHelpText(
      'after',
      `
Checks digest signatures and their chain, log file hashes, gaps and unlisted files. Exit 0 when the
copy is intact, 1 when a problem was found, 2 for bad arguments or unreadable digests.

Examples:
  $ aws s3 sync s3://<bucket>/AWSLogs/<org id>/<account>/ ./copy/AWSLogs/<org id>/<account>/
  $ aws cloudtrail list-public-keys --start-time 2026-11-01 > ./copy/public-keys.json
  $ cdktf-audit-logging verify-logs ./copy --start 2026-11-01T00:00:00Z
  $ cdktf-audit-logging verify-logs examples/evidence     # a small signed copy to try it on`,
    )
    .action(async (folder: string, options: VerifyLogsOptions) => {
      process.exitCode = await verifyLogs(folder, options);
    });
}

async function verifyLogs(folder: string, options: VerifyLogsOptions): Promise<number> {
  const { verifyLogCopy } = await import('../../toolkit/actions/verify-logs-action');
  let lastShown = 0;
  const started = Date.now();
  const { report, text } = await verifyLogCopy({
    folder,
    publicKeys: options.publicKeys,
    start: options.start,
    end: options.end,
    strict: options.strict,
    onProgress: (done, total) => {
      if (total >= 1000 && (done - lastShown >= 1000 || done === total)) {
        lastShown = done;
        process.stderr.write(`  hashed ${done}/${total} log files (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    },
  });
  process.stdout.write(`${text}\n`);
  if (options.json !== undefined) fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? EXIT.ok : EXIT.finding;
}
