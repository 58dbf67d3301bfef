import { cisNumbersByVersion, type CisBenchmarkVersion } from '../../modules/core/cis-benchmark';
import type { OrgConfig } from '../../modules/config/schema';
import { accountRoles } from '../../modules/config/warnings';
import { COMPLIANCE_RULES, orderByRequirement } from './compliance-matrix';

/*
 * The organization's compliance state as Security Hub sees it now: for each control of the matrix
 * that a Security Hub control checks, and each account, compliant, failing (with the resources) or
 * not evaluated. It reads the findings of the Security Hub administrator (or of the account whose
 * credentials are used) in one Region, the aggregation Region when a finding aggregator gathers the
 * others, page by page. What could not be read is named, never silently counted as compliant.
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

/** Compliant: every evaluated finding passed. Failing: one failed. Not evaluated: no finding. */
export type LiveStatus = 'compliant' | 'failing' | 'not-evaluated';

/** One account's state for one control. */
export interface LiveCell {
  readonly accountId: string;
  readonly status: LiveStatus;
  /** The failing findings: control, Region and resource. */
  readonly failing: readonly { readonly controlId: string; readonly region: string; readonly resource: string }[];
}

/** One control of the matrix, account by account. */
export interface LiveRow {
  readonly id: string;
  readonly title: string;
  readonly cis: Readonly<Record<CisBenchmarkVersion, readonly string[]>>;
  readonly securityHub: readonly string[];
  /** Why no account is evaluated, when no Security Hub control checks this one. */
  readonly unevaluated?: string;
  readonly cells: readonly LiveCell[];
}

/** An account of the report: from the config, or found in the findings and not in the config. */
export interface LiveAccount {
  readonly accountId: string;
  readonly role: string;
}

/** The live state: per control and account, and what it read. */
export interface LiveReport {
  readonly region: string;
  readonly accounts: readonly LiveAccount[];
  readonly rows: readonly LiveRow[];
  /** Findings read (suppressed and NOT_AVAILABLE ones included). */
  readonly findings: number;
  /** GetFindings requests made. */
  readonly requests: number;
  /** What could not be read, in AWS's words: the report is incomplete when this is not empty. */
  readonly unread: readonly string[];
}

/** Security Hub takes at most 20 values per filter field. */
export const CONTROL_IDS_PER_REQUEST = 20;

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

/**
 * Reads the findings of every Security Hub control the matrix names, page by page and at most
 * {@link CONTROL_IDS_PER_REQUEST} controls a request, and judges each control in each account.
 * A request that fails ends that batch: its controls are named in `unread` and stay not evaluated.
 */
export async function readLiveState(config: OrgConfig, reader: FindingsReader, region: string): Promise<LiveReport> {
  const rules = orderByRequirement(COMPLIANCE_RULES, (rule) => rule.cis[0]);
  const controlIds = [...new Set(rules.flatMap((rule) => rule.securityHub))].sort();
  const findings: ControlFinding[] = [];
  const unread: string[] = [];
  let requests = 0;
  for (let i = 0; i < controlIds.length; i += CONTROL_IDS_PER_REQUEST) {
    const batch = controlIds.slice(i, i + CONTROL_IDS_PER_REQUEST);
    let token: string | undefined;
    let pages = 0;
    try {
      do {
        requests += 1;
        pages += 1;
        if (pages > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages; stopped`);
        const page = await reader.page(batch, token);
        findings.push(...page.findings);
        token = page.nextToken;
      } while (token !== undefined && token !== '');
    } catch (error) {
      unread.push(`the findings of ${batch.join(', ')} in ${region}: ${(error as Error).message}`);
    }
  }

  const accounts = configAccounts(config);
  const known = new Set(accounts.map((a) => a.accountId));
  for (const accountId of [...new Set(findings.map((f) => f.accountId))].sort()) {
    if (!known.has(accountId)) accounts.push({ accountId, role: 'not in the config' });
  }
  const evaluated = findings.filter((f) => !f.suppressed && f.status !== 'NOT_AVAILABLE');
  const rows = rules.map((rule): LiveRow => {
    const cis = cisNumbersByVersion(rule.cis);
    const controls = new Set(rule.securityHub);
    const cells = accounts.map(({ accountId }): LiveCell => {
      const mine = evaluated.filter((f) => f.accountId === accountId && controls.has(f.controlId));
      const failing = mine
        .filter((f) => f.status === 'FAILED' || f.status === 'WARNING')
        .flatMap((f) =>
          (f.resources.length > 0 ? f.resources : ['(no resource named)']).map((resource) => ({
            controlId: f.controlId,
            region: f.region,
            resource,
          })),
        );
      const status: LiveStatus = failing.length > 0 ? 'failing' : mine.length > 0 ? 'compliant' : 'not-evaluated';
      return { accountId, status, failing };
    });
    return {
      id: rule.id,
      title: rule.title,
      cis,
      securityHub: rule.securityHub,
      ...(rule.securityHub.length === 0 ? { unevaluated: 'no Security Hub control checks it' } : {}),
      cells,
    };
  });
  return { region, accounts, rows, findings: findings.length, requests, unread };
}
