import * as fs from 'fs';
import * as path from 'path';
import { AUDIT_DELEGATION_STACK_NAME, OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';
import { stackDigest } from '../review/stack-changes';
import { writePlanRoleOverride } from './plan-role';
import { planFile, planJsonFile, readDeploymentSettings, removePlanOutputs, writePlanInfo } from './stack-files';
import { initStack } from './stack-init';
import { lockedMessage, StateLock, stateLockOf } from './state-lock';
import { interruptedApplyAdvice } from './interrupted-apply';
import { describeOperations, operationsInProgress } from './operations-in-progress';
import { describeRetries } from './retry-log';
import { ExecOptions, Terraform, TerraformResult } from './terraform';
import { SIGN_IN } from '../common/aws-sdk';
import { commandLine } from '../common/invocation';

/** The saved plan's name in the stack folder. */
export const PLAN_FILE = 'audit.tfplan';

/** Options of {@link planToJson}. */
export interface PlanOptions extends Pick<ExecOptions, 'env' | 'onRetries' | 'onWaiting'> {
  /** Time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Take the state lock. A read-only role cannot write the S3 backend's lock file; a plan that
   * only reads does not need it.
   * @default true
   */
  readonly lock?: boolean;
  /**
   * Append Terraform's output here.
   * @default - not logged
   */
  readonly logFile?: string;
}

/** Lines of Terraform's output a {@link TerraformFailed} message keeps. */
const MESSAGE_LINES = 30;

/**
 * Terraform's error diagnostics in `output`, each whole from its `Error:` header: as many as fit in
 * `maxLines` from the first (the first is usually the cause; the first alone is cut to `maxLines`),
 * then how many more there are. Output without a header gives its last `maxLines` lines.
 */
export function diagnosticsExcerpt(output: string, maxLines: number): string {
  const lines = output.trimEnd().split('\n');
  const headers = lines.flatMap((line, index) => (/^Error: /.test(line) ? [index] : []));
  if (headers.length === 0) return lines.slice(-maxLines).join('\n');
  const diagnostics = headers.map((start, i) => {
    const block = lines.slice(start, headers[i + 1] ?? lines.length);
    while (block.length > 1 && block[block.length - 1].trim() === '') block.pop();
    return block;
  });
  const kept: string[] = diagnostics[0].slice(0, maxLines);
  let count = 1;
  for (const block of diagnostics.slice(1)) {
    if (kept.length + 1 + block.length > maxLines) break;
    kept.push('', ...block);
    count += 1;
  }
  const more = diagnostics.length - count;
  return more === 0 ? kept.join('\n') : `${kept.join('\n')}\n(${more} more ${more === 1 ? 'error' : 'errors'})`;
}

/** Terraform's words when a saved plan was made against a state that has changed since. */
const STALE_PLAN = /^Error: Saved plan is stale/m;

/** The AWS provider's words when the environment holds no credentials at all. */
const NO_CREDENTIALS = /^Error: No valid credential sources found/m;

/** Terraform's words when an import block names a Security Hub that does not exist yet. */
const HUB_NOT_YET_ENABLED = /Cannot import non-existent remote object[\s\S]*aws_securityhub_account\./;

/**
 * A Terraform command that failed or ran out of time. When a state lock stopped it, {@link lock}
 * says whose, and the message gives the command that releases it (never run by this project).
 * When AWS kept failing a call, the message names the operation, how often it was retried and
 * AWS's answer ({@link TerraformResult.retried}).
 */
export class TerraformFailed extends OperationFailed {
  public static override readonly kind = 'operation' as const;

  /** The state lock held by another run, when that is why the command failed. */
  public readonly lock: StateLock | undefined;
  /**
   * True when Terraform refused a saved plan because the state changed after it was made: the
   * stack needs a new plan, not a repair.
   */
  public readonly stalePlan: boolean;

  public constructor(
    public readonly step: string,
    public readonly result: TerraformResult,
    /** What the user must do, when it is known better than Terraform's own message says. */
    advice?: string,
  ) {
    const output = `${result.stderr}\n${result.stdout}`;
    const lock = result.timedOut ? undefined : stateLockOf(output);
    const stalePlan = !result.timedOut && STALE_PLAN.test(output);
    const retried = result.retried ?? [];
    const stack = path.basename(result.dir);
    const given =
      advice ??
      (stalePlan
        ? stalePlanAdvice(stack)
        : !result.timedOut && HUB_NOT_YET_ENABLED.test(output)
          ? auditBeforeDelegationAdvice(stack)
          : !result.timedOut && NO_CREDENTIALS.test(output)
            ? noCredentialsAdvice(stack, assumedRoles(result.dir))
            : undefined);
    super(
      result.timedOut
        ? timedOutMessage(step, result)
        : given !== undefined
          ? `terraform ${step} stopped: ${given}`
          : lock !== undefined
            ? `terraform ${step} stopped: ${lockedMessage(result.dir, lock)}`
            : `terraform ${step} exited ${result.code}${retried.length === 0 ? '' : ` after it retried ${describeRetries(retried)}`}:\n` +
              diagnosticsExcerpt(result.stderr || result.stdout, MESSAGE_LINES),
    );
    this.lock = lock;
    this.stalePlan = stalePlan;
  }
}

/**
 * What to do when the audit stack is planned before its delegation is applied: it adopts the
 * Security Hub that designating the audit account enables (modules/core/aws-facts.ts,
 * securityhub-admin-designation-enables-hub), and reads the organization's root as a delegated
 * administrator, so on a first deploy it is planned once audit-delegation is applied.
 */
export function auditBeforeDelegationAdvice(stack: string): string {
  return (
    `${stack} adopts the Security Hub that designating its account as Security Hub's administrator enables, and there is ` +
    `none yet: apply the audit-delegation stack first (${commandLine('deploy', [AUDIT_DELEGATION_STACK_NAME])}, or deploy the other reviewed ` +
    `plans), then plan ${stack} (${commandLine('plan', [stack])}), review it and deploy it.`
  );
}

/** The roles a stack's providers assume (`assume_role.role_arn` in its cdk.tf.json), or none when unreadable. */
export function assumedRoles(stackDir: string): string[] {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      provider?: { aws?: { assume_role?: { role_arn?: string }[] }[] };
    };
    const arns = (json.provider?.aws ?? []).flatMap((p) => (p.assume_role ?? []).map((r) => r.role_arn ?? ''));
    return [...new Set(arns.filter((arn) => arn !== ''))];
  } catch {
    return [];
  }
}

/** What to do when the AWS provider found no credentials in the environment. */
export function noCredentialsAdvice(stack: string, roles: readonly string[]): string {
  const role = roles.length === 0 ? 'deployment.roleName in its account' : roles.join(', ');
  return (
    `${stack} needs AWS credentials that can assume ${role} (deployment.roleName), and Terraform found none in this ` +
    `environment. ${SIGN_IN}, then run the same command again; docs/deploying.md says what those credentials need.`
  );
}

/** What to do about a saved plan of `stack` that Terraform refuses as stale. */
export function stalePlanAdvice(stack: string): string {
  return (
    `the saved plan of ${stack} is stale: its state changed after the plan was made (an apply, an import, a ` +
    'state command), so Terraform refuses to apply it, and no repair makes it current. Plan the stack again ' +
    `(${commandLine('plan', [stack])}), review the new plan, then deploy it with --plan-dir again.`
  );
}

/**
 * What a command stopped by its time limit was doing, and what the stop left: an interrupted
 * Terraform saves its state and releases the lock; a killed one leaves both to repair. When the
 * provider was retrying calls AWS kept failing, those are named: a longer time limit does not help.
 */
function timedOutMessage(step: string, result: TerraformResult): string {
  const operations = operationsInProgress(result.stdout, result.stderr);
  const waiting = operations.length === 0 ? '' : ` Still in progress: ${describeOperations(operations)}.`;
  const stopped = result.killed
    ? 'it was killed after it did not stop on an interrupt, which leaves the state lock held and may leave resources it created unrecorded'
    : 'it was interrupted, and Terraform saved the state and released the lock';
  const retried = result.retried ?? [];
  const advice =
    retried.length === 0
      ? 'Raise --timeout if AWS is slow, and run the same command again: it says what the stop left and how to repair it.'
      : `It retried ${describeRetries(retried)}: AWS kept failing ${retried.length === 1 ? 'that call' : 'those calls'}, ` +
        'which a longer --timeout does not fix. Find why (an outage, an endpoint or Region without that API, ' +
        'throttling), then run the same command again: it says what the stop left and how to repair it.';
  return `terraform ${step} did not finish in time: ${stopped} (${result.seconds.toFixed(0)} s).${waiting} ${advice}`;
}

/** `result` when the command succeeded; otherwise throws {@link TerraformFailed} for `step`. */
export function succeeded(step: string, result: TerraformResult): TerraformResult {
  if (result.code !== 0 || result.timedOut) throw new TerraformFailed(step, result);
  return result;
}

/**
 * Throws {@link TerraformFailed} with the commands that repair what an interrupted apply left, when
 * that is why `result` failed: `untaint` of resources prevent_destroy keeps from being replaced,
 * `import` of resources created but never recorded ({@link interruptedApplyAdvice}).
 */
export async function failWithRepairAdvice(
  terraform: Terraform,
  step: string,
  result: TerraformResult,
  timeoutSeconds: number,
): Promise<void> {
  if (result.code === 0 || result.timedOut) return;
  const advice = await interruptedApplyAdvice(
    terraform,
    result.dir,
    `${result.stderr}\n${result.stdout}`,
    timeoutSeconds,
    result.lostCreates,
  );
  if (advice !== undefined) throw new TerraformFailed(step, result, advice);
}

/**
 * `terraform plan -out` then `terraform show -json` in an initialized stack folder: writes the
 * plan JSON to `jsonFile` (the input of `npm run plan-summary`) and returns it parsed.
 */
export async function planToJson(
  terraform: Terraform,
  dir: string,
  jsonFile: string,
  options: PlanOptions,
): Promise<unknown> {
  const lock = options.lock === false ? ['-lock=false'] : [];
  const planned = await terraform.exec(dir, ['plan', '-input=false', ...lock, `-out=${PLAN_FILE}`], {
    ...options,
    watchRetries: true,
  });
  await failWithRepairAdvice(terraform, 'plan', planned, options.timeoutSeconds);
  succeeded('plan', planned);
  const shown = succeeded('show -json', await terraform.exec(dir, ['show', '-json', PLAN_FILE], options));
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, shown.stdout);
  return JSON.parse(shown.stdout);
}

/** Options of {@link planStack}. */
export interface PlanStackOptions extends PlanOptions {
  /**
   * Assume this role in each account instead of the deploy role ({@link writePlanRoleOverride}).
   * @default - the deploy role, as synthesized
   */
  readonly readOnlyRole?: string;
}

/**
 * `terraform init` ({@link initStack}: skipped when nothing it reads changed), then {@link planToJson} in a synthesized stack folder, and the files deploy
 * reads in `plansDir`: `<stack>.tfplan`, `<stack>.json` and `<stack>.plan-info.json` with the
 * digest of the stack as planned.
 */
export async function planStack(
  terraform: Terraform,
  stackDir: string,
  plansDir: string,
  options: PlanStackOptions,
): Promise<unknown> {
  const stack = path.basename(stackDir);
  removePlanOutputs(plansDir, stack);
  const digest = stackDigest(stackDir);
  const init = await initStack(terraform, stackDir, options);
  if (init !== undefined) succeeded('init', init);
  const removeOverride =
    options.readOnlyRole === undefined ? () => undefined : writePlanRoleOverride(stackDir, options.readOnlyRole);
  try {
    const plan = await planToJson(terraform, stackDir, planJsonFile(plansDir, stack), {
      ...options,
      lock: options.readOnlyRole === undefined,
    });
    fs.copyFileSync(path.join(stackDir, PLAN_FILE), planFile(plansDir, stack));
    // The config the synth came from (`<out>/stacks/<stack>` is the stack folder), when synth recorded it.
    const config = readDeploymentSettings(path.dirname(path.dirname(stackDir))).config;
    writePlanInfo(plansDir, {
      stack,
      stackDigest: digest,
      ...(options.readOnlyRole === undefined ? {} : { readOnlyRole: options.readOnlyRole }),
      plannedAt: new Date().toISOString(),
      ...(config === undefined ? {} : { config }),
    });
    return plan;
  } finally {
    removeOverride();
  }
}
