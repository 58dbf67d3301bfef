import { ControlRow, ControlStatus } from './compliance-matrix';

const LABEL: Readonly<Record<ControlStatus, string>> = { met: 'met', gap: 'gap (deliberate)', missing: '**MISSING**' };

/** Table cells keep to one line: pipes escaped, line breaks removed. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/**
 * The matrix as Markdown for an auditor: a summary, then one table row per control with its sources,
 * its status and, per stack or account, what implements it or why it is not met.
 */
export function complianceMarkdown(rows: readonly ControlRow[]): string {
  const count = (status: ControlStatus) => rows.filter((r) => r.status === status).length;
  const lines = [
    '# Control matrix',
    '',
    `${rows.length} controls: ${count('met')} met, ${count('gap')} with a deliberate gap, ${count('missing')} missing.`,
    '',
    '| Control | Sources | Status | Where: what implements it, or why not |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.title)} (\`${r.id}\`) | ${cell(r.sources.join(', '))} | ${LABEL[r.status]} | ${cell(
          r.verdicts.map((v) => `${v.where}: ${v.status === 'met' ? v.detail : `${v.status}: ${v.detail}`}`).join('; '),
        )} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
