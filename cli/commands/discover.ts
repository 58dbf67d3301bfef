import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { oldSpelling, renamedValue } from './renamed-option';
import { configFileOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import { schemaReference } from '../../toolkit/discovery/schema-reference';

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
  const { isAwsRegion, accountIdProblem, iamRoleNameProblem } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { parseConfig } = await import('@audit-logging/cdktf/toolkit-api/config');
  const { ConfigError } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { readOrganization } = await import('../../toolkit/discovery/aws-inventory');
  const { checkSameOrganization, mergeConfig, newConfig } = await import('../../toolkit/discovery/discovered-config');

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

  const existingText = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  // An existing config must load before anything is read: it is never overwritten with a guess.
  let existing;
  try {
    existing = existingText === undefined ? undefined : parseConfig(existingText, out);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.file, error.problems, 'it is left untouched, and nothing was read from AWS');
  }
  const regions = regionList(options.regions) ?? existing?.governedRegions;
  if (regions === undefined) {
    throw new UsageError(
      `${out} does not exist: give --regions (the Regions to govern, such as eu-west-1,us-east-1) to write a new config`,
    );
  }
  for (const region of [...regions, ...(options.homeRegion === undefined ? [] : [options.homeRegion])]) {
    if (!isAwsRegion(region)) throw new UsageError(`${region} is not an AWS Region code (such as eu-west-1)`);
  }

  const interactive = process.stderr.isTTY === true;
  let shown = 0;
  const inventory = await readOrganization({
    regions,
    // STS and Organizations in the config's home Region: in its partition, and enabled.
    homeRegion: existing?.homeRegion ?? options.homeRegion ?? regions[0],
    roleName: options.role,
    concurrency,
    // A config of another organization is refused before any account is read.
    checkOrganization: (organizationId) => {
      if (existing !== undefined) checkSameOrganization(existing, out, organizationId);
    },
    onProgress: (done, total) => {
      const step = Math.max(1, Math.floor(total / 10));
      if (interactive) process.stderr.write(`\rdiscover: ${done}/${total} accounts read`);
      else if (done === total || done - shown >= step) {
        process.stderr.write(`discover: ${done}/${total} accounts read\n`);
        shown = done;
      }
      if (interactive && done === total) process.stderr.write('\n');
    },
  });

  const result =
    existingText === undefined
      ? newConfig(inventory, {
          regions,
          homeRegion: options.homeRegion,
          logArchiveAccountId: options.logArchive,
          auditAccountId: options.audit,
          schema: schemaReference(path.dirname(path.resolve(out))),
        })
      : mergeConfig(existingText, out, inventory);
  const changed = result.text !== existingText;
  if (changed && options.dryRun !== true) {
    const temporary = `${out}.discover-${process.pid}.tmp`;
    fs.writeFileSync(temporary, result.text);
    fs.renameSync(temporary, out);
  }
  const unreadable = result.findings.filter((f) => f.kind === 'unreadable-account');
  if (options.json === true) {
    process.stdout.write(
      `${JSON.stringify({ file: out, written: changed && options.dryRun !== true, accounts: inventory.accounts.length, changes: result.changes, findings: result.findings }, null, 2)}\n`,
    );
  } else {
    const verb = options.dryRun === true ? 'would change' : 'changed';
    process.stdout.write(
      `${out}: ${changed ? `${verb} (${result.changes.length})` : 'nothing to change'}; organization ${inventory.organizationId}, ${inventory.accounts.length} accounts, ${regions.length} Regions\n`,
    );
    for (const change of result.changes) process.stdout.write(`  ${change}\n`);
    if (result.findings.length > 0) process.stdout.write(`\nFindings and decisions (${result.findings.length}):\n`);
    for (const f of result.findings)
      process.stdout.write(`  - ${f.accountId === undefined ? '' : `${f.accountId} `}[${f.kind}] ${f.message}\n`);
  }
  return unreadable.length > 0 ? EXIT.finding : EXIT.ok;
}
