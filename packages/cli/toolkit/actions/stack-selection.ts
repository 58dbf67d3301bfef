/**
 * Which stacks plan, deploy, state and decommission run: the ones named (each synthesized and the
 * product's), or every one of the product's, and with a base synth only those that changed.
 */
import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import { manifestWarnings, reportConfigWarnings } from '../common/config-warnings';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { compareSynths, type StackChange, stacksToPlan } from '../review/stack-changes';
import { synthesizedStacks } from '../synth/synthesized-stacks';
import { productStacks } from '../terraform/stack-files';
import { defaultParallelism, expectedPeakMb, providerCount } from '../terraform/stack-memory';

/** Stacks that cannot be run as asked: not synthesized, not the product's, or no base to compare (exit 2). */
export class StackSelectionError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** The stacks a command runs, and, with a base synth, how every stack compares with it. */
export interface StackSelection {
  readonly stacks: string[];
  readonly changes?: StackChange[];
}

/**
 * The stacks `named` (each must be synthesized), or every synthesized stack of the product's; with
 * `changedAgainst`, only those among them that changed or are new since that base synth.
 * @throws StackSelectionError naming the stacks there are
 */
export function selectStacks(
  out: string,
  named: readonly string[],
  changedAgainst?: string,
  io: ToolkitIo = CONSOLE_IO,
): StackSelection {
  const synthesized = synthesizedStacks(out);
  const available = productStacks(out, synthesized);
  // plan and deploy read the synth, not the config: its warnings are the ones synth recorded.
  reportConfigWarnings(manifestWarnings(path.join(out, 'manifest.json')), { print: false }, io);
  const notOurs = named.filter((stack) => synthesized.includes(stack) && !available.includes(stack));
  if (notOurs.length > 0) {
    throw new StackSelectionError(
      `${notOurs.join(', ')}: not a stack of this product's (a stack of your app's own: run it with cdktf deploy); ` +
        `the product's stacks are: ${available.join(', ')}`,
    );
  }
  const unknown = named.filter((stack) => !available.includes(stack));
  if (unknown.length > 0) {
    throw new StackSelectionError(
      `no synthesized stack ${unknown.join(', ')}; the stacks are: ${available.join(', ')}`,
    );
  }
  const wanted = named.length > 0 ? available.filter((stack) => named.includes(stack)) : available;
  if (changedAgainst === undefined) return { stacks: wanted };
  let changes: StackChange[];
  try {
    changes = compareSynths(out, changedAgainst);
  } catch (error) {
    throw new StackSelectionError(`--changed: ${(error as Error).message}`);
  }
  const changed = new Set(stacksToPlan(changes));
  return { stacks: wanted.filter((stack) => changed.has(stack)), changes };
}

/** How many of `stacks` run at once by default: as many as fit in memory beside the largest. */
export function defaultParallelOf(out: string, stacks: readonly string[]): number {
  const largest = Math.max(0, ...stacks.map((stack) => providerCount(path.join(out, 'stacks', stack))));
  return defaultParallelism(expectedPeakMb(largest));
}
