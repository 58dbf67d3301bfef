/*
 * The signature of an evidence package's manifest, by an asymmetric KMS key of the log archive
 * (`logArchive.evidenceSigning`), and its check offline with the key's public half.
 *
 * What AWS does, from the KMS API Reference:
 * - Sign with MessageType DIGEST: "When the value is DIGEST, KMS skips the hashing step in the
 *   signing algorithm" (API_Sign), and the digest's length must be the algorithm's (32 bytes for
 *   SHA-256). So the package sends SHA-256(manifest.json), and the signature is the same as KMS
 *   would make over the whole file with RAW, which holds at most 4,096 bytes.
 * - GetPublicKey returns "a DER-encoded X.509 public key, also known as SubjectPublicKeyInfo
 *   (SPKI), as defined in RFC 5280" (base64 over HTTP and in the AWS CLI).
 * - The key policy lets the named signers sign only a DIGEST with RSASSA_PKCS1_V1_5_SHA_256
 *   (`kms:MessageType`, `kms:SigningAlgorithm`), which is what this module sends.
 *
 * The manifest names the key (its ARN and the SHA-256 of its public key) before it is signed, so
 * the name is covered by the signature: a package cannot claim the archive's key for a signature
 * of another. Anyone with the public key checks the file with any RSA tool, as this module does:
 * PKCS #1 v1.5 over SHA-256 of manifest.json.
 */
import { createHash, createPublicKey, KeyObject, verify } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, EVIDENCE_SIGNING_ALGORITHM, OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';
import { sha256Hex } from '../integrity/digest-file';
import { MANIFEST_FILE, type PackageManifest, SIGNATURE_FILE } from './package-manifest';

/** What the signature file holds: the signature of manifest.json, which names its key. */
export interface ManifestSignature {
  readonly format: 1;
  readonly signingAlgorithm: typeof EVIDENCE_SIGNING_ALGORITHM;
  /** What was signed: the SHA-256 of manifest.json, as a digest (KMS skipped its hashing step). */
  readonly messageType: 'DIGEST';
  readonly manifestSha256: string;
  /** The signature, base64. */
  readonly signature: string;
}

/** The key that signs, as the manifest names it before it is signed. */
export interface SigningKey {
  /** The key's ARN, as KMS names it. */
  readonly keyArn: string;
  /** SHA-256 of its public key's DER (SPKI): an auditor compares it with the key they were given. */
  readonly publicKeySha256: string;
}

/** What signs: KMS, or a stand-in in tests. */
export interface ManifestSigner {
  /** The key's ARN and its public half, DER (SPKI). */
  key(): Promise<{ keyArn: string; publicKey: Buffer }>;
  /** Signs a SHA-256 digest as a DIGEST with {@link EVIDENCE_SIGNING_ALGORITHM}. */
  sign(digest: Buffer): Promise<Buffer>;
}

/** A key or a signature that cannot be read: the reason and the fix are in the message. */
export class ManifestSignatureError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** The signing key as the manifest names it, from the signer. */
export async function signingKeyOf(signer: ManifestSigner): Promise<SigningKey & { publicKey: Buffer }> {
  const { keyArn, publicKey } = await signer.key();
  return { keyArn, publicKeySha256: sha256Hex(publicKey), publicKey };
}

/**
 * Signs the manifest's bytes, then checks the signature with the key's public half before it is
 * written: a key or a service that signs otherwise (a RAW signature of the digest, another
 * algorithm) is refused here rather than by the auditor.
 */
export async function signManifest(
  manifest: Buffer,
  signer: ManifestSigner,
  key: SigningKey & { publicKey: Buffer },
): Promise<ManifestSignature> {
  const digest = createHash('sha256').update(manifest).digest();
  const signature = await signer.sign(digest);
  if (!verify('sha256', manifest, publicKeyOf(key.publicKey, 'the key'), signature)) {
    throw new OperationFailed(
      `the signature ${key.keyArn} made does not verify with its public key as PKCS #1 v1.5 over SHA-256 of manifest.json: is it an RSA key for SIGN_VERIFY, and did it skip hashing the DIGEST?`,
    );
  }
  return {
    format: 1,
    signingAlgorithm: EVIDENCE_SIGNING_ALGORITHM,
    messageType: 'DIGEST',
    manifestSha256: digest.toString('hex'),
    signature: signature.toString('base64'),
  };
}

/** A public key from a file: PEM, DER (SPKI), or the base64 of DER that `aws kms get-public-key --output text` prints. */
export function readPublicKey(file: string): { key: KeyObject; der: Buffer } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ManifestSignatureError(`--public-key ${file} cannot be read (${(error as Error).message})`);
  }
  const text = bytes.toString('latin1').trim();
  const der = text.startsWith('-----BEGIN')
    ? publicKeyOf(text, file).export({ format: 'der', type: 'spki' })
    : /^[A-Za-z0-9+/=\s]+$/.test(text)
      ? Buffer.from(text, 'base64')
      : bytes;
  return { key: publicKeyOf(der, file), der };
}

function publicKeyOf(key: Buffer | string, what: string): KeyObject {
  try {
    return typeof key === 'string' ? createPublicKey(key) : createPublicKey({ key, format: 'der', type: 'spki' });
  } catch (error) {
    throw new ManifestSignatureError(
      `${what} is not a public key (${(error as Error).message}): save it with aws kms get-public-key --key-id <key ARN> --output text --query PublicKey`,
    );
  }
}

/** What the check of a package's signature found. */
export type SignatureCheck =
  | { readonly status: 'verified'; readonly key: SigningKey }
  | { readonly status: 'not-checked'; readonly key: SigningKey }
  | { readonly status: 'refused'; readonly reason: string };

/**
 * Checks the package's signature with `publicKeyFile` (the key an auditor was given, never one the
 * package holds); without it, says which key the signed manifest names and leaves it unchecked.
 * Undefined when the package is not signed and no key was given.
 */
export function checkManifestSignature(
  folder: string,
  manifest: PackageManifest,
  publicKeyFile: string | undefined,
): SignatureCheck | undefined {
  const file = path.join(folder, SIGNATURE_FILE);
  if (!fs.existsSync(file)) {
    if (publicKeyFile === undefined) return undefined;
    return { status: 'refused', reason: `the package is not signed: it holds no ${SIGNATURE_FILE}` };
  }
  const key = manifest.signingKey;
  if (key === undefined) {
    return { status: 'refused', reason: `${SIGNATURE_FILE} is there, but manifest.json names no signing key` };
  }
  let signature: ManifestSignature;
  try {
    signature = JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestSignature;
  } catch (error) {
    return { status: 'refused', reason: `${SIGNATURE_FILE} is not JSON (${(error as Error).message})` };
  }
  if (signature.format !== 1 || typeof signature.signature !== 'string') {
    return { status: 'refused', reason: `${SIGNATURE_FILE} is not a manifest signature (format 1)` };
  }
  if (publicKeyFile === undefined) {
    // Without the key, the digest the signature file records still tells a manifest changed since.
    const now = sha256Hex(fs.readFileSync(path.join(folder, MANIFEST_FILE)));
    if (signature.manifestSha256 !== now) {
      return {
        status: 'refused',
        reason: `manifest.json was changed since it was signed: its SHA-256 is not the one ${SIGNATURE_FILE} records (give --public-key to check the signature itself)`,
      };
    }
    return { status: 'not-checked', key };
  }
  const given = readPublicKey(publicKeyFile);
  if (sha256Hex(given.der) !== key.publicKeySha256) {
    return {
      status: 'refused',
      reason: `manifest.json names ${key.keyArn} (public key SHA-256 ${key.publicKeySha256}), and ${publicKeyFile} is another key (SHA-256 ${sha256Hex(given.der)})`,
    };
  }
  let valid: boolean;
  try {
    valid = verify(
      'sha256',
      fs.readFileSync(path.join(folder, MANIFEST_FILE)),
      given.key,
      Buffer.from(signature.signature, 'base64'),
    );
  } catch (error) {
    return {
      status: 'refused',
      reason: `${publicKeyFile} cannot check a PKCS #1 v1.5 signature (${(error as Error).message}): it is not the RSA key that signs`,
    };
  }
  if (!valid) {
    return {
      status: 'refused',
      reason: `manifest.json is not what ${key.keyArn} signed: it was changed after signing`,
    };
  }
  return { status: 'verified', key };
}
