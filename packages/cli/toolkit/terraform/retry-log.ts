/**
 * What the AWS provider is retrying, read from Terraform's own debug log while it runs.
 *
 * Against an API that keeps failing (HTTP 5xx, throttling, dropped connections) the provider's AWS
 * SDK retries each call up to 25 times with a backoff of up to 20 s, and its resources retry whole
 * operations on top: an apply can wait half an hour printing only "Still creating...", and a
 * command stopped by its time limit then reports "context canceled". The SDK logs each retry at
 * DEBUG ("retrying request S3/PutBucketLogging, attempt 2") and each answer ("HTTP Response
 * Received" with its status and body), so {@link RetryWatch} runs Terraform with the provider's
 * log at DEBUG in a private temporary file, reads it every few seconds, keeps only which operation
 * was retried, how often and with which status and error code, and removes the file when the
 * command ends. The log holds request and response bodies (temporary credentials among them): it
 * is never kept, and nothing of it but those names and codes is reported. A process killed before
 * it could remove its files (SIGKILL, the OOM killer, a cancelled CI job) leaves them behind: the
 * folder names its process, and the next watch this user starts in the same temporary directory
 * removes the folders of processes that are gone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';

/** One AWS operation the provider retried. */
export interface RetriedOperation {
  /** The SDK's service id: `S3`, `KMS`, `CloudWatch Logs`. */
  readonly service: string;
  /** The API operation: `PutBucketLogging`. */
  readonly operation: string;
  /** Retries logged so far: every attempt after the first of each call. */
  readonly retries: number;
  /** The most attempts one call has made so far (the SDK's `attempt N`). */
  readonly maxAttempt: number;
  /**
   * What AWS answered the attempt before the last retry: `HTTP 500 InternalError`, `HTTP 503
   * SlowDown`; `no response` when none was logged (a dropped connection, a read timeout).
   */
  readonly lastError: string;
}

/**
 * Calls of one create operation whose first answer was lost and whose retry AWS answered that the
 * resource exists: the first attempt made it (a dropped connection, a read timeout or a server
 * error after AWS acted), and the apply did not learn so.
 */
export interface LostCreate {
  /** The SDK's service id: `Glue`, `CloudWatch Logs`. */
  readonly service: string;
  /** The API operation: `CreateDatabase`. */
  readonly operation: string;
  /** How many such calls. */
  readonly calls: number;
  /** What the attempt before the retry got: `HTTP 500 InternalServiceException`, `no response`. */
  readonly lostAnswer: string;
}

/** AWS's error codes for a create of something that exists (AlreadyExistsException, BucketAlreadyOwnedByYou...). */
const ALREADY_EXISTS_CODE = /(AlreadyExists|AlreadyOwnedByYou)/;

/**
 * A call retried this many times in a row (attempt 4 and later) is worth reporting: the SDK's
 * retries absorb a fault or two (docs/failures.md), not three in a row.
 */
export const NOTABLE_RETRIES = 3;

/** The first line of a log record: `2026-11-25T06:16:18.800Z [DEBUG] ...`. Other lines continue it. */
const RECORD_START = /^\d{4}-\d\d-\d\dT\S+ \[[A-Z]+\]/;
const RETRY = /retrying request ([^/:\n]+)\/([A-Za-z0-9]+), attempt (\d+)/;
/** Continuation lines kept of one answer's record (its body); the status is on its last line. */
const MAX_RECORD_LINES = 40;

function field(record: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name.replace(/\./g, '\\.')}=(?:"([^"]*)"|(\\S+))`).exec(record);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** The error code of an AWS error answer: XML `<Code>`, JSON `__type` or `code`, or REST-JSON's error type header. */
function errorCode(record: string): string | undefined {
  return (
    /<Code>([A-Za-z0-9.]+)<\/Code>/.exec(record)?.[1] ??
    /"__type"\s*:\s*"(?:[^"#]*#)?([A-Za-z0-9.]+)"/.exec(record)?.[1] ??
    /http\.response\.header\.x_amzn_errortype="?([A-Za-z0-9.]+)/.exec(record)?.[1] ??
    /"[Cc]ode"\s*:\s*"([A-Za-z0-9.]+)"/.exec(record)?.[1]
  );
}

/**
 * Reads a Terraform debug log in pieces as it grows ({@link push}) and counts the provider's
 * retries per operation, with what AWS answered before each. Only the records about retries and
 * failed answers are looked at; nothing of a request or answer body is kept but its error code.
 */
export class RetryLogParser {
  private partial = '';
  private record: string[] = [];
  /** The last failed answer of each call not yet followed by its retry, by request and operation. */
  private readonly failures = new Map<string, string>();
  private readonly retried = new Map<string, RetriedOperation>();
  /**
   * Calls retried after an answer that may hide an action (no response, HTTP 5xx), by request and
   * operation: what that answer was.
   */
  private readonly lostAnswers = new Map<string, string>();
  private readonly lostCreatesByOperation = new Map<string, LostCreate>();

  /** Feeds the next piece of the log (any split: a line may continue in the next piece). */
  public push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** The log ended (or was cut): reads what is left. */
  public end(): void {
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
    this.finishRecord();
  }

  /** Forgets a partly read line: the file was truncated and goes on from its start. */
  public restart(): void {
    this.partial = '';
    this.finishRecord();
  }

  /** Every call whose retry found what its lost first attempt had made ({@link LostCreate}), by operation. */
  public lostCreates(): LostCreate[] {
    return [...this.lostCreatesByOperation.values()];
  }

  /** Every operation retried so far, the most retried first. */
  public operations(): RetriedOperation[] {
    return [...this.retried.values()].sort((a, b) => b.retries - a.retries || a.operation.localeCompare(b.operation));
  }

  private line(line: string): void {
    if (RECORD_START.test(line)) {
      this.finishRecord();
      if (line.includes('HTTP Response Received')) {
        this.record = [line];
        return;
      }
      const retry = RETRY.exec(line);
      if (retry !== null) this.retry(retry[1], retry[2], Number(retry[3]), field(line, 'tf_req_id'));
    } else if (this.record.length > 0 && this.record.length < MAX_RECORD_LINES) {
      this.record.push(line);
    } else if (this.record.length > 0) {
      // A long body: keep the record's last line, where the status and operation are.
      this.record[this.record.length - 1] = line;
    }
  }

  private finishRecord(): void {
    if (this.record.length === 0) return;
    const record = this.record.join('\n');
    this.record = [];
    const status = Number(field(record, 'http.status_code'));
    const service = field(record, 'rpc.service');
    const operation = field(record, 'rpc.method');
    if (!(status >= 400) || service === undefined || operation === undefined) return;
    const code = errorCode(record);
    const call = `${field(record, 'tf_req_id') ?? ''} ${service}/${operation}`;
    const lost = this.lostAnswers.get(call);
    if (lost !== undefined && code !== undefined && ALREADY_EXISTS_CODE.test(code)) {
      // The retry of a call whose earlier answer was lost is told the resource exists.
      this.lostAnswers.delete(call);
      const key = `${service}/${operation}`;
      const before = this.lostCreatesByOperation.get(key);
      this.lostCreatesByOperation.set(key, { service, operation, calls: (before?.calls ?? 0) + 1, lostAnswer: lost });
      return;
    }
    this.failures.set(call, `HTTP ${status}${code === undefined ? '' : ` ${code}`}`);
  }

  private retry(service: string, operation: string, attempt: number, requestId: string | undefined): void {
    const call = `${requestId ?? ''} ${service}/${operation}`;
    const failure = this.failures.get(call);
    this.failures.delete(call);
    // No answer, or a server error: AWS may have acted on the attempt. A 4xx (throttling) says it did not.
    if (failure === undefined || /^HTTP 5/.test(failure)) this.lostAnswers.set(call, failure ?? 'no response');
    else this.lostAnswers.delete(call);
    const key = `${service}/${operation}`;
    const before = this.retried.get(key);
    this.retried.set(key, {
      service,
      operation,
      retries: (before?.retries ?? 0) + 1,
      maxAttempt: Math.max(before?.maxAttempt ?? 0, attempt),
      lastError: failure ?? 'no response',
    });
  }
}

/** The operations of `operations` retried {@link NOTABLE_RETRIES} times in a row or more. */
export function notableRetries(operations: readonly RetriedOperation[]): RetriedOperation[] {
  return operations.filter(({ maxAttempt }) => maxAttempt > NOTABLE_RETRIES);
}

/** `S3 PutBucketLogging 70 times: HTTP 500 InternalError; KMS CreateKey 4 times: no response` */
export function describeRetries(operations: readonly RetriedOperation[]): string {
  return operations
    .map(
      ({ service, operation, retries, lastError }) =>
        `${service} ${operation} ${retries} ${retries === 1 ? 'time' : 'times'}: ${lastError}`,
    )
    .join('; ');
}

/** Options of {@link RetryWatch.start}. */
export interface RetryWatchOptions {
  /**
   * Called with the operations to report: each as soon as one call of it has been retried
   * {@link NOTABLE_RETRIES} times in a row, then again each {@link reportEverySeconds} while it is
   * retried more.
   */
  readonly onRetries?: (operations: readonly RetriedOperation[]) => void;
  /**
   * The folder Terraform runs in: a relative TF_LOG_PATH of the caller's names a file there, as
   * Terraform resolves it, one per stack folder.
   * @default - the current folder
   */
  readonly cwd?: string;
  /**
   * How often the log is read, in milliseconds.
   * @default 2000
   */
  readonly intervalMs?: number;
  /**
   * Seconds between two reports of the same operation.
   * @default 60
   */
  readonly reportEverySeconds?: number;
  /**
   * The size at which a log of the watch's own is emptied once read, in bytes.
   * @default 1 MiB
   */
  readonly maxLogBytes?: number;
  /**
   * Told, once per file, that the caller's own TF_LOG_PATH is written by more than one command at
   * once, so that its retries are no longer attributed to any of them.
   * @default - written to stderr
   */
  readonly onShared?: (message: string) => void;
}

/**
 * Watches the provider's retries in Terraform's debug log while one command runs: {@link start} it
 * before the command, give the command {@link env}, {@link stop} it when the command ends.
 */
export class RetryWatch {
  /**
   * A watch for a command run with `env`. Without a log setting in `env`, the provider logs at DEBUG
   * into a file of the watch's own (TF_LOG_PROVIDER, TF_LOG_PATH), private to this user, read and
   * emptied as it grows, and removed by {@link stop}. With the caller's own TF_LOG_PATH and the
   * provider's level at DEBUG or TRACE (TF_LOG_PROVIDER, else TF_LOG), that file is opened
   * read-only, read from its current end and left as it is; while two watches read the same such
   * file (stacks run at once), its retries are attributed to neither. At a level that does not log
   * retries (INFO, WARN, ERROR, JSON, none), or with TF_LOG or TF_LOG_PROVIDER alone (a log on
   * stderr), nothing is watched: undefined.
   */
  public static start(env: NodeJS.ProcessEnv, options: RetryWatchOptions = {}): RetryWatch | undefined {
    const own = env.TF_LOG_PATH;
    // An empty variable is unset to Terraform.
    const level = [env.TF_LOG_PROVIDER, env.TF_LOG].find((value) => (value ?? '') !== '')?.toUpperCase() ?? '';
    if (own !== undefined && own !== '') {
      if (level !== 'DEBUG' && level !== 'TRACE') return undefined;
      const file = path.resolve(options.cwd ?? process.cwd(), own);
      return new RetryWatch(file, undefined, fileSize(file), {}, options);
    }
    if (level !== '') return undefined;
    const tmp = os.tmpdir();
    removeAbandonedLogDirs(tmp);
    const dir = fs.mkdtempSync(path.join(tmp, `${LOG_DIR_PREFIX}${process.pid}-`));
    const file = path.join(dir, 'terraform.log');
    fs.writeFileSync(file, '', { mode: 0o600 });
    return new RetryWatch(file, dir, 0, { TF_LOG_PROVIDER: 'DEBUG', TF_LOG_PATH: file }, options);
  }

  private readonly parser = new RetryLogParser();
  /** Keeps a character split between two reads whole. */
  private decoder = new StringDecoder('utf8');
  private readonly timer: NodeJS.Timeout;
  private readonly reported = new Map<string, { at: number; retries: number }>();
  /** Another command writes the caller's log too: what it holds from then on is nobody's. */
  private shared = false;

  private constructor(
    private readonly file: string,
    /** The watch's own folder, removed by stop; undefined for the caller's log. */
    private readonly ownDir: string | undefined,
    private offset: number,
    /** What the command's environment needs for the watch. */
    public readonly env: Readonly<Record<string, string>>,
    private readonly options: RetryWatchOptions,
  ) {
    if (ownDir !== undefined) removeAtExit(ownDir);
    else this.join();
    this.timer = setInterval(() => this.poll(), options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Counts this watch among the readers of the caller's log; two or more share it. */
  private join(): void {
    const key = path.resolve(this.file);
    const readers = userLogReaders.get(key) ?? new Set<RetryWatch>();
    userLogReaders.set(key, readers.add(this));
    if (readers.size < 2) return;
    for (const reader of readers) reader.share();
    if (sharedNoticeGiven.has(key)) return;
    sharedNoticeGiven.add(key);
    const message =
      `TF_LOG_PATH ${this.file} is written by ${readers.size} Terraform commands at once: ` +
      'the AWS calls the provider retries are not reported for them (unset TF_LOG_PATH, or run one stack at a time, to have them)';
    (this.options.onShared ?? ((text: string) => process.stderr.write(`${text}\n`)))(message);
  }

  /** What was read before another command started writing the same log was this command's; then nothing is. */
  private share(): void {
    if (this.shared) return;
    this.read();
    this.shared = true;
  }

  /**
   * The calls whose retry found what their lost first attempt had made ({@link LostCreate});
   * undefined once another command shares the caller's log, since its calls were not all read.
   */
  public lostCreates(): LostCreate[] | undefined {
    return this.shared ? undefined : this.parser.lostCreates();
  }

  /** Reads the rest of the log, removes the watch's own file, and returns the {@link notableRetries}. */
  public stop(): RetriedOperation[] {
    clearInterval(this.timer);
    this.read();
    this.parser.end();
    if (this.ownDir !== undefined) {
      fs.rmSync(this.ownDir, { recursive: true, force: true });
      logDirs.delete(this.ownDir);
    } else {
      const key = path.resolve(this.file);
      userLogReaders.get(key)?.delete(this);
      if (userLogReaders.get(key)?.size === 0) userLogReaders.delete(key);
    }
    return notableRetries(this.parser.operations());
  }

  private poll(): void {
    this.read();
    const now = Date.now();
    const every = (this.options.reportEverySeconds ?? 60) * 1000;
    const due = notableRetries(this.parser.operations()).filter(({ service, operation, retries }) => {
      const last = this.reported.get(`${service}/${operation}`);
      return last === undefined || (now - last.at >= every && retries > last.retries);
    });
    if (due.length === 0) return;
    for (const { service, operation, retries } of due)
      this.reported.set(`${service}/${operation}`, { at: now, retries });
    this.options.onRetries?.(due);
  }

  private restart(): void {
    this.decoder = new StringDecoder('utf8');
    this.parser.restart();
  }

  /** Reads what the log gained since the last read; empties a log of the watch's own once it is large. */
  private read(): void {
    if (this.shared) return;
    let fd: number;
    try {
      // The caller's log is only read: it may be read-only, and it is never truncated.
      fd = fs.openSync(this.file, this.ownDir === undefined ? fs.constants.O_RDONLY : fs.constants.O_RDWR);
    } catch {
      return; // Not written yet.
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < this.offset) {
        // Truncated by someone else: go on from its start.
        this.offset = 0;
        this.restart();
      }
      const buffer = Buffer.alloc(64 * 1024);
      while (this.offset < size) {
        const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, size - this.offset), this.offset);
        if (read === 0) break;
        this.parser.push(this.decoder.write(buffer.subarray(0, read)));
        this.offset += read;
      }
      // Terraform appends (O_APPEND), so after a truncation it writes from the start again. What it
      // writes between the read above and the truncation is lost: a record or two, now and then.
      if (this.ownDir !== undefined && this.offset >= (this.options.maxLogBytes ?? 2 ** 20)) {
        fs.ftruncateSync(fd, 0);
        this.offset = 0;
        this.restart();
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The folders of the watches running now, removed if the process exits before they stop. */
const logDirs = new Set<string>();
/** The watches reading each of the caller's own logs now, by its absolute path. */
const userLogReaders = new Map<string, Set<RetryWatch>>();
/** The caller's logs already said to be shared. */
const sharedNoticeGiven = new Set<string>();

/** A watch's own folder in the temporary directory: `audit-tflog-<pid>-<random>`. */
const LOG_DIR_PREFIX = 'audit-tflog-';
const LOG_DIR = /^audit-tflog-(\d+)-[^/]+$/;

/**
 * Removes the watch folders in `tmp` left by processes that are gone (killed before their exit
 * handler could run): those of this user (`uid`) whose process no longer exists. A folder whose
 * process lives, or whose pid another process has taken since, is left.
 */
export function removeAbandonedLogDirs(tmp: string, uid: number | undefined = process.getuid?.()): void {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(LOG_DIR.exec(name)?.[1]);
    if (!(pid > 0) || processExists(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** False only when no process has that pid (ESRCH); one of another user's (EPERM) exists. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function removeAtExit(dir: string): void {
  // One listener for every watch, however many stacks run at once.
  if (!process.listeners('exit').includes(removeLogDirs)) process.on('exit', removeLogDirs);
  logDirs.add(dir);
}

function removeLogDirs(): void {
  for (const dir of logDirs) fs.rmSync(dir, { recursive: true, force: true });
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
