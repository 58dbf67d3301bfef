import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import type { TransitionOrder } from '@audit-logging/cdktf/toolkit-api/core';
import { mayBeDeployed } from '../terraform/stack-files';
import {
  carryDroppedProviders,
  clearTransition,
  deriveTransition,
  keepTransitionBase,
  needsOrder,
  TRANSITION_BASE_DIR,
  transitionBase,
  transitionSteps,
  writeTransitionOrder,
} from '../review/transition-order';

/** A change no order of deploys applies at once: synth names the steps, and `out` stays as it was (exit 2). */
export class UnorderedChange extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/**
 * The order of the change from the deployed synth to the new one in `staging`, before `staging`
 * replaces the synth in `out`: the deployed synth is the base a pending change kept, else the
 * previous synth in `out`; undefined when there is none. A change that needs an order keeps its
 * base. Throws, with the steps, when no order applies the change in one deploy: `out` then stays
 * as it was.
 * @throws UnorderedChange naming the stacks, the resources and the config fields
 */
export function transitionOfSynth(out: string, staging: string): TransitionOrder | undefined {
  const base = transitionBase(out);
  // A kept base is a change started and not yet deployed: all of it counts. The last synth counts
  // for the stacks that may be deployed (a deploy record or log, a saved plan, local state).
  const order = deriveTransition(base, staging, base === out ? (stack) => mayBeDeployed(out, stack) : undefined);
  if (order !== undefined && order.unordered.length > 0) {
    const kept =
      base === out
        ? ''
        : ` (kept in ${base} until deploy applies the change it started; delete it if that change is deployed another way)`;
    throw new UnorderedChange(
      `the change from the synth in ${base}${kept} to this config:\n${transitionSteps(order).join('\n')}`,
    );
  }
  if (order !== undefined && order.droppedProviders.length > 0)
    carryDroppedProviders(base, staging, order.droppedProviders);
  if (needsOrder(order)) keepTransitionBase(out);
  return order;
}

/**
 * Keeps the change's order in `<out>/transition-order.json` (plan and deploy read it) and returns
 * its steps to print; a change that needs none forgets any pending one.
 */
export function recordTransition(out: string, order: TransitionOrder | undefined): string[] {
  if (!needsOrder(order)) {
    clearTransition(out);
    return [];
  }
  writeTransitionOrder(out, order);
  return [
    `This change, compared with the synth deployed before (${path.join(out, TRANSITION_BASE_DIR)}, kept until deploy applies it), applies in an order of its own:`,
    ...transitionSteps(order),
  ];
}
