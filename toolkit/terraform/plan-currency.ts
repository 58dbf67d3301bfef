/**
 * Whether the plans in a folder are the plans of the synth beside them: each saved plan records the
 * digest of the stack it was made from (`<stack>.plan-info.json`), and a stack whose synthesized
 * JSON no longer has that digest has a stale plan. A stack of the synth with no plan at all has a
 * missing one. Neither may read as "No changes" in a summary a reviewer approves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { shellWord } from '../common/shell-word';
import { readDeploymentSettings, readPlanInfo } from './stack-files';
import type { UnplannedStack } from '../review/plan-summary';
import { manifestStacks, StackChange, stackDigest, stacksToPlan } from '../review/stack-changes';

/** The synth a plans folder belongs to: its parent when that holds one (`<out>/plans`), else none. */
export function synthOfPlans(plansDir: string): string | undefined {
  const parent = path.dirname(path.resolve(plansDir));
  return fs.existsSync(path.join(parent, 'manifest.json')) ? parent : undefined;
}

/** The command that plans `stacks` again into the synth `out`'s plans folder. */
function refreshCommand(out: string, stacks: readonly string[]): string {
  const defaultOut = path.resolve(out) === path.resolve('cdktf.out');
  return `npm run plan -- ${[...stacks, ...(defaultOut ? [] : ['--out', out])].map(shellWord).join(' ')}`;
}

/**
 * The stacks of `planned` (plans in `plansDir`) whose plan was made from another synth of the stack
 * than the one in `out`, or whose plan records nothing of what it was made from.
 */
export function stalePlans(out: string, plansDir: string, planned: readonly string[]): UnplannedStack[] {
  const stacks = new Set(manifestStacks(out));
  const config = readDeploymentSettings(out).config;
  return planned.flatMap((stack) => {
    if (!stacks.has(stack)) return [];
    const info = readPlanInfo(plansDir, stack);
    if (info !== undefined && info.stackDigest === stackDigest(path.join(out, 'stacks', stack))) return [];
    const again = refreshCommand(out, [stack]);
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
 * failed): with `changes` (written by `plan --changed`), only the changed and added stacks need one.
 */
export function missingPlans(
  out: string,
  covered: ReadonlySet<string>,
  changes: readonly StackChange[] | undefined,
): UnplannedStack[] {
  const stacks = manifestStacks(out);
  const needed = changes === undefined ? stacks : stacksToPlan(changes).filter((stack) => stacks.includes(stack));
  return needed
    .filter((stack) => !covered.has(stack))
    .map((stack) => ({
      stack,
      outcome: 'missing',
      reason: `no plan of this stack among the plans read; plan it: ${refreshCommand(out, [stack])}`,
    }));
}
