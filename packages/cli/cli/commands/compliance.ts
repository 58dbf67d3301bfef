import * as fs from 'fs';
import { Command, Option } from 'commander';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';

interface ComplianceOptions {
  readonly config?: string;
  readonly out?: string;
  readonly format: 'md' | 'json' | 'html';
  readonly output?: string;
  readonly live?: boolean;
  readonly region?: string;
  readonly aggregator?: string | false;
  readonly securityHub: boolean;
}

/** `cdktf-audit-logging compliance`: the control matrix of the synthesized stacks. */
export function complianceCommand(): Command {
  return new Command('compliance')
    .description(
      'The control matrix of the synthesized stacks: CIS v7.0.0 Logging, Monitoring and 2.1.2 (with the v6.0.0 to v3.0.0 numbers), and Security Hub.',
    )
    .option('--config <file>', 'the config whose claims are checked (default: AUDIT_CONFIG, or audit.config.json)')
    .option('--out <dir>', 'where synth wrote the stacks (default: CDKTF_OUTDIR, or cdktf.out)')
    .addOption(
      new Option('--format <format>', 'md, json, or html (one self-contained page)')
        .choices(['md', 'json', 'html'])
        .default('md'),
    )
    .option('--output <file>', 'write the matrix here instead of printing it')
    .option(
      '--live',
      "read the organization's state now, from Security Hub and the AWS Config aggregator, instead of the synthesized stacks",
    )
    .option(
      '--region <region>',
      "with --live: the Region of Security Hub's findings and the aggregator (default: homeRegion)",
    )
    .option(
      '--aggregator <name>',
      "with --live: the AWS Config aggregator to read (default: the audit account's, when audit.configAggregator is on)",
    )
    .option('--no-aggregator', 'with --live: read no AWS Config aggregator')
    .option('--no-security-hub', 'with --live: read no Security Hub findings')
    .addHelpText(
      'after',
      `
Reads the config (what it claims) and the synthesized stacks (what is built); calls nothing in AWS.
Each control is met, a deliberate gap (with the reason, such as S3 data events left off),
missing (claimed by the config and not in the stacks), or not covered: a CIS requirement this
product does not build (web front-end access logs), listed with the reason rather
than left out. Rows are numbered as in CIS v7.0.0, with each earlier version's number beside.
Exit 0 when nothing is missing, 1 when a control is missing, 2 for a bad option, config or a
folder with no synthesized stacks.

With --live it reads, with the environment's credentials (the audit account's read-only role sees
every account), Security Hub's active control findings in one Region (the finding aggregator's,
where findings of every Region meet; securityhub:GetFindings) and the AWS Config aggregator's
compliance of the detective rules, with each non-compliant rule's resources
(config:DescribeAggregateComplianceByConfigRules, config:GetAggregateComplianceDetailsByConfigRule).
For each control either checks and each account of the config (and any other account found), the
state is compliant, failing (with the resources) or not evaluated; requests that fail are named.
Exit 0 when everything was read and nothing fails, 1 when a control fails or something could not
be read, 2 for a bad option or config.

Examples:
  $ cdktf-audit-logging synth && cdktf-audit-logging compliance
  $ cdktf-audit-logging compliance --format json --output compliance.json
  $ cdktf-audit-logging compliance --live --format html --output state.html
  $ AWS_PROFILE=audit-readonly cdktf-audit-logging compliance --live --output state.md
  $ cdktf-audit-logging compliance --live --aggregator aws-controltower-GuardrailsComplianceAggregator`,
    )
    .action(async (options: ComplianceOptions) => {
      process.exitCode = await compliance(options);
    });
}

/**
 * Prints a report in the chosen format, or writes it to `--output` and prints what it holds
 * (`summary`).
 */
function writeReport<T, P>(
  options: ComplianceOptions,
  report: T,
  provenance: P,
  json: (report: T, provenance: P) => unknown,
  markdown: (report: T, provenance: P) => string,
  html: (report: T, provenance: P) => string,
  summary: string,
): void {
  const text =
    options.format === 'json'
      ? `${JSON.stringify(json(report, provenance), null, 2)}\n`
      : options.format === 'html'
        ? html(report, provenance)
        : markdown(report, provenance);
  if (options.output === undefined) process.stdout.write(text);
  else {
    fs.writeFileSync(options.output, text);
    process.stdout.write(`${options.output}: ${summary}\n`);
  }
}

async function compliance(options: ComplianceOptions): Promise<number> {
  if (options.live === true) return live(options);
  if (options.region !== undefined) throw new UsageError('--region reads findings: use it with --live');
  if (options.aggregator !== undefined || !options.securityHub) {
    throw new UsageError(
      '--aggregator, --no-aggregator and --no-security-hub choose what --live reads: use them with --live',
    );
  }
  const { synthCompliance } = await import('../../toolkit/actions/compliance-action');
  const { complianceMarkdown } = await import('../../toolkit/compliance/compliance-report');
  const { complianceHtml } = await import('../../toolkit/compliance/html-report');
  const { rows, provenance, missing } = await synthCompliance({
    config: configFileOption(options.config),
    out: outDirOption(options.out),
  });
  writeReport(
    options,
    rows,
    provenance,
    (controls, p) => ({ provenance: p, controls }),
    complianceMarkdown,
    complianceHtml,
    `${rows.length} controls`,
  );
  for (const r of missing) {
    process.stderr.write(
      `missing: ${r.id}: ${r.verdicts
        .filter((v) => v.status === 'missing')
        .map((v) => `${v.where}: ${v.detail}`)
        .join('; ')}\n`,
    );
  }
  return missing.length > 0 ? EXIT.finding : EXIT.ok;
}

/** `compliance --live`: the state Security Hub and the AWS Config aggregator report now, per account and control. */
async function live(options: ComplianceOptions): Promise<number> {
  const { liveCompliance } = await import('../../toolkit/actions/compliance-action');
  const { liveMarkdown, liveVerdict, NOTHING_EVALUATED } = await import('../../toolkit/compliance/live-report');
  const { liveHtml } = await import('../../toolkit/compliance/html-report');
  const { report, provenance } = await liveCompliance({
    config: configFileOption(options.config),
    region: options.region,
    aggregator: options.aggregator,
    securityHub: options.securityHub,
  });
  writeReport(
    options,
    report,
    provenance,
    (state, p) => ({ provenance: p, ...state }),
    liveMarkdown,
    liveHtml,
    `${report.accounts.length} accounts, ${report.rows.length} controls: ${liveVerdict(report)}`,
  );
  for (const what of report.unread) process.stderr.write(`not read: ${what}\n`);
  if (liveVerdict(report) === NOTHING_EVALUATED) {
    // Exit 0 all the same: nothing failed. A new deployment's first evaluations take a while.
    process.stderr.write(`${NOTHING_EVALUATED}\n`);
  }
  const failing = report.rows.filter((row) => row.cells.some((c) => c.status === 'failing'));
  for (const row of failing) {
    const accounts = row.cells.filter((c) => c.status === 'failing').map((c) => c.accountId);
    process.stderr.write(
      `failing: ${row.id}: ${accounts.length} account(s): ${accounts.slice(0, 10).join(', ')}${accounts.length > 10 ? ', ...' : ''}\n`,
    );
  }
  return failing.length > 0 || report.unread.length > 0 ? EXIT.finding : EXIT.ok;
}
