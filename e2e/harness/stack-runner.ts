import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Terraform, TerraformResult } from '../../packages/cli/toolkit/terraform/terraform';
import { initStack } from '../../packages/cli/toolkit/terraform/stack-init';
import { writeMotoOverride } from './override';

const ROOT = path.resolve(__dirname, '..', '..');

/** Time limits per Terraform command, in seconds: moto errors become provider retries, not failures. */
export const TIME_LIMITS = { init: 120, apply: 420, plan: 180, show: 60, destroy: 180 } as const;

/** Prints one progress line: elapsed time since the run began, the stack and the step. */
export class Progress {
  private readonly started = Date.now();

  /** `label`: what the lines are of (`e2e` for the suites). */
  public constructor(private readonly label = 'e2e') {}

  public line(stack: string, step: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0).padStart(4);
    process.stdout.write(`[${this.label} ${seconds} s] ${stack.padEnd(24)} ${step}\n`);
  }
}

/** A Terraform command or a CLI step that did not do what the run needs. */
export class StepFailed extends Error {}

/** What a CLI command did. */
export interface CommandResult {
  /** Exit code; null when killed. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs `cdktf-audit-logging <command>` in a fresh process, as `npm run <command>` does, with a
 * time limit and extra environment, whatever its outcome.
 */
export function tryCommand(
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env: NodeJS.ProcessEnv = {},
): CommandResult {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), command, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
    env: { ...process.env, ...env },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * {@link tryCommand} without blocking this process: for a run that serves requests of its own while
 * the command runs (the fault proxies of e2e:faults).
 */
export function tryCommandAsync(
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env: NodeJS.ProcessEnv = {},
  /** Called with each line the command prints on stdout, as it prints it (the run's progress). */
  onLine?: (line: string) => void,
): Promise<CommandResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'cdktf-audit-logging.js'), command, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    if (onLine === undefined) return;
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      if (partial !== '') onLine?.(partial);
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

/** {@link runCommand} without blocking this process. */
export async function runCommandAsync(
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  return commandOutput(command, args, await tryCommandAsync(command, args, timeoutSeconds, env));
}

/**
 * Runs `cdktf-audit-logging <command>` in a fresh process, as `npm run <command>` does, with a
 * time limit; returns its stdout, and throws StepFailed with its output when it fails.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env: NodeJS.ProcessEnv = {},
): string {
  return commandOutput(command, args, tryCommand(command, args, timeoutSeconds, env));
}

function commandOutput(command: string, args: readonly string[], result: CommandResult): string {
  if (result.status !== 0) {
    throw new StepFailed(
      `cdktf-audit-logging ${command} ${args.join(' ')} failed (${result.status === null ? 'killed' : `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Synthesizes `configFile` into `outdir` as a user does (`npm run synth`). Returns the stack
 * directories by name.
 */
export function synthesize(configFile: string, outdir: string): Map<string, string> {
  runCommand('synth', ['--config', configFile, '--out', outdir], 300);
  const stacksDir = path.join(outdir, 'stacks');
  return new Map(fs.readdirSync(stacksDir).map((name) => [name, path.join(stacksDir, name)]));
}

/** Runs Terraform for the synthesized stacks against moto, each with its override and state file. */
export class StackRunner {
  public constructor(
    private readonly terraform: Terraform,
    endpoint: string,
    private readonly workDir: string,
    private readonly progress: Progress,
    /** `'s3'`: the stacks keep their state in their synthesized S3 backend, in moto. */
    private readonly backend: 'local' | 's3' = 'local',
    /** The endpoint of each stack's provider, when not `endpoint` (a fault proxy per stack, say). */
    private readonly endpointOf: (stack: string) => string = () => endpoint,
  ) {}

  /** Where the stack's state lives: outside the synth folder, so a re-synth plans against it. */
  public statePath(stack: string): string {
    return path.join(this.workDir, 'state', `${stack}.tfstate`);
  }

  /** Writes the moto override beside the synthesized stack. */
  public writeOverride(stack: string, dir: string): void {
    fs.mkdirSync(path.dirname(this.statePath(stack)), { recursive: true });
    writeMotoOverride(dir, this.endpointOf(stack), this.backend === 's3' ? 's3' : this.statePath(stack));
  }

  /**
   * Writes the moto override beside the synthesized stack and runs `terraform init` as the toolkit
   * does ({@link initStack}): the deploy that follows then finds the folder initialized.
   */
  public async init(stack: string, dir: string): Promise<void> {
    this.writeOverride(stack, dir);
    this.progress.line(stack, 'init');
    const init = await initStack(this.terraform, dir, {
      timeoutSeconds: TIME_LIMITS.init,
      logFile: this.logFile(stack),
    });
    if (init !== undefined) this.judge(stack, 'init', init, TIME_LIMITS.init, [0]);
  }

  /**
   * `terraform plan` that must stop (exit 1) with `message` in its output: a precondition that
   * holds back an apply AWS would refuse.
   */
  public async planStops(stack: string, dir: string, message: string): Promise<void> {
    const result = await this.expect(stack, dir, 'plan (must stop)', ['plan', '-input=false'], TIME_LIMITS.plan, [1]);
    const output = `${result.stdout}\n${result.stderr}`.replace(/\s+/g, ' ');
    if (!output.includes(message)) {
      throw new StepFailed(
        `${stack}: the plan stopped, but without "${message}":\n${tail(result.stderr || result.stdout)}`,
      );
    }
  }

  /** `terraform plan -detailed-exitcode` right after apply: must exit 0 (no changes: no drift). */
  public async planNoDrift(stack: string, dir: string): Promise<void> {
    const result = await this.expect(
      stack,
      dir,
      'plan (no drift)',
      ['plan', '-detailed-exitcode', '-input=false'],
      TIME_LIMITS.plan,
      [0, 2],
    );
    if (result.code === 2) {
      throw new StepFailed(`${stack}: the plan after apply is not empty (drift):\n${changesOf(result.stdout)}`);
    }
  }

  /** `terraform output -json`. */
  public async outputs(stack: string, dir: string): Promise<Record<string, { value: unknown }>> {
    const result = await this.expect(stack, dir, 'output', ['output', '-json'], TIME_LIMITS.show, [0]);
    return JSON.parse(result.stdout) as Record<string, { value: unknown }>;
  }

  /**
   * `terraform destroy` that must be refused, whatever its outcome: the caller decides what it must be.
   * Without the state lock and the refresh: Terraform refuses a planned deletion of a resource with
   * `prevent_destroy` from the state alone, so the check can run beside a plan of the same stack.
   */
  public destroy(stack: string, dir: string): Promise<TerraformResult> {
    this.progress.line(stack, 'destroy (must be refused)');
    return this.terraform.exec(dir, ['destroy', '-auto-approve', '-input=false', '-lock=false', '-refresh=false'], {
      timeoutSeconds: TIME_LIMITS.destroy,
      logFile: this.logFile(stack),
    });
  }

  private logFile(stack: string): string {
    return path.join(this.workDir, `terraform.${stack}.log`);
  }

  private async expect(
    stack: string,
    dir: string,
    step: string,
    args: string[],
    timeoutSeconds: number,
    codes: number[],
  ): Promise<TerraformResult> {
    this.progress.line(stack, step);
    const result = await this.terraform.exec(dir, args, { timeoutSeconds, logFile: this.logFile(stack) });
    return this.judge(stack, step, result, timeoutSeconds, codes);
  }

  /** `result` when it ended in time with one of `codes`; otherwise throws {@link StepFailed}. */
  private judge(
    stack: string,
    step: string,
    result: TerraformResult,
    timeoutSeconds: number,
    codes: number[],
  ): TerraformResult {
    if (result.timedOut) {
      throw new StepFailed(
        `${stack}: terraform ${step} did not finish within ${timeoutSeconds} s (killed). ` +
          `Its output is in ${this.logFile(stack)}:\n${tail(result.stdout + result.stderr)}`,
      );
    }
    if (result.code === null || !codes.includes(result.code)) {
      throw new StepFailed(
        `${stack}: terraform ${step} exited ${result.code} after ${result.seconds.toFixed(0)} s:\n${tail(result.stderr || result.stdout)}`,
      );
    }
    return result;
  }
}

/** The last lines of Terraform's output, without its progress lines. */
function tail(text: string, lines = 40): string {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => !/: Still [a-z]+\.\.\. \[/.test(line))
    .slice(-lines)
    .join('\n');
}

/** The lines of a plan that say what would change. */
function changesOf(planText: string): string {
  return planText
    .split('\n')
    .filter((line) => /^\s*# .* (will|must) be /.test(line) || /^\s*[~+-] /.test(line))
    .slice(0, 60)
    .join('\n');
}
