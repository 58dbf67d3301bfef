/*
 * The evidence package as one file to hand over: `<package>.tar.gz`, a gzip tar (POSIX ustar/pax)
 * of the package folder under its own name, that any `tar -xzf` opens. Written with node-tar, its
 * entries in sorted order, every file dated the package's creation and folders undated (node-tar's
 * portable mode), so the same folder gives the same archive. `evidence verify` reads it back, in one
 * pass, into a new temporary folder, refusing any entry that is not a plain file or folder of one
 * package, and an archive that opens to more than MAX_OPENED_BYTES.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { MANIFEST_FILE, packageFiles, sha256Of, SIGNATURE_FILE } from './package-manifest';

/** The archive of a package folder is beside it, with this ending. */
export const ARCHIVE_SUFFIX = '.tar.gz';

/** The most an archive may open to: a package's reports of a year are a few megabytes. */
export const MAX_OPENED_BYTES = 4 * 1024 ** 3;

/** An archive that is not one evidence package: the entry and the reason are in the message. */
export class PackageArchiveError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Whether `file` names an archive (rather than a package folder). */
export function isPackageArchive(file: string): boolean {
  return /\.(tar\.gz|tgz)$/.test(file);
}

/**
 * Writes `file` (through a temporary file beside it; an existing `file` is never written over)
 * holding `folder` under its own name, every file dated `createdAt`; returns its SHA-256.
 */
export async function archivePackage(folder: string, createdAt: Date, file: string): Promise<{ sha256: string }> {
  const partial = `${file}.partial`;
  const name = path.basename(folder);
  const signed = fs.existsSync(path.join(folder, SIGNATURE_FILE));
  const files = [MANIFEST_FILE, ...(signed ? [SIGNATURE_FILE] : []), ...packageFiles(folder)];
  const folders = new Set(
    files.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const entries = [name, ...[...folders, ...files].sort().map((entry) => `${name}/${entry}`)];
  try {
    await tar.create(
      { file: partial, cwd: path.dirname(folder), gzip: true, portable: true, mtime: createdAt, noDirRecurse: true },
      entries,
    );
    fs.linkSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { sha256: sha256Of(file) };
}

/**
 * Opens an archive into a new temporary folder and returns the package folder in it, and a
 * function that removes it all. Refuses (naming the entry) a link, a device or any other entry
 * that is not a plain file or folder, a path out of the archive, an archive that does not hold
 * exactly one top folder, and one that opens to more than {@link MAX_OPENED_BYTES}.
 */
export async function openPackageArchive(
  archive: string,
  into = os.tmpdir(),
): Promise<{ folder: string; remove: () => void }> {
  if (!fs.statSync(archive, { throwIfNoEntry: false })?.isFile()) {
    throw new PackageArchiveError(`${archive} is not a file: give the package's .tar.gz or its folder`);
  }
  const dir = fs.mkdtempSync(path.join(into, 'evidence-archive-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const top = new Set<string>();
  const refused: string[] = [];
  let bytes = 0;
  try {
    await tar.extract({
      file: archive,
      cwd: dir,
      strict: true,
      preservePaths: false,
      filter: (entryPath, entry) => {
        const type = 'type' in entry ? entry.type : undefined;
        const parts = entryPath.split('/').filter((p) => p !== '' && p !== '.');
        bytes += entry.size ?? 0;
        if (type !== 'File' && type !== 'Directory') {
          refused.push(`${entryPath} is a ${type ?? 'special entry'}: a package holds files and folders only`);
        } else if (path.isAbsolute(entryPath) || parts.includes('..')) {
          refused.push(`${entryPath} leads out of the archive`);
        } else if (bytes > MAX_OPENED_BYTES) {
          if (!refused.some((r) => r.startsWith('it opens to more than'))) {
            refused.push(`it opens to more than ${MAX_OPENED_BYTES} bytes`);
          }
        } else {
          top.add(parts[0]);
          return true;
        }
        return false;
      },
    });
  } catch (error) {
    remove();
    throw new PackageArchiveError(`${archive} cannot be read as a .tar.gz (${(error as Error).message})`);
  }
  if (refused.length > 0) {
    remove();
    throw new PackageArchiveError(`${archive} is not an evidence package: ${refused.join('; ')}`);
  }
  if (top.size !== 1) {
    remove();
    throw new PackageArchiveError(
      `${archive} holds ${top.size === 0 ? 'nothing' : `${top.size} top folders (${[...top].sort().join(', ')})`}: an evidence package's archive holds its one folder`,
    );
  }
  return { folder: path.join(dir, [...top][0]), remove };
}
