import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../modules/org-config/load';
import { complianceMatrix } from '../../../packages/cli/toolkit/compliance/compliance-matrix';
import { complianceHtml } from '../../../packages/cli/toolkit/compliance/html-report';
import { runCliInProcess } from '../../support/cli';
import { ROOT, synthConfig, tempDir } from '../../support/synth';

/* The tests of html.test.ts that synthesize the starter config whole (synthConfig, or synth run in process). */

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const config = loadConfig(STARTER);

describe('the compliance pages', () => {
  test('the static matrix page: one row per control, with its status', () => {
    const out = tempDir('html-matrix');
    const stacks = synthConfig(config, out).map((stackDir) => ({
      name: path.basename(stackDir),
      json: JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as never,
    }));
    const rows = complianceMatrix(config, stacks);
    const html = complianceHtml(rows);
    expect(html.match(/<tr><td>/g)).toHaveLength(rows.length);
    expect(html).toContain('<span class="badge not-covered">not covered</span>');
    expect(html).toContain('<b>45</b>controls');
  });

  test('compliance --format html writes the page', async () => {
    const dir = tempDir('html-cli');
    const out = path.join(dir, 'out');
    expect((await runCliInProcess(['synth', '--config', STARTER, '--out', out])).status).toBe(0);
    const file = path.join(dir, 'matrix.html');
    const result = await runCliInProcess([
      'compliance',
      '--config',
      STARTER,
      '--out',
      out,
      '--format',
      'html',
      '--output',
      file,
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: 45 controls\n`);
    expect(fs.readFileSync(file, 'utf8')).toContain('<h1>Control matrix</h1>');
  });
});
