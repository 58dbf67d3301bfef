import * as fs from 'fs';
import * as path from 'path';
import { awsFact } from '../../../modules/core/aws-facts';
import { SCAN_EXEMPTIONS } from '../../../packages/cli/toolkit/scan/exemptions';
import { SCAN_RULES } from '../../../packages/cli/toolkit/scan/rules';
import { scanAccountsOf, type ScanResult, scanStacks } from '../../../packages/cli/toolkit/scan/scan';
import { ROOT, shippedConfig, synthesizedStacks } from '../../support/synth';

/*
 * The scan pack over every example config, each synthesized once for this file: no finding is left
 * unexempted, every resource type is placed, and every exemption still accepts something.
 */

const EXAMPLES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((file) => file.endsWith('.config.json'))
  .sort();

const results = new Map<string, ScanResult>();

beforeAll(() => {
  for (const file of EXAMPLES) {
    const config = shippedConfig(`examples/${file}`);
    results.set(file, scanStacks(synthesizedStacks(config), scanAccountsOf(config)));
  }
});

const resultOf = (file: string): ScanResult => {
  const result = results.get(file);
  if (result === undefined) throw new Error(`${file} was not scanned`);
  return result;
};

describe('the scan pack over every example', () => {
  test('the examples are the shipped ones and more', () => {
    expect(EXAMPLES).toEqual(
      expect.arrayContaining(['starter.config.json', 'minimal.config.json', 'full.config.json']),
    );
  });

  test.each(EXAMPLES)('%s: every finding is fixed or exempted with its reason', (file) => {
    expect(resultOf(file).findings.map((f) => `${f.rule} ${f.stack}/${f.address}: ${f.problem}`)).toEqual([]);
  });

  test.each(EXAMPLES)('%s: every resource type it creates is judged by a rule or placed in UNJUDGED_TYPES', (file) => {
    expect(resultOf(file).unplacedTypes).toEqual([]);
  });

  test('every exemption still accepts a finding of some example: delete a stale one with the fix that made it so', () => {
    const used = new Set(EXAMPLES.flatMap((file) => resultOf(file).exempted.map((f) => f.exemption)));
    expect(SCAN_EXEMPTIONS.filter((e) => !used.has(e)).map((e) => `${e.rule} ${e.resource}`)).toEqual([]);
  });

  test('every exemption names a rule of the pack and its reason, and a fact it cites exists', () => {
    const ids = new Set(SCAN_RULES.map((rule) => rule.id));
    for (const exemption of SCAN_EXEMPTIONS) {
      expect(ids).toContain(exemption.rule);
      expect(exemption.reason.length).toBeGreaterThan(30);
      if (exemption.awsFact !== undefined)
        expect(awsFact(exemption.awsFact).source.sentence.length).toBeGreaterThan(20);
    }
  });
});
