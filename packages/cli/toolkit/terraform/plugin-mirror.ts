import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';

/** The provider every stack uses, as Terraform lays it out in a filesystem mirror. */
const AWS_PROVIDER = path.join('registry.terraform.io', 'hashicorp', 'aws');

/**
 * The directory that the end-to-end runs and CI have always used for the provider on machines with
 * no Terraform registry. Looked at last, after the directories Terraform searches itself.
 */
export const KNOWN_CI_MIRROR = '/opt/tf-plugins';

/** Where a provider mirror was found, and why it was chosen. */
export interface PluginMirror {
  /** The mirror directory (holds `registry.terraform.io/hashicorp/aws/...`). */
  readonly dir: string;
  /** `TF_PLUGIN_MIRROR`, `terraform` (one of Terraform's implied local mirrors) or `ci`. */
  readonly from: 'TF_PLUGIN_MIRROR' | 'terraform' | 'ci';
}

/** Options of {@link findPluginMirror}; the defaults are this process's. */
export interface FindPluginMirrorOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default os.homedir() */
  readonly home?: string;
  /** @default KNOWN_CI_MIRROR */
  readonly ciMirror?: string;
}

/**
 * The implied local mirror directories Terraform itself searches on this platform (Terraform's CLI
 * configuration docs, "Implied Local Mirror Directories"): the user's plugin directory, then the
 * XDG data directories' `terraform/plugins`.
 */
export function impliedMirrorDirs(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  if (process.platform === 'win32') {
    return env.APPDATA ? [path.join(env.APPDATA, 'terraform.d', 'plugins')] : [];
  }
  const dataHome = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter((dir) => dir !== '');
  const dirs = [
    path.join(home, '.terraform.d', 'plugins'),
    ...[dataHome, ...dataDirs].map((d) => path.join(d, 'terraform', 'plugins')),
  ];
  if (process.platform === 'darwin')
    dirs.splice(1, 0, path.join(home, 'Library', 'Application Support', 'io.terraform', 'plugins'));
  return dirs;
}

/**
 * Finds a local filesystem mirror that holds the hashicorp/aws provider: `TF_PLUGIN_MIRROR` when it
 * is set, else the first of Terraform's implied mirror directories that has the provider, else
 * {@link KNOWN_CI_MIRROR}. `undefined` means none: Terraform then installs the provider from its
 * registry as usual.
 *
 * A `TF_PLUGIN_MIRROR` that does not hold the provider is an error, not a silent fallback: the user
 * asked for it.
 */
export function findPluginMirror(options: FindPluginMirrorOptions = {}): PluginMirror | undefined {
  const { env = process.env, home = os.homedir(), ciMirror = KNOWN_CI_MIRROR } = options;
  const holdsProvider = (dir: string): boolean => fs.existsSync(path.join(dir, AWS_PROVIDER));
  const asked = env.TF_PLUGIN_MIRROR;
  if (asked) {
    if (!holdsProvider(asked)) {
      throw new AuditLoggingError(
        `TF_PLUGIN_MIRROR=${asked} holds no ${AWS_PROVIDER.split(path.sep).join('/')}; ` +
          'point it at a directory made by `terraform providers mirror`, or unset it to let Terraform install the provider',
      );
    }
    return { dir: asked, from: 'TF_PLUGIN_MIRROR' };
  }
  const implied = impliedMirrorDirs(env, home).find(holdsProvider);
  if (implied !== undefined) return { dir: implied, from: 'terraform' };
  return holdsProvider(ciMirror) ? { dir: ciMirror, from: 'ci' } : undefined;
}
