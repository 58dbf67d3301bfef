import { CIS_BENCHMARK_SOURCE, CIS_BENCHMARK_VERSIONS } from '@audit-logging/cdktf/toolkit-api/catalogs';
import { ControlRow } from './compliance-matrix';
import { ControlStatus } from './rule';
import { provenanceMarkdown, ReportProvenance } from './provenance';

const LABEL: Readonly<Record<ControlStatus, string>> = {
  met: 'met',
  gap: 'gap (deliberate)',
  missing: '**MISSING**',
  'not-covered': 'not covered',
};

/** Table cells keep to one line: pipes escaped, line breaks removed. */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** A row's other framework: its Security Hub controls, or the ATT&CK techniques it detects, or —. */
export function otherFramework(row: Pick<ControlRow, 'securityHub' | 'attack'>): string {
  if (row.securityHub.length > 0) return row.securityHub.join(', ');
  return row.attack.length > 0 ? `ATT&CK ${row.attack.join(', ')}` : '—';
}

/** What the rows without a CIS number are, for the reports' preamble. */
export const ROWS_WITHOUT_CIS =
  "rows without a CIS number are Security Hub controls on the same resources, then where the members' application logs are kept (no framework asks for it), then the evasion pack: alarms on attempts to blind the audit system, with the MITRE ATT&CK techniques they detect";

/**
 * The matrix as Markdown for an auditor: a summary, then one table row per control, numbered by
 * every CIS version the matrix reports (the current one first), with its Security Hub controls,
 * its status and, per stack or account, what implements it or why it is not met.
 */
export function complianceMarkdown(rows: readonly ControlRow[], provenance?: ReportProvenance): string {
  const count = (status: ControlStatus) => rows.filter((r) => r.status === status).length;
  const [current, ...earlier] = CIS_BENCHMARK_VERSIONS;
  const lines = [
    '# Control matrix',
    '',
    ...(provenance === undefined ? [] : provenanceMarkdown(provenance)),
    `${rows.length} controls: ${count('met')} met, ${count('gap')} with a deliberate gap, ${count('missing')} missing, ` +
      `${count('not-covered')} not covered by this product.`,
    '',
    `Every requirement of the CIS AWS Foundations Benchmark ${current} Logging and Monitoring sections and 2.1.2 has a ` +
      `row, numbered as in ${current} and in ${earlier.join(', ')} (— where a version does not have it); ` +
      `${ROWS_WITHOUT_CIS}. The statuses say what the synthesized ` +
      `stacks build, not what is true in AWS today. Numbers from ${CIS_BENCHMARK_SOURCE}.`,
    '',
    `| CIS ${current} | ${earlier.join(' | ')} | Control | Security Hub or ATT&CK | Status | Where: what implements it, or why not |`,
    `| --- | ${earlier.map(() => '---').join(' | ')} | --- | --- | --- | --- |`,
    ...rows.map((r) =>
      [
        '',
        ...CIS_BENCHMARK_VERSIONS.map((version) => (r.cis[version].length > 0 ? r.cis[version].join(', ') : '—')),
        `${cell(r.title)} (\`${r.id}\`)`,
        otherFramework(r),
        LABEL[r.status],
        cell(
          r.verdicts.map((v) => `${v.where}: ${v.status === 'met' ? v.detail : `${v.status}: ${v.detail}`}`).join('; '),
        ),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
