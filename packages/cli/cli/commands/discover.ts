import { Command } from 'commander';
import { oldSpelling, renamedValue } from './renamed-option';
import { configFileOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import type { Discovery } from '../../toolkit/actions/discover-action';

interface DiscoverOptions {
  readonly config?: string;
  /** The old spelling of --config. */
  readonly out?: string;
  readonly role?: string;
  readonly regions?: string;
  readonly homeRegion?: string;
  readonly logArchive?: string;
  readonly audit?: string;
  readonly concurrency: string;
  readonly json?: boolean;
  readonly dryRun?: boolean;
}

/** `cdktf-audit-logging discover`: write or update the config from the organization as it is. */
export function discoverCommand(): Command {
  return new Command('discover')
    .description('Read the AWS organization (read-only) and write or update the config: members, adoptions, conflicts.')
    .option('-c, --config <file>', 'the config to write or update (default: $AUDIT_CONFIG, else audit.config.json)')
    .addOption(oldSpelling('-o, --out <file>', '--config'))
    .option('--role <name>', 'role to assume in each account to read its trails and recorders (read-only is enough)')
    .option(
      '--regions <list>',
      "Regions to read, comma-separated (default: the config's governedRegions; required for a new config)",
    )
    .option('--home-region <region>', 'home Region of a new config (default: the first of --regions)')
    .option(
      '--log-archive <account>',
      'the log archive account of a new config (default: the account named "Log Archive")',
    )
    .option(
      '--audit <account>',
      'the audit account of a new config (default: AWS Config\'s delegated administrator, else the account named "Audit" or "Security Tooling")',
    )
    .option('--concurrency <n>', 'accounts read at once', '8')
    .option('--json', 'print the changes and findings as JSON')
    .option('--dry-run', 'print what would change, write nothing')
    .addHelpText(
      'after',
      `
Reads, with the environment's credentials (the management account): the organization, every account
with its OU path, trusted access, policy types and the CloudTrail, AWS Config and Security Hub
delegated administrators; then in
each account (assuming --role there) and Region, the trails and AWS Config recorders and channels.
Calls only List* and Describe* APIs, with bounded concurrency and the SDK's adaptive retries.

A new config gets every account as a member: an existing recorder is adopted (existingConfig: an
import block in the plan), Control Tower's is left to it (awsConfig "control-tower"), and an audit
account is proposed, leaving to Control Tower or an existing administrator what they own. On an existing
config it adds new accounts, updates ouPath and accountStatus (discover owns those two fields; a
member no longer in the organization becomes DEPARTED) and changes nothing else; what it would not
change on its own is reported. A config that does not load is left untouched. The file is replaced
atomically.

Exit codes: 0 written (or nothing to change), 1 an account could not be read (the others are done),
2 a usage error (no credentials, a bad option, a config that does not load).

Examples:
  $ cdktf-audit-logging discover --regions eu-west-1,us-east-1 --role OrganizationAccountAccessRole
  $ cdktf-audit-logging discover --role AWSControlTowerExecution --dry-run --json`,
    )
    .action(async (options: DiscoverOptions) => {
      process.exitCode = await discover(options);
    });
}

function regionList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const regions = text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (regions.length === 0)
    throw new UsageError(`--regions ${JSON.stringify(text)}: give Region codes such as eu-west-1,us-east-1`);
  return regions;
}

async function discover(options: DiscoverOptions): Promise<number> {
  const { accountIdProblem, iamRoleNameProblem } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { discoverOrganization } = await import('../../toolkit/actions/discover-action');
  const out = configFileOption(
    renamedValue('discover', { old: '--out', new: '--config' }, { old: options.out, new: options.config }),
  );
  const concurrency = wholeNumberOption('--concurrency', options.concurrency, 'accounts at once', 1, 64);
  const roleProblem = options.role === undefined ? undefined : iamRoleNameProblem(options.role);
  if (roleProblem !== undefined) throw new UsageError(`--role ${JSON.stringify(options.role)} ${roleProblem}`);
  const archiveProblem = options.logArchive === undefined ? undefined : accountIdProblem(options.logArchive);
  if (archiveProblem !== undefined)
    throw new UsageError(`--log-archive ${JSON.stringify(options.logArchive)} ${archiveProblem}`);
  const auditProblem = options.audit === undefined ? undefined : accountIdProblem(options.audit);
  if (auditProblem !== undefined) throw new UsageError(`--audit ${JSON.stringify(options.audit)} ${auditProblem}`);
  const found = await discoverOrganization({
    config: out,
    regions: regionList(options.regions),
    homeRegion: options.homeRegion,
    role: options.role,
    concurrency,
    logArchive: options.logArchive,
    audit: options.audit,
    dryRun: options.dryRun,
    onProgress: progressLines(),
  });
  render(found, options);
  return found.findings.some((f) => f.kind === 'unreadable-account') ? EXIT.finding : EXIT.ok;
}

/** Accounts read so far, on stderr: one line rewritten on a terminal, else about one line in ten. */
function progressLines(): (done: number, total: number) => void {
  const interactive = process.stderr.isTTY === true;
  let shown = 0;
  return (done, total) => {
    const step = Math.max(1, Math.floor(total / 10));
    if (interactive) process.stderr.write(`\rdiscover: ${done}/${total} accounts read`);
    else if (done === total || done - shown >= step) {
      process.stderr.write(`discover: ${done}/${total} accounts read\n`);
      shown = done;
    }
    if (interactive && done === total) process.stderr.write('\n');
  };
}

/** What discover found: JSON with --json, else the changes and the findings as lines. */
function render(found: Discovery, options: DiscoverOptions): void {
  if (options.json === true) {
    process.stdout.write(
      `${JSON.stringify({ file: found.file, written: found.written, accounts: found.accounts, changes: found.changes, findings: found.findings }, null, 2)}\n`,
    );
    return;
  }
  const verb = options.dryRun === true ? 'would change' : 'changed';
  process.stdout.write(
    `${found.file}: ${found.changed ? `${verb} (${found.changes.length})` : 'nothing to change'}; organization ${found.organizationId}, ${found.accounts} accounts, ${found.regions.length} Regions\n`,
  );
  for (const change of found.changes) process.stdout.write(`  ${change}\n`);
  if (found.findings.length > 0) process.stdout.write(`\nFindings and decisions (${found.findings.length}):\n`);
  for (const f of found.findings)
    process.stdout.write(`  - ${f.accountId === undefined ? '' : `${f.accountId} `}[${f.kind}] ${f.message}\n`);
}
