import { CIS_BENCHMARK_SOURCE, CIS_BENCHMARK_VERSIONS } from '../../modules/core/cis-benchmark';
import { ControlRow, ControlStatus } from './compliance-matrix';

const LABEL: Readonly<Record<ControlStatus, string>> = {
  met: 'met',
  gap: 'gap (deliberate)',
  missing: '**MISSING**',
  'not-covered': 'not covered',
};

/** Table cells keep to one line: pipes escaped, line breaks removed. */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/**
 * The matrix as Markdown for an auditor: a summary, then one table row per control, numbered by
 * every CIS version the matrix reports (the current one first), with its Security Hub controls,
 * its status and, per stack or account, what implements it or why it is not met.
 */
export function complianceMarkdown(rows: readonly ControlRow[]): string {
  const count = (status: ControlStatus) => rows.filter((r) => r.status === status).length;
  const [current, ...earlier] = CIS_BENCHMARK_VERSIONS;
  const lines = [
    '# Control matrix',
    '',
    `${rows.length} controls: ${count('met')} met, ${count('gap')} with a deliberate gap, ${count('missing')} missing, ` +
      `${count('not-covered')} not covered by this product.`,
    '',
    `Every requirement of the CIS AWS Foundations Benchmark ${current} Logging and Monitoring sections and 2.1.2 has a ` +
      `row, numbered as in ${current} and in ${earlier.join(', ')} (— where a version does not have it); rows ` +
      'without a CIS number are Security Hub controls on the same resources. The statuses say what the synthesized ' +
      `stacks build, not what is true in AWS today. Numbers from ${CIS_BENCHMARK_SOURCE}.`,
    '',
    `| CIS ${current} | ${earlier.join(' | ')} | Control | Security Hub | Status | Where: what implements it, or why not |`,
    `| --- | ${earlier.map(() => '---').join(' | ')} | --- | --- | --- | --- |`,
    ...rows.map((r) =>
      [
        '',
        ...CIS_BENCHMARK_VERSIONS.map((version) => (r.cis[version].length > 0 ? r.cis[version].join(', ') : '—')),
        `${cell(r.title)} (\`${r.id}\`)`,
        r.securityHub.length > 0 ? r.securityHub.join(', ') : '—',
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
