import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { counted, type TransitionOrder } from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { environmentHasCredentials, SIGN_IN } from '../common/aws-sdk';
import { loadCheckedConfig, manifestWarnings, reportConfigWarnings } from '../common/config-warnings';
import { commandLine } from '../common/invocation';
import { pathAsGiven } from '../common/path-as-given';
import { shellWord } from '../common/shell-word';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { DEPLOYMENT_SETTINGS_FILE, mayBeDeployed, ourStacks, writeDeploymentSettings } from '../terraform/stack-files';
import { recordTransition, transitionOfSynth } from './synth-transition';

/** Options of {@link synthesize}. */
export interface SynthOptions {
  /** The organization config file. */
  readonly config: string;
  /** The output folder. */
  readonly out: string;
  /**
   * Threads to synthesize with.
   * @default - the cores, at most 4, from 100 members on; else 1 (see toolkit/synth)
   */
  readonly threads?: number;
}

/** What {@link synthesize} wrote. */
export interface SynthResult {
  /** The stacks the config produces, each written to `<out>/stacks/<stack>/cdk.tf.json`. */
  readonly stacks: readonly string[];
  /** Stack folders of an earlier synth the config no longer produces, left in place. */
  readonly stale: readonly string[];
  /** The order the change from the deployed synth applies in, when it needs one. */
  readonly transition: TransitionOrder | undefined;
}

/** How many stack names synth prints; an organization of 1,000 accounts gets a count, not a page. */
const LISTED_STACKS = 20;

/**
 * The synth action: loads and validates the config (a bad one throws ConfigError, with every
 * problem, before anything is written), synthesizes into a new folder beside `out`, then moves the
 * result into `out`, with `audit-deployment.json` (the config's path and SHA-256, the stacks written,
 * the plan role). Reports a line per stack, what to run next and every warning through `io`.
 * `cdktf-audit-logging synth`, `cdktf synth` (main.ts) and a team's script all run this.
 * @throws ConfigError for an invalid config; StrictConfigWarnings with --strict; UnorderedChange
 *   for a change no order of deploys applies
 */
export async function synthesize(options: SynthOptions, io: ToolkitIo = CONSOLE_IO): Promise<SynthResult> {
  const { lightweightSynthTraces } = await import('@audit-logging/cdktf/toolkit-api/core');
  // Most of a large synth's time and memory went to those traces (BENCHMARKS.md, "Synth profile");
  // the files are the same. AUDIT_SOURCE_MAPPED_TRACES=1 keeps every trace, for debugging a cdktf error.
  const debugTraces = process.env.AUDIT_SOURCE_MAPPED_TRACES === '1';
  lightweightSynthTraces(debugTraces);

  const config = await loadCheckedConfig(options.config, io);
  const out = path.resolve(options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}-synth-`));
  try {
    const stacks = await synthesizeInto(config, staging, { debugTraces, threads: options.threads });
    // Only what a synth of ours wrote can be stale: a team's app may keep its own stacks in `out`.
    const stale = staleStacks(out, stacks);
    writeDeploymentSettings(staging, {
      planRoleName: config.deployment.planRoleName,
      config: {
        file: options.config,
        sha256: createHash('sha256').update(fs.readFileSync(options.config)).digest('hex'),
      },
      stacks: [...stacks, ...stale],
    });
    // The change's order across stacks, from the previous synth in `out`; none applies: `out` stays.
    const transition = transitionOfSynth(out, staging);
    const warnings = manifestWarnings(path.join(staging, 'manifest.json'));
    // With --strict, the constructs' warnings too stop synth before anything is written.
    reportConfigWarnings(warnings, { print: false }, io);
    publish(staging, out, stacks);
    await reportSynth(options, config, { stacks, stale, transition }, io);
    reportConfigWarnings(warnings, { print: true }, io);
    for (const text of recordTransition(out, transition)) io.notify({ level: 'info', text });
    for (const stack of stale) io.notify({ level: 'warn', text: staleWarning(options.out, stack) });
    return { stacks, stale, transition };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Builds every stack of `config` into `staging`, on the worker threads a large organization gets. */
async function synthesizeInto(
  config: OrgConfig,
  staging: string,
  options: { readonly debugTraces: boolean; readonly threads?: number },
): Promise<string[]> {
  const { startSynthWorkers } = await import('../synth/synth-workers');
  // A large organization's worker threads load cdktf and the stacks while this thread does.
  const workers = startSynthWorkers(config, staging, options);
  try {
    const { synthesizeStacksInParallel } = await import('../synth/parallel-synthesis');
    return await synthesizeStacksInParallel(config, staging, {}, workers);
  } finally {
    await workers.stop();
  }
}

/** The stacks written, then what comes next: the plan, or (under the cdktf CLI) the credentials it needs. */
async function reportSynth(
  options: SynthOptions,
  config: OrgConfig,
  result: SynthResult,
  io: ToolkitIo,
): Promise<void> {
  const { stacks } = result;
  const shown = pathAsGiven(options.out, path.resolve(options.out));
  const info = (text: string): void => io.notify({ level: 'info', text });
  info(`${options.config}: ${counted(stacks.length, 'stack')} written to ${shown}/stacks`);
  for (const stack of stacks.slice(0, LISTED_STACKS)) info(`  ${stack}`);
  if (stacks.length > LISTED_STACKS) {
    info(`  ... and ${stacks.length - LISTED_STACKS} more (the manifest lists them all)`);
  }
  if (underCdktfCli()) {
    // cdktf diff and deploy run Terraform next, with this environment's credentials.
    if (!(await environmentHasCredentials())) info(noCredentialsNote(config.deployment.roleName));
  } else {
    const plan = commandLine('plan', shown === 'cdktf.out' ? [] : ['--out', shown]);
    info(
      `next: ${plan} (each stack's plan), ${commandLine('plan-summary')} to review them, then ${commandLine('deploy')} (docs/deploying.md)`,
    );
  }
}

/** What synth says of a stack folder the config no longer produces, by whether it may be deployed. */
function staleWarning(outOption: string, stack: string): string {
  const shown = pathAsGiven(outOption, path.resolve(outOption));
  return mayBeDeployed(path.resolve(outOption), stack)
    ? `WARN ${shown}/stacks/${stack} is no longer produced by the config. Its resources stay deployed: destroy ` +
        `them with \`terraform -chdir=${shellWord(`${shown}/stacks/${stack}`)} destroy\` (review the plan), then delete the folder.`
    : `${shown}/stacks/${stack} is no longer produced by the config, and nothing here shows it was deployed ` +
        '(no deploy record, plan or local state in this folder): if it was deployed from elsewhere (CI, ' +
        'another clone), destroy it there; otherwise delete the folder.';
}

/**
 * True when the cdktf CLI runs synth as its app (cdktf.json): `cdktf synth`, and the synth that
 * `cdktf diff` and `cdktf deploy` run first. The CLI gives its app CDKTF_CONTEXT_JSON (cdktf-cli
 * 0.21.0, lib/synth-stack.js); nothing else sets it.
 */
function underCdktfCli(): boolean {
  return process.env.CDKTF_CONTEXT_JSON !== undefined;
}

/**
 * What `cdktf diff` and `cdktf deploy` will need, said before they run Terraform: without it, the
 * AWS provider's "No valid credential sources found" is the first word, with no role named.
 */
function noCredentialsNote(roleName: string): string {
  return (
    'note: this environment holds no AWS credentials. cdktf diff and cdktf deploy run Terraform next, and each ' +
    `stack's provider assumes ${roleName} (deployment.roleName) in its own account with them: without them ` +
    `Terraform stops at "No valid credential sources found". ${SIGN_IN}; docs/deploying.md says what those ` +
    'credentials need.'
  );
}

/**
 * Moves each file of `from` to the same place under `to`, replacing a file there and keeping the
 * others (a folder `to` lacks moves whole): renames on the same file system, where copying each
 * stack over an existing output was a large part of a large synth (BENCHMARKS.md, "Synth profile").
 */
function moveFiles(from: string, to: string): void {
  if (!fs.existsSync(to)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    move(from, to);
    return;
  }
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) moveFiles(path.join(from, entry.name), path.join(to, entry.name));
    else move(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/**
 * Renames `from` to `to`, replacing a file there; copies when they are on different file systems
 * (an output folder that is a mount point: the staging folder is beside it, in its parent).
 */
function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true, force: true });
  }
}

/**
 * Moves each synthesized stack folder's files and the manifest from `staging` (beside `out`) into
 * `out`, keeping what Terraform wrote beside them.
 */
function publish(staging: string, out: string, stacks: readonly string[]): void {
  for (const stack of stacks) moveFiles(path.join(staging, 'stacks', stack), path.join(out, 'stacks', stack));
  for (const file of ['manifest.json', DEPLOYMENT_SETTINGS_FILE]) move(path.join(staging, file), path.join(out, file));
}

/**
 * The stack folders in `out` that are ours and this synth (`stacks`) does not produce: a stack the
 * config no longer has. A folder that is not ours (a team app's own stack) is not ours to call stale.
 */
function staleStacks(out: string, stacks: readonly string[]): string[] {
  return ourStacks(out)
    .filter((name) => !stacks.includes(name) && fs.existsSync(path.join(out, 'stacks', name, 'cdk.tf.json')))
    .sort();
}
