import { createHash } from 'crypto';
import { createReadStream, promises as fsp } from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { createGunzip } from 'zlib';
import {
  CloudTrailPublicKey,
  DigestFile,
  DigestFormatError,
  digestContent,
  isGzip,
  parseDigest,
  sha256Hex,
  verifyDigestSignature,
} from './digest-file';
import { mapLimit } from '../common/map-limit';

/** What can be wrong in a tree of logs and digests. */
export type ProblemKind =
  | 'log-modified'
  | 'log-missing'
  | 'log-unlisted'
  | 'log-unreadable'
  | 'digest-unreadable'
  | 'digest-moved'
  | 'digest-missing'
  | 'digest-unknown-key'
  | 'digest-signature-invalid'
  | 'digest-unverifiable'
  | 'digest-unsigned'
  | 'chain-link-broken';

/** One problem, at the S3 key (from `AWSLogs/`) it concerns. */
export interface Problem {
  readonly kind: ProblemKind;
  /** `error` fails the run; `warning` fails it only under `strict`. */
  readonly severity: 'error' | 'warning';
  readonly key: string;
  readonly message: string;
}

/** Something worth knowing that is not a failure. */
export interface Notice {
  readonly kind: 'logging-off' | 'not-yet-digested';
  readonly message: string;
  /**
   * For `logging-off`: the hours with no digest (the end of the chain's last digest and the start
   * of the next chain's first), and the digest that starts the new chain.
   */
  readonly off?: { readonly from: string; readonly to: string; readonly newChain: string };
}

/** Counts and findings of one account and Region (one digest chain). */
export interface StreamReport {
  /** `AWSLogs/<org id>/<account>` or `AWSLogs/<account>`, then the Region. */
  readonly account: string;
  readonly region: string;
  readonly digests: { valid: number; invalid: number; missing: number; unsigned: number };
  readonly logs: { valid: number; invalid: number; missing: number; unlisted: number };
  readonly problems: Problem[];
  readonly notices: Notice[];
}

/** The result of verifying a tree. */
export interface VerifyReport {
  readonly root: string;
  readonly ok: boolean;
  readonly strict: boolean;
  readonly files: { digests: number; logs: number; signatures: number };
  readonly streams: StreamReport[];
}

/** How to verify. */
export interface VerifyOptions {
  /** CloudTrail public keys, by fingerprint. */
  readonly publicKeys: readonly CloudTrailPublicKey[];
  /** Only digests that end at or after this time. */
  readonly start?: Date;
  /** Only digests that start at or before this time. */
  readonly end?: Date;
  /** Treat warnings (an unsigned newest digest) as failures. */
  readonly strict?: boolean;
  /** Called as log files are hashed. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Log files hashed at once. @default 16 */
  readonly concurrency?: number;
}

interface LocalFile {
  readonly file: string;
  /** S3 key from `AWSLogs/`, with `.gz` even if the copy is decompressed. */
  readonly key: string;
}

interface LoadedDigest extends LocalFile {
  readonly digest: DigestFile;
  readonly content: Buffer;
  readonly end: number;
  readonly start: number;
}

const STREAM_KEY = /^AWSLogs\/((?:o-[a-z0-9]+\/)?\d{12})\/(CloudTrail|CloudTrail-Digest)\/([a-z0-9-]+)\//;

/** The digests and log files of one account and Region, as read from the copy. */
interface LocalStream {
  readonly account: string;
  readonly region: string;
  readonly digests: LoadedDigest[];
  readonly logs: LocalFile[];
}

/** A listed log file to hash, with the SHA-256 its digest gives, for the stream's report. */
interface HashJob {
  readonly local: LocalFile;
  readonly expected: string;
  readonly stream: StreamReport;
}

/** What every stream's checks read: the options, and the public keys by fingerprint. */
interface StreamChecks {
  readonly options: VerifyOptions;
  readonly strict: boolean;
  readonly keys: ReadonlyMap<string, CloudTrailPublicKey['key']>;
  /** Sidecar signatures (`<digest>.sig`), by digest key. */
  readonly signatures: ReadonlyMap<string, string>;
}

/**
 * Verifies a local copy of CloudTrail logs and digests (the bucket layout under `AWSLogs/`), as
 * CloudTrail's log file integrity validation defines it, offline: every digest's signature (from
 * the next digest's `previousDigestSignature`, or for the newest from a `<digest>.sig` sidecar),
 * every chain link, every listed log file's SHA-256, and log files no digest lists.
 */
export async function verifyTree(root: string, options: VerifyOptions): Promise<VerifyReport> {
  const strict = options.strict ?? false;
  const { digestFiles, logFiles, signatures } = await listTree(root);
  const { streams, unreadable } = await loadStreams(digestFiles, logFiles, options);
  const checks: StreamChecks = {
    options,
    strict,
    keys: new Map(options.publicKeys.map((k) => [k.fingerprint.toLowerCase(), k.key])),
    signatures,
  };
  const hashJobs: HashJob[] = [];
  const reports = streams.map((stream) => verifyStream(stream, unreadable, checks, hashJobs));

  await hashAll(hashJobs, options);
  for (const report of reports) report.problems.sort((a, b) => a.key.localeCompare(b.key));

  const failed = (p: Problem) => p.severity === 'error' || strict;
  return {
    root,
    strict,
    ok: reports.every((r) => !r.problems.some(failed)),
    files: { digests: digestFiles.length, logs: logFiles.length, signatures: signatures.size },
    streams: reports,
  };
}

/**
 * The copy's files by stream (account and Region), in order, with each digest read and parsed
 * (those outside the window left out), and a problem for each digest that cannot be read.
 */
async function loadStreams(
  digestFiles: readonly LocalFile[],
  logFiles: readonly LocalFile[],
  options: VerifyOptions,
): Promise<{ streams: LocalStream[]; unreadable: Problem[] }> {
  const streams = new Map<string, LocalStream>();
  const streamOf = (key: string) => {
    const match = STREAM_KEY.exec(key);
    if (match === null) return undefined;
    const id = `${match[1]} ${match[3]}`;
    let stream = streams.get(id);
    if (stream === undefined) {
      stream = { account: match[1], region: match[3], digests: [], logs: [] };
      streams.set(id, stream);
    }
    return stream;
  };

  const unreadable: Problem[] = [];
  for (const local of digestFiles) {
    const stream = streamOf(local.key);
    if (stream === undefined) continue;
    try {
      const content = digestContent(await fsp.readFile(local.file));
      const digest = parseDigest(content);
      const loaded = {
        ...local,
        digest,
        content,
        end: Date.parse(digest.digestEndTime),
        start: Date.parse(digest.digestStartTime),
      };
      if (options.start !== undefined && loaded.end <= options.start.getTime()) continue;
      if (options.end !== undefined && loaded.start > options.end.getTime()) continue;
      stream.digests.push(loaded);
    } catch (error) {
      if (!(error instanceof DigestFormatError)) throw error;
      unreadable.push(
        problem('digest-unreadable', 'error', local.key, `digest ${local.key} cannot be read: ${error.message}`),
      );
    }
  }
  for (const local of logFiles) streamOf(local.key)?.logs.push(local);
  const ordered = [...streams.values()].sort((a, b) =>
    `${a.account} ${a.region}`.localeCompare(`${b.account} ${b.region}`),
  );
  return { streams: ordered, unreadable };
}

/**
 * One stream's report: its unreadable digests, then each digest's signature, its link to the
 * previous digest and the log files it lists (queued in `hashJobs`, hashed later for every stream
 * at once), then the log files no digest lists.
 */
function verifyStream(
  stream: LocalStream,
  unreadable: readonly Problem[],
  checks: StreamChecks,
  hashJobs: HashJob[],
): StreamReport {
  const report: StreamReport = {
    account: stream.account,
    region: stream.region,
    digests: { valid: 0, invalid: 0, missing: 0, unsigned: 0 },
    logs: { valid: 0, invalid: 0, missing: 0, unlisted: 0 },
    problems: [],
    notices: [],
  };
  for (const p of unreadable.filter((u) => streamKey(u.key) === `${stream.account} ${stream.region}`)) {
    report.problems.push(p);
    report.digests.invalid++;
  }
  const digests = stream.digests.sort((a, b) => a.end - b.end);
  const byKey = new Map(digests.map((d) => [d.key, d]));
  // The signature of a digest is carried by the digest that names it as its previous one.
  const signedBy = new Map<string, LoadedDigest>();
  for (const d of digests) {
    const previous = d.digest.previousDigestS3Object;
    if (previous !== null) signedBy.set(fromAwsLogs(previous) ?? previous, d);
  }
  const listed = new Set<string>();
  const logsByKey = new Map(stream.logs.map((l) => [l.key, l]));

  for (const [i, d] of digests.entries()) {
    const expectedKey = fromAwsLogs(d.digest.digestS3Object);
    if (expectedKey !== d.key) {
      report.problems.push(
        problem(
          'digest-moved',
          'error',
          d.key,
          `digest ${d.key} says it was delivered to ${d.digest.digestS3Object}: it has been moved or renamed`,
        ),
      );
      report.digests.invalid++;
      continue;
    }
    checkSignature(d, digests.at(i + 1), signedBy.get(d.key), checks, report);
    checkChainLink(d, digests[i - 1], byKey, checks.options, report);
    // The log files it lists (checked even when the signature failed: each finding helps).
    for (const log of d.digest.logFiles) {
      const key = fromAwsLogs(log.s3Object) ?? log.s3Object;
      listed.add(key);
      const local = logsByKey.get(key);
      if (local === undefined) {
        report.problems.push(
          problem('log-missing', 'error', key, `log file ${key} is listed in digest ${d.key} but is missing`),
        );
        report.logs.missing++;
      } else hashJobs.push({ local, expected: log.hashValue.toLowerCase(), stream: report });
    }
  }
  checkUnlistedLogs(stream.logs, listed, digests.at(-1)?.end ?? Number.NEGATIVE_INFINITY, checks.options, report);
  return report;
}

/**
 * A digest's own signature: carried by its successor (`previousDigestSignature`) or a `.sig`
 * sidecar, and verified with the public key its fingerprint names.
 */
function checkSignature(
  d: LoadedDigest,
  next: LoadedDigest | undefined,
  successor: LoadedDigest | undefined,
  checks: StreamChecks,
  report: StreamReport,
): void {
  const signature = successor?.digest.previousDigestSignature ?? checks.signatures.get(d.key);
  if (signature === undefined || signature === null) {
    // The last digest of a chain (the newest, or the last before logging was turned off) is
    // signed only in S3 metadata; any other digest lost its signature with the next digest.
    if (next === undefined || next.digest.previousDigestS3Object === null) {
      report.problems.push(
        problem(
          'digest-unsigned',
          checks.strict ? 'error' : 'warning',
          d.key,
          `digest ${d.key} ends its chain: its signature is S3 metadata that a copy loses; save it as ${path.basename(d.file)}.sig (aws s3api head-object, Metadata.signature) to verify it`,
        ),
      );
      report.digests.unsigned++;
    } else {
      report.problems.push(
        problem(
          'digest-unverifiable',
          'error',
          d.key,
          `digest ${d.key} cannot be verified: no digest in the chain carries its signature (the next one is missing)`,
        ),
      );
      report.digests.invalid++;
    }
    return;
  }
  const key = checks.keys.get(d.digest.digestPublicKeyFingerprint.toLowerCase());
  if (key === undefined) {
    report.problems.push(
      problem(
        'digest-unknown-key',
        'error',
        d.key,
        `digest ${d.key} is signed with key ${d.digest.digestPublicKeyFingerprint}, which is not in the public keys file`,
      ),
    );
    report.digests.invalid++;
  } else if (!verifyDigestSignature(d.digest, d.content, signature, key)) {
    report.problems.push(
      problem(
        'digest-signature-invalid',
        'error',
        d.key,
        `digest ${d.key}: the signature does not verify with key ${d.digest.digestPublicKeyFingerprint} (the digest or its signature was altered)`,
      ),
    );
    report.digests.invalid++;
  } else {
    report.digests.valid++;
  }
}

/** A digest's link to the previous one: a new chain (logging was off), a missing digest, or a broken hash. */
function checkChainLink(
  d: LoadedDigest,
  before: LoadedDigest | undefined,
  byKey: ReadonlyMap<string, LoadedDigest>,
  options: VerifyOptions,
  report: StreamReport,
): void {
  const previousKey = d.digest.previousDigestS3Object;
  if (previousKey === null) {
    if (before !== undefined) {
      report.notices.push({
        kind: 'logging-off',
        message: `no digests between ${before.digest.digestEndTime} and ${d.digest.digestStartTime}: logging or log file validation was off (a new chain starts at ${d.key})`,
        off: { from: before.digest.digestEndTime, to: d.digest.digestStartTime, newChain: d.key },
      });
    }
    return;
  }
  const previous = byKey.get(fromAwsLogs(previousKey) ?? previousKey);
  if (previous === undefined) {
    const withinRange = options.start === undefined || d.start > options.start.getTime();
    if (withinRange) {
      report.problems.push(
        problem(
          'digest-missing',
          'error',
          previousKey,
          `digest ${previousKey} is missing: a gap before ${d.digest.digestStartTime} (${d.key} names it as the previous digest)`,
        ),
      );
      report.digests.missing++;
    }
  } else if (sha256Hex(previous.content) !== d.digest.previousDigestHashValue) {
    report.problems.push(
      problem(
        'chain-link-broken',
        'error',
        d.key,
        `digest ${d.key} names ${previous.key} as previous with SHA-256 ${d.digest.previousDigestHashValue ?? 'null'}, but that file hashes to ${sha256Hex(previous.content)}`,
      ),
    );
  }
}

/** Log files no digest lists: a failure up to the newest digest; later ones are not digested yet. */
function checkUnlistedLogs(
  logs: readonly LocalFile[],
  listed: ReadonlySet<string>,
  newestEnd: number,
  options: VerifyOptions,
  report: StreamReport,
): void {
  let pending = 0;
  for (const log of logs) {
    if (listed.has(log.key)) continue;
    const time = logFileTime(log.key);
    if (options.start !== undefined && time !== undefined && time < options.start.getTime()) continue;
    if (options.end !== undefined && time !== undefined && time > options.end.getTime()) continue;
    if (time !== undefined && time >= newestEnd) {
      pending++;
      continue;
    }
    report.problems.push(
      problem(
        'log-unlisted',
        'error',
        log.key,
        `log file ${log.key} is listed in no digest: it was added, or its digest is missing`,
      ),
    );
    report.logs.unlisted++;
  }
  if (pending > 0) {
    report.notices.push({
      kind: 'not-yet-digested',
      message: `${pending} log files are newer than the newest digest (not digested yet)`,
    });
  }
}

async function hashAll(jobs: HashJob[], options: VerifyOptions): Promise<void> {
  let done = 0;
  await mapLimit(jobs, options.concurrency ?? 16, async (job) => {
    try {
      const actual = await hashLogFile(job.local.file);
      if (actual === job.expected) job.stream.logs.valid++;
      else {
        job.stream.logs.invalid++;
        job.stream.problems.push(
          problem(
            'log-modified',
            'error',
            job.local.key,
            `log file ${job.local.key} does not match its digest: SHA-256 ${actual}, digest says ${job.expected}`,
          ),
        );
      }
    } catch (error) {
      job.stream.logs.invalid++;
      job.stream.problems.push(
        problem(
          'log-unreadable',
          'error',
          job.local.key,
          `log file ${job.local.key} cannot be read: ${(error as Error).message}`,
        ),
      );
    }
    done++;
    options.onProgress?.(done, jobs.length);
  });
}

/** Hex SHA-256 of a log file's uncompressed content, streamed (gzip as delivered, or decompressed). */
export async function hashLogFile(file: string): Promise<string> {
  const handle = await fsp.open(file, 'r');
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const hash = createHash('sha256');
  const source = createReadStream(file);
  if (isGzip(head)) await pipeline(source, createGunzip(), hash);
  else await pipeline(source, hash);
  return hash.digest('hex');
}

/** Every digest, log file and signature sidecar under `root`, by S3 key from `AWSLogs/`. */
async function listTree(
  root: string,
): Promise<{ digestFiles: LocalFile[]; logFiles: LocalFile[]; signatures: Map<string, string> }> {
  const digestFiles: LocalFile[] = [];
  const logFiles: LocalFile[] = [];
  const signatures = new Map<string, string>();
  const entries = await fsp.readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, file).split(path.sep).join('/');
    const key = fromAwsLogs(relative);
    if (key === undefined) continue;
    if (key.includes('/CloudTrail-Digest/')) {
      if (key.endsWith('.sig')) {
        signatures.set(canonical(key.slice(0, -'.sig'.length)), (await fsp.readFile(file, 'utf8')).trim());
      } else if (/\.json(\.gz)?$/.test(key)) digestFiles.push({ file, key: canonical(key) });
    } else if (key.includes('/CloudTrail/') && /\.json(\.gz)?$/.test(key)) {
      logFiles.push({ file, key: canonical(key) });
    }
  }
  return { digestFiles, logFiles, signatures };
}

/** The key from `AWSLogs/` on (so a key prefix or a local parent folder does not matter). */
function fromAwsLogs(key: string): string | undefined {
  if (key.startsWith('AWSLogs/')) return canonical(key);
  const at = key.indexOf('/AWSLogs/');
  return at < 0 ? undefined : canonical(key.slice(at + 1));
}

/** A key as delivered: `.json.gz`, even for a copy someone decompressed. */
function canonical(key: string): string {
  return key.endsWith('.json') ? `${key}.gz` : key;
}

function streamKey(key: string): string | undefined {
  const match = STREAM_KEY.exec(key);
  return match === null ? undefined : `${match[1]} ${match[3]}`;
}

/** The time in a log file name (`..._20261121T1205Z_...`), or undefined. */
function logFileTime(key: string): number | undefined {
  const match = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(key);
  if (match === null) return undefined;
  return Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5]);
}

function problem(kind: ProblemKind, severity: Problem['severity'], key: string, message: string): Problem {
  return { kind, severity, key, message };
}
