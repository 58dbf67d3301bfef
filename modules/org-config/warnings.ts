import { counted } from '../core/counted';
import { applicationLogSenders } from './accounts';
import { S3_DATA_EVENT_RULES } from '../catalogs/detective-rules';
import { formatPath, JsonPath } from './json-path';
import { auditConfigRules, CONTROL_TOWER, type MemberConfig, type OrgConfig } from './schema';
import { selectsAnyAlarm } from './selected-alarms';

/**
 * A config that synthesizes, but probably not into what its author meant. Errors stop synth;
 * warnings are shown by `cdktf synth` (as stack annotations) and synth goes on.
 */
export interface ConfigWarning {
  /** The field to look at. */
  readonly at: JsonPath;
  /** The member it concerns, whose stack shows the warning; none for the organization stack. */
  readonly member?: MemberConfig;
  /** What is wrong and what to do, prefixed with the field's path. */
  readonly message: string;
}

/**
 * Settings that work against each other: members whose trail settings leave their account recorded
 * twice or not at all (a standalone trail in an account the organization trail already records,
 * whose second copy of management events is billed, or an account outside the organization with
 * no trail of its own), alarm e-mail subscribers with no alarm to notify them, a sign-in alarm variant for a control
 * that is not selected, and guardrails turned off.
 */
export function configWarnings(config: OrgConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const { alarms } = config;
  if (!config.guardrails.enabled) {
    warnings.push(
      warning(
        ['guardrails', 'enabled'],
        undefined,
        'is false, so no organization policy protects the evidence: an administrator of the log archive account can rewrite the bucket policy (its root user always can) and then delete logs, and member administrators can stop their recording; remove the setting to deploy the guardrails',
      ),
    );
  }
  if (
    alarms.emails.length > 0 &&
    Array.isArray(alarms.controls) &&
    alarms.controls.length === 0 &&
    Array.isArray(alarms.evasion) &&
    alarms.evasion.length === 0 &&
    alarms.custom.length === 0
  ) {
    warnings.push(
      warning(
        ['alarms', 'controls'],
        undefined,
        `is [], and so are alarms.evasion and alarms.custom, so no alarm exists to notify the ${alarms.emails.length} address(es) in alarms.emails; set controls to "cis" (or a list of control ids), or remove the addresses`,
      ),
    );
  }
  if (config.logArchive.accountId === config.organization.managementAccountId) {
    warnings.push(
      warning(
        ['logArchive', 'accountId'],
        undefined,
        `is the management account (${config.organization.managementAccountId}), where AWS applies no SCP or RCP: the guardrails that keep the evidence (no deletion, no change to retention or the bucket policy, the data perimeter) do not protect the archive there, and any administrator of the management account can remove it. Move the archive to an account of its own (Control Tower's Log Archive, or a new member) and set logArchive.accountId to it`,
      ),
    );
  }
  warnings.push(...policyManagerWarnings(config));
  if (alarms.emails.length === 0 && selectsAnyAlarm(alarms)) {
    warnings.push(
      warning(
        ['alarms', 'emails'],
        undefined,
        'is empty, so the security alarms notify a topic nobody is subscribed to, and the CIS monitoring controls (v7.0.0 5.1 to 5.15) are not met: CIS asks that someone receives each alarm. Add an address, or subscribe the alarm topic to your pager yourself (compliance cannot see a subscription made outside the stacks and keeps reporting the alarms missing)',
      ),
    );
  }
  if (
    alarms.consoleSigninWithoutMfa !== 'all' &&
    Array.isArray(alarms.controls) &&
    !alarms.controls.includes('console-signin-without-mfa')
  ) {
    warnings.push(
      warning(
        ['alarms', 'consoleSigninWithoutMfa'],
        undefined,
        `is ${JSON.stringify(alarms.consoleSigninWithoutMfa)}, but alarms.controls does not include "console-signin-without-mfa", so it changes nothing; add that control, or remove the setting`,
      ),
    );
  }
  warnings.push(...auditWarnings(config));
  warnings.push(...unrecordedAccounts(config));
  config.members.forEach((member, i) => {
    if (member.standaloneTrail && member.inOrganization) {
      warnings.push(
        warning(
          ['members', i, 'standaloneTrail'],
          member,
          `member ${JSON.stringify(member.name)} is in organization ${config.organization.id}, whose trail already records it; a second trail delivers the same management events again, and CloudTrail bills every copy after the first. Turn standaloneTrail off, or set inOrganization to false if the account is outside the organization`,
        ),
      );
    }
    if (!member.standaloneTrail && !member.inOrganization) {
      warnings.push(
        warning(
          ['members', i, 'inOrganization'],
          member,
          `member ${JSON.stringify(member.name)} is outside the organization, so the organization trail does not record it, and it has no trail of its own; set standaloneTrail to true`,
        ),
      );
    }
  });
  const liveSearch = config.applicationLogs.liveSearch;
  const unlinked = config.governedRegions.filter((region) => liveSearch.sinkArns[region] === undefined);
  if (liveSearch.enabled && unlinked.length > 0 && applicationLogSenders(config).length > 0) {
    warnings.push(
      warning(
        ['applicationLogs', 'liveSearch', 'sinkArns'],
        undefined,
        `has no sink for ${unlinked.join(', ')}, so no member links to the log archive there yet: a link names its sink by the ARN AWS gives it. Deploy the log archive stack, run live-search-sinks (it writes the stack's output live_search_sink_arns here), then synth and deploy the members' stacks`,
      ),
    );
  }
  return warnings;
}

/**
 * The accounts the config gives a role besides membership, with that role in words, in order: the
 * management and log archive accounts, the trail's delegated administrator, the readers (an
 * account may appear twice; the first role counts).
 */
export function accountRoles(config: OrgConfig): [accountId: string, role: string][] {
  return [
    [config.organization.managementAccountId, 'the management account'],
    [config.logArchive.accountId, 'the log archive account'],
    ...(config.trail.accountId === undefined
      ? []
      : [[config.trail.accountId, 'the trail account'] as [string, string]]),
    ...(config.audit === undefined || config.audit === false
      ? []
      : [[config.audit.accountId, 'the audit account'] as [string, string]]),
    ...config.logArchive.readerAccountIds.map((id): [string, string] => [id, 'a reader account']),
  ];
}

/**
 * The account that manages organization policies (guardrails.accountId) can detach or rewrite every
 * SCP and RCP: when it is the log archive or the trail account, the administrators the guardrails
 * bind there hold the policies that bind them.
 */
function policyManagerWarnings(config: OrgConfig): ConfigWarning[] {
  const manager = config.guardrails.accountId;
  if (!config.guardrails.enabled || manager === undefined || manager === config.organization.managementAccountId)
    return [];
  const bound: { accountId: string | undefined; role: string; then: string }[] = [
    {
      accountId: config.logArchive.accountId,
      role: 'the log archive account (logArchive.accountId)',
      then: 'delete logs or rewrite the bucket policy',
    },
    {
      accountId: config.trail.accountId,
      role: 'the trail account (trail.accountId)',
      then: 'stop the organization trail or silence its alarms',
    },
  ];
  const match = bound.find((b) => b.accountId === manager);
  if (match === undefined) return [];
  return [
    warning(
      ['guardrails', 'accountId'],
      undefined,
      `is ${match.role}, whose administrators the guardrails bind: as the account that manages organization policies, they can detach the guardrails and then ${match.then}. Leave guardrails.accountId out (the management account manages the policies), or delegate policy management to an account of its own`,
    ),
  ];
}

/**
 * No audit account; rules that can only fail; a second aggregator beside Control Tower's; an audit
 * section that builds nothing.
 */
function auditWarnings(config: OrgConfig): ConfigWarning[] {
  const audit = config.audit;
  if (audit === undefined) {
    return [
      warning(
        ['audit'],
        undefined,
        'is not set, so nothing shows the organization\'s compliance state: no AWS Config aggregator, no detective rules, no Security Hub (CIS v7.0.0 5.16 is then not covered) and compliance --live has nothing to read. Add { "accountId": "…" } with the account that holds security views (Control Tower\'s Audit account, or a security tooling account), or set audit to false where the organization keeps them elsewhere',
      ),
    ];
  }
  if (audit === false) return [];
  const warnings: ConfigWarning[] = [];
  const rules = auditConfigRules(config);
  if (config.trail.dataEvents.s3 !== 'all') {
    const failing = rules.filter((rule) => S3_DATA_EVENT_RULES.includes(rule));
    if (failing.length > 0) {
      warnings.push(
        warning(
          ['audit', 'configRules'],
          undefined,
          `lists ${failing.join(' and ')}, but trail.dataEvents.s3 is not "all", so they report every account as non-compliant; remove them, or set trail.dataEvents.s3 to "all"`,
        ),
      );
    }
  }
  const controlTower = config.members.filter((member) => member.awsConfig === CONTROL_TOWER);
  if (audit.configAggregator && controlTower.length > 0) {
    warnings.push(
      warning(
        ['audit', 'configAggregator'],
        undefined,
        `is true, but ${counted(controlTower.length, 'member')} ${controlTower.length === 1 ? 'keeps' : 'keep'} Control Tower's AWS Config (awsConfig "control-tower", ${controlTower.map((member) => JSON.stringify(member.name)).join(', ')}): Control Tower (landing zone 4.0) already has an organization aggregator in its audit account, so this one would be a second view of the same accounts to keep and secure (AWS does not bill aggregators). Set audit.configAggregator to false; compliance --live then reads Control Tower's with --aggregator aws-controltower-GuardrailsComplianceAggregator`,
      ),
    );
  }
  if (!audit.configAggregator && rules.length === 0 && !audit.securityHub) {
    warnings.push(
      warning(
        ['audit'],
        undefined,
        'builds nothing: configAggregator and securityHub are false and configRules is empty; remove the section, or turn one of them on',
      ),
    );
  }
  return warnings;
}

/**
 * Accounts of the organization where AWS Config records nothing: the management, log archive and
 * trail accounts and the readers when they are not members, and members with awsConfig off. The CIS
 * AWS Foundations Benchmark (AWS Config enabled in all Regions) and Security Hub Config.1 check every
 * account. Opting out is setting awsConfig to false, and it is reported.
 */
function unrecordedAccounts(config: OrgConfig): ConfigWarning[] {
  const roles = accountRoles(config);
  const members = new Set(config.members.map((member) => member.accountId));
  const missing = new Map<string, string>();
  for (const [accountId, role] of roles)
    if (!members.has(accountId) && !missing.has(accountId)) missing.set(accountId, role);
  const warnings = [...missing].map(([accountId, role]) =>
    warning(
      ['members'],
      undefined,
      `AWS Config records nothing in ${accountId} (${role}): add { "name": "…", "accountId": "${accountId}" } to members (awsConfig is on by default); CIS v7.0.0 4.3 (v3.0.0 3.3) and Security Hub Config.1 expect AWS Config in every account and Region`,
    ),
  );
  config.members.forEach((member, i) => {
    if (member.accountStatus !== 'ACTIVE') {
      warnings.push(
        warning(
          ['members', i, 'accountStatus'],
          member,
          member.accountStatus === 'DEPARTED'
            ? `member ${JSON.stringify(member.name)} (${member.accountId}) is no longer in the organization (npm run discover): destroy its stack while its deploy role still works, then remove the member`
            : `member ${JSON.stringify(member.name)} (${member.accountId}) is ${member.accountStatus} in AWS Organizations (closed): its stack can no longer be applied; remove the member once you no longer need its stack's state`,
        ),
      );
    }
    if (member.inOrganization && member.awsConfig === false) {
      warnings.push(
        warning(
          ['members', i, 'awsConfig'],
          member,
          `is false, so AWS Config records nothing in member ${JSON.stringify(member.name)} (${member.accountId}); CIS v7.0.0 4.3 (v3.0.0 3.3) and Security Hub Config.1 expect it in every account. Keep it off only where another recorder (Control Tower's, for one) records the account`,
        ),
      );
    }
  });
  return warnings;
}

function warning(at: JsonPath, member: MemberConfig | undefined, message: string): ConfigWarning {
  return { at, member, message: `${formatPath(at)}: ${message}` };
}
