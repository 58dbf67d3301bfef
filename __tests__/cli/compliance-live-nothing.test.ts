import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { endpointEnv, fakeLiveEndpoint } from '../support/fake-live-endpoint';
import { ROOT } from '../support/root';
import { tempDir } from '../support/temp';

/*
 * compliance --live on an organization where Security Hub and AWS Config have evaluated nothing yet
 * (a new deployment, or a local AWS): the report says so, not "0 failing", which reads as compliant.
 */

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const AUDIT_ACCOUNT = '333333333333';

test('says "nothing evaluated" when no finding and no rule result was read', async () => {
  const endpoint = await fakeLiveEndpoint({
    findings: [],
    rules: [],
    pageSize: 100,
    caller: AUDIT_ACCOUNT,
    auditAccount: AUDIT_ACCOUNT,
  });
  try {
    const env = endpointEnv(endpoint.url);
    const markdown = await runCliInProcess(['compliance', '--live', '--config', STARTER], { env });
    expect(markdown.stdout).toMatch(
      /\d+ accounts, \d+ controls checked by Security Hub or AWS Config: nothing evaluated \(no finding or rule result for any control in any account\), so this report shows no compliance state\./,
    );
    expect(markdown.stdout).not.toContain('0 failing in 0 account(s)');
    expect(markdown.stderr).toContain('nothing evaluated (no finding or rule result for any control in any account)');
    expect(markdown.status).toBe(0);
    const html = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'html'], { env });
    expect(html.stdout).toContain('<div class="unread"><b>nothing evaluated (no finding or rule result');
    const file = path.join(tempDir('compliance-live'), 'live.md');
    const written = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--output', file], { env });
    expect(written.stdout).toMatch(new RegExp(`^${file}: \\d+ accounts, \\d+ controls: nothing evaluated`));
  } finally {
    await endpoint.close();
  }
});
