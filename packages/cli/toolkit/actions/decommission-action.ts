import * as fs from 'fs';
import * as path from 'path';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { mapLimit } from '../common/map-limit';
import {
  afterPlanLines,
  type AwsCreatedStep,
  awsCreatedSteps,
  deferredAddresses,
  type FollowUpRemoval,
  followUpPlanFile,
  followUpRemovals,
  keptAddresses,
  keptDestroyed,
  type Remains,
  remainsOf,
  removalOrder,
  removalTargets,
  removedWithPlanLines,
  type StackJson,
} from '../terraform/decommission';
import { succeeded } from '../terraform/plan';
import { recordPlannedRemovals } from '../terraform/stack-files';
import { initStack } from '../terraform/stack-init';
import { selectStacks } from './stack-selection';
import type { Terraform } from '../terraform/terraform';

/** Options of {@link planDecommission}. */
export interface DecommissionOptions {
  /** The synth output folder. */
  readonly out: string;
  /**
   * The stacks to plan the removal of, by name.
   * @default - every stack of the product's in the synth
   */
  readonly stacks?: readonly string[];
  /**
   * Where the removal plans and removal.md go.
   * @default - `<out>/decommission`
   */
  readonly planDir?: string;
  /** The time limit of each Terraform command, in seconds. */
  readonly timeoutSeconds: number;
}

/** A stack's removal plan, made; or why it could not be. */
export type RemovalOutcome =
  | {
      readonly stack: string;
      readonly dir: string;
      /** The saved destroy plan, to review and apply. */
      readonly file: string;
      /** The addresses kept (evidence), which the plan leaves. */
      readonly kept: readonly string[];
      /** How many resources the plan destroys. */
      readonly deletes: number;
      /** What stays after the apply, and until when. */
      readonly remains: readonly Remains[];
    }
  | { readonly stack: string; readonly error: string };

/** What {@link planDecommission} made. */
export interface DecommissionResult {
  /** Each stack's removal plan, in the order to apply them. */
  readonly outcomes: readonly RemovalOutcome[];
  /** The report of the order, what each plan destroys, what stays and what AWS made: `<planDir>/removal.md`. */
  readonly report: string;
  /** Whether every stack's removal was planned. */
  readonly ok: boolean;
}

/** The removal plan file of a stack, numbered in the order to apply it. */
function removalPlanFile(planDir: string, index: number, stack: string): string {
  return path.join(planDir, `${String(index + 1).padStart(2, '0')}-${stack}.tfplan`);
}

/**
 * The decommission action: a destroy plan per stack, in the order to apply them, that keeps the
 * evidence, and removal.md beside them. Applies nothing; reports a line per stack through `io`.
 * @throws StackSelectionError for stacks that are not there
 */
export async function planDecommission(
  options: DecommissionOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<DecommissionResult> {
  const { out } = options;
  const { stacks } = selectStacks(out, options.stacks ?? [], undefined, io);
  const { Terraform } = await import('../terraform/terraform');
  const terraform = Terraform.find();
  const planDir = path.resolve(options.planDir ?? path.join(out, 'decommission'));
  fs.mkdirSync(planDir, { recursive: true });
  const removedOn = new Date();
  const order = removalOrder(stacks);
  const jsons = new Map(
    order.map((stack) => [
      stack,
      JSON.parse(fs.readFileSync(path.resolve(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
  const created = awsCreatedSteps(jsons);
  const followUps = followUpRemovals(jsons).map((followUp) => ({
    followUp,
    dir: path.resolve(out, 'stacks', followUp.stack),
    planFile: followUpPlanFile(planDir, followUp, order),
  }));
  // Plans read state and AWS only: two at a time (each holds a provider of about 0.8 GB).
  const outcomes = await mapLimit(order, 2, (stack) =>
    planStackRemoval(terraform, stack, {
      dir: path.resolve(out, 'stacks', stack),
      json: jsons.get(stack) ?? {},
      file: removalPlanFile(planDir, order.indexOf(stack), stack),
      timeoutSeconds: options.timeoutSeconds,
      removedOn,
    }),
  );
  const report = removalReport({ out, removedOn, order, outcomes, created, followUps }, io);
  const reportFile = path.join(planDir, 'removal.md');
  fs.writeFileSync(reportFile, report);
  recordPlannedRemovals(
    out,
    order.filter((stack, index) => fs.existsSync(removalPlanFile(planDir, index, stack))),
    { plannedAt: removedOn.toISOString(), planDir },
  );
  io.notify({
    level: 'info',
    text: `${reportFile}: the order, what each plan destroys, what stays and until when, and what AWS made`,
  });
  return { outcomes, report, ok: outcomes.every((outcome) => !('error' in outcome)) };
}

/**
 * One stack's destroy plan, targeted past what it keeps, refused (and its file removed) when it
 * would destroy evidence or what AWS refuses to destroy yet.
 */
async function planStackRemoval(
  terraform: Terraform,
  stack: string,
  on: {
    readonly dir: string;
    readonly json: StackJson;
    readonly file: string;
    readonly timeoutSeconds: number;
    readonly removedOn: Date;
  },
): Promise<RemovalOutcome> {
  const { dir, json, file, timeoutSeconds } = on;
  const kept = keptAddresses(json);
  const deferred = deferredAddresses(json);
  const targets = removalTargets(json);
  try {
    const init = await initStack(terraform, dir, { timeoutSeconds });
    if (init !== undefined) succeeded('init', init);
    const planned = await terraform.exec(
      dir,
      [
        'plan',
        '-destroy',
        '-input=false',
        `-out=${file}`,
        ...(kept.length + deferred.length === 0 ? [] : targets.map((address) => `-target=${address}`)),
      ],
      { timeoutSeconds, watchRetries: true },
    );
    succeeded('plan -destroy', planned);
    const shown = succeeded('show -json', await terraform.exec(dir, ['show', '-json', file], { timeoutSeconds }));
    const plan = JSON.parse(shown.stdout) as {
      resource_changes?: { address: string; change: { actions: string[] } }[];
    };
    refuseEarlyDestroys(plan, file, kept, deferred);
    const deletes = (plan.resource_changes ?? []).filter((c) => c.change.actions.includes('delete')).length;
    return { stack, dir, file, kept, deletes, remains: remainsOf(json, on.removedOn) };
  } catch (error) {
    return { stack, error: (error as Error).message };
  }
}

/** Throws (and removes the plan file) when the plan destroys what is kept, or what AWS refuses to destroy yet. */
function refuseEarlyDestroys(plan: unknown, file: string, kept: readonly string[], deferred: readonly string[]): void {
  const destroyed = keptDestroyed(plan, kept);
  if (destroyed.length > 0) {
    fs.rmSync(file, { force: true });
    throw new Error(
      `the plan would destroy evidence: ${destroyed.join(', ')}; it is removed, not applied. ` +
        'Something outside the kept set depends on it: remove that by hand first, or keep it',
    );
  }
  const early = keptDestroyed(plan, deferred);
  if (early.length > 0) {
    fs.rmSync(file, { force: true });
    throw new Error(
      `the plan would destroy ${early.join(', ')}, which AWS refuses while the account is Security Hub's ` +
        'administrator; it is removed, not applied. It depends on something the plan destroys: remove that by hand first',
    );
  }
}

/** removal.md, and a line per stack (each failure as a warning) through `io`. */
function removalReport(
  run: {
    readonly out: string;
    readonly removedOn: Date;
    readonly order: readonly string[];
    readonly outcomes: readonly RemovalOutcome[];
    readonly created: readonly AwsCreatedStep[];
    readonly followUps: readonly { followUp: FollowUpRemoval; dir: string; planFile: string }[];
  },
  io: ToolkitIo,
): string {
  const { order, outcomes, created, followUps } = run;
  const report: string[] = [
    '# Removal plan',
    '',
    `Made ${run.removedOn.toISOString()} from ${run.out}. Apply the plans in this order, each after review: ` +
      "`terraform -chdir=<stack folder> apply <plan>`. The members' plans may be applied at the same time; " +
      'every other plan waits for the ones before it, and each step under "Then" waits for the plan above it. ' +
      'decommission applies nothing: when this file was written, none of it had been applied.',
    '',
  ];
  for (const [index, outcome] of outcomes.entries()) {
    if ('error' in outcome) {
      io.notify({ level: 'warn', text: `${outcome.stack}: FAILED: ${outcome.error}` });
      report.push(`## ${index + 1}. ${outcome.stack}`, '', `- **Not planned:** ${outcome.error}`, '');
    } else {
      const { stack, dir, file, kept, deletes, remains } = outcome;
      io.notify({
        level: 'info',
        text:
          `${String(index + 1).padStart(2)}. ${stack}: ${deletes} to destroy, ${kept.length} kept: ` +
          `terraform -chdir=${dir} apply ${file}`,
      });
      report.push(
        `## ${index + 1}. ${stack}`,
        '',
        `- Apply: \`terraform -chdir=${dir} apply ${file}\``,
        `- Destroys ${deletes} resource(s); keeps ${kept.length}${kept.length > 0 ? `: ${kept.map((a) => `\`${a}\``).join(', ')}` : ''}`,
        ...remains.map((r) => `- Stays: \`${r.address}\`, ${r.until}`),
        ...removedWithPlanLines(stack, created),
        '',
      );
    }
    report.push(...afterPlanLines(order[index], created, followUps));
    for (const { followUp, planFile } of followUps.filter((f) => f.followUp.after === order[index])) {
      io.notify({
        level: 'info',
        text: `    then ${followUp.stack} (${followUp.addresses.join(', ')}), planned once this is applied: ${planFile}`,
      });
    }
  }
  const last = afterPlanLines(undefined, created, followUps);
  if (last.length > 0) report.push('## Then, once the plans above are applied', '', ...last);
  return `${report.join('\n')}\n`;
}
