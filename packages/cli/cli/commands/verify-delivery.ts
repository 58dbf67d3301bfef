import { Command } from 'commander';
import { EXIT } from './exit-codes';
import { dayArgument } from './day-option';
import { wholeNumberOption } from './whole-number-option';
import { configFileOption } from '../../toolkit/common/default-paths';

/** Options of `verify-delivery`, as given. */
interface VerifyDeliveryOptions {
  readonly config?: string;
  readonly from?: string;
  readonly to?: string;
  readonly accounts?: string;
  readonly regions?: string;
  /** A local copy of the archive to list instead of S3. */
  readonly archive?: string;
  readonly json?: boolean;
  readonly concurrency: string;
  readonly maxAttempts: string;
}

/** `cdktf-audit-logging verify-delivery`: did every account, Region and day deliver its evidence? */
export function verifyDeliveryCommand(): Command {
  return new Command('verify-delivery')
    .description(
      'Check that CloudTrail logs, digests and AWS Config snapshots arrived in the archive for every account, Region and day.',
    )
    .option('-c, --config <file>', 'the organization config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option(
      '--from <day>',
      'first day, yyyy-MM-dd or yyyy/MM/dd (default: 6 days before --to, a window of 7 days)',
      dayArgument,
    )
    .option(
      '--to <day>',
      'last day, yyyy-MM-dd or yyyy/MM/dd (default: yesterday, UTC: the last whole day)',
      dayArgument,
    )
    .option('--accounts <list>', 'only these accounts: ids or member names, comma-separated (default: all)')
    .option('--regions <list>', 'only these governed Regions, comma-separated (default: all governed)')
    .option(
      '--archive <dir>',
      'list a local copy of the archive instead of S3: one folder per bucket, as aws s3 sync writes it (offline)',
    )
    .option('--json', 'print the report as JSON instead of text')
    .option('--concurrency <n>', 'list requests in flight at once', '32')
    .option('--max-attempts <n>', 'attempts per request, with backoff, before giving up', '8')
    .addHelpText(
      'after',
      `
Read-only: lists the day folders of the log bucket and the member-logs bucket (S3 ListObjectsV2
with a delimiter), never reads a file. Run it with credentials that may list both, such as the
log archive's audit-log-investigator role. What is expected comes from the config: the organization
trail's accounts (and account trails of members outside it), Config where this product records it,
every governed Region, from each member's evidenceSince. The application logs of the members that
send them (applicationLogs) are counted, never a gap: the report names each account and Region that
sent none in the window. AWS_ENDPOINT_URL is honoured.

With --archive, it lists a copy instead, offline and without credentials: the folder holds each
bucket in a folder of the bucket's name (aws s3 sync s3://<bucket> <dir>/<bucket>), and the report
is the one the same objects in S3 would give: what an auditor runs on the copy they were handed.

Exit 0 when everything expected arrived, 1 when something is missing (the report names each account,
Region, kind and day), 2 for bad arguments, an invalid config, or a bucket that cannot be listed.

Examples:
  $ cdktf-audit-logging verify-delivery
  $ cdktf-audit-logging verify-delivery --from 2026-11-01 --to 2026-11-21 --accounts payments-prod,111122223333
  $ cdktf-audit-logging verify-delivery --regions eu-west-1 --json > delivery.json
  $ cdktf-audit-logging verify-delivery --archive ./copy --from 2026-07-01 --to 2026-09-30`,
    )
    .action(async (options: VerifyDeliveryOptions) => {
      process.exitCode = await verifyDelivery(options);
    });
}

/** `a, b,,c` as `['a', 'b', 'c']`; undefined when not given. */
function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

async function verifyDelivery(options: VerifyDeliveryOptions): Promise<number> {
  const concurrency = wholeNumberOption('--concurrency', options.concurrency, 'requests at once', 1, 512);
  const maxAttempts = wholeNumberOption('--max-attempts', options.maxAttempts, 'attempts', 1, 20);
  const { checkEvidenceDelivery } = await import('../../toolkit/actions/verify-delivery-action');
  const started = Date.now();
  let lastShown = 0;
  const { report, text } = await checkEvidenceDelivery({
    config: configFileOption(options.config),
    from: options.from,
    to: options.to,
    accounts: list(options.accounts),
    regions: list(options.regions),
    archive: options.archive,
    concurrency,
    maxAttempts,
    onProgress: (done, total, requests) => {
      if (total >= 500 && (Date.now() - lastShown > 10_000 || done === total)) {
        lastShown = Date.now();
        process.stderr.write(
          `  ${done}/${total} account-Regions, ${requests} requests (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
        );
      }
    },
  });
  process.stdout.write(`${options.json === true ? JSON.stringify(report, null, 2) : text}\n`);
  return report.complete ? EXIT.ok : EXIT.finding;
}
