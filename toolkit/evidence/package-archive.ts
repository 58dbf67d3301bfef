/*
 * The evidence package as one file to hand over: `<package>.tar.gz`, a gzip tar (POSIX ustar/pax)
 * of the package folder under its own name, that any `tar -xzf` opens. Written with node-tar, its
 * entries in the manifest's order and every time set to the package's creation, so the same folder
 * gives the same archive. `evidence verify` reads it back: into a new temporary folder, refusing
 * any entry that is not a plain file or folder of one package.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { MANIFEST_FILE, packageFiles, SIGNATURE_FILE } from './package-manifest';

/** The archive of a package folder is beside it, with this ending. */
export const ARCHIVE_SUFFIX = '.tar.gz';

/** An archive that is not one evidence package: the entry and the reason are in the message. */
export class PackageArchiveError extends AuditLoggingError {}

/** Whether `file` names an archive (rather than a package folder). */
export function isPackageArchive(file: string): boolean {
  return /\.(tar\.gz|tgz)$/.test(file);
}

/**
 * Writes `<folder>.tar.gz` (through a temporary file renamed into place) holding `folder` under its
 * own name, every entry dated `createdAt`; returns its path and SHA-256.
 */
export async function archivePackage(folder: string, createdAt: Date): Promise<{ file: string; sha256: string }> {
  const file = `${folder}${ARCHIVE_SUFFIX}`;
  const partial = `${file}.partial`;
  const name = path.basename(folder);
  const signed = fs.existsSync(path.join(folder, SIGNATURE_FILE));
  const files = [MANIFEST_FILE, ...(signed ? [SIGNATURE_FILE] : []), ...packageFiles(folder)];
  const folders = [
    ...new Set(
      files.flatMap((f) =>
        f
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    ),
  ];
  const entries = [name, ...[...folders, ...files].sort().map((entry) => `${name}/${entry}`)];
  try {
    await tar.create(
      { file: partial, cwd: path.dirname(folder), gzip: true, portable: true, mtime: createdAt, noDirRecurse: true },
      entries,
    );
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

/**
 * Opens an archive into a new temporary folder and returns the package folder in it, and a
 * function that removes it all. Refuses (naming the entry) a link, a device or any other entry
 * that is not a plain file or folder, a path out of the archive, and an archive that does not hold
 * exactly one top folder.
 */
export async function openPackageArchive(archive: string): Promise<{ folder: string; remove: () => void }> {
  if (!fs.statSync(archive, { throwIfNoEntry: false })?.isFile()) {
    throw new PackageArchiveError(`${archive} is not a file: give the package's .tar.gz or its folder`);
  }
  const top = new Set<string>();
  const refused: string[] = [];
  try {
    await tar.list({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        const parts = entry.path.split('/').filter((p) => p !== '' && p !== '.');
        if (entry.type !== 'File' && entry.type !== 'Directory') {
          refused.push(`${entry.path} is a ${entry.type}: a package holds files and folders only`);
        } else if (path.isAbsolute(entry.path) || parts.includes('..')) {
          refused.push(`${entry.path} leads out of the archive`);
        } else top.add(parts[0]);
        entry.resume();
      },
    });
  } catch (error) {
    throw new PackageArchiveError(`${archive} cannot be read as a .tar.gz (${(error as Error).message})`);
  }
  if (refused.length > 0) {
    throw new PackageArchiveError(`${archive} is not an evidence package: ${refused.join('; ')}`);
  }
  if (top.size !== 1) {
    throw new PackageArchiveError(
      `${archive} holds ${top.size === 0 ? 'nothing' : `${top.size} top folders (${[...top].sort().join(', ')})`}: an evidence package's archive holds its one folder`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-archive-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await tar.extract({ file: archive, cwd: dir, strict: true, preservePaths: false });
  } catch (error) {
    remove();
    throw new PackageArchiveError(`${archive} cannot be opened (${(error as Error).message})`);
  }
  return { folder: path.join(dir, [...top][0]), remove };
}
