/**
 * The files the plan and deploy commands keep beside a synth, so that what is applied is what was
 * reviewed and an interrupted deploy can resume:
 * - `<out>/audit-deployment.json`, written by synth: the deployment settings the commands need
 *   after synth (the read-only plan role).
 * - `<plans>/<stack>.tfplan` and `<plans>/<stack>.plan-info.json`, written by plan: the saved plan
 *   and the digest of the stack it was made from.
 * - `<out>/deploy-record.json`, written by deploy: the digest each stack was last applied at.
 * - `<out>/logs/<stack>.deploy.log`, appended by deploy: Terraform's whole output for the stack.
 *
 * Synth reads them too ({@link mayBeDeployed}): a stack the config no longer has is said to stay
 * deployed only when one of them shows it may be.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MANAGED_BY } from '@audit-logging/cdktf/toolkit-api/core';
import { TRANSITION_ORDER_FILE } from '../review/transition-order';

/** The deployment settings synth records for the commands that run after it. */
export interface DeploymentSettings {
  /** `deployment.planRoleName`: the read-only role `plan --read-only` assumes. */
  readonly planRoleName?: string;
  /** The config the synth was made from: its file, as given, and the SHA-256 of its bytes. */
  readonly config?: ConfigProvenance;
  /**
   * The stack folders of the output that synth wrote: this synth's, and an earlier one's that the
   * config no longer produces and that are still there. The rest are not ours: a team's app that
   * builds our stacks beside its own shares the output folder with us.
   */
  readonly stacks?: readonly string[];
}

/** Which config a synth, and the plans made from it, came from. */
export interface ConfigProvenance {
  readonly file: string;
  readonly sha256: string;
}

/** The file synth writes into its output folder. */
export const DEPLOYMENT_SETTINGS_FILE = 'audit-deployment.json';

export function writeDeploymentSettings(out: string, settings: DeploymentSettings): void {
  writeJsonAtomically(path.join(out, DEPLOYMENT_SETTINGS_FILE), settings);
}

export function readDeploymentSettings(out: string): DeploymentSettings {
  const file = path.join(out, DEPLOYMENT_SETTINGS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DeploymentSettings) : {};
}

/**
 * One Terraform output of an applied stack, as the deploy record keeps it. A sensitive output keeps
 * no value: deploy prints it as "(sensitive)" and the deploy record, a file anyone with the synth
 * folder reads, never holds it.
 */
export interface StackOutput {
  readonly sensitive: boolean;
  /** The value, as `terraform output -json` gives it; absent when {@link sensitive}. */
  readonly value?: unknown;
}

/**
 * Of the stacks of a synth into `out`, those that are the product's: the ones synth recorded writing
 * ({@link DeploymentSettings.stacks}); for a synth that recorded none (a team app's own `cdktf
 * synth`, which builds our stacks beside its own), those whose AWS provider tags every resource
 * `ManagedBy` this product (standardTags), as every stack of ours does. plan and deploy run only
 * these: an app's own stacks are the app's to run.
 */
export function productStacks(out: string, stacks: readonly string[]): string[] {
  const recorded = readDeploymentSettings(out).stacks;
  if (recorded !== undefined) return stacks.filter((stack) => recorded.includes(stack));
  return stacks.filter((stack) => {
    const file = path.join(out, 'stacks', stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) return false;
    const providers = (JSON.parse(fs.readFileSync(file, 'utf8')) as { provider?: { aws?: unknown[] } }).provider?.aws;
    return (providers ?? []).some((provider) =>
      ((provider as { default_tags?: { tags?: Record<string, string> }[] }).default_tags ?? []).some(
        (tags) => tags.tags?.ManagedBy === MANAGED_BY,
      ),
    );
  });
}

/**
 * The stack folders of `out` that are ours: those synth recorded writing ({@link
 * DeploymentSettings.stacks}; every folder, for an older synth that recorded none, as it took them
 * all for its own) and those deploy recorded applying (its record or log). The rest are not ours: a
 * team app's own `cdktf synth`, which builds our stacks beside its own, writes none of these files.
 */
export function ourStacks(out: string): string[] {
  const stacksDir = path.join(out, 'stacks');
  const folders = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  const synthesized = fs.existsSync(path.join(out, DEPLOYMENT_SETTINGS_FILE))
    ? (readDeploymentSettings(out).stacks ?? folders)
    : [];
  const deployed = new DeployRecord(out);
  return folders.filter(
    (stack) =>
      synthesized.includes(stack) ||
      deployed.has(stack) ||
      fs.existsSync(path.join(out, 'logs', `${stack}.deploy.log`)),
  );
}

/** What plan records about each saved plan. */
export interface PlanInfo {
  readonly stack: string;
  /** {@link stackDigest} of the stack the plan was made from. */
  readonly stackDigest: string;
  /** The role the plan's providers assumed instead of the deploy role, when read-only. */
  readonly readOnlyRole?: string;
  /** ISO time the plan was made. */
  readonly plannedAt: string;
  /** The config of the synth the plan was made from, when synth recorded it. */
  readonly config?: ConfigProvenance;
}

export const planFile = (plansDir: string, stack: string) => path.join(plansDir, `${stack}.tfplan`);
export const planInfoFile = (plansDir: string, stack: string) => path.join(plansDir, `${stack}.plan-info.json`);
export const planJsonFile = (plansDir: string, stack: string) => path.join(plansDir, `${stack}.json`);

/** True for the files in a plans folder that are not `terraform show -json` output. */
export function isPlanSidecar(name: string): boolean {
  return (
    name.endsWith('.plan-info.json') ||
    name.endsWith(PLAN_FAILED_SUFFIX) ||
    name === PLANNED_STACKS_FILE ||
    name === TRANSITION_ORDER_FILE
  );
}

/**
 * The stacks a run of plan was asked for by name (`plan audit`), written beside its plans so that
 * plan-summary does not report the synth's other stacks as plans that are missing: they were not
 * asked for. A plan of every stack (no names, or `--changed`, which writes stack-changes.json)
 * removes it.
 */
export const PLANNED_STACKS_FILE = 'planned-stacks.json';

export function writePlannedStacks(plansDir: string, named: readonly string[] | undefined): void {
  const file = path.join(plansDir, PLANNED_STACKS_FILE);
  if (named === undefined) fs.rmSync(file, { force: true });
  else writeJsonAtomically(file, { named });
}

/** The stacks the last plan into `plansDir` was asked for by name, or undefined for every stack. */
export function readPlannedStacks(plansDir: string): string[] | undefined {
  const file = path.join(plansDir, PLANNED_STACKS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { named: string[] }).named : undefined;
}

/**
 * The removal decommission last planned of a stack, in `<out>/decommission-record.json`: when, and
 * where its plan is. A deploy plan of that stack made before it no longer says what the stack will
 * be once the removal is applied, so plan-summary does not read it as current.
 */
export interface PlannedRemoval {
  readonly plannedAt: string;
  readonly planDir: string;
}

export const DECOMMISSION_RECORD_FILE = 'decommission-record.json';

/** The removals decommission planned from `out`, by stack. */
export function readDecommissionRecord(out: string): Record<string, PlannedRemoval> {
  const file = path.join(out, DECOMMISSION_RECORD_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, PlannedRemoval>) : {};
}

/** Records that the removal of each of `stacks` was planned now, beside what earlier runs recorded. */
export function recordPlannedRemovals(out: string, stacks: readonly string[], removal: PlannedRemoval): void {
  const record = readDecommissionRecord(out);
  for (const stack of stacks) record[stack] = removal;
  writeJsonAtomically(path.join(out, DECOMMISSION_RECORD_FILE), record);
}

/** A stack plan did not plan: why, as the run reported it. */
export interface PlanFailure {
  readonly stack: string;
  /** `failed`, `not started` (the run was interrupted or stopped first) or `skipped`. */
  readonly outcome: string;
  /** The first lines of the reason. */
  readonly reason: string;
}

const PLAN_FAILED_SUFFIX = '.plan-failed.json';
export const planFailedFile = (plansDir: string, stack: string) => path.join(plansDir, `${stack}${PLAN_FAILED_SUFFIX}`);

export function writePlanFailure(plansDir: string, failure: PlanFailure): void {
  writeJsonAtomically(planFailedFile(plansDir, failure.stack), failure);
}

/** The stacks whose last plan into `plansDir` failed or did not start. */
export function readPlanFailures(plansDir: string): PlanFailure[] {
  if (!fs.existsSync(plansDir)) return [];
  return fs
    .readdirSync(plansDir)
    .filter((name) => name.endsWith(PLAN_FAILED_SUFFIX))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(plansDir, name), 'utf8')) as PlanFailure);
}

export function writePlanInfo(plansDir: string, info: PlanInfo): void {
  writeJsonAtomically(planInfoFile(plansDir, info.stack), info);
}

export function readPlanInfo(plansDir: string, stack: string): PlanInfo | undefined {
  const file = planInfoFile(plansDir, stack);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PlanInfo) : undefined;
}

/** Removes what plan wrote for `stack` in `plansDir`, so that a summary never shows a stale plan. */
export function removePlanOutputs(plansDir: string, stack: string): void {
  for (const file of [
    planFile(plansDir, stack),
    planInfoFile(plansDir, stack),
    planJsonFile(plansDir, stack),
    planFailedFile(plansDir, stack),
  ]) {
    fs.rmSync(file, { force: true });
  }
}

/** One stack's last successful apply. */
export interface AppliedStack {
  readonly stackDigest: string;
  readonly appliedAt: string;
  readonly seconds: number;
  /** The stack's Terraform outputs after the apply, sensitive ones without their value. */
  readonly outputs?: Readonly<Record<string, StackOutput>>;
}

export const DEPLOY_RECORD_FILE = 'deploy-record.json';

/**
 * The file deploy appends each stack's Terraform output to (`<out>/logs/<stack>.deploy.log`), so that
 * a failure's whole story outlives the terminal and the CI job. Creates its folder.
 */
export function deployLogFile(out: string, stack: string): string {
  const dir = path.join(out, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${stack}.deploy.log`);
}

/** The deploy record of a synth folder: stack -> its last successful apply. */
export class DeployRecord {
  private readonly file: string;
  private readonly applied: Record<string, AppliedStack>;

  public constructor(out: string) {
    this.file = path.join(out, DEPLOY_RECORD_FILE);
    this.applied = readRecord(this.file);
  }

  /** True when `stack` was last applied at exactly this digest. */
  public appliedAt(stack: string, digest: string): boolean {
    return this.applied[stack]?.stackDigest === digest;
  }

  /** The outputs of `stack` at its last apply from this folder, if it kept them. */
  public outputsOf(stack: string): Readonly<Record<string, StackOutput>> | undefined {
    return this.applied[stack]?.outputs;
  }

  /** True when `stack` was applied from this folder at least once. */
  public has(stack: string): boolean {
    return this.applied[stack] !== undefined;
  }

  /**
   * Records a successful apply, at once: a deploy killed later still resumes after this stack. The
   * file is read again first, so that what another deploy of the same folder recorded meanwhile
   * (another stack, from a second terminal) is kept.
   */
  public record(stack: string, applied: AppliedStack): void {
    Object.assign(this.applied, readRecord(this.file), { [stack]: applied });
    writeJsonAtomically(this.file, this.applied);
  }
}

/**
 * True when something offline shows that `stack` of the synth folder `out` may have resources
 * deployed: the deploy record, a deploy log (an apply was attempted, and a failed one may have
 * created resources), a plan made from it, or a local state file with resources (where the stack's
 * local backend keeps it, or `terraform.tfstate` in its folder). State in S3 cannot be read offline:
 * a stack applied from this folder leaves its deploy record, log or plan here.
 */
export function mayBeDeployed(out: string, stack: string): boolean {
  if (new DeployRecord(out).has(stack) || fs.existsSync(path.join(out, 'logs', `${stack}.deploy.log`))) return true;
  const plans = path.join(out, 'plans');
  if (fs.existsSync(planInfoFile(plans, stack)) || fs.existsSync(planFile(plans, stack))) return true;
  const folder = path.join(out, 'stacks', stack);
  const localPath = localBackendPath(path.join(folder, 'cdk.tf.json'));
  const states = [
    ...(localPath === undefined ? [] : [path.resolve(folder, localPath)]),
    path.join(folder, 'terraform.tfstate'),
  ];
  return states.some(holdsResources);
}

/** The `path` of the local backend a stack's Terraform JSON declares, if it declares one. */
function localBackendPath(stackJson: string): string | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(stackJson, 'utf8')) as {
      terraform?: { backend?: { local?: { path?: unknown } } };
    };
    const local = parsed.terraform?.backend?.local?.path;
    return typeof local === 'string' ? local : undefined;
  } catch {
    return undefined;
  }
}

/** True when the Terraform state file `stateFile` exists and holds a resource, or cannot be read to tell. */
function holdsResources(stateFile: string): boolean {
  if (!fs.existsSync(stateFile)) return false;
  try {
    const resources = (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { resources?: unknown }).resources;
    return Array.isArray(resources) && resources.length > 0;
  } catch {
    return true;
  }
}

/** The deploy record in `file`: empty when there is none yet. */
function readRecord(file: string): Record<string, AppliedStack> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, AppliedStack>) : {};
}

/** Writes JSON through a temporary file and a rename, so that a reader never sees half a file. */
function writeJsonAtomically(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
