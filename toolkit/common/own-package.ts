import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The package this code belongs to: its name, version and folder. */
export interface OwnPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/**
 * The nearest package.json above this file: the repository's in a clone, the installed package's
 * (sources or lib/) in an install.
 */
export function ownPackage(): OwnPackage {
  let dir = __dirname;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; version: string };
      return { name: pkg.name, version: pkg.version, dir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { name: 'cdktf-audit-logging', version: 'unknown', dir };
    dir = parent;
  }
}

/** The commit checked out in `dir`, when it is a git checkout and git is there. */
export function commitOf(dir: string): string | undefined {
  if (!fs.existsSync(path.join(dir, '.git'))) return undefined;
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', timeout: 5000 });
  const commit = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}
