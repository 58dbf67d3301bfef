import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { tempDir } from '../support/synth';

/*
 * One meaning per option name: `--out` is the synth folder, `--output` a report file and `--config`
 * the organization config, in every command. plan-summary's report (`--out` before) and discover's
 * config (`--out`, `-o`) were renamed; their old spellings still work for one release, with a warning.
 */

/** A folder of one plan JSON file, as plan writes it, with no synth beside it. */
function plans(): string {
  const dir = tempDir('renamed-plans');
  fs.writeFileSync(
    path.join(dir, 'log-archive.json'),
    JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [] }),
  );
  return dir;
}

test('plan-summary writes its report with --output, and --out still does, with a warning', async () => {
  const dir = plans();
  const report = path.join(dir, 'summary.md');
  const current = await runCliInProcess(['plan-summary', '--synth', 'none', '--output', report, dir]);
  expect(current.status).toBe(0);
  expect(current.stderr).toBe('');
  const written = fs.readFileSync(report, 'utf8');
  expect(written).toContain('log-archive');
  fs.rmSync(report);

  const old = await runCliInProcess(['plan-summary', '--synth', 'none', '--out', report, dir]);
  expect(old.status).toBe(0);
  expect(old.stderr).toBe(
    'warning: plan-summary --out is now --output; the old spelling will be removed in the next release\n',
  );
  expect(fs.readFileSync(report, 'utf8')).toBe(written);
});

test('plan-summary refuses --out and --output together, and --help shows --output only', async () => {
  const dir = plans();
  const both = await runCliInProcess(['plan-summary', '--out', 'a.md', '--output', 'b.md', dir]);
  expect(both.status).toBe(2);
  expect(both.stderr).toContain('plan-summary: give --output only (--out is its old spelling)');
  const help = (await runCliInProcess(['plan-summary', '--help'])).stdout;
  expect(help).toContain('--output <file>');
  expect(help).not.toMatch(/--out\b/);
});

test('discover names the config it writes with --config; -o and --out still do, with a warning', async () => {
  // A config that does not parse: discover reads the file its option names, stops, and calls no AWS.
  const file = path.join(tempDir('renamed-discover'), 'audit.config.json');
  fs.writeFileSync(file, '{ "homeRegion": "eu-west-1", }');
  const current = await runCliInProcess(['discover', '--config', file]);
  expect(current.status).toBe(2);
  expect(current.stderr).toContain(`${file}`);
  expect(current.stderr).toContain('it is left untouched, and nothing was read from AWS.');
  for (const old of ['--out', '-o']) {
    const result = await runCliInProcess(['discover', old, file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `warning: discover --out is now --config; the old spelling will be removed in the next release\n${current.stderr}`,
    );
  }
  const help = (await runCliInProcess(['discover', '--help'])).stdout;
  expect(help).toContain('-c, --config <file>');
  expect(help).not.toMatch(/--out\b/);
});
