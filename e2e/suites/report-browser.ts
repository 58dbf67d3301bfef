/**
 * `npm run test:browser`: the compliance pages as an auditor sees them, in a real browser (headless
 * Chromium from Debian's `chromium` package; `apt-get install chromium`). It writes the static
 * matrix of the starter config and the live state of an organization of 1,000 member accounts (read
 * through readLiveState from in-memory Security Hub and AWS Config readers that page as AWS does),
 * then has Chromium run each page's script and take screenshots, and checks what it drew:
 *
 * - the live page lists every account, and opened with `#failing` its script shows the failing
 *   accounts only, with the count it prints;
 * - a screenshot shows failing (red) and compliant (green) cells;
 * - opened at `#account-<id>` of the 900th account, the browser scrolls the matrix to that row
 *   (highlighted) while the control headings stay in view above it (sticky), so that the matrix
 *   reads at 1,000 accounts;
 * - the static matrix draws its status badges.
 *
 * Screenshots are kept in the folder it prints. Exits 1 at the first failed check, naming it; a
 * missing Chromium is a failure, not a skip.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { parseConfig } from '../../modules/org-config/load';
import { synthesizeStacks } from '../../stacks';
import { complianceMatrix } from '../../packages/cli/toolkit/compliance/compliance-matrix';
import { complianceHtml, liveHtml } from '../../packages/cli/toolkit/compliance/html-report';
import {
  type AggregateComplianceReader,
  type ControlFinding,
  type FindingsReader,
  readLiveState,
  type RuleCompliance,
} from '../../packages/cli/toolkit/compliance/live-state';
import { exitWith } from '../harness/suite';

const ROOT = path.resolve(__dirname, '..', '..');
const ACCOUNTS = 1000;
const WINDOW = { width: 1400, height: 900 };

class CheckFailed extends Error {}

function check(condition: boolean, what: string, detail: unknown = ''): void {
  if (!condition) throw new CheckFailed(`${what}${detail === '' ? '' : `: ${JSON.stringify(detail)}`}`);
  process.stdout.write(`ok  ${what}\n`);
}

/** The Chromium of Debian's package, or the one CHROMIUM names. */
function chromium(): string {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (c): c is string => c !== undefined && c !== '',
  );
  const found = candidates.find((c) => fs.existsSync(c));
  if (found === undefined) {
    throw new CheckFailed(
      `no Chromium at ${candidates.join(' or ')}: install Debian's package (apt-get update && apt-get install -y chromium), or set CHROMIUM`,
    );
  }
  return found;
}

/** Runs headless Chromium on `url` with `args` (`--dump-dom`, `--screenshot=...`); returns its stdout. */
function browse(browser: string, url: string, args: readonly string[], window = WINDOW): string {
  const result = spawnSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      `--window-size=${window.width},${window.height}`,
      // Leave time for the page's script before the DOM is dumped or the screenshot taken.
      '--virtual-time-budget=3000',
      ...args,
      url,
    ],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new CheckFailed(`chromium ${args.join(' ')} ${url} exited ${result.status}: ${result.stderr.slice(-1500)}`);
  }
  return result.stdout;
}

/**
 * How far the page at `file` reaches past the window's right edge, in CSS pixels (0 or less when it
 * fits), measured by Chromium on a copy of the page with a probe script.
 */
function horizontalOverflow(browser: string, file: string, window: { width: number; height: number }): number {
  const probe = `${file}.probe.html`;
  fs.writeFileSync(
    probe,
    fs
      .readFileSync(file, 'utf8')
      .replace(
        '</body>',
        '<script>document.body.setAttribute("data-overflow", String(document.documentElement.scrollWidth - window.innerWidth));</script></body>',
      ),
  );
  const dom = browse(browser, `file://${probe}`, ['--dump-dom'], window);
  const found = /data-overflow="(-?\d+)"/.exec(dom);
  if (found === null) throw new CheckFailed(`no overflow probe in ${probe}`);
  return Number(found[1]);
}

/** A screenshot of `url`, decoded. */
function screenshot(browser: string, url: string, file: string): PNG {
  browse(browser, url, [`--screenshot=${file}`]);
  return PNG.sync.read(fs.readFileSync(file));
}

/** The pixels of `png` within `tolerance` of a color, with their y coordinates. */
function pixelsOf(png: PNG, hex: string, tolerance = 12): { count: number; ys: number[] } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const ys: number[] = [];
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const at = (png.width * y + x) * 4;
      const near =
        Math.abs(png.data[at] - r) <= tolerance &&
        Math.abs(png.data[at + 1] - g) <= tolerance &&
        Math.abs(png.data[at + 2] - b) <= tolerance;
      if (near) ys.push(y);
    }
  }
  return { count: ys.length, ys };
}

/** A config of the starter organization with 1,000 more member accounts. */
function largeStarterConfig() {
  const starter = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8')) as {
    members: unknown[];
  };
  const members = [
    ...starter.members,
    ...Array.from({ length: ACCOUNTS }, (_, i) => ({
      name: `team-${String(i).padStart(4, '0')}`,
      accountId: String(700000000000 + i),
    })),
  ];
  return parseConfig(JSON.stringify({ ...starter, members }), 'large starter config');
}

/** The state of account `i` for a check: most compliant, some failing, some not evaluated. */
function stateOf(i: number, check: string): 'pass' | 'fail' | 'none' {
  const hash = [...`${i}:${check}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7);
  return hash % 151 === 0 ? 'fail' : hash % 17 === 0 ? 'none' : 'pass';
}

/** Security Hub's findings of the large organization, 100 a page. */
function findingsReader(accountIds: readonly string[]): FindingsReader {
  const batches = new Map<string, ControlFinding[]>();
  const findingsOf = (controlIds: readonly string[]): ControlFinding[] =>
    accountIds.flatMap((accountId, i) =>
      controlIds.flatMap((controlId) => {
        const state = stateOf(i, controlId);
        if (state === 'none') return [];
        return [
          {
            accountId,
            region: 'eu-west-1',
            controlId,
            status: state === 'fail' ? ('FAILED' as const) : ('PASSED' as const),
            resources: [`arn:aws:iam::${accountId}:root`],
            suppressed: false,
          },
        ];
      }),
    );
  return {
    async page(controlIds, nextToken) {
      const key = controlIds.join(',');
      const all = batches.get(key) ?? findingsOf(controlIds);
      batches.set(key, all);
      const start = Number(nextToken ?? 0);
      return {
        findings: all.slice(start, start + 100),
        ...(start + 100 < all.length ? { nextToken: String(start + 100) } : {}),
      };
    },
  };
}

/** The aggregator's results of the detective rules in the large organization, 1,000 a page. */
function aggregateReader(accountIds: readonly string[]): AggregateComplianceReader {
  const rules = ['multi-region-cloudtrail-enabled', 'securityhub-enabled', 'cmk-backing-key-rotation-enabled'];
  const all: RuleCompliance[] = accountIds.flatMap((accountId, i) =>
    rules.flatMap((rule) => {
      const state = stateOf(i, rule);
      if (state === 'none') return [];
      return [
        {
          ruleName: `OrgConfigRule-audit-${rule}-k3y9x0aa`,
          accountId,
          region: 'eu-west-1',
          compliance: state === 'fail' ? ('NON_COMPLIANT' as const) : ('COMPLIANT' as const),
        },
      ];
    }),
  );
  return {
    aggregatorName: 'audit-organization',
    region: 'eu-west-1',
    async compliancePage(nextToken) {
      const start = Number(nextToken ?? 0);
      return {
        rules: all.slice(start, start + 1000),
        ...(start + 1000 < all.length ? { nextToken: String(start + 1000) } : {}),
      };
    },
    async nonCompliantPage(rule) {
      return { resources: [`AWS::::Account ${rule.accountId}`] };
    },
  };
}

async function main(): Promise<void> {
  const browser = chromium();
  const version = spawnSync(browser, ['--version'], { encoding: 'utf8' }).stdout.trim();
  check(version.length > 0, `headless browser: ${version}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-pages-'));

  // The live state of 1,000 accounts, through the same reading and judging as --live.
  const config = largeStarterConfig();
  const accountIds = config.members.map((m) => m.accountId);
  const started = Date.now();
  const report = await readLiveState(
    config,
    { securityHub: findingsReader(accountIds), configRules: aggregateReader(accountIds) },
    'eu-west-1',
  );
  const livePage = path.join(out, 'live.html');
  fs.writeFileSync(livePage, liveHtml(report));
  const failingAccounts = new Set(
    report.rows
      .filter((r) => r.unevaluated === undefined)
      .flatMap((r) => r.cells.filter((c) => c.status === 'failing').map((c) => c.accountId)),
  );
  const size = fs.statSync(livePage).size;
  check(
    report.accounts.length >= ACCOUNTS && report.unread.length === 0,
    `live page of ${report.accounts.length} accounts written in ${Date.now() - started} ms (${(size / 1e6).toFixed(1)} MB, self-contained)`,
  );
  const html = fs.readFileSync(livePage, 'utf8');
  check(!/(src|href)=["']?(https?:)?\/\//i.test(html), 'the page loads nothing from elsewhere');

  const url = `file://${livePage}`;
  const dom = browse(browser, url, ['--dump-dom']);
  const rows = dom.match(/<tr id="account-/g)?.length ?? 0;
  check(rows === report.accounts.length, 'the browser lays out one matrix row per account', rows);
  check(
    dom.includes(`${report.accounts.length} of ${report.accounts.length} accounts shown`),
    'its script counts the accounts shown',
  );

  const filtered = browse(browser, `${url}#failing`, ['--dump-dom']);
  const hidden = filtered.match(/<tr id="account-[^>]*hidden/g)?.length ?? 0;
  check(
    filtered.includes(`${failingAccounts.size} of ${report.accounts.length} accounts shown`) &&
      hidden === report.accounts.length - failingAccounts.size,
    `opened at #failing, only the ${failingAccounts.size} failing accounts are shown`,
    { hidden },
  );

  const top = screenshot(browser, url, path.join(out, 'live-top.png'));
  const red = pixelsOf(top, '#cf222e');
  const green = pixelsOf(top, '#1a7f37');
  check(
    top.width === WINDOW.width && red.count > 2000 && green.count > 20_000,
    'the screenshot shows failing (red) and compliant (green) cells',
    { red: red.count, green: green.count },
  );

  // The 900th account: the browser scrolls the matrix to its row; the headings stay above it.
  const target = report.accounts[899].accountId;
  const scrolled = screenshot(browser, `${url}#account-${target}`, path.join(out, 'live-account-900.png'));
  const highlight = pixelsOf(scrolled, '#fff8c5', 4);
  const heading = pixelsOf(scrolled, '#f6f8fa', 2);
  const highlightTop = Math.min(...highlight.ys);
  check(
    highlight.count > 500 && heading.ys.some((y) => y < highlightTop),
    `opened at #account-${target} (row 900), the row is in view, highlighted, under the fixed headings`,
    { highlight: highlight.count, highlightTop, headingRows: new Set(heading.ys).size },
  );

  // The static matrix of the starter config.
  const stacksOut = path.join(out, 'starter');
  const starter = parseConfig(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8'), 'starter');
  const names = synthesizeStacks(starter, stacksOut);
  const stacks = names.map((name) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(stacksOut, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
  }));
  const matrixPage = path.join(out, 'matrix.html');
  fs.writeFileSync(matrixPage, complianceHtml(complianceMatrix(starter, stacks)));
  const matrix = screenshot(browser, `file://${matrixPage}`, path.join(out, 'matrix.png'));
  const badges = pixelsOf(matrix, '#1a7f37');
  const gaps = pixelsOf(matrix, '#9a6700');
  check(badges.count > 300 && gaps.count > 100, 'the static matrix draws its met and gap badges', {
    met: badges.count,
    gap: gaps.count,
  });
  // Nothing is cut off on the right, from a narrow window to a wide one: the page never scrolls
  // sideways (a wide table scrolls in its own box), and the provenance is at the top.
  for (const [page, name] of [
    [matrixPage, 'static matrix'],
    [path.join(out, 'live.html'), 'live page'],
  ] as const) {
    for (const width of [800, 1600]) {
      const overflow = horizontalOverflow(browser, page, { width, height: 900 });
      check(overflow <= 0, `the ${name} fits a ${width} px window (no sideways scroll of the page)`, { overflow });
    }
  }
  process.stdout.write(`screenshots and pages: ${out}\n`);
}

if (require.main === module) {
  exitWith(() =>
    main().then(
      () => 0,
      (error: unknown) => {
        process.stderr.write(`test:browser failed: ${error instanceof CheckFailed ? error.message : String(error)}\n`);
        return 1;
      },
    ),
  );
}
