import * as path from 'path';
import { loadConfig } from '../../../modules/org-config/load';
import { escapeHtml, liveHtml } from '../../../packages/cli/toolkit/compliance/html-report';
import { readLiveState } from '../../../packages/cli/toolkit/compliance/live-state';
import { ROOT } from '../../support/root';

/* The tests that synthesize the starter config whole are in html.integration.test.ts. */

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const config = loadConfig(STARTER);

/** The live state of the starter organization with one failing trail, a hostile role and resource, and an unread batch. */
async function report() {
  const hostile = {
    ...config,
    members: [...config.members, { ...config.members[3], name: '<script>x</script>', accountId: '666666666666' }],
  };
  return readLiveState(
    hostile,
    {
      securityHub: {
        async page(controlIds) {
          if (controlIds.includes('S3.5')) throw new Error('AccessDeniedException: <denied>');
          return {
            findings: controlIds.includes('CloudTrail.1')
              ? [
                  {
                    accountId: '444444444444',
                    region: 'eu-west-1',
                    controlId: 'CloudTrail.1',
                    status: 'FAILED' as const,
                    resources: ['arn:aws:cloudtrail:eu-west-1:444444444444:trail/"<b>"'],
                    suppressed: false,
                  },
                  {
                    accountId: '555555555555',
                    region: 'eu-west-1',
                    controlId: 'CloudTrail.1',
                    status: 'PASSED' as const,
                    resources: [],
                    suppressed: false,
                  },
                ]
              : [],
          };
        },
      },
    },
    'eu-west-1',
  );
}

describe('the compliance pages', () => {
  test('escapeHtml leaves no markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('the live page: one self-contained file, an accounts x controls matrix, failing first, every value escaped', async () => {
    const live = await report();
    const html = liveHtml(live);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('member &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('trail/&quot;&lt;b&gt;&quot;');
    const rows = html.match(/<tr id="account-\d{12}"/g) ?? [];
    expect(rows).toHaveLength(live.accounts.length);
    // The failing account is the first row; its cell says so in a symbol and a class.
    expect(rows[0]).toBe('<tr id="account-444444444444"');
    expect(html).toMatch(
      /<td class="s failing" title="4\.1: 1 failing resource\(s\), first: CloudTrail\.1 [^"]*">✗<\/td>/,
    );
    expect(html).toContain('<td class="s compliant" title="4.1: compliant">✓</td>');
    // What could not be read is shown above the matrix.
    expect(html).toContain('<b>Not read, so this report is incomplete:</b>');
    expect(html).toContain('AccessDeniedException: &lt;denied&gt;');
    // Header and account columns stay in view; the filter is there.
    expect(html).toMatch(/\.matrix thead th \{ position: sticky; top: 0;/);
    expect(html).toContain('<input type="search" id="search"');
    expect(html).toContain('<label><input type="checkbox" id="failing-only"> failing accounts only</label>');
  });
});
