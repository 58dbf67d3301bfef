import * as fs from 'fs';
import * as path from 'path';
import { pathAsGiven } from '../../packages/cli/toolkit/common/path-as-given';
import { runCliInProcess } from '../support/cli';
import { SAMPLE_CONFIG_FILE, SAMPLE_LOGS, SAMPLE_PERIOD_ARGS } from '../support/evidence-sample';
import { tempDir } from '../support/synth';

/*
 * A path a command prints is the path the user gave, in the same form: an absolute --out or
 * --output comes back absolute, a relative one relative to where the command ran.
 */

describe('pathAsGiven', () => {
  const cwd = process.cwd();

  test('an absolute path stays absolute, even inside the working folder', () => {
    expect(pathAsGiven(path.join(cwd, 'out'))).toBe(path.join(cwd, 'out'));
    expect(pathAsGiven(path.join(cwd, 'pkg'), path.join(cwd, 'pkg.tar.gz'))).toBe(path.join(cwd, 'pkg.tar.gz'));
  });

  test('a relative path stays relative, tidied, and the working folder is "."', () => {
    expect(pathAsGiven('./out/')).toBe('out');
    expect(pathAsGiven('../elsewhere')).toBe(path.join('..', 'elsewhere'));
    expect(pathAsGiven('pkg', path.join(cwd, 'pkg.tar.gz'))).toBe('pkg.tar.gz');
    expect(pathAsGiven('.')).toBe('.');
  });
});

describe('the commands echo --out and --output as given', () => {
  const dir = tempDir('paths-as-given');
  const synth = path.join(dir, 'synth');
  const run = (args: string[]) => runCliInProcess(args, { cwd: dir });

  test('synth --out', async () => {
    const absolute = await run(['synth', '--config', SAMPLE_CONFIG_FILE, '--out', synth]);
    expect(absolute.status).toBe(0);
    expect(absolute.stdout).toContain(`written to ${synth}/stacks\n`);
    const relative = await run(['synth', '--config', SAMPLE_CONFIG_FILE, '--out', './synth']);
    expect(relative.stdout).toContain('written to synth/stacks\n');
  });

  test('evidence build --output', async () => {
    const build = (output: string) =>
      run([
        'evidence',
        'build',
        '--config',
        SAMPLE_CONFIG_FILE,
        '--out',
        synth,
        '--logs',
        SAMPLE_LOGS,
        ...SAMPLE_PERIOD_ARGS,
        '--output',
        output,
      ]);
    const absolute = await build(path.join(dir, 'absolute'));
    expect(absolute.stderr).toBe('');
    expect(absolute.stdout).toMatch(new RegExp(`^${dir}/absolute: `, 'm'));
    expect(absolute.stdout).toMatch(new RegExp(`^${dir}/absolute\\.tar\\.gz: the package as one file`, 'm'));
    const relative = await build('relative');
    expect(relative.stdout).toMatch(/^relative: /m);
    expect(relative.stdout).toMatch(/^relative\.tar\.gz: the package as one file/m);
  });

  test('deploy-role --dir', async () => {
    // deploy-role derives the policy of a role of our own, not of the administrator role.
    const config = path.join(dir, 'with-deploy-role.config.json');
    const sample = JSON.parse(fs.readFileSync(SAMPLE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      config,
      JSON.stringify({ ...sample, $schema: undefined, deployment: { roleName: 'audit-logging-deploy' } }),
    );
    const roleSynth = path.join(dir, 'role-synth');
    expect((await run(['synth', '--config', config, '--out', roleSynth])).status).toBe(0);
    const deployRole = (out: string) => run(['deploy-role', '--config', config, '--out', roleSynth, '--dir', out]);
    const absolute = await deployRole(path.join(dir, 'role'));
    expect(absolute.stderr).toBe('');
    expect(absolute.stdout).toContain(`${dir}/role/deploy-role.md, policies/ and stacks/`);
    expect((await deployRole('role')).stdout).toContain('\nrole/deploy-role.md, policies/ and stacks/');
  });
});
