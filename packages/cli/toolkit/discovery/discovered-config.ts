import { applyEdits, FormattingOptions, modify } from 'jsonc-parser';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { OrgConfig, parseConfig } from '@audit-logging/cdktf/toolkit-api/config';
import {
  auditDecision,
  auditFindings,
  existingMemberFindings,
  Finding,
  memberSettings,
  organizationFindings,
  subscriptionPolicyFindings,
  trailFindings,
} from './decisions';
import { DiscoveredAccount, OrganizationInventory } from './inventory';
import { uniqueMemberNames } from './member-names';

/** Settings discover cannot read from AWS, for a new config. */
export interface NewConfigOptions {
  /** Regions to govern; the first is the home Region unless `homeRegion` is given. */
  readonly regions: readonly string[];
  /** @default the first of `regions` */
  readonly homeRegion?: string;
  /** The log archive account. @default the one active account whose name says "log archive" */
  readonly logArchiveAccountId?: string;
  /** `$schema` to write at the top, for editors. @default none */
  readonly schema?: string;
  /** The audit account. @default AWS Config's delegated administrator, else the one active account named "Audit" or "Security Tooling" */
  readonly auditAccountId?: string;
}

/** The config discover wrote, what it changed, and what it found. */
export interface DiscoveryResult {
  /** The config file's new text (equal to the old text when nothing changed). */
  readonly text: string;
  /** One line per change: `added member payments-prod (444455556666, Root/Workloads)`. */
  readonly changes: readonly string[];
  readonly findings: readonly Finding[];
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** A member entry for a newly discovered account: only what differs from the defaults. */
function newMember(account: DiscoveredAccount, name: string, inventory: OrganizationInventory) {
  const { settings, findings } = memberSettings(inventory.resources.get(account.id));
  const member: Record<string, unknown> = { name, accountId: account.id, ouPath: account.ouPath };
  if (account.status !== 'ACTIVE') member.accountStatus = account.status;
  if (settings.awsConfig !== true) member.awsConfig = settings.awsConfig;
  if (settings.existingConfig.length > 0) {
    member.existingConfig = settings.existingConfig.map((r) => ({
      region: r.region,
      recorderName: r.recorderName,
      ...(r.deliveryChannelName === undefined ? {} : { deliveryChannelName: r.deliveryChannelName }),
    }));
  }
  return { member, findings: findings.map((f) => ({ ...f, accountId: account.id })) };
}

function byName(a: DiscoveredAccount, b: DiscoveredAccount): number {
  return a.ouPath.localeCompare(b.ouPath) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function logArchiveAccount(
  inventory: OrganizationInventory,
  options: NewConfigOptions,
): { id: string; finding?: Finding } {
  if (options.logArchiveAccountId !== undefined) {
    if (!inventory.accounts.some((a) => a.id === options.logArchiveAccountId)) {
      throw new AuditLoggingError(
        `--log-archive ${options.logArchiveAccountId} is not an account of organization ${inventory.organizationId}`,
      );
    }
    return { id: options.logArchiveAccountId };
  }
  const named = inventory.accounts.filter((a) => a.status === 'ACTIVE' && /log[\s_-]*archive/i.test(a.name));
  if (named.length !== 1) {
    throw new AuditLoggingError(
      `${named.length === 0 ? 'no account' : `${named.length} accounts`} of organization ${inventory.organizationId} ${named.length === 0 ? 'is' : 'are'} named like "Log Archive": name the log archive account with --log-archive <account id>`,
    );
  }
  return {
    id: named[0].id,
    finding: {
      kind: 'log-archive-guess',
      accountId: named[0].id,
      message: `is the log archive account, by its name "${named[0].name}" (--log-archive names another)`,
    },
  };
}

/** A new config for the organization: every account a member, with the settings what exists needs. */
export function newConfig(
  inventory: OrganizationInventory,
  options: NewConfigOptions,
  ourTrailName = 'organization-trail',
): DiscoveryResult {
  if (options.regions.length === 0) {
    throw new AuditLoggingError(
      '--regions is required for a new config: the Regions to govern, such as eu-west-1,us-east-1',
    );
  }
  const archive = logArchiveAccount(inventory, options);
  if (options.auditAccountId !== undefined && !inventory.accounts.some((a) => a.id === options.auditAccountId)) {
    throw new AuditLoggingError(
      `--audit ${options.auditAccountId} is not an account of organization ${inventory.organizationId}`,
    );
  }
  if (options.auditAccountId === inventory.managementAccountId) {
    throw new AuditLoggingError(
      `--audit ${options.auditAccountId} is the management account, which cannot be a delegated administrator: name a member account (Control Tower's Audit, a security tooling account)`,
    );
  }
  const audit = auditDecision(inventory, options.auditAccountId);
  const accounts = [...inventory.accounts].sort(byName);
  const names = uniqueMemberNames(accounts);
  const built = accounts.map((account) => newMember(account, names.get(account.id) ?? account.id, inventory));
  const config: Record<string, unknown> = {
    ...(options.schema === undefined ? {} : { $schema: options.schema }),
    organization: { id: inventory.organizationId, managementAccountId: inventory.managementAccountId },
    homeRegion: options.homeRegion ?? options.regions[0],
    governedRegions: [...options.regions],
    logArchive: { accountId: archive.id },
    ...(inventory.trailDelegatedAdministrator === undefined
      ? {}
      : { trail: { accountId: inventory.trailDelegatedAdministrator } }),
    ...(audit.audit === undefined ? {} : { audit: audit.audit }),
    members: built.map((b) => b.member),
  };
  const text = `${JSON.stringify(config, null, 2)}\n`;
  // The written config must load: a discovery bug must not leave a file that synth refuses.
  parseConfig(text, 'the discovered config');
  return {
    text,
    changes: accounts.map(
      (a) => `added member ${names.get(a.id)} (${a.id}, ${a.ouPath}${a.status === 'ACTIVE' ? '' : `, ${a.status}`})`,
    ),
    findings: [
      ...(archive.finding === undefined ? [] : [archive.finding]),
      ...audit.findings,
      ...organizationFindings(inventory),
      ...built.flatMap((b) => b.findings),
      ...trailFindings(inventory, ourTrailName),
      ...subscriptionPolicyFindings(inventory, archive.id),
    ],
  };
}

/**
 * Refuses to merge what the credentials read (organization `organizationId`) into `config`, read
 * from `file`, when the config is of another organization.
 * @throws AuditLoggingError naming both organizations.
 */
export function checkSameOrganization(config: OrgConfig, file: string, organizationId: string): void {
  if (config.organization.id !== organizationId) {
    throw new AuditLoggingError(
      `${file} is for organization ${config.organization.id}, but these credentials read ${organizationId}: use the management account of ${config.organization.id}, or another --out`,
    );
  }
}

/**
 * The existing config with what the organization holds now: new accounts appended as members,
 * `ouPath` and `accountStatus` brought up to date (discover owns those two fields), members no
 * longer in the organization marked `DEPARTED`. No other field is touched: the edits are made in
 * the text, so the rest keeps its comments and layout (an object that is edited may be
 * re-indented). A config that does not load is refused, untouched.
 */
export function mergeConfig(text: string, file: string, inventory: OrganizationInventory): DiscoveryResult {
  const config: OrgConfig = parseConfig(text, file);
  checkSameOrganization(config, file, inventory.organizationId);
  const edits: { path: (string | number)[]; value: unknown }[] = [];
  const changes: string[] = [];
  const findings: Finding[] = [
    ...auditFindings(inventory, config.audit, config.members),
    ...organizationFindings(inventory),
  ];
  const discovered = new Map(inventory.accounts.map((a) => [a.id, a]));
  config.members.forEach((member, i) => {
    const account = discovered.get(member.accountId);
    if (account === undefined) {
      if (member.inOrganization && member.accountStatus !== 'DEPARTED') {
        edits.push({ path: ['members', i, 'accountStatus'], value: 'DEPARTED' });
        changes.push(
          `marked member ${member.name} (${member.accountId}) DEPARTED: it is no longer in the organization`,
        );
        findings.push({
          kind: 'departed-account',
          accountId: member.accountId,
          message:
            'is no longer in the organization: marked DEPARTED (synth warns until you destroy its stack and remove it)',
        });
      }
      return;
    }
    if (member.ouPath !== account.ouPath) {
      edits.push({ path: ['members', i, 'ouPath'], value: account.ouPath });
      changes.push(`ouPath of member ${member.name}: ${member.ouPath ?? '(none)'} -> ${account.ouPath}`);
    }
    if (member.accountStatus !== account.status) {
      edits.push({ path: ['members', i, 'accountStatus'], value: account.status });
      changes.push(`accountStatus of member ${member.name}: ${member.accountStatus} -> ${account.status}`);
      if (account.status !== 'ACTIVE') {
        findings.push({
          kind: 'closed-account',
          accountId: account.id,
          message: `is ${account.status} (closed): marked so; synth warns`,
        });
      }
    }
    findings.push(...existingMemberFindings(member, inventory.resources.get(member.accountId)));
  });
  const known = new Set(config.members.map((m) => m.accountId));
  const added = inventory.accounts.filter((a) => !known.has(a.id)).sort(byName);
  const names = uniqueMemberNames(
    added,
    config.members.map((m) => m.name),
  );
  added.forEach((account, j) => {
    const name = names.get(account.id) ?? account.id;
    const { member, findings: memberFindings } = newMember(account, name, inventory);
    edits.push({ path: ['members', config.members.length + j], value: member });
    changes.push(`added member ${name} (${account.id}, ${account.ouPath})`);
    findings.push(...memberFindings);
  });
  let result = text;
  for (const edit of edits) {
    const isNew = typeof edit.path[edit.path.length - 1] === 'number';
    result = applyEdits(
      result,
      modify(result, edit.path, edit.value, { formattingOptions: FORMAT, isArrayInsertion: isNew }),
    );
  }
  if (result !== text) parseConfig(result, file);
  findings.push(...trailFindings(inventory, config.trail.name));
  const optedOut = new Set(
    config.members.filter((m) => config.applicationLogs.optedOutMembers.includes(m.name)).map((m) => m.accountId),
  );
  findings.push(...subscriptionPolicyFindings(inventory, config.logArchive.accountId, optedOut));
  return { text: result, changes, findings };
}
