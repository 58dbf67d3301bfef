import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ControlRow } from '../../../packages/cli/toolkit/compliance/compliance-matrix';
import type { ReportProvenance } from '../../../packages/cli/toolkit/compliance/provenance';
import { runCliInProcess } from '../../support/cli';
import { ROOT, shippedConfig, tempDir } from '../../support/synth';

/* The compliance command's runs on a synth on disk; the matrix of each shipped config is in shipped-configs.test.ts. */

describe('cdktf-audit-logging compliance', () => {
  const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
  // One synth of the starter config for the tests that only read it.
  const out = path.join(tempDir('compliance-cli'), 'out');
  beforeAll(async () => {
    expect((await runCliInProcess(['synth', '--config', STARTER, '--out', out])).status).toBe(0);
  });

  test('prints the matrix and exits 0 when nothing is missing; JSON with --format json', async () => {
    // A stack folder the config no longer produces (synth keeps it) is not part of the matrix.
    fs.mkdirSync(path.join(out, 'stacks', 'member-gone'));
    fs.writeFileSync(
      path.join(out, 'stacks', 'member-gone', 'cdk.tf.json'),
      JSON.stringify({ resource: { aws_kms_key: { k: { enable_key_rotation: false } } } }),
    );
    const md = await runCliInProcess(['compliance', '--config', STARTER, '--out', out]);
    expect(md.status).toBe(0);
    expect(md.stdout).not.toContain('member-gone');
    expect(md.stdout).toContain(
      '45 controls: 38 met, 6 with a deliberate gap, 0 missing, 1 not covered by this product.',
    );
    const json = await runCliInProcess(['compliance', '--config', STARTER, '--out', out, '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { provenance: ReportProvenance; controls: ControlRow[] };
    expect(parsed.controls).toHaveLength(45);
    expect(parsed.controls[0]).toMatchObject({
      id: 'authorization-guardrails',
      cis: { 'v7.0.0': ['2.1.2'], 'v3.0.0': [] },
    });
  });

  test('compliance, cost and deploy-role refuse a synth of another config, naming both and the synth that fixes it', async () => {
    const FULL = path.join(ROOT, 'examples', 'full.config.json');
    for (const command of [['compliance'], ['cost'], ['deploy-role']]) {
      const result = await runCliInProcess([...command, '--config', FULL, '--out', out]);
      expect([command[0], result.status]).toEqual([command[0], 2]);
      expect(result.stderr).toContain(`${out} was synthesized from ${STARTER}`);
      expect(result.stderr).toContain(`not from ${FULL}`);
      expect(result.stderr).toContain(
        `Run npm run synth -- --config ${FULL} --out ${out} first, or give --config ${STARTER}`,
      );
    }
    // The same bytes under another name are the same config.
    const copy = path.join(tempDir('compliance-copy'), 'audit.config.json');
    fs.copyFileSync(STARTER, copy);
    expect((await runCliInProcess(['cost', '--config', copy, '--out', out])).status).toBe(0);
    // The config edited since its synth: its contents now are another config.
    const edited = path.join(tempDir('compliance-edited'), 'audit.config.json');
    const editedOut = path.join(path.dirname(edited), 'out');
    fs.copyFileSync(STARTER, edited);
    expect((await runCliInProcess(['synth', '--config', edited, '--out', editedOut])).status).toBe(0);
    fs.writeFileSync(edited, fs.readFileSync(STARTER, 'utf8').replace('"homeRegion"', '"homeRegion"') + '\n');
    const stale = await runCliInProcess(['compliance', '--config', edited, '--out', editedOut]);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toContain(`not from its contents now`);
    // A synth that recorded no config (cdktf synth's {}) is read, with a warning.
    fs.writeFileSync(path.join(editedOut, 'audit-deployment.json'), '{}\n');
    const unknown = await runCliInProcess(['compliance', '--config', edited, '--out', editedOut]);
    expect(unknown.status).toBe(0);
    expect(unknown.stderr).toContain('does not record which config it was synthesized from');
  });

  test('every format names what it is evidence of: organization, Regions, config and digest, version, time, source', async () => {
    const starter = shippedConfig('examples/starter.config.json');
    const sha256 = createHash('sha256').update(fs.readFileSync(STARTER)).digest('hex');
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const before = Date.now();
    const json = JSON.parse(
      (await runCliInProcess(['compliance', '--config', STARTER, '--out', out, '--format', 'json'])).stdout,
    ) as { provenance: ReportProvenance };
    const p = json.provenance;
    expect(p).toMatchObject({
      organizationId: starter.organization.id,
      managementAccountId: starter.organization.managementAccountId,
      governedRegions: starter.governedRegions,
      config: { file: STARTER, sha256 },
      product: { name: '@audit-logging/cdktf-cli', version },
      source: { kind: 'synthesized stacks', synth: out, stacks: 10 },
    });
    expect(p.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(p.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
    // From a checkout, the commit too.
    if (fs.existsSync(path.join(ROOT, '.git'))) expect(p.product.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const format of ['md', 'html']) {
      const text = (await runCliInProcess(['compliance', '--config', STARTER, '--out', out, '--format', format]))
        .stdout;
      for (const fact of [starter.organization.id, starter.organization.managementAccountId, sha256, version]) {
        expect([format, text.includes(fact)]).toEqual([format, true]);
      }
      expect(text).toContain('the synthesized stacks (10 in');
      expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \(UTC\)/);
    }
  });

  test('exits 1 and names the control when the stacks miss what the config claims', async () => {
    const out = path.join(tempDir('compliance-broken'), 'out');
    expect((await runCliInProcess(['synth', '--config', STARTER, '--out', out])).status).toBe(0);
    const file = path.join(out, 'stacks', 'organization', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.resource.aws_cloudwatch_metric_alarm = {};
    fs.writeFileSync(file, JSON.stringify(json));
    const result = await runCliInProcess(['compliance', '--config', STARTER, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'missing: root-account-usage: organization: cis-root-account-usage: no alarm with an action',
    );
  });
});
