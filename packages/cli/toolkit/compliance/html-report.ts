import {
  CIS_BENCHMARK_SOURCE,
  CIS_BENCHMARK_VERSIONS,
  CIS_CURRENT_VERSION,
} from '@audit-logging/cdktf/toolkit-api/catalogs';
import type { ControlRow } from './compliance-matrix';
import type { ControlStatus } from './rule';
import type { LiveReport, LiveRow, LiveStatus } from './live-state';
import { otherFramework, ROWS_WITHOUT_CIS } from './compliance-report';
import { provenanceFacts, ReportProvenance } from './provenance';
import { liveVerdict, NOTHING_EVALUATED } from './live-report';

/** The provenance as a definition list, right under the page's title. */
function provenanceHtml(provenance: ReportProvenance | undefined): string {
  if (provenance === undefined) return '';
  return `<dl class="provenance">${provenanceFacts(provenance)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>`;
}

/*
 * The compliance reports as self-contained HTML pages an auditor can open and pass on: one file, no
 * request to anything (styles and the small filter script are inline), readable without the script.
 * The live page is an accounts x controls matrix whose header row and account column stay in view
 * while scrolling, so that it reads at 1,000 accounts; every cell says its state in a symbol as well
 * as a color.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STYLE = `
:root { --ok: #1a7f37; --fail: #cf222e; --none: #8c959f; --gap: #9a6700; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; }
header, section { padding: 0 24px; }
h1 { font-size: 22px; margin: 20px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p { margin: 6px 0; max-width: 100ch; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 14px 0; }
.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 13px; }
.provenance dt { font-weight: 600; } .provenance dd { margin: 0; overflow-wrap: anywhere; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.card b { display: block; font-size: 24px; }
.card.bad b { color: var(--fail); }
.unread { border: 2px solid var(--fail); border-radius: 8px; padding: 8px 16px; margin: 12px 0; }
.tools { display: flex; gap: 16px; align-items: center; margin: 10px 0; }
.tools input[type=search] { font: inherit; padding: 4px 8px; width: 28ch; }
.scroll { overflow: auto; max-height: 75vh; border: 1px solid var(--line); margin: 0 24px; }
table { border-collapse: separate; border-spacing: 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
.matrix th, .matrix td { white-space: nowrap; }
.matrix thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 2; text-align: center; }
.matrix thead tr.counts th { top: 27px; font-weight: normal; font-size: 12px; }
.matrix .acct { position: sticky; left: 0; background: #fff; z-index: 1; font-family: ui-monospace, monospace; width: 118px; min-width: 118px; }
.matrix .role { position: sticky; left: 118px; background: #fff; z-index: 1; max-width: 22ch; overflow: hidden; text-overflow: ellipsis; }
.matrix thead .acct, .matrix thead .role { z-index: 3; background: #f6f8fa; }
.matrix td.s { text-align: center; font-weight: 700; width: 44px; color: #fff; }
td.compliant { background: var(--ok); }
td.failing { background: var(--fail); }
td.not-evaluated { background: #eaeef2; color: var(--none) !important; }
.fail { color: var(--fail); }
.list td { white-space: normal; }
.wide { overflow-x: auto; max-width: 100%; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px; white-space: nowrap; }
ul { margin: 0; padding-left: 18px; }
.matrix tbody tr { scroll-margin-top: 64px; scroll-margin-left: 300px; }
.matrix tbody tr:target td.acct, .matrix tbody tr:target td.role { background: #fff8c5; }
.badge.met { background: var(--ok); } .badge.gap { background: var(--gap); }
.badge.missing { background: var(--fail); } .badge.not-covered { background: var(--none); }
details { margin: 6px 0; } summary { cursor: pointer; }
code { font-family: ui-monospace, monospace; font-size: 12px; }
footer { padding: 16px 24px; color: #57606a; font-size: 12px; }
`;

/** A whole page: the title, the inline style, the body and an optional inline script. */
function page(title: string, body: string, script = ''): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    script === '' ? '' : `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const card = (value: number | string, label: string, bad = false): string =>
  `<div class="card${bad ? ' bad' : ''}"><b>${escapeHtml(String(value))}</b>${escapeHtml(label)}</div>`;

/** The control's column heading: its CIS number in the current version, else its Security Hub controls. */
function heading(row: LiveRow): string {
  const cis = row.cis[CIS_CURRENT_VERSION];
  return cis.length > 0 ? cis.join(', ') : row.securityHub.join(', ');
}

const SYMBOL: Readonly<Record<LiveStatus, string>> = { compliant: '✓', failing: '✗', 'not-evaluated': '·' };

/**
 * Filters the account rows by text and to failing accounts only. The page opened with `#failing`
 * starts filtered, so that a link can point at the failing accounts.
 */
const FILTER_SCRIPT = `
(function () {
  var search = document.getElementById('search');
  var failingOnly = document.getElementById('failing-only');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.matrix tbody tr'));
  function apply() {
    var text = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!failingOnly.checked || row.getAttribute('data-failing') === 'true') &&
        (text === '' || row.getAttribute('data-account').indexOf(text) >= 0);
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count + ' of ' + rows.length + ' accounts shown';
  }
  search.addEventListener('input', apply);
  failingOnly.addEventListener('change', apply);
  if (location.hash === '#failing') failingOnly.checked = true;
  apply();
})();
`;

/**
 * The live state as a self-contained page: summary cards and what could not be read, the accounts x
 * controls matrix (failing accounts first; header and account column fixed while scrolling; each
 * control's count of failing and compliant accounts under its heading), then every failing resource,
 * per control.
 */
export function liveHtml(report: LiveReport, provenance?: ReportProvenance): string {
  const evaluated = report.rows.filter((row) => row.unevaluated === undefined);
  const failingOf = (row: LiveRow) => row.cells.filter((c) => c.status === 'failing');
  const failingAccounts = new Set(evaluated.flatMap((row) => failingOf(row).map((c) => c.accountId)));
  const failingControls = evaluated.filter((row) => failingOf(row).length > 0);
  const accounts = [...report.accounts].sort(
    (a, b) => Number(failingAccounts.has(b.accountId)) - Number(failingAccounts.has(a.accountId)),
  );
  const cellsByAccount = new Map<string, Map<string, LiveRow['cells'][number]>>();
  for (const row of evaluated) {
    for (const c of row.cells) {
      const byRow = cellsByAccount.get(c.accountId) ?? new Map<string, LiveRow['cells'][number]>();
      byRow.set(row.id, c);
      cellsByAccount.set(c.accountId, byRow);
    }
  }
  const sources = [
    `Security Hub findings in ${report.region}: ${report.findings} read`,
    report.aggregator === undefined
      ? 'no AWS Config aggregator read'
      : `AWS Config aggregator ${report.aggregator.name} in ${report.aggregator.region}: ${report.evaluations} rule results read`,
    `${report.requests} request(s)`,
  ].join('; ');

  const headRow = evaluated
    .map((row) => {
      const checks = [...row.securityHub, ...row.configRules.map((rule) => `AWS Config ${rule}`)].join(', ');
      return `<th title="${escapeHtml(`${row.title} (${row.id}); ${checks}`)}">${escapeHtml(heading(row))}</th>`;
    })
    .join('');
  const countsRow = evaluated
    .map((row) => {
      const failing = failingOf(row).length;
      const compliant = row.cells.filter((c) => c.status === 'compliant').length;
      return `<th title="failing / compliant accounts"><span class="fail">${failing}</span>/${compliant}</th>`;
    })
    .join('');
  const bodyRows = accounts
    .map((account) => {
      const byRow = cellsByAccount.get(account.accountId);
      const cells = evaluated
        .map((row) => {
          const c = byRow?.get(row.id);
          const status: LiveStatus = c?.status ?? 'not-evaluated';
          const tip =
            status === 'failing'
              ? `${heading(row)}: ${c?.failing.length ?? 0} failing resource(s), first: ${c?.failing[0]?.check ?? ''} ${c?.failing[0]?.resource ?? ''}`
              : `${heading(row)}: ${status}`;
          return `<td class="s ${status}" title="${escapeHtml(tip)}">${SYMBOL[status]}</td>`;
        })
        .join('');
      return (
        `<tr id="account-${escapeHtml(account.accountId)}" data-account="${escapeHtml(`${account.accountId} ${account.role}`.toLowerCase())}" data-failing="${failingAccounts.has(account.accountId)}">` +
        `<td class="acct">${escapeHtml(account.accountId)}</td><td class="role" title="${escapeHtml(account.role)}">${escapeHtml(account.role)}</td>${cells}</tr>`
      );
    })
    .join('\n');

  const failures = failingControls
    .map((row) => {
      const items = row.cells.flatMap((c) =>
        c.failing.map(
          (f) =>
            `<tr><td><code>${escapeHtml(c.accountId)}</code></td><td>${escapeHtml(f.region)}</td><td>${escapeHtml(f.check)}</td><td><code>${escapeHtml(f.resource)}</code></td></tr>`,
        ),
      );
      return (
        `<details${items.length <= 50 ? ' open' : ''}><summary><b>${escapeHtml(heading(row))}</b> ${escapeHtml(row.title)} ` +
        `(<code>${escapeHtml(row.id)}</code>): ${failingOf(row).length} account(s), ${items.length} resource(s)</summary>` +
        `<table class="list"><thead><tr><th>Account</th><th>Region</th><th>Check</th><th>Resource</th></tr></thead><tbody>${items.join('')}</tbody></table></details>`
      );
    })
    .join('\n');
  const unchecked = report.rows.filter((row) => row.unevaluated !== undefined);

  const body = [
    '<header>',
    '<h1>Compliance state (live)</h1>',
    provenanceHtml(provenance),
    `<p>${escapeHtml(sources)}.</p>`,
    '<div class="cards">',
    card(report.accounts.length, 'accounts'),
    card(evaluated.length, 'controls checked'),
    card(failingControls.length, 'controls failing', failingControls.length > 0),
    card(failingAccounts.size, 'accounts failing', failingAccounts.size > 0),
    '</div>',
    liveVerdict(report) === NOTHING_EVALUATED
      ? `<div class="unread"><b>${escapeHtml(NOTHING_EVALUATED)}.</b></div>`
      : '',
    report.unread.length === 0
      ? ''
      : `<div class="unread"><b>Not read, so this report is incomplete:</b><ul>${report.unread.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul></div>`,
    `<p>Columns are CIS ${escapeHtml(CIS_CURRENT_VERSION)} numbers (Security Hub control ids where CIS has none); hover a heading for the control and its checks. ` +
      '✓ every evaluated finding and rule passed; ✗ one failed; · nothing evaluated there (Security Hub or the rule off, the control disabled, or not yet run). ' +
      'Under each heading: failing / compliant accounts. Link to an account with <code>#account-&lt;id&gt;</code>, to the failing ones with <code>#failing</code>.</p>',
    '<div class="tools"><input type="search" id="search" placeholder="Filter accounts (id or role)" aria-label="Filter accounts">',
    '<label><input type="checkbox" id="failing-only"> failing accounts only</label> <span id="shown"></span></div>',
    '</header>',
    '<div class="scroll">',
    '<table class="matrix">',
    `<thead><tr><th class="acct">Account</th><th class="role">Role</th>${headRow}</tr>`,
    `<tr class="counts"><th class="acct"></th><th class="role"></th>${countsRow}</tr></thead>`,
    `<tbody>\n${bodyRows}\n</tbody>`,
    '</table>',
    '</div>',
    '<section>',
    '<h2>Failing resources</h2>',
    failures === '' ? '<p>None.</p>' : failures,
    unchecked.length === 0
      ? ''
      : `<p>Not checked live: ${unchecked
          .map((row) => `${escapeHtml(heading(row) || row.id)} <code>${escapeHtml(row.id)}</code>`)
          .join(
            ', ',
          )}. Neither a Security Hub control nor a detective rule checks them; the static matrix reports what the stacks build.</p>`,
    '</section>',
    '<footer>cdktf-audit-logging compliance --live</footer>',
  ].join('\n');
  return page('Compliance state (live)', body, FILTER_SCRIPT);
}

const STATUS_LABEL: Readonly<Record<ControlStatus, string>> = {
  met: 'met',
  gap: 'gap (deliberate)',
  missing: 'missing',
  'not-covered': 'not covered',
};

/**
 * The control matrix of the synthesized stacks as a self-contained page: a summary, then one row per
 * control with its number in every CIS version, its Security Hub controls (or ATT&CK techniques), its status and, per stack
 * or account, what implements it or why not.
 */
export function complianceHtml(rows: readonly ControlRow[], provenance?: ReportProvenance): string {
  const count = (status: ControlStatus) => rows.filter((r) => r.status === status).length;
  const [current, ...earlier] = CIS_BENCHMARK_VERSIONS;
  const body = [
    '<header>',
    '<h1>Control matrix</h1>',
    provenanceHtml(provenance),
    '<div class="cards">',
    card(rows.length, 'controls'),
    card(count('met'), 'met'),
    card(count('gap'), 'deliberate gaps'),
    card(count('missing'), 'missing', count('missing') > 0),
    card(count('not-covered'), 'not covered by this product'),
    '</div>',
    `<p>Every requirement of the CIS AWS Foundations Benchmark ${escapeHtml(current)} Logging and Monitoring sections and 2.1.2 has a row, ` +
      `numbered as in ${escapeHtml(current)} and in ${escapeHtml(earlier.join(', '))} (— where a version does not have it); ` +
      `${escapeHtml(ROWS_WITHOUT_CIS)}. The statuses say what the synthesized stacks build, not what is true in AWS ` +
      `today (compliance --live reads that). Numbers from ${escapeHtml(CIS_BENCHMARK_SOURCE)}.</p>`,
    '</header>',
    '<section>',
    // A narrow window scrolls the table in its own box; the page itself never scrolls sideways.
    '<div class="wide">',
    '<table class="list">',
    `<thead><tr><th>CIS ${escapeHtml(current)}</th>${earlier.map((v) => `<th>${escapeHtml(v)}</th>`).join('')}<th>Control</th><th>Security Hub or ATT&amp;CK</th><th>Status</th><th>Where: what implements it, or why not</th></tr></thead>`,
    '<tbody>',
    ...rows.map((r) => {
      const numbers = CIS_BENCHMARK_VERSIONS.map(
        (version) => `<td>${escapeHtml(r.cis[version].length > 0 ? r.cis[version].join(', ') : '—')}</td>`,
      ).join('');
      const verdicts = r.verdicts
        .map(
          (v) =>
            `<li><b>${escapeHtml(v.where)}</b>: ${v.status === 'met' ? '' : `<span class="badge ${v.status}">${escapeHtml(STATUS_LABEL[v.status])}</span> `}${escapeHtml(v.detail)}</li>`,
        )
        .join('');
      return (
        `<tr>${numbers}<td>${escapeHtml(r.title)} <code>${escapeHtml(r.id)}</code></td>` +
        `<td>${escapeHtml(otherFramework(r))}</td>` +
        `<td><span class="badge ${r.status}">${escapeHtml(STATUS_LABEL[r.status])}</span></td><td><ul>${verdicts}</ul></td></tr>`
      );
    }),
    '</tbody>',
    '</table>',
    '</div>',
    '</section>',
    '<footer>cdktf-audit-logging compliance</footer>',
  ].join('\n');
  return page('Control matrix', body);
}
