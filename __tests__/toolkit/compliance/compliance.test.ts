import * as path from 'path';
import { CIS_REQUIREMENTS, cisNumber } from '../../../modules/catalogs/cis-benchmark';
import { CIS_CONTROL_IDS, CIS_CONTROLS } from '../../../modules/catalogs/cis-controls';
import { COMPLIANCE_RULES } from '../../../packages/cli/toolkit/compliance/rules';
import { runCliInProcess } from '../../support/cli';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/* The shipped configs, synthesized: shipped-configs.test.ts (in memory), compliance.integration.test.ts (the command). */

describe('the compliance rules, as data', () => {
  test('one rule per row id, the CIS alarm controls last and in catalog order', () => {
    const ids = COMPLIANCE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-CIS_CONTROL_IDS.length)).toEqual([...CIS_CONTROL_IDS]);
  });

  test("a CIS alarm control's row takes its numbers from the control's record", () => {
    for (const id of CIS_CONTROL_IDS) {
      const rule = COMPLIANCE_RULES.find((r) => r.id === id);
      expect(rule?.cis).toEqual([CIS_CONTROLS[id].requirement]);
      expect(rule?.securityHub).toEqual(
        CIS_CONTROLS[id].securityHubControl === undefined ? [] : [CIS_CONTROLS[id].securityHubControl],
      );
    }
  });

  test('every rule answers at least one CIS recommendation or Security Hub control, or says why none asks for it', () => {
    for (const rule of COMPLIANCE_RULES) {
      if (rule.withoutFramework === undefined) expect(rule.cis.length + rule.securityHub.length).toBeGreaterThan(0);
      else
        expect([rule.id, rule.cis.length + rule.securityHub.length]).toEqual([
          expect.stringMatching(/^(application-logs-archived|search-tier-locked-down)$/),
          0,
        ]);
    }
  });
});

describe('the control matrix of the shipped configs', () => {
  test('the table is the Logging and Monitoring sections of v7.0.0 (4.1 to 4.10, 5.1 to 5.16) and 2.1.2', () => {
    expect(CIS_REQUIREMENTS.map((r) => r.number)).toEqual([
      '2.1.2',
      ...Array.from({ length: 10 }, (_, i) => `4.${i + 1}`),
      ...Array.from({ length: 16 }, (_, i) => `5.${i + 1}`),
    ]);
    // v6.0.0 moved Logging from 3 to 4 and Monitoring from 4 to 5; 2.1.2 and 4.10 are new in v7.0.0.
    expect(cisNumber('4.1', 'v6.0.0')).toBe('4.1');
    expect(cisNumber('4.1', 'v5.0.0')).toBe('3.1');
    expect(cisNumber('5.16', 'v3.0.0')).toBe('4.16');
    expect(cisNumber('2.1.2', 'v6.0.0')).toBeUndefined();
    expect(cisNumber('4.10', 'v6.0.0')).toBeUndefined();
  });
});

describe('cdktf-audit-logging compliance', () => {
  const STARTER = path.join(ROOT, 'examples', 'starter.config.json');

  test('exits 2 when nothing was synthesized', async () => {
    const result = await runCliInProcess([
      'compliance',
      '--config',
      STARTER,
      '--out',
      path.join(tempDir('compliance-none'), 'out'),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('run synth first');
  });
});
