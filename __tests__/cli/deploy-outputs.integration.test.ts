import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';
import { stackJson, writeSynth } from '../support/fake-synth';
import { FAKE_TERRAFORM } from '../support/root';
import { tempDir } from '../support/synth';

/*
 * deploy prints each stack's Terraform outputs when it has applied, and keeps them in the deploy
 * record, through the stand-in for terraform (__tests__/support/fake-terraform.sh), whose
 * `output -json` prints FAKE_TF_OUTPUTS/<stack>.json as Terraform prints its outputs.
 */

const SINK = 'arn:aws:oam:eu-west-1:222222222222:sink/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function outputsFolder(): string {
  const dir = tempDir('fake-tf-outputs');
  fs.writeFileSync(
    path.join(dir, 'log-archive.json'),
    JSON.stringify({
      live_search_sink_arns: { sensitive: false, type: ['object', {}], value: { 'eu-west-1': SINK } },
      log_bucket_name: { sensitive: false, type: 'string', value: 'audit-logs-222222222222' },
      secret_token: { sensitive: true, type: 'string', value: 'do-not-print-me' },
    }),
  );
  return dir;
}

describe('deploy prints and keeps the outputs', () => {
  const out = writeSynth(tempDir('deploy-outputs'), {
    'log-archive': stackJson('log-archive', { account: '222222222222' }),
    organization: stackJson('organization'),
  });
  let result: { status: number; stdout: string; stderr: string };

  beforeAll(async () => {
    result = await runCliInProcess(['deploy', '--out', out], {
      env: { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_OUTPUTS: outputsFolder(), FAKE_TF_LOG: '' },
    });
  });

  test('each stack prints its outputs when it has applied: a map as one JSON line', () => {
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/log-archive\s+output log_bucket_name = audit-logs-222222222222\n/);
    expect(result.stdout).toContain(`output live_search_sink_arns = {"eu-west-1":"${SINK}"}`);
  });

  test('a sensitive output says (sensitive) and its value appears nowhere', () => {
    expect(result.stdout).toMatch(/log-archive\s+output secret_token = \(sensitive\)\n/);
    expect(result.stdout + result.stderr).not.toContain('do-not-print-me');
    expect(fs.readFileSync(path.join(out, 'deploy-record.json'), 'utf8')).not.toContain('do-not-print-me');
  });

  test('the deploy record keeps each stack its outputs', () => {
    const record = JSON.parse(fs.readFileSync(path.join(out, 'deploy-record.json'), 'utf8')) as Record<
      string,
      { outputs?: unknown }
    >;
    expect(record['log-archive'].outputs).toEqual({
      live_search_sink_arns: { sensitive: false, value: { 'eu-west-1': SINK } },
      log_bucket_name: { sensitive: false, value: 'audit-logs-222222222222' },
      secret_token: { sensitive: true },
    });
    expect(record.organization.outputs).toEqual({});
  });
});
