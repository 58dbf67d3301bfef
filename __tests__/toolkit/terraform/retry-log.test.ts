import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../support/temp';
import { diagnosticsExcerpt, TerraformFailed } from '../../../packages/cli/toolkit/terraform/plan';
import {
  describeRetries,
  notableRetries,
  RetriedOperation,
  RetryLogParser,
  RetryWatch,
} from '../../../packages/cli/toolkit/terraform/retry-log';
import { TerraformResult } from '../../../packages/cli/toolkit/terraform/terraform';
import { started } from './retry-log-fixtures';
import { TERRAFORM_FIXTURES } from '../../support/root';

/*
 * What the AWS provider keeps retrying, from Terraform's own debug log: the parser on real lines
 * (fixtures captured from terraform-provider-aws 5.100.0 behind the fault proxy, TF_LOG_PROVIDER=DEBUG),
 * the watch that reads the log while Terraform writes it, and the messages that name the retries.
 * What starts a process (deploy against an endpoint that answers every PutBucketLogging with HTTP
 * 500, a killed process's log folder) is in retry-log.integration.test.ts.
 */

/** KMS CreateKey and S3 PutBucketLogging each answered 500 eight times running, among other answers. */
const LOG_500 = fs.readFileSync(path.join(TERRAFORM_FIXTURES, 'provider-retries-500.log'), 'utf8');
/** The same calls with the connection dropped instead of answered. */
const LOG_RESET = fs.readFileSync(path.join(TERRAFORM_FIXTURES, 'provider-retries-reset.log'), 'utf8');

/**
 * A Glue CreateDatabase answered HTTP 500 after the database was made, retried, and told it exists
 * (captured from the provider against lost-answer.integration.test.ts's endpoint).
 */
const LOG_LOST_CREATE = fs.readFileSync(path.join(TERRAFORM_FIXTURES, 'provider-lost-create.log'), 'utf8');

function parse(text: string, piece = text.length): RetriedOperation[] {
  const parser = new RetryLogParser();
  for (let at = 0; at < text.length; at += piece) parser.push(text.slice(at, at + piece));
  parser.end();
  return parser.operations();
}

describe('the provider retry log parser', () => {
  test("counts each operation's retries with AWS's last answer: status and error code, XML or JSON", () => {
    expect(parse(LOG_500)).toEqual([
      { service: 'KMS', operation: 'CreateKey', retries: 8, maxAttempt: 9, lastError: 'HTTP 500 InternalFailure' },
      { service: 'S3', operation: 'PutBucketLogging', retries: 8, maxAttempt: 9, lastError: 'HTTP 500 InternalError' },
    ]);
  });

  test('reads the log in any pieces, a line or a character split between them', () => {
    expect(parse(LOG_500, 7)).toEqual(parse(LOG_500));
    expect(parse(LOG_500, 4096)).toEqual(parse(LOG_500));
  });

  test('a retry after no answer (a dropped connection) says so', () => {
    const operations = parse(LOG_RESET);
    expect(operations.map(({ service, operation }) => `${service} ${operation}`).sort()).toEqual([
      'KMS CreateKey',
      'S3 PutBucketLogging',
    ]);
    expect(operations.every(({ lastError, retries }) => lastError === 'no response' && retries >= 3)).toBe(true);
  });

  test('answers that were not retried (a 404 the provider expects, a success) count for nothing', () => {
    const unretried = LOG_500.split('\n')
      .filter((line) => !line.includes('retrying request'))
      .join('\n');
    expect(parse(unretried)).toEqual([]);
    expect(parse('')).toEqual([]);
  });

  test('a create whose retry is told the resource exists, after a 5xx or no answer, is a lost create', () => {
    // Given the provider's log of one such call
    const parser = new RetryLogParser();
    parser.push(LOG_LOST_CREATE);
    parser.end();
    // Then it names the call and what its first attempt got
    expect(parser.lostCreates()).toEqual([
      { service: 'Glue', operation: 'CreateDatabase', calls: 1, lostAnswer: 'HTTP 500 InternalServiceException' },
    ]);
    // But not when the first attempt was throttled (AWS did nothing), nor when the retry was answered otherwise
    const throttled = new RetryLogParser();
    throttled.push(LOG_LOST_CREATE.replace('http.status_code=500', 'http.status_code=400'));
    throttled.end();
    expect(throttled.lostCreates()).toEqual([]);
    const created = new RetryLogParser();
    created.push(LOG_LOST_CREATE.replace('"AlreadyExistsException"', '"InvalidInputException"'));
    created.end();
    expect(created.lostCreates()).toEqual([]);
    // And its retry still counts among the retried calls
    expect(parse(LOG_LOST_CREATE)).toEqual([
      expect.objectContaining({ service: 'Glue', operation: 'CreateDatabase', retries: 1 }),
    ]);
  });

  test('only calls retried three times in a row are notable; the report names count and answer', () => {
    const operations: RetriedOperation[] = [
      {
        service: 'S3',
        operation: 'PutBucketLogging',
        retries: 70,
        maxAttempt: 25,
        lastError: 'HTTP 500 InternalError',
      },
      { service: 'S3', operation: 'GetBucketAcl', retries: 40, maxAttempt: 3, lastError: 'HTTP 503 SlowDown' },
      { service: 'KMS', operation: 'CreateKey', retries: 1, maxAttempt: 4, lastError: 'no response' },
    ];
    expect(describeRetries(notableRetries(operations))).toBe(
      'S3 PutBucketLogging 70 times: HTTP 500 InternalError; KMS CreateKey 1 time: no response',
    );
  });
});

describe('the retry watch', () => {
  /**
   * Appends `text` to `file` as Terraform does (O_APPEND, each log record in one write), in about
   * `pieces` writes `ms` apart.
   */
  async function write(file: string, text: string, pieces: number, ms: number): Promise<void> {
    const records = text.split(/\n(?=\d{4}-\d\d-\d\dT)/).map((record) => `${record}\n`);
    const size = Math.ceil(records.length / pieces);
    for (let at = 0; at < records.length; at += size) {
      fs.appendFileSync(
        file,
        records
          .slice(at, at + size)
          .join('')
          .replace(/\n\n$/, '\n'),
      );
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }

  test('sets the provider log into a private file, reports while it grows, keeps it small, removes it', async () => {
    const reports: string[] = [];
    const watch = started(
      {},
      { intervalMs: 20, maxLogBytes: 4096, onRetries: (operations) => reports.push(describeRetries(operations)) },
    );
    expect(watch.env.TF_LOG_PROVIDER).toBe('DEBUG');
    const file = watch.env.TF_LOG_PATH;
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);
    let largest = 0;
    const sizes = setInterval(() => (largest = Math.max(largest, fs.statSync(file).size)), 5);
    await write(file, LOG_500, 20, 30);
    clearInterval(sizes);
    const retried = watch.stop();

    expect(reports[0]).toMatch(/^(KMS CreateKey|S3 PutBucketLogging) \d+ times: HTTP 500/);
    expect(retried).toEqual(parse(LOG_500));
    // Emptied once past maxLogBytes: never much more than that and what is written between two reads.
    expect(largest).toBeLessThan(4096 + 2 * (LOG_500.length / 20));
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  test('many at once (a deploy of many stacks) share one exit handler and leave nothing', () => {
    const before = process.listenerCount('exit');
    const watches = Array.from({ length: 15 }, () => started({}));
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    for (const watch of watches) expect(watch.stop()).toEqual([]);
    expect(watches.some((watch) => fs.existsSync(path.dirname(watch.env.TF_LOG_PATH)))).toBe(false);
  });

  test("reads the caller's own TF_LOG_PATH from its end and leaves it; a log on stderr is not watched", async () => {
    const file = path.join(tempDir('retry-watch-own'), 'debug.log');
    fs.writeFileSync(file, LOG_RESET);
    const watch = started({ TF_LOG: 'DEBUG', TF_LOG_PATH: file }, { intervalMs: 20 });
    expect(watch.env).toEqual({});
    await write(file, LOG_500, 4, 10);
    expect(watch.stop()).toEqual(parse(LOG_500));
    expect(fs.readFileSync(file, 'utf8')).toBe(LOG_RESET + LOG_500);
    expect(RetryWatch.start({ TF_LOG: 'DEBUG' })).toBeUndefined();
    expect(RetryWatch.start({ TF_LOG_PROVIDER: 'TRACE' })).toBeUndefined();
  });

  test("a relative TF_LOG_PATH of the caller's is read in the folder Terraform runs in, one file per stack", async () => {
    // Given two stack folders and a relative log path, as Terraform resolves it in each
    const stacks = tempDir('retry-watch-relative');
    const [first, second] = ['log-archive', 'organization'].map((stack) => path.join(stacks, stack));
    for (const dir of [first, second]) fs.mkdirSync(dir);
    const env = { TF_LOG: 'DEBUG', TF_LOG_PATH: 'debug.log' };
    // When each stack's watch starts in its folder and only the first stack's Terraform retries
    const watches = [first, second].map((cwd) => started(env, { cwd, intervalMs: 20 }));
    await write(path.join(first, 'debug.log'), LOG_500, 4, 10);
    // Then the retries are the first stack's alone, not shared, and not lost
    expect(watches.map((watch) => watch.stop())).toEqual([parse(LOG_500), []]);
  });

  test("opens the caller's log read-only: a log the watch cannot write is still read, never truncated", async () => {
    // Given the caller's own log, past the size at which a log of the watch's own is emptied
    const file = path.join(tempDir('retry-watch-readonly'), 'debug.log');
    fs.writeFileSync(file, LOG_RESET);
    const opened = jest.spyOn(fs, 'openSync');
    try {
      // When it is watched while Terraform appends to it
      const watch = started({ TF_LOG_PROVIDER: 'debug', TF_LOG_PATH: file }, { intervalMs: 20, maxLogBytes: 1024 });
      await write(file, LOG_500, 4, 10);
      const retried = watch.stop();

      // Then it was read, only ever opened read-only, and is whole
      expect(retried).toEqual(parse(LOG_500));
      const opens = opened.mock.calls.filter(([name]) => name === file);
      expect(opens.length).toBeGreaterThan(0);
      expect(opens.map(([, flags]) => flags)).toEqual(opens.map(() => fs.constants.O_RDONLY));
      expect(fs.readFileSync(file, 'utf8')).toBe(LOG_RESET + LOG_500);
    } finally {
      opened.mockRestore();
    }
  });

  test("the caller's log at a level that does not log retries (INFO, WARN, ERROR, none) is not watched", () => {
    const file = path.join(tempDir('retry-watch-level'), 'info.log');
    for (const level of ['INFO', 'WARN', 'error', 'JSON']) {
      expect(RetryWatch.start({ TF_LOG: level, TF_LOG_PATH: file })).toBeUndefined();
    }
    expect(RetryWatch.start({ TF_LOG_PATH: file })).toBeUndefined();
    expect(RetryWatch.start({ TF_LOG: 'DEBUG', TF_LOG_PROVIDER: 'INFO', TF_LOG_PATH: file })).toBeUndefined();
    const trace = started({ TF_LOG: 'INFO', TF_LOG_PROVIDER: 'TRACE', TF_LOG_PATH: file });
    expect(trace.stop()).toEqual([]);
  });

  test("stacks run at once on the caller's one log: no retry is attributed to either, and that is said once", async () => {
    // Given one log of the caller's, and what was retried before a second stack started
    const file = path.join(tempDir('retry-watch-shared'), 'debug.log');
    const env = { TF_LOG: 'DEBUG', TF_LOG_PATH: file };
    const notices: string[] = [];
    const reports: string[] = [];
    const options = {
      intervalMs: 20,
      onShared: (message: string) => notices.push(message),
      onRetries: (operations: readonly RetriedOperation[]) => reports.push(describeRetries(operations)),
    };
    const first = started(env, options);
    fs.writeFileSync(file, LOG_RESET);

    // When two more stacks start on it and the provider logs retries
    const others = [started(env, options), started(env, options)];
    await write(file, LOG_500, 4, 10);

    // Then the first keeps what it read alone, and nothing after; the others have nothing
    expect(first.stop()).toEqual(parse(LOG_RESET));
    expect(others.map((watch) => watch.stop())).toEqual([[], []]);
    // And none of them can say which creates were lost: their calls were not all read
    expect([first, ...others].map((watch) => watch.lostCreates())).toEqual([undefined, undefined, undefined]);
    expect(reports.every((report) => !report.includes('HTTP 500'))).toBe(true);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`TF_LOG_PATH ${file} is written by 2 Terraform commands at once`);

    // And a stack run alone on it afterwards is watched again
    const alone = started(env, options);
    await write(file, LOG_500, 2, 10);
    expect(alone.stop()).toEqual(parse(LOG_500));
    expect(alone.lostCreates()).toEqual([]);
    expect(notices).toHaveLength(1);
  });
});

describe('a failed or stopped command names what AWS kept failing', () => {
  const retried: RetriedOperation[] = [
    { service: 'S3', operation: 'PutBucketLogging', retries: 70, maxAttempt: 25, lastError: 'HTTP 500 InternalError' },
  ];
  const result = (fields: Partial<TerraformResult>): TerraformResult => ({
    dir: 'cdktf.out/stacks/log-archive',
    code: 1,
    stdout: 'aws_s3_bucket_logging.archive_access_logging_0C1A5E3B: Creating...\n',
    stderr: '',
    timedOut: false,
    seconds: 1800,
    ...fields,
  });

  test('a timed-out apply: the retries, and that a longer --timeout does not fix them', () => {
    const message = new TerraformFailed('apply', result({ timedOut: true, killed: false, retried })).message;
    expect(message).toContain(
      'Still in progress: aws_s3_bucket_logging.archive_access_logging_0C1A5E3B (creating). ' +
        'It retried S3 PutBucketLogging 70 times: HTTP 500 InternalError: AWS kept failing that call, ' +
        'which a longer --timeout does not fix.',
    );
    expect(message).not.toContain('Raise --timeout');
  });

  test('a failed apply: its first line says what was retried', () => {
    const stderr =
      '\nError: creating S3 Bucket (b) Logging: operation error S3: PutBucketLogging, exceeded maximum number of attempts, 25\n';
    expect(new TerraformFailed('apply', result({ stderr, retried })).message).toMatch(
      /^terraform apply exited 1 after it retried S3 PutBucketLogging 70 times: HTTP 500 InternalError:\nError: creating S3 Bucket/,
    );
  });

  test('without retries, the messages are as before', () => {
    expect(new TerraformFailed('apply', result({ timedOut: true, killed: false })).message).toContain(
      'Raise --timeout',
    );
    expect(new TerraformFailed('apply', result({ stderr: 'Error: x\n' })).message).toBe(
      'terraform apply exited 1:\nError: x',
    );
  });
});

describe("Terraform's diagnostics in a message", () => {
  // A real guardrails plan against an organization of another id, without policy types enabled:
  // six diagnostics, 69 lines.
  const GUARDRAILS = fs.readFileSync(path.join(TERRAFORM_FIXTURES, 'guardrails-preconditions.txt'), 'utf8');

  test('each kept diagnostic starts at its Error: header, whole; the rest are counted', () => {
    const message = new TerraformFailed('plan', {
      dir: 'cdktf.out/stacks/guardrails',
      code: 1,
      stdout: '',
      stderr: GUARDRAILS,
      timedOut: false,
      seconds: 9,
    }).message;
    const [first, ...rest] = message.split('\n');
    expect(first).toBe('terraform plan exited 1:');
    expect(rest[0]).toBe('Error: Resource precondition failed');
    expect(rest.length).toBeLessThanOrEqual(31);
    // Every kept diagnostic is whole: its explanation is there, up to its last line.
    expect(message).toContain(
      'These credentials reach another organization than organization.id\no-exampleorg1. Plan the guardrails stack',
    );
    expect(message).toContain("organizations list-roots --query 'Roots[0].Id' --output text)\n(4 more errors)");
    const blocks = rest.join('\n').split('\n\nError: ');
    expect(blocks).toHaveLength(2);
  });

  test('a diagnostic longer than the limit keeps its header; output without one keeps its end', () => {
    const long = ['Error: long', ...Array.from({ length: 50 }, (_, i) => `line ${i}`)].join('\n');
    expect(diagnosticsExcerpt(long, 5)).toBe('Error: long\nline 0\nline 1\nline 2\nline 3');
    expect(diagnosticsExcerpt('a\nb\nc\nd', 2)).toBe('c\nd');
  });
});
