import { createHash, generateKeyPairSync, KeyObject, sign } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { DigestFile, sha256Hex, signingString } from './digest-file';

/** A trail whose logs and digests the writer produces. */
export interface SimulatedTrail {
  /** Bucket named in the digests. */
  readonly bucket: string;
  /** The account folder: `o-<org>/<account>` for an organization trail, `<account>` otherwise. */
  readonly accountPath: string;
  /** The account the logs belong to. */
  readonly accountId: string;
  /** Region of the logs. */
  readonly region: string;
  /** Trail name and home Region, as digest file names carry them. */
  readonly trailName: string;
  readonly homeRegion: string;
  /** Key that signs the digests, and the fingerprint digests name it by. */
  readonly privateKey: KeyObject;
  readonly fingerprint: string;
}

/** A signing key pair with the entry `aws cloudtrail list-public-keys` would give for it. */
export function makeSigningKey(): { privateKey: KeyObject; fingerprint: string; listEntry: Record<string, string> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  return {
    privateKey,
    fingerprint,
    listEntry: {
      Value: der.toString('base64'),
      ValidityStartTime: '2020-01-01T00:00:00Z',
      ValidityEndTime: '2030-01-01T00:00:00Z',
      Fingerprint: fingerprint,
    },
  };
}

/**
 * Writes CloudTrail log files and hourly digest files into a local bucket layout exactly as the
 * CloudTrail User Guide describes them (names, paths, fields, signing string, SHA256withRSA), for
 * tests and benchmarks of the verifier. Each `writeHour` delivers the given logs and the digest
 * that lists them, chained to the previous digest.
 */
export class DigestTreeWriter {
  private previous: { key: string; content: Buffer; signature: string } | undefined;
  private sequence = 0;

  public constructor(
    /** Folder the bucket layout is written under. */
    public readonly root: string,
    private trail: SimulatedTrail,
  ) {}

  /** Signs the next digests with another key, as CloudTrail does when it rotates its keys. */
  public useKey(privateKey: KeyObject, fingerprint: string): void {
    this.trail = { ...this.trail, privateKey, fingerprint };
  }

  /** Ends the chain, as when logging is turned off: the next digest starts a new one. */
  public stopLogging(): void {
    this.previous = undefined;
  }

  /**
   * Writes one hour: each content as a gzip log file delivered in that hour, then the digest
   * ending at `start` + 1 h. Returns the digest's key and hex signature (its S3 metadata).
   */
  public async writeHour(
    start: Date,
    logContents: readonly string[],
  ): Promise<{ key: string; signature: string; logKeys: string[] }> {
    const end = new Date(start.getTime() + 3600_000);
    const t = this.trail;
    const logKeys: string[] = [];
    const logFiles = [];
    for (const [i, content] of logContents.entries()) {
      const at = new Date(start.getTime() + ((i + 1) * 3600_000) / (logContents.length + 1));
      const name = `${t.accountId}_CloudTrail_${t.region}_${stamp(at, false)}_${(this.sequence++).toString(36).padStart(16, '0')}.json.gz`;
      const key = `AWSLogs/${t.accountPath}/CloudTrail/${t.region}/${ymd(at)}/${name}`;
      await this.write(key, gzipSync(content));
      logKeys.push(key);
      logFiles.push({
        s3Bucket: t.bucket,
        s3Object: key,
        hashValue: sha256Hex(content),
        hashAlgorithm: 'SHA-256',
        newestEventTime: end.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        oldestEventTime: start.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    const digestName = `${t.accountId}_CloudTrail-Digest_${t.region}_${t.trailName}_${t.homeRegion}_${stamp(end, true)}.json.gz`;
    const key = `AWSLogs/${t.accountPath}/CloudTrail-Digest/${t.region}/${ymd(end)}/${digestName}`;
    const digest: DigestFile = {
      awsAccountId: t.accountId,
      digestStartTime: iso(start),
      digestEndTime: iso(end),
      digestS3Bucket: t.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: t.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: this.previous === undefined ? null : t.bucket,
      previousDigestS3Object: this.previous?.key ?? null,
      previousDigestHashValue: this.previous === undefined ? null : sha256Hex(this.previous.content),
      previousDigestHashAlgorithm: this.previous === undefined ? null : 'SHA-256',
      previousDigestSignature: this.previous?.signature ?? null,
      logFiles,
    };
    const content = Buffer.from(JSON.stringify(digest));
    const signature = sign('sha256', Buffer.from(signingString(digest, content)), t.privateKey).toString('hex');
    await this.write(key, gzipSync(content));
    this.previous = { key, content, signature };
    return { key, signature, logKeys };
  }

  private async write(key: string, bytes: Buffer): Promise<void> {
    const file = path.join(this.root, ...key.split('/'));
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, bytes);
  }
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261121T1205Z` (log files) or `20261121T120501Z` (digests). */
function stamp(date: Date, seconds: boolean): string {
  const s = iso(date).replace(/[-:]/g, '');
  return seconds ? s : s.replace(/(T\d{4})\d{2}Z$/, '$1Z');
}

function ymd(date: Date): string {
  return iso(date).slice(0, 10).replace(/-/g, '/');
}
