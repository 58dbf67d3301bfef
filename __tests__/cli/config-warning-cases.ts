/**
 * One config per class of warning (modules/org-config/warnings.ts): the starter config, which warns
 * of nothing, with the fields set here (a dotted path; undefined removes the field), and the field
 * the warning names. Adding a class of warning is adding a line.
 */
export interface WarningCase {
  /** What the config does that synthesizes, but probably not into what its author meant. */
  readonly does: string;
  readonly set: Readonly<Record<string, unknown>>;
  /** The field the warning names, as its message starts. */
  readonly at: string;
}

export const WARNING_CASES: readonly WarningCase[] = [
  { does: 'turns the guardrails off', set: { 'guardrails.enabled': false }, at: 'guardrails.enabled' },
  {
    does: 'e-mails alarms it never raises',
    set: { 'alarms.controls': [], 'alarms.evasion': [] },
    at: 'alarms.controls',
  },
  {
    does: 'keeps the archive in the management account',
    set: { 'logArchive.accountId': '111111111111' },
    at: 'logArchive.accountId',
  },
  {
    does: 'lets the log archive account manage the guardrails that bind it',
    set: { 'guardrails.accountId': '222222222222' },
    at: 'guardrails.accountId',
  },
  { does: 'raises alarms nobody receives', set: { 'alarms.emails': [] }, at: 'alarms.emails' },
  {
    does: 'picks a sign-in alarm variant of an alarm not selected',
    set: { 'alarms.controls': ['root-account-usage'], 'alarms.consoleSigninWithoutMfa': 'iam-users' },
    at: 'alarms.consoleSigninWithoutMfa',
  },
  { does: 'has no audit account', set: { audit: undefined }, at: 'audit' },
  {
    does: 'selects S3 data-event rules without S3 data events',
    set: { 'audit.configRules': ['cloudtrail-all-write-s3-data-event-check'] },
    at: 'audit.configRules',
  },
  {
    does: "builds a second aggregator beside Control Tower's",
    set: { 'members.3.awsConfig': 'control-tower' },
    at: 'audit.configAggregator',
  },
  {
    does: 'has an audit section that builds nothing',
    set: { 'audit.configAggregator': false, 'audit.configRules': [], 'audit.securityHub': false },
    at: 'audit',
  },
  {
    does: 'leaves an account of the organization unrecorded',
    set: { 'members.0.accountId': '666666666666' },
    at: 'members',
  },
  {
    does: 'keeps a closed account',
    set: { 'members.3.accountStatus': 'SUSPENDED' },
    at: 'members[3].accountStatus',
  },
  { does: 'turns AWS Config off in a member', set: { 'members.3.awsConfig': false }, at: 'members[3].awsConfig' },
  {
    does: 'records an organization member twice',
    set: { 'members.3.standaloneTrail': true },
    at: 'members[3].standaloneTrail',
  },
  {
    does: 'records an account outside the organization not at all',
    set: { 'members.4.standaloneTrail': false },
    at: 'members[4].inOrganization',
  },
  {
    does: 'searches application logs live before the sinks exist',
    set: { 'applicationLogs.enabled': true, 'applicationLogs.liveSearch.enabled': true },
    at: 'applicationLogs.liveSearch.sinkArns',
  },
];

/** `config` with `set` applied: each dotted path set to its value, or removed for undefined. */
export function withFields(config: unknown, set: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const [dotted, value] of Object.entries(set)) {
    const keys = dotted.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === undefined) Reflect.deleteProperty(node, last);
    else node[last] = value;
  }
  return copy;
}
