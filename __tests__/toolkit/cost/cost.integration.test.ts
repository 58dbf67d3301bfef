import * as fs from 'fs';
import * as path from 'path';
import { countStacks, estimateCost } from '../../../packages/cli/toolkit/cost/cost-estimate';
import { runCliInProcess } from '../../support/cli';
import { ROOT, shippedConfig, synthConfig, tempDir } from '../../support/synth';

/* The tests of cost.test.ts that run on the starter config synthesized whole (synthConfig). */

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const starter = shippedConfig('examples/starter.config.json');

describe('cdktf-audit-logging cost', () => {
  const out = tempDir('cost-starter');
  /** `cost` on the starter's synth, with `args`. */
  const cost = (...args: string[]) => runCliInProcess(['cost', '--config', STARTER, '--out', out, ...args]);
  const stacks = synthConfig(starter, out).map((dir) => ({
    json: JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')),
  }));

  test("the README's figure for the starter is what the estimate gives at the defaults", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const figure = /the starter costs ([\d,]+\.\d\d) USD/.exec(readme)?.[1];
    const total = estimateCost(starter, countStacks(stacks), {}).totalUsd;
    expect(figure).toBe(total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  });

  test("counts the starter's alarms, metric filters and keys from its stacks", () => {
    const counts = countStacks(stacks);
    expect(counts.alarms).toBeGreaterThan(12);
    expect(counts.metricFilters).toBeGreaterThan(12);
    expect(counts.kmsKeys).toBeGreaterThan(1);
  });

  test('prints the Markdown, with every line sourced; --format json has the lines and the total', async () => {
    const md = await cost();
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('# Monthly cost estimate');
    expect(md.stdout).toContain('**assumed**, give yours');
    expect(md.stdout).toMatch(/^- \*\*Total:\*\* [\d,]+\.\d\d USD a month/m);
    const json = await cost('--format', 'json', '--events-per-account-day', '20_000');
    const estimate = JSON.parse(json.stdout) as {
      totalUsd: number;
      lines: { usd?: number; price?: { source: string } }[];
    };
    expect(estimate.lines.filter((l) => l.usd !== undefined).every((l) => l.price?.source.startsWith('https://'))).toBe(
      true,
    );
    expect(estimate.totalUsd).toBeGreaterThan(0);
  });

  test('a bad volume or Region is a usage error naming the option and the fix', async () => {
    const volume = await cost('--events-per-account-day', 'many');
    expect(volume.status).toBe(2);
    expect(volume.stderr).toContain('--events-per-account-day many is not a number of 0 or more');
    const region = await cost('--price-region', 'ap-south-1');
    expect(region.status).toBe(2);
    expect(region.stderr).toContain(
      'no prices recorded for ap-south-1: the table has us-east-1, eu-west-1, eu-central-1; give --price-region',
    );
  });

  test('--from-archive measures what --events-per-account-day gives: both, or a window without it, are usage errors', async () => {
    const both = await cost('--from-archive', '--events-per-account-day', '5000');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(
      '--events-per-account-day and --from-archive both set the events per account and day: give one',
    );
    const twice = await cost('--from-archive', '--data-events-per-account-day', '100');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('--data-events-per-account-day with --from-archive counts data events twice');
    const zero = await cost('--from-archive', '--gzip-bytes-per-event', '0');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('--gzip-bytes-per-event 0: --from-archive divides the bytes by it');
    const window = await cost('--from', '2026-11-01');
    expect(window.status).toBe(2);
    expect(window.stderr).toContain('--from sets the window --from-archive measures: add --from-archive');
    const unfinished = await cost('--from-archive', '--to', '2999-01-01');
    expect(unfinished.status).toBe(2);
    expect(unfinished.stderr).toMatch(/--to 2999-01-01 is not over yet/);
  });
});
