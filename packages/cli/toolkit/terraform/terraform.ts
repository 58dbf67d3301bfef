import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { findPluginMirror } from './plugin-mirror';
import { OperationInProgress, operationsInProgress } from './operations-in-progress';
import { GroupMemorySampler } from './process-memory';
import { describeRetries, LostCreate, RetriedOperation, RetryWatch } from './retry-log';

/** What one Terraform command did. */
export interface TerraformResult {
  /** The directory it ran in, as given. */
  readonly dir: string;
  /** Exit code; `null` when the command was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the time limit stopped it (an interrupt, then SIGKILL if need be). */
  readonly timedOut: boolean;
  /**
   * True when SIGKILL ended it: it did not stop within {@link ExecOptions.graceSeconds} of the
   * interrupt. A killed apply leaves its state lock and may leave resources it never recorded.
   */
  readonly killed?: boolean;
  /** Wall time in seconds. */
  readonly seconds: number;
  /**
   * Peak proportional set size (PSS) of terraform and its provider processes, in bytes, sampled
   * every 250 ms; only when {@link ExecOptions.sampleMemory} was set.
   */
  readonly peakPssBytes?: number;
  /** CPU seconds of terraform and its providers, from the same samples. */
  readonly cpuSeconds?: number;
  /**
   * The AWS operations the provider retried three times in a row or more, from
   * its debug log; only when {@link ExecOptions.watchRetries} was set.
   */
  readonly retried?: readonly RetriedOperation[];
  /**
   * The creates whose first answer was lost and whose retry was told the resource exists, from the
   * same log: they explain an "already exists" of the same apply. Only when {@link
   * ExecOptions.watchRetries} was set and the log could be watched; undefined when it was not.
   */
  readonly lostCreates?: readonly LostCreate[];
}

/** Options of {@link Terraform.exec}. */
export interface ExecOptions {
  /**
   * Stop the command after this many seconds: interrupt it (SIGINT to its process group, so that
   * Terraform finishes the calls in flight, saves the state and releases the lock), and kill it
   * with its providers when it has not stopped {@link graceSeconds} later.
   */
  readonly timeoutSeconds: number;
  /**
   * How long a command interrupted by its time limit may take to stop before it is killed.
   * @default 60
   */
  readonly graceSeconds?: number;
  /**
   * Extra environment (credentials, say).
   * @default {}
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Append stdout and stderr to this file as they arrive.
   * @default - not logged
   */
  readonly logFile?: string;
  /**
   * Sample the memory of terraform and its providers ({@link GroupMemorySampler}).
   * @default false
   */
  readonly sampleMemory?: boolean;
  /**
   * Watch the provider's retries in Terraform's debug log while the command runs ({@link
   * RetryWatch}): the result's `retried` names the operations AWS kept failing, and
   * {@link onRetries} hears of each within seconds.
   * @default false
   */
  readonly watchRetries?: boolean;
  /**
   * With {@link watchRetries}: called with each operation as soon as one of its calls has been
   * retried three times in a row, then at most once a minute while it is retried
   * more. Each report also goes to {@link logFile}.
   * @default - only the result names them
   */
  readonly onRetries?: (operations: readonly RetriedOperation[]) => void;
  /**
   * Called every {@link waitingEverySeconds} while the command runs, with the seconds it has run
   * and the resource operations it has started and not finished (when there are any): so that a
   * long wait is never silent.
   * @default - not called
   */
  readonly onWaiting?: (seconds: number, operations: readonly OperationInProgress[]) => void;
  /**
   * Seconds between two calls of {@link onWaiting}.
   * @default 300
   */
  readonly waitingEverySeconds?: number;
}

/**
 * Runs the Terraform CLI offline-friendly. When a local provider mirror is found
 * ({@link findPluginMirror}: TF_PLUGIN_MIRROR, Terraform's own mirror directories, then the CI
 * mirror), a CLI config with a `filesystem_mirror` there replaces the machine's: Terraform then
 * links the provider instead of copying 700 MB into every stack. Otherwise Terraform installs the
 * provider as usual, with the caller's own CLI config, or none when TF_CLI_CONFIG_FILE names a
 * missing file.
 */
export class Terraform {
  /** The terraform binary, from TERRAFORM_BIN or PATH. Throws when there is none: never skip. */
  public static find(): Terraform {
    const candidate = process.env.TERRAFORM_BIN || 'terraform';
    try {
      const version = execFileSync(candidate, ['version', '-json'], { encoding: 'utf8', env: Terraform.env() });
      return new Terraform(candidate, (JSON.parse(version) as { terraform_version: string }).terraform_version);
    } catch (error) {
      if (error instanceof AuditLoggingError) throw error;
      throw new AuditLoggingError(
        `terraform is required and was not found (${candidate}: ${(error as Error).message}). ` +
          'Install Terraform 1.11 or set TERRAFORM_BIN.',
      );
    }
  }

  private static cliConfigFile: string | undefined;

  /** The environment Terraform runs with. */
  public static env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
    const mirror = findPluginMirror();
    if (mirror !== undefined) {
      Terraform.cliConfigFile ??= writeMirrorConfig(mirror.dir);
      env.TF_CLI_CONFIG_FILE = Terraform.cliConfigFile;
    } else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
      delete env.TF_CLI_CONFIG_FILE;
    }
    return env;
  }

  /** Process group ids of the commands this instance is running now. */
  private readonly running = new Set<number>();
  private interrupted = false;

  private constructor(
    public readonly bin: string,
    public readonly version: string,
  ) {}

  /**
   * Sends SIGINT to every command this instance is running (each leads its own process group, so a
   * terminal's Ctrl-C does not reach it): Terraform finishes the operations in flight, saves the
   * state and exits 1. From then on {@link exec} starts nothing. Returns how many were signalled.
   */
  public interrupt(): number {
    this.interrupted = true;
    for (const pid of this.running) signalGroup(pid, 'SIGINT');
    return this.running.size;
  }

  /**
   * `init -backend=false` then `validate -json`, each under the time limit: the diagnostics
   * Terraform reports. It does not block, so that several stacks validate at once. Throws when init
   * fails.
   */
  public async validateAsync(dir: string, options: Pick<ExecOptions, 'timeoutSeconds'>): Promise<ValidateResult> {
    const init = await this.exec(dir, ['init', '-backend=false', '-input=false'], options);
    if (init.code !== 0 || init.timedOut) {
      throw new Error(
        `terraform init failed in ${dir}${init.timedOut ? ' (time limit)' : ''}:\n${init.stdout}\n${init.stderr}`,
      );
    }
    return JSON.parse((await this.exec(dir, ['validate', '-json'], options)).stdout) as ValidateResult;
  }

  /**
   * Validates several stack directories at once, as modules of one new root configuration in
   * `rootDir`: Terraform loads the provider's schema once (about 6 CPU-seconds for hashicorp/aws
   * 5.x) instead of once per stack. Returns each directory's error diagnostics; an error that names
   * no file counts against every directory. Backend blocks of the stacks are ignored, as in a child
   * module (a warning, not returned). A stack with import blocks (adopted resources) is validated
   * on its own, since Terraform accepts them only in a root module.
   */
  public async validateTogether(
    dirs: readonly string[],
    rootDir: string,
    options: Pick<ExecOptions, 'timeoutSeconds'>,
  ): Promise<Map<string, ValidateDiagnostic[]>> {
    const errors = new Map<string, ValidateDiagnostic[]>(dirs.map((dir) => [path.resolve(dir), []]));
    // Terraform allows import blocks only in a root module: a stack with them is validated alone.
    const alone = dirs.filter((dir) => 'import' in readStackJson(dir));
    for (const dir of alone) {
      const result = await this.validateAsync(dir, options);
      errors.set(
        path.resolve(dir),
        result.diagnostics.filter((d) => d.severity === 'error'),
      );
    }
    const together = dirs.filter((dir) => !alone.includes(dir));
    if (together.length === 0) return errors;
    const module = Object.fromEntries(
      together.map((dir, i) => [`stack_${i}`, { source: `./${path.relative(rootDir, dir)}` }]),
    );
    fs.writeFileSync(path.join(rootDir, 'main.tf.json'), JSON.stringify({ module }));
    const result = await this.validateAsync(rootDir, options);
    for (const diagnostic of result.diagnostics) {
      if (diagnostic.severity !== 'error') continue;
      const file = diagnostic.range?.filename;
      const owners =
        file === undefined ? together.map((dir) => path.resolve(dir)) : [path.dirname(path.resolve(rootDir, file))];
      for (const dir of owners) errors.set(dir, [...(errors.get(dir) ?? []), diagnostic]);
    }
    return errors;
  }

  /**
   * Runs terraform in `dir` under a time limit. Terraform and the provider processes it starts run
   * in their own process group, and the limit kills the whole group: against a misbehaving API the
   * provider retries for many minutes, and a hung run must become a failure, not a stuck CI job.
   */
  public exec(dir: string, args: string[], options: ExecOptions): Promise<TerraformResult> {
    if (this.interrupted) return Promise.reject(new Error(`interrupted: terraform ${args[0]} was not started`));
    const started = Date.now();
    const log = options.logFile === undefined ? undefined : fs.openSync(options.logFile, 'a');
    if (log !== undefined) fs.writeSync(log, `\n$ terraform ${args.join(' ')}   (in ${dir})\n`);
    const env = { ...Terraform.env(), ...options.env };
    const watch =
      options.watchRetries === true
        ? RetryWatch.start(env, {
            cwd: dir,
            onRetries: (operations) => {
              if (log !== undefined) fs.writeSync(log, `(retrying ${describeRetries(operations)})\n`);
              options.onRetries?.(operations);
            },
          })
        : undefined;
    const child = spawn(this.bin, [...args, '-no-color'], {
      cwd: dir,
      env: { ...env, ...watch?.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (log !== undefined) fs.writeSync(log, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (log !== undefined) fs.writeSync(log, chunk);
    });
    if (child.pid !== undefined) this.running.add(child.pid);
    const sampler =
      options.sampleMemory === true && child.pid !== undefined ? new GroupMemorySampler(child.pid) : undefined;
    const onWaiting = options.onWaiting;
    const waiting =
      onWaiting === undefined
        ? undefined
        : setInterval(
            () => {
              const operations = operationsInProgress(Buffer.concat(stdout).toString('utf8'));
              if (operations.length > 0) onWaiting((Date.now() - started) / 1000, operations);
            },
            (options.waitingEverySeconds ?? DEFAULT_WAITING_SECONDS) * 1000,
          );
    let timedOut = false;
    let killed = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, 'SIGINT');
      killTimer = setTimeout(
        () => {
          killed = true;
          signalGroup(child.pid, 'SIGKILL');
        },
        (options.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000,
      );
    }, options.timeoutSeconds * 1000);
    const stopTimers = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearInterval(waiting);
    };
    return new Promise((resolve, reject) => {
      child.on('error', (error) => {
        if (child.pid !== undefined) this.running.delete(child.pid);
        stopTimers();
        sampler?.stop();
        watch?.stop();
        if (log !== undefined) fs.closeSync(log);
        reject(error);
      });
      child.on('close', (code) => {
        if (child.pid !== undefined) this.running.delete(child.pid);
        stopTimers();
        // Provider processes left behind by a stopped run belong to the same group.
        if (timedOut) signalGroup(child.pid, 'SIGKILL');
        const retried = watch?.stop();
        const lostCreates = watch?.lostCreates();
        const result: TerraformResult = {
          dir,
          code,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          timedOut,
          ...(timedOut ? { killed } : {}),
          seconds: (Date.now() - started) / 1000,
          ...(sampler === undefined ? {} : usage(sampler)),
          ...(retried === undefined ? {} : { retried }),
          ...(lostCreates === undefined ? {} : { lostCreates }),
        };
        if (log !== undefined) {
          fs.writeSync(
            log,
            `(exit ${code ?? 'killed'}${timedOut ? `, time limit${killed ? ', killed' : ', interrupted'}` : ''}, ${result.seconds.toFixed(1)} s` +
              `${retried === undefined || retried.length === 0 ? '' : `; it retried ${describeRetries(retried)}`})\n`,
          );
          fs.closeSync(log);
        }
        resolve(result);
      });
    });
  }
}

/** One diagnostic of `terraform validate -json`. */
export interface ValidateDiagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  /** The file and position it is about, relative to the directory validated. */
  readonly range?: { readonly filename?: string };
}

/** What `terraform validate -json` prints. */
export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly ValidateDiagnostic[];
}

function usage(sampler: GroupMemorySampler): Pick<TerraformResult, 'peakPssBytes' | 'cpuSeconds'> {
  const { peakBytes, cpuSeconds } = sampler.stop();
  return { peakPssBytes: peakBytes, cpuSeconds };
}

/** Seconds between two reports of what a running command is waiting for. */
const DEFAULT_WAITING_SECONDS = 300;

/** Seconds a command interrupted by its time limit has to stop before SIGKILL. */
const DEFAULT_GRACE_SECONDS = 60;

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function writeMirrorConfig(mirror: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-tfrc-'));
  // Every Terraform command of this process may read it (env() hands out its path): it goes when the process does.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'terraform.rc');
  fs.writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  return file;
}

/** A stack directory's Terraform JSON. */
function readStackJson(dir: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
}
