import { accountRoles, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import {
  type CisBenchmarkVersion,
  cisNumbersByVersion,
  DETECTIVE_RULES,
  type DetectiveRuleName,
  detectiveRuleOf,
} from '@audit-logging/cdktf/toolkit-api/catalogs';
import { mapLimit } from '../common/map-limit';
import { orderByRequirement } from './compliance-matrix';
import type { ComplianceRule } from './rule';
import { COMPLIANCE_RULES } from './rules';

/*
 * The organization's compliance state now, from two sources: Security Hub's control findings and
 * the AWS Config aggregator's compliance of the detective rules. For each control of the matrix that
 * either checks, and each account, compliant, failing (with the resources) or not evaluated. Security
 * Hub's findings are read in one Region, the aggregation Region when a finding aggregator gathers the
 * others; the aggregator in its own. Every list is read page by page; what could not be read is
 * named, never silently counted as compliant.
 */

/** The Security Hub compliance statuses of a control finding. */
export type FindingStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE';

/** One Security Hub control finding: the fields of the finding (ASFF) the live report reads. */
export interface ControlFinding {
  /** `AwsAccountId`. */
  readonly accountId: string;
  /** `Region`. */
  readonly region: string;
  /** `Compliance.SecurityControlId`, such as `CloudTrail.1`. */
  readonly controlId: string;
  /** `Compliance.Status`. */
  readonly status: FindingStatus;
  /** `Resources[].Id`. */
  readonly resources: readonly string[];
  /** `Workflow.Status` is SUPPRESSED: someone accepted it; it counts neither way. */
  readonly suppressed: boolean;
}

/** One page of findings, and the token of the next page when there is one. */
export interface FindingsPage {
  readonly findings: readonly ControlFinding[];
  readonly nextToken?: string;
}

/** Reads the active findings of some Security Hub controls, one page per call. */
export interface FindingsReader {
  page(controlIds: readonly string[], nextToken: string | undefined): Promise<FindingsPage>;
}

/** AWS Config's compliance of a rule in an account and Region. */
export type RuleComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

/** One rule's compliance in one account and Region, as the aggregator reports it. */
export interface RuleCompliance {
  /** The rule's name in that account (`OrgConfigRule-audit-<rule>-<suffix>` in a member account). */
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly compliance: RuleComplianceType;
}

/** One page of the aggregator's rule compliance, and the token of the next page when there is one. */
export interface RuleCompliancePage {
  readonly rules: readonly RuleCompliance[];
  readonly nextToken?: string;
}

/** One page of the resources a rule found non-compliant in one account and Region. */
export interface NonCompliantPage {
  /** `<resource type> <resource id>`. */
  readonly resources: readonly string[];
  readonly nextToken?: string;
}

/** Reads an AWS Config aggregator's compliance by rule, and a rule's non-compliant resources, one page per call. */
export interface AggregateComplianceReader {
  /** The aggregator's name. */
  readonly aggregatorName: string;
  /** The Region the aggregator is in. */
  readonly region: string;
  compliancePage(nextToken: string | undefined): Promise<RuleCompliancePage>;
  nonCompliantPage(rule: RuleCompliance, nextToken: string | undefined): Promise<NonCompliantPage>;
}

/** Where the live state is read from: either source may be left out. */
export interface LiveSources {
  /** Security Hub's findings. */
  readonly securityHub?: FindingsReader;
  /** The AWS Config aggregator's compliance of the detective rules. */
  readonly configRules?: AggregateComplianceReader;
}

/**
 * Compliant: every evaluated finding and rule passed. Failing: one failed. Not evaluated: neither
 * reported anything there.
 */
export type LiveStatus = 'compliant' | 'failing' | 'not-evaluated';

/** One failing resource: the Security Hub control or AWS Config rule that failed it, and where. */
export interface FailingResource {
  /** `CloudTrail.1`, or `AWS Config rule multi-region-cloudtrail-enabled`. */
  readonly check: string;
  readonly region: string;
  readonly resource: string;
}

/** One account's state for one control. */
export interface LiveCell {
  readonly accountId: string;
  readonly status: LiveStatus;
  readonly failing: readonly FailingResource[];
}

/** One control of the matrix, account by account. */
export interface LiveRow {
  readonly id: string;
  readonly title: string;
  readonly cis: Readonly<Record<CisBenchmarkVersion, readonly string[]>>;
  /** The Security Hub controls that check it. */
  readonly securityHub: readonly string[];
  /** The detective rules (AWS Config) that check it. */
  readonly configRules: readonly DetectiveRuleName[];
  /** Why no account is evaluated, when nothing read checks this control. */
  readonly unevaluated?: string;
  readonly cells: readonly LiveCell[];
}

/** An account of the report: from the config, or found in what was read and not in the config. */
export interface LiveAccount {
  readonly accountId: string;
  readonly role: string;
}

/** The live state: per control and account, and what it read. */
export interface LiveReport {
  /** The Region of Security Hub's findings. */
  readonly region: string;
  /** The aggregator read, if one was. */
  readonly aggregator?: { readonly name: string; readonly region: string };
  readonly accounts: readonly LiveAccount[];
  readonly rows: readonly LiveRow[];
  /** Security Hub findings read (suppressed and NOT_AVAILABLE ones included). */
  readonly findings: number;
  /** Rule compliance entries read from the aggregator (one per rule, account and Region), detective or not. */
  readonly evaluations: number;
  /** Requests made, to both sources. */
  readonly requests: number;
  /** What could not be read, in AWS's words: the report is incomplete when this is not empty. */
  readonly unread: readonly string[];
}

/** Security Hub takes at most 20 values per filter field. */
export const CONTROL_IDS_PER_REQUEST = 20;

/** Non-compliant rules whose resources are read at once (AWS Config's aggregator APIs are rate limited). */
const DETAIL_CONCURRENCY = 4;

/** Stops a reader that keeps returning a next page (a bug, or a token loop) after this many pages. */
const MAX_PAGES = 100_000;

/** Every account the config names, with its role. */
function configAccounts(config: OrgConfig): LiveAccount[] {
  const accounts = new Map<string, string>();
  for (const [accountId, role] of accountRoles(config)) if (!accounts.has(accountId)) accounts.set(accountId, role);
  for (const member of config.members) {
    if (!accounts.has(member.accountId)) accounts.set(member.accountId, `member ${member.name}`);
  }
  return [...accounts].map(([accountId, role]) => ({ accountId, role }));
}

/** `items` by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** Every page of a paged read; `read` is called with each next token until there is none. */
async function allPages<T>(
  read: (nextToken: string | undefined) => Promise<{ readonly nextToken?: string } & T>,
  count: () => void,
): Promise<T[]> {
  const pages: T[] = [];
  let token: string | undefined;
  do {
    if (pages.length >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages; stopped`);
    count();
    const page = await read(token);
    pages.push(page);
    token = page.nextToken;
  } while (token !== undefined && token !== '');
  return pages;
}

/** The detective rules that check a control of the matrix: by its CIS requirement or its Security Hub control. */
export function detectiveRulesOf(rule: Pick<ComplianceRule, 'cis' | 'securityHub'>): DetectiveRuleName[] {
  return Object.values(DETECTIVE_RULES)
    .filter(
      (detective) =>
        (detective.requirement !== undefined && rule.cis.includes(detective.requirement)) ||
        (detective.securityHubControl !== undefined && rule.securityHub.includes(detective.securityHubControl)),
    )
    .map((detective) => detective.name);
}

/**
 * Reads the findings of every Security Hub control the matrix names (page by page, at most
 * {@link CONTROL_IDS_PER_REQUEST} controls a request) and the aggregator's compliance of every
 * detective rule (with the resources of each non-compliant one), and judges each control in each
 * account. A request that fails ends its read: what it would have read is named in `unread` and
 * stays not evaluated.
 */
export async function readLiveState(config: OrgConfig, sources: LiveSources, region: string): Promise<LiveReport> {
  const rules = orderByRequirement(COMPLIANCE_RULES, (rule) => rule.cis[0]);
  const unread: string[] = [];
  let requests = 0;
  const count = () => {
    requests += 1;
  };

  const findings: ControlFinding[] = [];
  const hub = sources.securityHub;
  if (hub !== undefined) {
    const controlIds = [...new Set(rules.flatMap((rule) => rule.securityHub))].sort();
    for (let i = 0; i < controlIds.length; i += CONTROL_IDS_PER_REQUEST) {
      const batch = controlIds.slice(i, i + CONTROL_IDS_PER_REQUEST);
      try {
        const pages = await allPages((token) => hub.page(batch, token), count);
        findings.push(...pages.flatMap((page) => page.findings));
      } catch (error) {
        unread.push(`the findings of ${batch.join(', ')} in ${region}: ${(error as Error).message}`);
      }
    }
  }

  const evaluations: (RuleCompliance & { readonly detective: DetectiveRuleName })[] = [];
  const nonCompliant = new Map<RuleCompliance, readonly string[]>();
  let entries = 0;
  const aggregator = sources.configRules;
  if (aggregator !== undefined) {
    const where = `aggregator ${aggregator.aggregatorName} in ${aggregator.region}`;
    try {
      const pages = await allPages((token) => aggregator.compliancePage(token), count);
      for (const rule of pages.flatMap((page) => page.rules)) {
        entries += 1;
        const detective = detectiveRuleOf(rule.ruleName);
        if (detective !== undefined) evaluations.push({ ...rule, detective });
      }
    } catch (error) {
      unread.push(`the rule compliance of ${where}: ${(error as Error).message}`);
    }
    const failed = evaluations.filter((rule) => rule.compliance === 'NON_COMPLIANT');
    await mapLimit(failed, DETAIL_CONCURRENCY, async (rule) => {
      try {
        const pages = await allPages((token) => aggregator.nonCompliantPage(rule, token), count);
        nonCompliant.set(
          rule,
          pages.flatMap((page) => page.resources),
        );
      } catch (error) {
        unread.push(
          `the non-compliant resources of ${rule.ruleName} in ${rule.accountId} ${rule.region} (${where}): ${(error as Error).message}`,
        );
      }
    });
  }

  const accounts = configAccounts(config);
  const known = new Set(accounts.map((a) => a.accountId));
  const found = [...findings.map((f) => f.accountId), ...evaluations.map((e) => e.accountId)];
  for (const accountId of [...new Set(found)].sort()) {
    if (!known.has(accountId)) accounts.push({ accountId, role: 'not in the config' });
  }
  // By account, so that judging 1,000 accounts reads each finding once per control, not per cell.
  const findingsOf = groupBy(
    findings.filter((f) => !f.suppressed && f.status !== 'NOT_AVAILABLE'),
    (f) => f.accountId,
  );
  const rulesOf = groupBy(
    evaluations.filter((e) => e.compliance === 'COMPLIANT' || e.compliance === 'NON_COMPLIANT'),
    (e) => e.accountId,
  );
  const rows = rules.map((rule): LiveRow => {
    const cis = cisNumbersByVersion(rule.cis);
    const controls = new Set(rule.securityHub);
    const configRules = detectiveRulesOf(rule);
    const checks = new Set<string>(configRules);
    const cells = accounts.map(({ accountId }): LiveCell => {
      const mine = (findingsOf.get(accountId) ?? []).filter((f) => controls.has(f.controlId));
      const myRules = (rulesOf.get(accountId) ?? []).filter((e) => checks.has(e.detective));
      const failing = [
        ...mine
          .filter((f) => f.status === 'FAILED' || f.status === 'WARNING')
          .flatMap((f) =>
            (f.resources.length > 0 ? f.resources : ['(no resource named)']).map((resource) => ({
              check: f.controlId,
              region: f.region,
              resource,
            })),
          ),
        ...myRules
          .filter((e) => e.compliance === 'NON_COMPLIANT')
          .flatMap((e) => {
            const resources = nonCompliant.get(e);
            const listed =
              resources === undefined ? ['(not read)'] : resources.length > 0 ? resources : ['(no resource named)'];
            return listed.map((resource) => ({
              check: `AWS Config rule ${e.detective}`,
              region: e.region,
              resource,
            }));
          }),
      ];
      const status: LiveStatus =
        failing.length > 0 ? 'failing' : mine.length + myRules.length > 0 ? 'compliant' : 'not-evaluated';
      return { accountId, status, failing };
    });
    const unevaluated =
      rule.securityHub.length === 0 && configRules.length === 0
        ? 'neither a Security Hub control nor a detective rule checks it'
        : undefined;
    return {
      id: rule.id,
      title: rule.title,
      cis,
      securityHub: rule.securityHub,
      configRules,
      ...(unevaluated === undefined ? {} : { unevaluated }),
      cells,
    };
  });
  return {
    region,
    ...(aggregator === undefined ? {} : { aggregator: { name: aggregator.aggregatorName, region: aggregator.region } }),
    accounts,
    rows,
    findings: findings.length,
    evaluations: entries,
    requests,
    unread,
  };
}
