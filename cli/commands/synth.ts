import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { configFileOption, outDirOption, recordTransition, transitionOfSynth } from './synth-output';
import { pathAsGiven } from './path-as-given';
import { loadCheckedConfig, manifestWarnings, reportConfigWarnings } from './config-warnings';
import { EXIT } from './exit-codes';
import { wholeNumberOption } from './whole-number-option';
import {
  DEPLOYMENT_SETTINGS_FILE,
  mayBeDeployed,
  ourStacks,
  writeDeploymentSettings,
} from '../../toolkit/terraform/stack-files';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { shellWord } from '../../toolkit/common/shell-word';
import { commandLine } from '../../toolkit/common/invocation';
import { MAX_REQUESTED_SYNTH_THREADS } from '../../toolkit/synth/synth-workers';
import { environmentHasCredentials, SIGN_IN } from '../../toolkit/common/aws-sdk';

/** Options of `synth`. */
export interface SynthOptions {
  /** The organization config. */
  readonly config: string;
  /** The output folder. */
  readonly out: string;
  /**
   * Threads to synthesize with.
   * @default - the cores, at most 4, from 100 members on; else 1 (see toolkit/synth)
   */
  readonly threads?: number;
}

/** How many stack names synth prints; an organization of 1,000 accounts gets a count, not a page. */
const LISTED_STACKS = 20;

/** `cdktf-audit-logging synth`: config in, one Terraform stack per account out. */
export function synthCommand(): Command {
  return new Command('synth')
    .description('Validate the organization config and write one Terraform stack per account.')
    .option('-c, --config <file>', 'the organization config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option('-o, --out <dir>', 'the output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--threads <n>',
      'threads to synthesize with, 1 to 16 (default: the cores, at most 4, from 100 members on; else 1)',
    )
    .addHelpText(
      'after',
      `
Writes <out>/stacks/<stack>/cdk.tf.json for each stack, <out>/manifest.json and
<out>/audit-deployment.json (the settings plan and deploy read, and the stacks synth wrote). The
whole output is written to a new folder beside <out> first, so a failure leaves <out> as it was.
Terraform's working files in <out>/stacks/<stack> (.terraform, plans) are kept. A stack folder that
synth wrote (or deploy applied) and the config no longer produces is left in place. When its deploy
record, deploy log, a saved plan or a local state with resources shows it may be deployed, synth
warns that its resources stay deployed until you destroy them; otherwise it says that nothing was
deployed from the folder. A folder neither wrote (a cdktf app's own stack beside ours) is not ours:
synth leaves it alone and says nothing of it.

From 100 members on, the stacks are shared among worker threads, one per core (at most 4): each
builds and writes the stacks it claims, and the files are the same as one thread's. --threads 1
keeps synth in one thread (a CI runner whose CPU quota is below its core count, say).

Examples:
  $ cdktf-audit-logging synth
  $ cdktf-audit-logging synth --config examples/full.config.json --out /tmp/full.out
  $ AUDIT_CONFIG=org.json cdktf-audit-logging synth
  $ cdktf-audit-logging synth --threads 1`,
    )
    .action(async (options: { config?: string; out?: string; threads?: string }) => {
      process.exitCode = await synth({
        config: configFileOption(options.config),
        out: outDirOption(options.out),
        threads: threadsOption(options.threads),
      });
    });
}

/** `--threads`: a whole number from 1 to MAX_REQUESTED_SYNTH_THREADS, or the default. */
function threadsOption(option: string | undefined): number | undefined {
  if (option === undefined) return undefined;
  return wholeNumberOption('--threads', option, 'threads', 1, MAX_REQUESTED_SYNTH_THREADS);
}

/**
 * Loads and validates the config (a bad one throws ConfigError, with every problem, before
 * anything is written), synthesizes into a new folder beside `out`, then moves the result into
 * `out`. Prints one line per stack and every warning.
 */
export async function synth(options: SynthOptions): Promise<number> {
  const { lightweightSynthTraces } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { startSynthWorkers } = await import('../../toolkit/synth/synth-workers');
  // Most of a large synth's time and memory went to those traces (BENCHMARKS.md, "Synth profile");
  // the files are the same. AUDIT_SOURCE_MAPPED_TRACES=1 keeps every trace, for debugging a cdktf error.
  const debugTraces = process.env.AUDIT_SOURCE_MAPPED_TRACES === '1';
  lightweightSynthTraces(debugTraces);

  const config = await loadCheckedConfig(options.config);
  const out = path.resolve(options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}-synth-`));
  try {
    // A large organization's worker threads load cdktf and the stacks while this thread does.
    const workers = startSynthWorkers(config, staging, { debugTraces, threads: options.threads });
    let stacks: string[];
    try {
      const { synthesizeStacksInParallel } = await import('../../toolkit/synth/parallel-synthesis');
      stacks = await synthesizeStacksInParallel(config, staging, {}, workers);
    } finally {
      await workers.stop();
    }
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
    reportConfigWarnings(warnings, { print: false });
    publish(staging, out, stacks);
    const shown = pathAsGiven(options.out, out);
    process.stdout.write(`${options.config}: ${counted(stacks.length, 'stack')} written to ${shown}/stacks\n`);
    for (const stack of stacks.slice(0, LISTED_STACKS)) process.stdout.write(`  ${stack}\n`);
    if (stacks.length > LISTED_STACKS) {
      process.stdout.write(`  ... and ${stacks.length - LISTED_STACKS} more (the manifest lists them all)\n`);
    }
    if (underCdktfCli()) {
      // cdktf diff and deploy run Terraform next, with this environment's credentials.
      if (!(await environmentHasCredentials()))
        process.stdout.write(`${noCredentialsNote(config.deployment.roleName)}\n`);
    } else {
      const plan = commandLine('plan', shown === 'cdktf.out' ? [] : ['--out', shown]);
      process.stdout.write(
        `next: ${plan} (each stack's plan), ${commandLine('plan-summary')} to review them, then ${commandLine('deploy')} (docs/deploying.md)\n`,
      );
    }
    reportConfigWarnings(warnings, { print: true });
    for (const line of recordTransition(out, transition)) process.stdout.write(`${line}\n`);
    for (const stack of stale) {
      process.stderr.write(
        mayBeDeployed(out, stack)
          ? `WARN ${shown}/stacks/${stack} is no longer produced by the config. Its resources stay deployed: destroy ` +
              `them with \`terraform -chdir=${shellWord(`${shown}/stacks/${stack}`)} destroy\` (review the plan), then delete the folder.\n`
          : `${shown}/stacks/${stack} is no longer produced by the config, and nothing here shows it was deployed ` +
              '(no deploy record, plan or local state in this folder): if it was deployed from elsewhere (CI, ' +
              'another clone), destroy it there; otherwise delete the folder.\n',
      );
    }
    return EXIT.ok;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
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
