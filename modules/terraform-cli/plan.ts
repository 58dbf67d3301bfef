import * as fs from 'fs';
import * as path from 'path';
import { Terraform, TerraformResult } from './terraform';

/** Options of {@link planToJson}. */
export interface PlanOptions {
  /** Time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Append Terraform's output here.
   * @default - not logged
   */
  readonly logFile?: string;
}

/** A Terraform command that failed or ran out of time. */
export class TerraformFailed extends Error {
  public constructor(
    public readonly step: string,
    public readonly result: TerraformResult,
  ) {
    super(
      result.timedOut
        ? `terraform ${step} did not finish in time (killed after ${result.seconds.toFixed(0)} s)`
        : `terraform ${step} exited ${result.code}:\n${(result.stderr || result.stdout).trimEnd().split('\n').slice(-30).join('\n')}`,
    );
  }
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
  const planFile = 'audit.tfplan';
  const plan = await terraform.exec(dir, ['plan', '-input=false', `-out=${planFile}`], options);
  if (plan.code !== 0 || plan.timedOut) throw new TerraformFailed('plan', plan);
  const shown = await terraform.exec(dir, ['show', '-json', planFile], options);
  if (shown.code !== 0 || shown.timedOut) throw new TerraformFailed('show -json', shown);
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, shown.stdout);
  return JSON.parse(shown.stdout);
}
