import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
import { mayBeDeployed, readDeploymentSettings } from '../../toolkit/terraform/stack-files';
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
} from '../../toolkit/review/transition-order';
import type { TransitionOrder } from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { commandLine } from '../../toolkit/common/invocation';
import { UsageError } from './exit-codes';

/*
 * Where the commands find the config and the synthesized stacks, the same way in each: an option,
 * else the environment variable, else the default. `||`, not `??`: an empty variable (as CI systems
 * often export) means unset.
 */

/** The config file: `--config`, else `AUDIT_CONFIG`, else `audit.config.json`. */
export function configFileOption(option: string | undefined): string {
  return option ?? (process.env.AUDIT_CONFIG || 'audit.config.json');
}

/** The synth output folder: `--out`, else `CDKTF_OUTDIR`, else `cdktf.out`. */
export function outDirOption(option: string | undefined): string {
  return option ?? (process.env.CDKTF_OUTDIR || 'cdktf.out');
}

/** The command that synthesizes `configFile` (the default one when not given) into `out`, where the user is. */
function synthCommand(out: string, configFile?: string): string {
  const outArgs = path.resolve(out) === path.resolve('cdktf.out') ? [] : ['--out', out];
  return commandLine('synth', [...(configFile === undefined ? [] : ['--config', configFile]), ...outArgs]);
}

/**
 * The stacks of the last synth into `out`, from its manifest (a stack folder the config no longer
 * produces, which synth leaves with a warning, is not among them), in deployment order: the
 * manifest lists them by name.
 */
export function synthesizedStacks(out: string): string[] {
  const manifest = path.join(out, 'manifest.json');
  if (!fs.existsSync(manifest)) {
    throw new UsageError(`no synthesized stacks in ${out}: run synth first (${synthCommand(out)})`);
  }
  const names = Object.keys(
    (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks: Record<string, unknown> }).stacks,
  );
  return deploymentOrderOf(names.map((stack) => ({ stack }))).map(({ stack }) => stack);
}

/**
 * The stacks of {@link synthesizedStacks} that are ours, refused when synth recorded another config
 * than `configFile` (its path and SHA-256, in `<out>/audit-deployment.json`): a report would judge or
 * price one organization's stacks with another's config. A synth that recorded none (an older
 * synth, or a team app's own `cdktf synth` that builds our stacks beside its own) is read with a
 * warning on stderr, nothing saying whose it is, and only the stacks `config` produces are ours.
 * @throws UsageError naming both configs and the synth that fixes it
 */
export async function synthesizedStacksOf(out: string, configFile: string, config: OrgConfig): Promise<string[]> {
  const stacks = synthesizedStacks(out);
  const settings = readDeploymentSettings(out);
  const recorded = settings.config;
  const synthAgain = synthCommand(out, configFile);
  if (recorded === undefined) {
    process.stderr.write(
      `warning: ${out} does not record which config it was synthesized from; if it is not ${configFile}'s, run ${synthAgain} first\n`,
    );
    const { stackNames } = await import('@audit-logging/cdktf/stacks');
    const ours = new Set(stackNames(config));
    return stacks.filter((stack) => ours.has(stack));
  }
  const sha256 = createHash('sha256').update(fs.readFileSync(configFile)).digest('hex');
  if (recorded.sha256 !== sha256) {
    const same = path.resolve(recorded.file) === path.resolve(configFile);
    throw new UsageError(
      `${out} was synthesized from ${recorded.file} (sha256 ${recorded.sha256.slice(0, 12)}...), not from ` +
        `${same ? 'its contents now' : configFile} (sha256 ${sha256.slice(0, 12)}...): its stacks are another config's. ` +
        `Run ${synthAgain} first` +
        (same ? '' : `, or give --config ${recorded.file} to report on the config that made them`),
    );
  }
  const ours = settings.stacks;
  return ours === undefined ? stacks : stacks.filter((stack) => ours.includes(stack));
}

/**
 * The order of the change from the deployed synth to the new one in `staging`, before `staging`
 * replaces the synth in `out`: the deployed synth is the base a pending change kept, else the
 * previous synth in `out`; undefined when there is none. A change that needs an order keeps its
 * base. Throws, with the steps, when no order applies the change in one deploy: `out` then stays
 * as it was.
 * @throws UsageError naming the stacks, the resources and the config fields
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
    throw new UsageError(
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
