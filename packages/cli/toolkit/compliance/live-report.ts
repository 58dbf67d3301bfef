import { CIS_CURRENT_VERSION } from '@audit-logging/cdktf/toolkit-api/catalogs';
import { cell } from './compliance-report';
import type { LiveReport, LiveStatus } from './live-state';
import { provenanceMarkdown, ReportProvenance } from './provenance';

const MARK: Readonly<Record<LiveStatus, string>> = { compliant: 'ok', failing: '**FAIL**', 'not-evaluated': '·' };

/** The control's column heading: its CIS number in the current version, else its Security Hub controls. */
function heading(row: LiveReport['rows'][number]): string {
  const cis = row.cis[CIS_CURRENT_VERSION];
  return cis.length > 0 ? cis.join(', ') : row.securityHub.join(', ');
}

/** What checks a control: its Security Hub controls and AWS Config rules. */
function checks(row: LiveReport['rows'][number]): string {
  return [
    ...(row.securityHub.length > 0 ? [`Security Hub ${row.securityHub.join(', ')}`] : []),
    ...(row.configRules.length > 0 ? [`AWS Config ${row.configRules.join(', ')}`] : []),
  ].join('; ');
}

/** What was read, in one sentence per source. */
function sourcesRead(report: LiveReport): string {
  return [
    `Security Hub findings in ${report.region}: ${report.findings} read.`,
    report.aggregator === undefined
      ? 'No AWS Config aggregator read.'
      : `AWS Config aggregator ${report.aggregator.name} in ${report.aggregator.region}: ${report.evaluations} rule results read.`,
    `${report.requests} request(s).`,
  ].join(' ');
}

/** That nothing was evaluated: no Security Hub finding and no rule result for any control in any account. */
export const NOTHING_EVALUATED =
  'nothing evaluated (no finding or rule result for any control in any account), so this report shows no compliance state';

/**
 * What the live state found, in one clause: the failing controls and accounts, or
 * {@link NOTHING_EVALUATED}, never "0 failing" when nothing was looked at.
 */
export function liveVerdict(report: LiveReport): string {
  const evaluated = report.rows.filter((row) => row.unevaluated === undefined);
  const cells = evaluated.flatMap((row) => row.cells);
  if (cells.every((c) => c.status === 'not-evaluated')) return NOTHING_EVALUATED;
  const failingAccounts = new Set(cells.filter((c) => c.status === 'failing').map((c) => c.accountId));
  const failingControls = evaluated.filter((row) => row.cells.some((c) => c.status === 'failing'));
  return `${failingControls.length} failing in ${failingAccounts.size} account(s)`;
}

/**
 * The live state as Markdown for an auditor: a summary and what could not be read, an accounts x
 * controls matrix (failing accounts first), then every failing resource.
 */
export function liveMarkdown(report: LiveReport, provenance?: ReportProvenance): string {
  const evaluated = report.rows.filter((row) => row.unevaluated === undefined);
  const failingAccounts = new Set(
    evaluated.flatMap((row) => row.cells.filter((c) => c.status === 'failing').map((c) => c.accountId)),
  );
  const failingControls = evaluated.filter((row) => row.cells.some((c) => c.status === 'failing'));
  const accounts = [...report.accounts].sort(
    (a, b) => Number(failingAccounts.has(b.accountId)) - Number(failingAccounts.has(a.accountId)),
  );
  // Each row's cells by account, so that the matrix is read once and not searched per account
  // (reversed, so that an account's first cell wins, as a search would find it).
  const statuses = new Map(
    evaluated.map((row) => [row, new Map(row.cells.map((c) => [c.accountId, c.status] as const).reverse())]),
  );
  const statusOf = (row: (typeof evaluated)[number], accountId: string) =>
    statuses.get(row)?.get(accountId) ?? 'not-evaluated';
  const lines = [
    '# Compliance state (live)',
    '',
    ...(provenance === undefined ? [] : provenanceMarkdown(provenance)),
    `${sourcesRead(report)} ${report.accounts.length} accounts, ${evaluated.length} controls checked by ` +
      `Security Hub or AWS Config: ${liveVerdict(report)}.`,
    '',
    ...(report.unread.length > 0
      ? ['**Not read, so this report is incomplete:**', '', ...report.unread.map((u) => `- ${cell(u)}`), '']
      : []),
    `Columns are CIS ${CIS_CURRENT_VERSION} numbers (Security Hub control ids where CIS has none); ok: every ` +
      'evaluated finding and rule passed; FAIL: one failed; ·: nothing evaluated there (Security Hub or the ' +
      'rule off there, the control disabled, or not yet evaluated).',
    '',
    `| Account | Role | ${evaluated.map((row) => cell(heading(row))).join(' | ')} |`,
    `| --- | --- | ${evaluated.map(() => '---').join(' | ')} |`,
    ...accounts.map(
      (account) =>
        `| ${account.accountId} | ${cell(account.role)} | ${evaluated
          .map((row) => MARK[statusOf(row, account.accountId)])
          .join(' | ')} |`,
    ),
    '',
    '## Failing resources',
    '',
    ...(failingControls.length === 0
      ? ['None.']
      : failingControls.flatMap((row) => [
          `### ${heading(row)} ${cell(row.title)} (\`${row.id}\`; ${checks(row)})`,
          '',
          ...row.cells.flatMap((c) =>
            c.failing.map((f) => `- ${c.accountId} ${f.region} ${f.check}: ${cell(f.resource)}`),
          ),
          '',
        ])),
    ...(report.rows.some((row) => row.unevaluated !== undefined)
      ? [
          '',
          `Not checked live (${report.rows
            .filter((row) => row.unevaluated !== undefined)
            .map((row) => `${heading(row) || row.id} \`${row.id}\``)
            .join(
              ', ',
            )}): neither a Security Hub control nor a detective rule checks them; the static matrix (without --live) reports what the stacks build.`,
        ]
      : []),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
