import { alignColumns } from '../common/text-columns';
import { DeliveryGap, DeliveryReport, EVIDENCE_KINDS } from './delivery-check';
import { addDays } from './delivery-window';

/** Detail lines printed under the matrix; the rest are in the JSON report. */
export const MAX_DETAIL_LINES = 100;

/** `2026-11-16..2026-11-18, 2026-11-20`: consecutive days as ranges. */
export function dayRanges(days: readonly string[]): string {
  const ranges: string[][] = [];
  for (const day of days) {
    const last = ranges[ranges.length - 1];
    const previous = last?.[last.length - 1];
    if (previous !== undefined && addDays(previous, 1) === day) last.push(day);
    else ranges.push([day]);
  }
  return ranges.map((r) => (r.length === 1 ? r[0] : `${r[0]}..${r[r.length - 1]}`)).join(', ');
}

/**
 * The report as text: a headline, then a matrix of the accounts and Regions with gaps (each cell the
 * letters of the missing kinds with their number of days, `·` for none), then each gap's days and
 * where they were looked for, the exclusions, and the requests made.
 */
export function formatDeliveryReport(report: DeliveryReport): string {
  const lines: string[] = [];
  const window = `${report.window.from} to ${report.window.to} (${report.days} day${report.days === 1 ? '' : 's'})`;
  const scope = `${report.accounts} account${report.accounts === 1 ? '' : 's'} in ${report.regions.length} Region${report.regions.length === 1 ? '' : 's'}`;
  const accountsWithGaps = new Set(report.gaps.map((g) => g.accountId));
  if (report.complete) {
    lines.push(
      `verify-delivery: ${window}, ${scope}: complete. Every account, Region and day expected has CloudTrail log files, digest files and (where this product records Config) AWS Config snapshots.`,
    );
  } else {
    const missingDays = report.gaps.reduce((sum, g) => sum + g.days.length, 0);
    lines.push(
      `verify-delivery: ${window}, ${scope}: ${missingDays} missing day${missingDays === 1 ? '' : 's'} of evidence in ${accountsWithGaps.size} account${accountsWithGaps.size === 1 ? '' : 's'}.`,
      '',
      `${Object.values(EVIDENCE_KINDS)
        .filter((k) => k.required)
        .map((k) => `${k.letter} = ${k.label}`)
        .join(', ')}; the number is days missing.`,
      '',
      ...matrix(report),
      '',
      'Missing:',
    );
    const byPlace = new Map(report.gaps.map((g) => [`${g.accountId} ${g.region} ${g.kind}`, g]));
    const details = report.gaps.flatMap((gap) => [
      `  ${gap.name} ${gap.accountId} ${gap.region}: ${EVIDENCE_KINDS[gap.kind].label} on ${dayRanges(gap.days)}${otherKindNote(byPlace, gap)}`,
      `    looked in ${gap.location}`,
    ]);
    lines.push(...details.slice(0, MAX_DETAIL_LINES * 2));
    if (details.length > MAX_DETAIL_LINES * 2) {
      lines.push(`  ... and ${(details.length - MAX_DETAIL_LINES * 2) / 2} more: run with --json for all of them`);
    }
  }
  if (report.exclusions.length > 0) {
    lines.push('', 'Not expected (from the config):');
    lines.push(...report.exclusions.map((e) => `  ${e.name} ${e.accountId}: ${e.reason}`));
  }
  const history = report.configHistoryDays;
  if (history.expected > 0) {
    lines.push(
      '',
      `AWS Config history files on ${history.present} of ${history.expected} account-Region days (not a gap when absent: Config delivers history only for resources that changed).`,
    );
  }
  const applicationLogs = report.applicationLogs;
  if (applicationLogs !== undefined) {
    const places = applicationLogs.delivered.length + applicationLogs.silent.length;
    lines.push(
      '',
      `Application logs on ${applicationLogs.days.present} of ${applicationLogs.days.expected} account-Region days, from ${applicationLogs.delivered.length} of ${places} account-Regions (not a gap when absent: an account whose applications write nothing delivers nothing).`,
    );
    if (applicationLogs.silent.length > 0) {
      lines.push('Nothing in the window from:');
      const silent = applicationLogs.silent.map((p) => `  ${p.name} ${p.accountId} ${p.region}`);
      lines.push(...silent.slice(0, MAX_DETAIL_LINES));
      if (silent.length > MAX_DETAIL_LINES) {
        lines.push(`  ... and ${silent.length - MAX_DETAIL_LINES} more: run with --json for all of them`);
      }
    }
  }
  lines.push(
    '',
    `${report.requests} list requests (${report.attempts} attempts) in ${report.seconds.toFixed(1)} s; no file was read.`,
  );
  return lines.join('\n');
}

/** "(log files present)" when digests are missing on days whose log files arrived, and the reverse. */
function otherKindNote(byPlace: ReadonlyMap<string, DeliveryGap>, gap: DeliveryGap): string {
  const other =
    gap.kind === 'cloudtrail-digests' ? 'cloudtrail-logs' : gap.kind === 'cloudtrail-logs' ? 'cloudtrail-digests' : '';
  if (other === '') return '';
  const otherGap = byPlace.get(`${gap.accountId} ${gap.region} ${other}`);
  const bothMissing = gap.days.filter((day) => otherGap?.days.includes(day)).length;
  if (bothMissing === gap.days.length) return '';
  return other === 'cloudtrail-logs' ? ' (log files arrived)' : ' (digest files arrived)';
}

/** Accounts with gaps by the Regions with gaps. */
function matrix(report: DeliveryReport): string[] {
  const cells = new Map<string, string[]>();
  for (const gap of report.gaps) {
    const key = `${gap.accountId} ${gap.region}`;
    cells.set(key, [...(cells.get(key) ?? []), `${EVIDENCE_KINDS[gap.kind].letter}${gap.days.length}`]);
  }
  const regions = report.regions.filter((region) => report.gaps.some((g) => g.region === region));
  const accounts = [...new Map(report.gaps.map((g) => [g.accountId, g.name])).entries()];
  const rows = [['account', '', ...regions]];
  for (const [accountId, name] of accounts) {
    rows.push([name, accountId, ...regions.map((region) => cells.get(`${accountId} ${region}`)?.join(' ') ?? '·')]);
  }
  return alignColumns(rows);
}
