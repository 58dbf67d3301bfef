import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess } from '../../support/cli';
import { stackJson, writeSynth } from '../../support/fake-synth';
import { tempDir } from '../../support/synth';
import { describeOperations } from '../../../packages/cli/toolkit/terraform/operations-in-progress';
import { TerraformFailed } from '../../../packages/cli/toolkit/terraform/plan';
import { Terraform } from '../../../packages/cli/toolkit/terraform/terraform';
import { FAKE_TERRAFORM } from '../../support/root';

/*
 * A Terraform command stopped by its time limit: interrupted first, so that Terraform saves the
 * state and releases the lock, killed only when it does not stop; and the message names what it was
 * still waiting for. The stand-in terraform (support/fake-terraform.sh) plays both kinds of run.
 */

describe('a command over its time limit', () => {
  const previous = process.env.TERRAFORM_BIN;
  beforeAll(() => {
    process.env.TERRAFORM_BIN = FAKE_TERRAFORM;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TERRAFORM_BIN;
    else process.env.TERRAFORM_BIN = previous;
  });

  test('is interrupted, and stops as Terraform does, saving its state: not killed', async () => {
    const dir = tempDir('time-limit-interrupted');
    const result = await Terraform.find().exec(dir, ['apply', '-auto-approve'], {
      timeoutSeconds: 1,
      graceSeconds: 30,
      env: { FAKE_TF_MS: '20000' },
    });
    expect(result).toMatchObject({ timedOut: true, killed: false, code: 1 });
    expect(result.seconds).toBeLessThan(10);
    const message = new TerraformFailed('apply', result).message;
    expect(message).toMatch(
      /^terraform apply did not finish in time: it was interrupted, and Terraform saved the state and released the lock \(1 s\)\. Still in progress: aws_kms_key\.archive_key \(creating\)\. Raise --timeout/,
    );
  });

  test('a long wait is not silent: what it waits for is reported every waitingEverySeconds', async () => {
    // Given an apply that takes 2.5 s, reported every second
    const reports: { seconds: number; operations: string }[] = [];
    const result = await Terraform.find().exec(tempDir('time-limit-waiting'), ['apply', '-auto-approve'], {
      timeoutSeconds: 30,
      env: { FAKE_TF_MS: '2500' },
      waitingEverySeconds: 1,
      onWaiting: (seconds, operations) => reports.push({ seconds, operations: describeOperations(operations) }),
    });
    // Then each report names the operation in progress, while the command runs
    expect(result.code).toBe(0);
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports[0]).toEqual({ seconds: expect.any(Number), operations: 'aws_kms_key.archive_key (creating)' });
    expect(reports[0].seconds).toBeGreaterThanOrEqual(1);
    expect(reports.every(({ seconds }) => seconds <= result.seconds)).toBe(true);
    // And none arrives once it has exited, however long it took on a busy machine
    const atExit = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(reports).toHaveLength(atExit);
  });

  test('is killed with its process group when it does not stop within the grace period', async () => {
    const dir = tempDir('time-limit-killed');
    const result = await Terraform.find().exec(dir, ['apply', '-auto-approve'], {
      timeoutSeconds: 1,
      graceSeconds: 1,
      env: { FAKE_TF_MS: '20000', FAKE_TF_DEAF: '1' },
    });
    expect(result).toMatchObject({ timedOut: true, killed: true, code: null });
    expect(result.seconds).toBeGreaterThanOrEqual(2);
    expect(result.seconds).toBeLessThan(10);
    expect(new TerraformFailed('apply', result).message).toContain(
      'it was killed after it did not stop on an interrupt, which leaves the state lock held',
    );
  });

  test('deploy reports it for the stack, with what was in progress and where the whole output is, and exits 1', async () => {
    const out = writeSynth(tempDir('deploy-time-limit'), { 'log-archive': stackJson('log-archive') });
    const result = await runCliInProcess(['deploy', '--out', out, '--timeout', '1'], {
      env: { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_MS: '20000' },
    });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'did not finish in time: it was interrupted, and Terraform saved the state and released the lock',
    );
    expect(`${result.stdout}${result.stderr}`).toContain('Still in progress: aws_kms_key.archive_key (creating)');
    const log = path.join(out, 'logs', 'log-archive.deploy.log');
    expect(`${result.stdout}${result.stderr}`).toContain(`Terraform's whole output: ${log}`);
    expect(fs.readFileSync(log, 'utf8')).toMatch(
      /\$ terraform apply -auto-approve -input=false[^\n]*\naws_kms_key\.archive_key: Creating\.\.\.\n[\s\S]*time limit, interrupted/,
    );
  });
});
