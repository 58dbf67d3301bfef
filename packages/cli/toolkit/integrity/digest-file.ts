import { createHash, createPublicKey, KeyObject, verify } from 'crypto';
import { gunzipSync } from 'zlib';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';

/*
 * CloudTrail digest files, as the CloudTrail User Guide describes them ("CloudTrail digest file
 * structure" and "Custom implementations of CloudTrail log file integrity validation"): an hourly
 * gzip JSON file that lists the log files delivered in the hour with the SHA-256 of each one's
 * uncompressed content, and chains to the previous digest by that digest's signature. Its own
 * signature (SHA256withRSA, hex) is S3 object metadata, not part of the file.
 */

/** One log file a digest lists. */
export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  /** Hex SHA-256 of the log file's uncompressed content. */
  readonly hashValue: string;
  readonly hashAlgorithm: string;
  readonly newestEventTime?: string | null;
  readonly oldestEventTime?: string | null;
}

/** The fields of a digest file that validation reads. */
export interface DigestFile {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: string;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  /** Hex SHA-256 of the previous digest file's uncompressed content. */
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  /** Hex signature of the previous digest; null in the first digest of a chain. */
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly DigestLogFile[];
}

/** Why a digest file cannot be read. */
export class DigestFormatError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

const REQUIRED_STRINGS = [
  'awsAccountId',
  'digestStartTime',
  'digestEndTime',
  'digestS3Bucket',
  'digestS3Object',
  'digestPublicKeyFingerprint',
  'digestSignatureAlgorithm',
] as const;

/** Whether `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The uncompressed content of a digest file as stored (gzip) or already decompressed. */
export function digestContent(stored: Buffer): Buffer {
  try {
    return isGzip(stored) ? gunzipSync(stored) : stored;
  } catch (error) {
    throw new DigestFormatError(`not a readable gzip file (${(error as Error).message})`);
  }
}

/** Parses the uncompressed content of a digest file, checking the fields validation needs. */
export function parseDigest(content: Buffer | string): DigestFile {
  let data: unknown;
  try {
    data = JSON.parse(content.toString());
  } catch {
    throw new DigestFormatError('not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DigestFormatError('not a JSON object');
  const record = data as Record<string, unknown>;
  for (const field of REQUIRED_STRINGS) {
    if (typeof record[field] !== 'string') throw new DigestFormatError(`field ${field} is missing or not a string`);
  }
  if (!Array.isArray(record.logFiles)) throw new DigestFormatError('field logFiles is missing or not a list');
  for (const [i, log] of (record.logFiles as unknown[]).entries()) {
    const entry = log as Record<string, unknown> | null;
    if (typeof entry?.s3Object !== 'string' || typeof entry.hashValue !== 'string') {
      throw new DigestFormatError(`logFiles[${i}] has no s3Object or hashValue`);
    }
  }
  for (const field of ['previousDigestS3Object', 'previousDigestHashValue', 'previousDigestSignature']) {
    if (record[field] !== undefined && record[field] !== null && typeof record[field] !== 'string') {
      throw new DigestFormatError(`field ${field} is not a string or null`);
    }
  }
  return {
    ...(record as unknown as DigestFile),
    previousDigestS3Bucket: (record.previousDigestS3Bucket as string | undefined) ?? null,
    previousDigestS3Object: (record.previousDigestS3Object as string | undefined) ?? null,
    previousDigestHashValue: (record.previousDigestHashValue as string | undefined) ?? null,
    previousDigestHashAlgorithm: (record.previousDigestHashAlgorithm as string | undefined) ?? null,
    previousDigestSignature: (record.previousDigestSignature as string | undefined) ?? null,
  };
}

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The string CloudTrail signs for a digest, lines joined by `\n`: the digest end time, its S3 path
 * (`bucket/key`), the hex SHA-256 of its uncompressed content, and the previous digest's signature
 * (`null` in the first digest of a chain).
 */
export function signingString(digest: DigestFile, content: Buffer): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256Hex(content),
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** A CloudTrail public key, as `aws cloudtrail list-public-keys` returns it. */
export interface CloudTrailPublicKey {
  /** Hex fingerprint, as digests name it. */
  readonly fingerprint: string;
  /** The RSA public key. */
  readonly key: KeyObject;
}

/**
 * Public keys from the JSON `aws cloudtrail list-public-keys` prints: `PublicKeyList[]` of
 * `{ Value: <base64 DER PKCS#1 RSA public key>, Fingerprint, ValidityStartTime, ValidityEndTime }`.
 */
export function parsePublicKeys(json: string): CloudTrailPublicKey[] {
  let data: { PublicKeyList?: { Value?: unknown; Fingerprint?: unknown }[] };
  try {
    data = JSON.parse(json) as typeof data;
  } catch {
    throw new DigestFormatError(
      'the public keys file is not JSON (expected the output of aws cloudtrail list-public-keys)',
    );
  }
  if (!Array.isArray(data.PublicKeyList)) {
    throw new DigestFormatError(
      'the public keys file has no PublicKeyList (expected the output of aws cloudtrail list-public-keys)',
    );
  }
  return data.PublicKeyList.map((entry, i) => {
    if (typeof entry.Value !== 'string' || typeof entry.Fingerprint !== 'string') {
      throw new DigestFormatError(`PublicKeyList[${i}] needs Value and Fingerprint`);
    }
    try {
      const key = createPublicKey({ key: Buffer.from(entry.Value, 'base64'), format: 'der', type: 'pkcs1' });
      return { fingerprint: entry.Fingerprint.toLowerCase(), key };
    } catch (error) {
      throw new DigestFormatError(`PublicKeyList[${i}] is not a PKCS#1 RSA public key (${(error as Error).message})`);
    }
  });
}

/** Whether `signatureHex` is `key`'s SHA256withRSA signature of the digest. */
export function verifyDigestSignature(
  digest: DigestFile,
  content: Buffer,
  signatureHex: string,
  key: KeyObject,
): boolean {
  if (!/^([0-9a-f]{2})+$/i.test(signatureHex)) return false;
  return verify('sha256', Buffer.from(signingString(digest, content)), key, Buffer.from(signatureHex, 'hex'));
}
