import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from '../support/synth';

/*
 * examples/consumer is another team's cdktf app: it imports the constructs by package name. This
 * builds the package as `npm run build` does, type-checks the consumer against the emitted
 * declarations, and synthesizes it.
 */
const tsc = require.resolve('typescript/bin/tsc');
const consumer = path.join(ROOT, 'examples', 'consumer');

beforeAll(() => {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
});

test('the build emits JavaScript and type declarations for the package entry point', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(fs.existsSync(path.join(ROOT, pkg.exports['.'].default))).toBe(true);
  expect(fs.existsSync(path.join(ROOT, pkg.exports['.'].types))).toBe(true);
});

test('the consumer type-checks against the package by name', () => {
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(consumer, 'tsconfig.json'), '--noEmit'], {
    encoding: 'utf8',
  });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('the consumer synthesizes a stack in the log archive account with names from the shared naming', () => {
  const outdir = tempDir('consumer');
  const result = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'main.ts'], {
    cwd: consumer,
    env: { ...process.env, CDKTF_OUTDIR: outdir, AUDIT_CONFIG: '' },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'log-consumers', 'cdk.tf.json'), 'utf8'));
  expect(stack.provider.aws[0].allowed_account_ids).toEqual(['222222222222']);
  expect(stack.output.central_log_bucket.value).toBe('audit-logs-222222222222-eu-west-1');
  expect(stack.output.log_key_alias_arn.value).toBe('arn:aws:kms:eu-west-1:222222222222:alias/audit-logs');
});
