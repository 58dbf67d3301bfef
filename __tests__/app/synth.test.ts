import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, ROOT, shippedConfig, synthConfig, tempDir } from '../support/synth';

/** Runs main.ts as `cdktf synth` does, with CDKTF_OUTDIR and AUDIT_CONFIG. */
function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('synth', () => {
  test('is deterministic: the same config gives byte-identical output', () => {
    const config = shippedConfig('examples/full.config.json');
    const [first, second] = [tempDir('det-a'), tempDir('det-b')];
    synthConfig(config, first);
    synthConfig(structuredClone(config), second);
    const files = listFiles(first);
    expect(listFiles(second)).toEqual(files);
    for (const file of files) {
      expect(fs.readFileSync(path.join(second, file)).equals(fs.readFileSync(path.join(first, file)))).toBe(true);
    }
  });

  test('main.ts synthesizes audit.config.json by default: one cdk.tf.json per stack', () => {
    const outdir = tempDir('main');
    const result = runMain({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: '' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(listFiles(outdir)).toEqual([
      'manifest.json',
      'stacks/log-archive/cdk.tf.json',
      'stacks/member-payments-prod/cdk.tf.json',
      'stacks/member-sandbox/cdk.tf.json',
      'stacks/member-security-tooling/cdk.tf.json',
      'stacks/organization/cdk.tf.json',
    ]);
  });

  test('main.ts loads the file named by AUDIT_CONFIG', () => {
    const outdir = tempDir('main-env');
    const result = runMain({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: path.join(ROOT, 'examples/minimal.config.json') });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['log-archive', 'organization']);
  });

  test('a bad config stops main.ts with every problem, exit code 1, and leaves the output untouched', () => {
    const dir = tempDir('bad');
    const configFile = path.join(dir, 'audit.json');
    fs.writeFileSync(configFile, '{\n  "trial": {},\n  "homeRegion": "eu-wset-1"\n}\n');
    const existing = path.join(dir, 'out');
    fs.mkdirSync(path.join(existing, 'stacks', 'log-archive'), { recursive: true });
    fs.writeFileSync(path.join(existing, 'stacks', 'log-archive', 'cdk.tf.json'), 'previous');
    const fresh = path.join(dir, 'fresh');

    for (const outdir of [existing, fresh]) {
      const result = runMain({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: configFile });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${configFile}: 5 problems; nothing was synthesized.`);
      expect(result.stderr).toContain('trial (line 2, column 3): unknown key; did you mean "trail"?');
      expect(result.stderr).toContain(
        'homeRegion (line 3, column 17): "eu-wset-1" is not an AWS Region; did you mean "eu-west-1"?',
      );
      expect(result.stderr).toContain('organization (line 1, column 1): is required');
      expect(result.stderr).not.toContain('    at '); // no stack trace for a user error
    }
    expect(listFiles(existing)).toEqual(['stacks/log-archive/cdk.tf.json']);
    expect(fs.readFileSync(path.join(existing, 'stacks', 'log-archive', 'cdk.tf.json'), 'utf8')).toBe('previous');
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test('a missing config file stops main.ts with its path', () => {
    const outdir = path.join(tempDir('missing'), 'out');
    const result = runMain({ CDKTF_OUTDIR: outdir, AUDIT_CONFIG: 'no-such-config.json' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${path.join(ROOT, 'no-such-config.json')}: no such file`);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
