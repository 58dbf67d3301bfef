import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliAsync } from '../../support/cli';
import { stackJson, writeSynth } from '../../support/fake-synth';
import { tempDir } from '../../support/synth';
import { removeAbandonedLogDirs } from '../../../packages/cli/toolkit/terraform/retry-log';
import { started } from './retry-log-fixtures';
import { FAKE_TERRAFORM, TERRAFORM_FIXTURES } from '../../support/root';

/*
 * What the AWS provider keeps retrying, where a process is started: the retry watch's removal of
 * the log folders of killed processes, and a deploy whose Terraform (the stand-in,
 * support/fake-terraform.sh) replays the debug log the real provider wrote while S3 answered every
 * PutBucketLogging with HTTP 500. The parser, the watch and the messages are in retry-log.test.ts.
 */

describe('the retry watch', () => {
  test("removes the folders of killed processes (this user's, whose pid is gone) when a watch starts; leaves the rest", () => {
    // Given folders a process killed before its exit handler left, a live process's, and others
    const tmp = tempDir('retry-watch-abandoned');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const folder = (name: string): string => {
      fs.mkdirSync(path.join(tmp, name));
      fs.writeFileSync(path.join(tmp, name, 'terraform.log'), 'x-amz-security-token: secret\n');
      return name;
    };
    const abandoned = folder(`audit-tflog-${gone}-Ab12Cd`);
    const kept = [
      folder(`audit-tflog-${process.pid}-Xy34Zw`),
      folder(`audit-tflog-${process.ppid}-Qr56St`),
      folder(`other-${gone}-Ab12Cd`),
    ];
    const tmpdir = jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
    try {
      // When a watch starts
      const watch = started({});

      // Then the dead process's folder is gone, the others stay, and the watch's own names its pid
      expect(path.basename(path.dirname(watch.env.TF_LOG_PATH))).toMatch(new RegExp(`^audit-tflog-${process.pid}-`));
      expect(fs.existsSync(path.join(tmp, abandoned))).toBe(false);
      for (const name of kept) expect(fs.existsSync(path.join(tmp, name))).toBe(true);
      watch.stop();
    } finally {
      tmpdir.mockRestore();
    }

    // And a dead process's folder owned by another user is left
    const others = folder(`audit-tflog-${gone}-Ef78Gh`);
    removeAbandonedLogDirs(tmp, fs.statSync(path.join(tmp, others)).uid + 1);
    expect(fs.existsSync(path.join(tmp, others))).toBe(true);
    removeAbandonedLogDirs(tmp);
    expect(fs.existsSync(path.join(tmp, others))).toBe(false);
  });
});

describe('deploy while the provider retries a call that AWS keeps failing', () => {
  test('prints the retried operation, its answer and count within seconds, and names it when the time limit stops it', async () => {
    // Given one stack, and a Terraform whose apply writes the provider's retries of S3 PutBucketLogging
    // and KMS CreateKey, each answered HTTP 500, to the debug log the deploy watches (the log
    // hashicorp/aws 5.100.0 wrote behind the fault proxy), then keeps waiting
    const out = writeSynth(tempDir('deploy-retries'), { 'log-archive': stackJson('log-archive') });

    // When it is deployed with a 4 s time limit
    const result = await runCliAsync(['deploy', '--out', out, '--timeout', '4'], {
      env: {
        TERRAFORM_BIN: FAKE_TERRAFORM,
        FAKE_TF_MS: '30000',
        FAKE_TF_PROVIDER_LOG: path.join(TERRAFORM_FIXTURES, 'provider-retries-500.log'),
      },
    });

    // Then a progress line names the operation, AWS's answer and the count, before the time limit
    expect(result.status).toBe(1);
    const report =
      /\[\s*(\d+) s\] log-archive\s+retrying S3 PutBucketLogging: HTTP 500 InternalError, (\d+) times so far/.exec(
        result.stdout,
      );
    expect(report === null ? result.stdout : 'a retry line').toBe('a retry line');
    const stopped = /\[\s*(\d+) s\] log-archive\s+FAILED after/.exec(result.stdout);
    expect(Number(report?.[1])).toBeLessThanOrEqual(Number(stopped?.[1]));
    expect(result.stdout.indexOf(report?.[0] ?? '')).toBeLessThan(result.stdout.indexOf(stopped?.[0] ?? ''));
    expect(Number(report?.[2])).toBeGreaterThanOrEqual(3);
    // And the time limit's message names each retried call with its count and answer
    expect(result.stderr).toMatch(
      /did not finish in time: it was interrupted[^\n]*It retried KMS CreateKey 8 times: HTTP 500 InternalFailure; S3 PutBucketLogging 8 times: HTTP 500 InternalError: AWS kept failing those calls/,
    );
    // And Terraform's whole output for the stack has the report
    expect(fs.readFileSync(path.join(out, 'logs', 'log-archive.deploy.log'), 'utf8')).toContain(
      '(retrying KMS CreateKey 8 times: HTTP 500 InternalFailure; S3 PutBucketLogging 8 times: HTTP 500 InternalError)',
    );
  }, 60_000);
});
