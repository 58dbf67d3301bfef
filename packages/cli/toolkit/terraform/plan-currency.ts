/**
 * Whether the plans in a folder are the plans of the synth beside them: each saved plan records the
 * digest of the stack it was made from (`<stack>.plan-info.json`), and a stack whose synthesized
 * JSON no longer has that digest has a stale plan. A stack of the synth with no plan at all has a
 * missing one. Neither may read as "No changes" in a summary a reviewer approves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DeployRecord, readDecommissionRecord, readDeploymentSettings, readPlanInfo } from './stack-files';
import { AUDIT_DELEGATION_STACK_NAME, AUDIT_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import type { UnplannedStack } from '../review/plan-summary';
import { manifestStacks, StackChange, stackDigest, stacksToPlan } from '../review/stack-changes';
import { commandLine } from '../common/invocation';

/** The synth a plans folder belongs to: its parent when that holds one (`<out>/plans`), else none. */
export function synthOfPlans(plansDir: string): string | undefined {
  const parent = path.dirname(path.resolve(plansDir));
  return fs.existsSync(path.join(parent, 'manifest.json')) ? parent : undefined;
}

/** The command that plans `stacks` again into the synth `out`'s plans folder. */
function refreshCommand(out: string, stacks: readonly string[]): string {
  const defaultOut = path.resolve(out) === path.resolve('cdktf.out');
  return commandLine('plan', [...stacks, ...(defaultOut ? [] : ['--out', out])]);
}

/**
 * The stacks of `planned` (plans in `plansDir`) whose plan was made from another synth of the stack
 * than the one in `out`, whose plan records nothing of what it was made from, or whose plan was
 * made before decommission planned the stack's removal.
 */
export function stalePlans(out: string, plansDir: string, planned: readonly string[]): UnplannedStack[] {
  const stacks = new Set(manifestStacks(out));
  const config = readDeploymentSettings(out).config;
  const removals = readDecommissionRecord(out);
  return planned.flatMap((stack) => {
    if (!stacks.has(stack)) return [];
    const info = readPlanInfo(plansDir, stack);
    const again = refreshCommand(out, [stack]);
    const removal = removals[stack];
    if (info !== undefined && removal !== undefined && info.plannedAt < removal.plannedAt) {
      return [
        {
          stack,
          outcome: 'stale',
          reason:
            `planned at ${info.plannedAt}, before decommission planned its removal (${removal.plannedAt}, ` +
            `${removal.planDir}): once that removal is applied, this plan no longer says what the stack will be; plan it again: ${again}`,
        },
      ];
    }
    if (info !== undefined && info.stackDigest === stackDigest(path.join(out, 'stacks', stack))) return [];
    return [
      {
        stack,
        outcome: 'stale',
        reason:
          info === undefined
            ? `nothing records what this plan was made from; plan it again: ${again}`
            : `planned at ${info.plannedAt} from another synth of the stack than the one in ${out}` +
              (info.config !== undefined && config !== undefined && info.config.sha256 !== config.sha256
                ? ` (${config.file} changed since: sha256 ${info.config.sha256.slice(0, 12)} then, ${config.sha256.slice(0, 12)} now)`
                : '') +
              `; plan it again: ${again}`,
      },
    ];
  });
}

/**
 * The stacks of `out` that need a plan and have none among `covered` (planned, or recorded as
 * failed): with `changes` (written by `plan --changed`), only the changed and added stacks need one;
 * with `named` (a plan of stacks named, planned-stacks.json), only those.
 */
export function missingPlans(
  out: string,
  covered: ReadonlySet<string>,
  changes: readonly StackChange[] | undefined,
  named?: readonly string[],
): UnplannedStack[] {
  const stacks = manifestStacks(out);
  const needed =
    changes !== undefined
      ? stacksToPlan(changes).filter((stack) => stacks.includes(stack))
      : named !== undefined
        ? stacks.filter((stack) => named.includes(stack))
        : stacks;
  return needed
    .filter((stack) => !covered.has(stack))
    .map((stack) => ({
      stack,
      outcome: 'missing',
      reason: `no plan of this stack among the plans read; plan it: ${refreshCommand(out, [stack])}`,
    }));
}

/**
 * The stacks of `out` a plan of `named` stacks left out (planned-stacks.json), each with what to
 * know of it: on a first deploy the audit stack is planned once audit-delegation is applied (it
 * adopts the Security Hub the delegation enables), which the deploy record of `out` shows.
 */
export function stacksNotAskedFor(out: string, named: readonly string[], covered: ReadonlySet<string>): NotAskedFor[] {
  const applied = new DeployRecord(out);
  return manifestStacks(out)
    .filter((stack) => !named.includes(stack) && !covered.has(stack))
    .map((stack) => ({
      stack,
      when:
        stack === AUDIT_STACK_NAME && !applied.has(AUDIT_DELEGATION_STACK_NAME)
          ? `after ${AUDIT_DELEGATION_STACK_NAME} is applied (a first deploy: it adopts the Security Hub the delegation enables): ${refreshCommand(out, [stack])}`
          : refreshCommand(out, [stack]),
    }));
}

/** A stack of the synth that a plan of named stacks did not plan, and how and when to plan it. */
export interface NotAskedFor {
  readonly stack: string;
  readonly when: string;
}
