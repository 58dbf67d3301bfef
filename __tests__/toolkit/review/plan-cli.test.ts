import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../../support/cli';
import { tempDir } from '../../support/temp';

/* The plan command's argument handling; planning itself needs AWS and runs in npm run e2e against moto. */

function plan(args: string[], outdir: string) {
  return runCliInProcess(['plan', ...args], { env: { CDKTF_OUTDIR: outdir } });
}

test('without a synth it says to run synth first', async () => {
  const outdir = tempDir('plan-empty');
  const result = await plan([], outdir);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(
    `cdktf-audit-logging plan: no synthesized stacks in ${outdir}: run synth first (npm run synth -- --out ${outdir})\n`,
  );
});

test('a time limit that is not a number of seconds is a usage error', async () => {
  const result = await plan(['--timeout', 'soon'], tempDir('plan-timeout'));
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--timeout soon is not a number of seconds');
});

test('an unknown stack name lists the stacks there are', async () => {
  const outdir = tempDir('plan-unknown');
  fs.writeFileSync(
    path.join(outdir, 'manifest.json'),
    JSON.stringify({ stacks: { 'log-archive': {}, organization: {} } }),
  );
  // As synth records them: the stacks it wrote are the product's.
  fs.writeFileSync(
    path.join(outdir, 'audit-deployment.json'),
    JSON.stringify({ stacks: ['log-archive', 'organization'] }),
  );
  const result = await plan(['log-archiv'], outdir);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('no synthesized stack log-archiv; the stacks are: log-archive, organization');
});

test('the stacks come in deployment order, not in the manifest order (by name)', async () => {
  const outdir = tempDir('plan-order');
  const stacks = ['guardrails', 'log-archive', 'member-a', 'member-b', 'organization'];
  fs.writeFileSync(
    path.join(outdir, 'manifest.json'),
    JSON.stringify({ stacks: Object.fromEntries(stacks.map((s) => [s, {}])) }),
  );
  fs.writeFileSync(path.join(outdir, 'audit-deployment.json'), JSON.stringify({ stacks }));
  const result = await plan(['x'], outdir);
  expect(result.stderr).toContain('the stacks are: log-archive, organization, guardrails, member-a, member-b');
});
