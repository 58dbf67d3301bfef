/**
 * The weekly drift check: every stack planned against what is deployed, and one issue that lists
 * the stacks whose plan is not empty. A non-empty plan is drift (someone changed a resource
 * outside Terraform) or a change merged but not yet deployed; either needs someone to look.
 */
import { changedResources, StackPlan, UnplannedStack } from './plan-summary';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';

/** The marker that identifies the drift issue, so that later runs update the same one. */
export const DRIFT_MARKER = '<!-- cdktf-audit-logging drift -->';

/** The drifted stacks and the issue body that lists them. */
export interface DriftReport {
  readonly drifted: readonly { stack: string; changes: number }[];
  readonly markdown: string;
}

/**
 * The stacks whose plan changes something, in the order given, and the issue body. A stack in
 * `unplanned` (its plan failed or did not start) is listed too, so that the issue stays open: the
 * check did not cover it, and "every plan is empty" would not be true.
 */
export function driftReport(plans: readonly StackPlan[], unplanned: readonly UnplannedStack[] = []): DriftReport {
  const drifted = plans
    .map(({ stack, plan }) => ({ stack, changes: changedResources(plan).length }))
    .filter(({ changes }) => changes > 0);
  const lines = [DRIFT_MARKER, '# Drift check', ''];
  if (drifted.length === 0 && unplanned.length === 0) {
    lines.push(
      `${counted(plans.length, 'stack')} checked: every plan is empty, so each matches its deployed resources.`,
    );
  } else {
    if (drifted.length > 0)
      lines.push(
        `${drifted.length} of ${counted(plans.length, 'stack')} would change if applied now: a resource was changed outside Terraform, or a merged change is not deployed yet.`,
      );
    if (unplanned.length > 0)
      lines.push(
        `${counted(unplanned.length, 'stack')} could not be planned, so this check does not cover ${unplanned.length === 1 ? 'it' : 'them'}: fix the cause and plan again.`,
      );
    lines.push(
      '',
      '| Stack | Resources that would change |',
      '| --- | ---: |',
      ...unplanned.map(({ stack, outcome }) => `| ${stack} | not planned (${outcome}) |`),
      ...drifted.map(({ stack, changes }) => `| ${stack} | ${changes} |`),
    );
  }
  return { drifted, markdown: `${lines.join('\n')}\n` };
}
