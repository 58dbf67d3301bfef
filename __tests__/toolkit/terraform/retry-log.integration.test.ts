import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FaultProxy } from '../../../e2e/harness/fault-proxy';
import { runCliAsync } from '../../support/cli';
import { endpointStack, writeSynth } from '../../support/fake-synth';
import { tempDir } from '../../support/synth';
import { removeAbandonedLogDirs } from '../../../toolkit/terraform/retry-log';
import { started } from './retry-log-fixtures';

/*
 * What the AWS provider keeps retrying, where a process is started: the retry watch's removal of
 * the log folders of killed processes, and deploy against an endpoint that answers every
 * PutBucketLogging with HTTP 500 (real Terraform and the real AWS provider behind the fault proxy).
 * The parser, the watch and the messages are in retry-log.test.ts.
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

describe('deploy against an endpoint that answers PutBucketLogging with HTTP 500', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    // Every request answered 500 InternalError, as AWS S3 says it; the stack makes no other call.
    proxy = new FaultProxy({
      target: 'http://127.0.0.1:9',
      rate: 1,
      seed: 1,
      kinds: ['server-error'],
      exempt: () => false,
    });
    await proxy.start();
  });
  afterAll(() => proxy.stop());

  test('prints the retried operation, its answer and count within seconds, and names it when the time limit stops it', async () => {
    // Given one stack whose only resource is the logging of existing buckets, on that endpoint
    const out = writeSynth(tempDir('deploy-retries'), {
      'log-archive': endpointStack(
        'log-archive',
        { s3: proxy.endpoint },
        {
          aws_s3_bucket_logging: {
            data: { bucket: 'retry-data', target_bucket: 'retry-logs', target_prefix: 'access/' },
          },
        },
        { s3_use_path_style: true },
      ),
    });

    // When it is deployed with a 90 s time limit: the SDK's backoff before its third retry is up to
    // 2 + 4 + 8 s, but the init, the provider's start and the plan come first, and in CI's integration
    // tier (three workers on two cores) they once used the whole of a 45 s limit before the call.
    const result = await runCliAsync(['deploy', '--out', out, '--timeout', '90'], {
      env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: '', AWS_PROFILE: '' },
    });

    // Then a progress line names the operation, AWS's answer and the count, before the time limit
    expect(result.status).toBe(1);
    const report =
      /\[\s*(\d+) s\] log-archive\s+retrying S3 PutBucketLogging: HTTP 500 InternalError, (\d+) times so far/.exec(
        result.stdout,
      );
    expect(report === null ? result.stdout : 'a retry line').toBe('a retry line');
    const stopped = /\[\s*(\d+) s\] log-archive\s+FAILED after/.exec(result.stdout);
    expect(Number(report?.[1])).toBeLessThan(Number(stopped?.[1]));
    expect(Number(report?.[2])).toBeGreaterThanOrEqual(3);
    // And the time limit's message names it with the count at the end
    expect(result.stderr).toMatch(
      /did not finish in time: it was interrupted[^\n]*It retried S3 PutBucketLogging (\d+) times: HTTP 500 InternalError: AWS kept failing that call/,
    );
    // And Terraform's whole output for the stack has the reports; the debug log is gone
    expect(fs.readFileSync(path.join(out, 'logs', 'log-archive.deploy.log'), 'utf8')).toContain(
      '(retrying S3 PutBucketLogging ',
    );
    expect(proxy.counts.injected).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
