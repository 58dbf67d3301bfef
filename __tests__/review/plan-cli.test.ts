import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from '../support/synth';

/* npm run plan's argument handling; planning itself needs AWS and runs in npm run e2e against moto. */

function plan(args: string[], outdir: string) {
  return spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'scripts/plan.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
}

test('without a synth it says to run npm run synth first', () => {
  const result = plan([], tempDir('plan-empty'));
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('run npm run synth first');
});

test('an unknown stack name lists the stacks there are', () => {
  const outdir = tempDir('plan-unknown');
  for (const stack of ['log-archive', 'organization'])
    fs.mkdirSync(path.join(outdir, 'stacks', stack), { recursive: true });
  const result = plan(['log-archiv'], outdir);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('No synthesized stack log-archiv; the stacks are: log-archive, organization');
});
