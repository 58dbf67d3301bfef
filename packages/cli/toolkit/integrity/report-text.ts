import { VerifyReport } from './verify-tree';

/**
 * The report as a person reads it: a verdict, then per account and Region the counts of valid,
 * invalid, missing and unlisted files and the first problems, then notices.
 */
export function formatReport(report: VerifyReport, maxProblems = 10): string {
  const lines: string[] = [];
  const problems = report.streams.flatMap((s) => s.problems);
  const failures = problems.filter((p) => p.severity === 'error' || report.strict);
  lines.push(
    `${report.ok ? 'VALID' : 'INVALID'}: ${report.root} (${report.files.digests} digests, ${report.files.logs} log files, ${report.files.signatures} signature files${report.strict ? ', strict' : ''})`,
  );
  if (report.streams.length === 0) lines.push('  no CloudTrail digests or log files found under AWSLogs/');
  for (const s of report.streams) {
    const d = s.digests;
    const l = s.logs;
    lines.push('');
    lines.push(`${s.account} ${s.region}`);
    lines.push(`  digests: ${d.valid} valid, ${d.invalid} invalid, ${d.missing} missing, ${d.unsigned} unsigned`);
    lines.push(`  log files: ${l.valid} valid, ${l.invalid} invalid, ${l.missing} missing, ${l.unlisted} in no digest`);
    for (const p of s.problems.slice(0, maxProblems))
      lines.push(`  ${p.severity === 'error' || report.strict ? 'FAIL' : 'WARN'} ${p.kind}: ${p.message}`);
    if (s.problems.length > maxProblems)
      lines.push(`  ... and ${s.problems.length - maxProblems} more (--json lists them all)`);
    for (const n of s.notices) lines.push(`  note: ${n.message}`);
  }
  lines.push('');
  lines.push(
    report.ok
      ? 'Every digest and log file checked is intact.'
      : `${failures.length} problems: the evidence is not intact.`,
  );
  return lines.join('\n');
}
