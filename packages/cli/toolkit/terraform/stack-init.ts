import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ExecOptions, Terraform, TerraformResult } from './terraform';

/**
 * Where {@link initStack} records the init it ran, inside Terraform's own data folder: deleting
 * `.terraform` (what Terraform's docs suggest to start over) deletes the record with it.
 */
export const INIT_RECORD = path.join('.terraform', 'cdktf-audit-logging-init.json');

/**
 * `terraform init -input=false` in a stack folder, unless the last init this function ran there
 * was for the same inputs: the same Terraform version and CLI configuration (the provider mirror),
 * the same configuration files (the backend and the required providers are in them), and the same
 * lock file, backend record and provider links that init left, each link still pointing at a
 * provider that exists. Anything else (a changed stack, a new override file, a moved mirror, a
 * `terraform init -reconfigure` run by hand, `TF_DATA_DIR` set) runs init again. Returns the init's
 * result, failed or not (the caller judges it, as it judges its other commands), or undefined when
 * init was skipped. Only a successful init is recorded.
 *
 * The plans, applies and removal plans of one run share a stack folder: plan, then deploy, then a
 * second plan ran init three times on the same inputs (BENCHMARKS.md, "Terraform init once per
 * stack folder").
 */
export async function initStack(
  terraform: Terraform,
  stackDir: string,
  options: ExecOptions,
): Promise<TerraformResult | undefined> {
  const before = initInputs(terraform, stackDir, options.env);
  if (before !== undefined && recordedInputs(stackDir) === before) return undefined;
  fs.rmSync(path.join(stackDir, INIT_RECORD), { force: true });
  const init = await terraform.exec(stackDir, ['init', '-input=false'], options);
  if (init.code !== 0 || init.timedOut) return init;
  const after = initInputs(terraform, stackDir, options.env);
  if (after !== undefined) fs.writeFileSync(path.join(stackDir, INIT_RECORD), JSON.stringify({ inputs: after }) + '\n');
  return init;
}

function recordedInputs(stackDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(stackDir, INIT_RECORD), 'utf8')) as { inputs?: string }).inputs;
  } catch {
    return undefined;
  }
}

/**
 * The digest of what `terraform init` reads and writes in `stackDir`; undefined when it cannot be
 * known (no `.terraform` yet, or `TF_DATA_DIR` moves Terraform's data elsewhere).
 */
function initInputs(terraform: Terraform, stackDir: string, extraEnv?: NodeJS.ProcessEnv): string | undefined {
  const env = { ...Terraform.env(), ...extraEnv };
  const dataDir = path.join(stackDir, '.terraform');
  if (env.TF_DATA_DIR || !fs.existsSync(dataDir)) return undefined;
  const hash = createHash('sha256');
  const add = (label: string, content: string | Buffer | undefined) =>
    hash.update(`${label}\0${content === undefined ? '\u0001absent' : content.length}\0`).update(content ?? '');
  add('terraform', terraform.version);
  for (const name of ['TF_PLUGIN_CACHE_DIR', 'TF_WORKSPACE', 'TF_CLI_ARGS', 'TF_CLI_ARGS_init'])
    add(`env ${name}`, env[name]);
  // The CLI configuration by content: the toolkit writes the mirror's to a new temporary file per process.
  add('cli config', readIfExists(env.TF_CLI_CONFIG_FILE));
  for (const name of fs.readdirSync(stackDir).sort()) {
    if (name.endsWith('.tf') || name.endsWith('.tf.json') || name === '.terraform.lock.hcl')
      add(`file ${name}`, fs.readFileSync(path.join(stackDir, name)));
  }
  add('backend', readIfExists(path.join(dataDir, 'terraform.tfstate')));
  add('modules', readIfExists(path.join(dataDir, 'modules', 'modules.json')));
  add('environment', readIfExists(path.join(dataDir, 'environment')));
  for (const entry of providerEntries(path.join(dataDir, 'providers'))) add('provider', entry);
  return hash.digest('hex');
}

function readIfExists(file: string | undefined): Buffer | undefined {
  if (file === undefined || file === '' || !fs.existsSync(file)) return undefined;
  return fs.readFileSync(file);
}

/**
 * Each installed provider's path under `.terraform/providers`, with where a link points and
 * whether that target exists (init links a provider from a mirror; a removed mirror means init again).
 */
function providerEntries(dir: string, relative = ''): string[] {
  const here = path.join(dir, relative);
  let names: string[];
  try {
    names = fs.readdirSync(here).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const entry = path.join(relative, name);
    const full = path.join(dir, entry);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) {
      const target = fs.readlinkSync(full);
      return [`${entry} -> ${target} ${fs.existsSync(full) ? 'present' : 'missing'}`];
    }
    if (stat.isDirectory()) return providerEntries(dir, entry);
    return [`${entry} ${stat.size}`];
  });
}
