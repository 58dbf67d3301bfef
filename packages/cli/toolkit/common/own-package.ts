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
 * The nearest package.json above this file: the CLI package's, its workspace folder
 * (`packages/cli`) in a clone, the installed package in an install.
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

/**
 * The commit checked out where the package in `dir` was built from, when git is there: a checkout
 * whose top is `dir`, or whose `packages/` folder holds it (a workspace of this repository). Never a
 * checkout further up, such as the app an installed copy sits in.
 */
export function commitOf(dir: string): string | undefined {
  const workspaceOf = path.basename(path.dirname(dir)) === 'packages' ? path.dirname(path.dirname(dir)) : undefined;
  const checkout = [dir, workspaceOf].find((top) => top !== undefined && fs.existsSync(path.join(top, '.git')));
  if (checkout === undefined) return undefined;
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: checkout, encoding: 'utf8', timeout: 5000 });
  const commit = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}
