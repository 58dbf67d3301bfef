import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { stackDigest } from '../review/stack-changes';
import { failWithRepairAdvice, succeeded } from './plan';
import { initStack } from './stack-init';
import { planFile, readPlanInfo } from './stack-files';
import { ExecOptions, Terraform } from './terraform';
import { commandLine } from '../common/invocation';

/** Options of {@link applyStack}. */
export interface ApplyStackOptions extends Pick<ExecOptions, 'env' | 'logFile' | 'onRetries' | 'onWaiting'> {
  /** Time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Apply the reviewed plan `<planDir>/<stack>.tfplan` instead of planning again; refused when the
   * stack changed since that plan was made, or when it was a read-only plan.
   * @default - plan and apply in one step (terraform apply -auto-approve)
   */
  readonly planDir?: string;
}

/** What an apply did. */
export interface Applied {
  /** {@link stackDigest} of the stack applied. */
  readonly stackDigest: string;
  /** Peak PSS of terraform and its providers during the apply, in MB. */
  readonly peakMb: number;
}

/** A reviewed plan that must not be applied, with the reason and the fix. */
export class PlanRefused extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/**
 * The reviewed plan of the stack in `stackDir` from `planDir`, when it may be applied: there is
 * one, it was made with the deploy role, and the stack synthesizes as it did then. Throws
 * {@link PlanRefused} otherwise.
 */
export function reviewedPlan(stackDir: string, planDir: string, digest: string): string {
  const stack = path.basename(stackDir);
  const info = readPlanInfo(planDir, stack);
  if (info === undefined) {
    throw new PlanRefused(
      `no reviewed plan of ${stack} in ${planDir}: plan it (${commandLine('plan', [stack])}) and review it`,
    );
  }
  if (info.readOnlyRole !== undefined) {
    throw new PlanRefused(
      `the plan of ${stack} was made read-only as ${info.readOnlyRole}: it is for review and cannot be applied; plan with the deploy role`,
    );
  }
  if (info.stackDigest !== digest) {
    throw new PlanRefused(
      `${stack} changed since its plan was made (${info.plannedAt}): what would be applied is not what was reviewed; plan and review again`,
    );
  }
  return path.resolve(planFile(planDir, stack));
}

/**
 * `terraform init` ({@link initStack}: skipped when nothing it reads changed) and `terraform apply` in a synthesized stack folder: the reviewed plan when
 * `planDir` is given (Terraform itself refuses it when the state moved on since: the
 * error's `stalePlan`), else a fresh plan applied at once. The AWS calls the provider keeps
 * retrying are reported to `onRetries` as they happen, and named when the apply fails;
 * `onWaiting` hears every 5 minutes what the apply is still waiting for.
 */
export async function applyStack(terraform: Terraform, stackDir: string, options: ApplyStackOptions): Promise<Applied> {
  const digest = stackDigest(stackDir);
  const reviewed = options.planDir === undefined ? undefined : reviewedPlan(stackDir, options.planDir, digest);
  const init = await initStack(terraform, stackDir, options);
  if (init !== undefined) succeeded('init', init);
  const args =
    reviewed === undefined ? ['apply', '-auto-approve', '-input=false'] : ['apply', '-input=false', reviewed];
  const applied = await terraform.exec(stackDir, args, { ...options, sampleMemory: true, watchRetries: true });
  await failWithRepairAdvice(terraform, 'apply', applied, options.timeoutSeconds);
  const apply = succeeded('apply', applied);
  return { stackDigest: digest, peakMb: Math.round((apply.peakPssBytes ?? 0) / 2 ** 20) };
}
