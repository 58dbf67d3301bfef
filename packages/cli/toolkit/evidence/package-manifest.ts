/*
 * The manifest of an evidence package: every file with its SHA-256, and what made the package. An
 * auditor recomputes the digests with `evidence verify` (or any sha256sum): an edited, removed or
 * added file is named. The manifest does not list itself (nor its signature); a changed manifest
 * fails its signature, and a line of it that no longer matches a file it lists is told from an
 * edited file by deriving the file again (package-verification.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { sha256Hex } from '../integrity/digest-file';

/** The manifest's own file name, at the package's top. */
export const MANIFEST_FILE = 'manifest.json';

/** The manifest's signature, beside it, when the package is signed (manifest-signature.ts): not listed either. */
export const SIGNATURE_FILE = 'manifest.signature.json';

/** What made the package, and from what. */
export interface PackageManifest {
  /** The format of this file: 1. */
  readonly format: 1;
  readonly tool: { readonly name: string; readonly version: string; readonly commit?: string };
  /** The command line, as given. */
  readonly command: readonly string[];
  /** ISO time the package was made. */
  readonly createdAt: string;
  /** The period, first and last day (yyyy-MM-dd), UTC. */
  readonly period: { readonly from: string; readonly to: string };
  /**
   * The inputs, by the package's own paths and the buckets' names (never the builder's folders): the
   * config as configuration/ holds it, with its SHA-256, and the buckets whose copies the parts were
   * derived from, which the auditor gives to `evidence verify` wherever they keep them.
   */
  readonly inputs: {
    readonly config: { readonly file: string; readonly sha256: string };
    readonly logs: { readonly bucket: string };
    readonly memberLogs?: { readonly bucket: string };
  };
  /**
   * The key that signs this manifest (manifest.signature.json), named here so that the signature
   * covers the name: its ARN and the SHA-256 of its public key. Absent when not signed.
   */
  readonly signingKey?: { readonly keyArn: string; readonly publicKeySha256: string };
  /** Every file of the package but this one, by its path from the package's top (`/`-separated), with its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
}

export function sha256Of(file: string): string {
  return sha256Hex(fs.readFileSync(file));
}

/** Every file under `folder` but the manifest and its signature, `/`-separated from it, sorted. */
export function packageFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((name) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE)
    .sort();
}

/** The digests of every file of the package, as the manifest lists them. */
export function digestsOf(folder: string): Record<string, string> {
  return Object.fromEntries(
    packageFiles(folder).map((file) => [file, sha256Of(path.join(folder, ...file.split('/')))]),
  );
}

/** A file that is not as the manifest lists it. */
export interface ManifestMismatch {
  readonly file: string;
  readonly problem: 'edited' | 'removed' | 'added';
}

/** The files of `folder` that differ from `manifest`: edited, removed or added, by name, sorted. */
export function manifestMismatches(folder: string, manifest: PackageManifest): ManifestMismatch[] {
  const now = digestsOf(folder);
  const listed = manifest.files;
  const problems: ManifestMismatch[] = [];
  for (const [file, sha256] of Object.entries(listed)) {
    if (now[file] === undefined) problems.push({ file, problem: 'removed' });
    else if (now[file] !== sha256) problems.push({ file, problem: 'edited' });
  }
  for (const file of Object.keys(now)) if (listed[file] === undefined) problems.push({ file, problem: 'added' });
  return problems.sort((a, b) => a.file.localeCompare(b.file));
}
