import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { EXIT, UsageError } from './exit-codes';

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

function time(option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`${option} ${value} is not a time; use ISO 8601 such as 2026-11-21T00:00:00Z`);
  }
  return date;
}

async function verifyLogs(folder: string, options: VerifyLogsOptions): Promise<number> {
  const { parsePublicKeys } = await import('../../toolkit/integrity/digest-file');
  const { formatReport } = await import('../../toolkit/integrity/report-text');
  const { verifyTree } = await import('../../toolkit/integrity/verify-tree');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder`);
  const publicKeysFile = options.publicKeys ?? path.join(folder, 'public-keys.json');
  if (!fs.existsSync(publicKeysFile)) {
    throw new UsageError(
      `no public keys at ${publicKeysFile}; save them with: aws cloudtrail list-public-keys --start-time <first day> > ${publicKeysFile}`,
    );
  }
  const start = time('--start', options.start);
  const end = time('--end', options.end);
  let lastShown = 0;
  const started = Date.now();
  const report = await verifyTree(folder, {
    publicKeys: parsePublicKeys(fs.readFileSync(publicKeysFile, 'utf8')),
    start,
    end,
    strict: options.strict ?? false,
    onProgress: (done, total) => {
      if (total >= 1000 && (done - lastShown >= 1000 || done === total)) {
        lastShown = done;
        process.stderr.write(`  hashed ${done}/${total} log files (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    },
  });
  process.stdout.write(`${formatReport(report)}\n`);
  if (options.json !== undefined) fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? EXIT.ok : EXIT.finding;
}
