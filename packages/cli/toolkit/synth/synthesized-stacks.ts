import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError, deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { commandLine } from '../common/invocation';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { readDeploymentSettings } from '../terraform/stack-files';

/** A synth output folder a command cannot read: none there, or another config's (exit 2). */
export class SynthOutputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
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
    throw new SynthOutputError(`no synthesized stacks in ${out}: run synth first (${synthCommand(out)})`);
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
 * @throws SynthOutputError naming both configs and the synth that fixes it
 */
export async function synthesizedStacksOf(
  out: string,
  configFile: string,
  config: OrgConfig,
  io: ToolkitIo = CONSOLE_IO,
): Promise<string[]> {
  const stacks = synthesizedStacks(out);
  const settings = readDeploymentSettings(out);
  const recorded = settings.config;
  const synthAgain = synthCommand(out, configFile);
  if (recorded === undefined) {
    io.notify({
      level: 'warn',
      text: `warning: ${out} does not record which config it was synthesized from; if it is not ${configFile}'s, run ${synthAgain} first`,
    });
    const { stackNames } = await import('@audit-logging/cdktf/stacks');
    const ours = new Set(stackNames(config));
    return stacks.filter((stack) => ours.has(stack));
  }
  const sha256 = createHash('sha256').update(fs.readFileSync(configFile)).digest('hex');
  if (recorded.sha256 !== sha256) {
    const same = path.resolve(recorded.file) === path.resolve(configFile);
    throw new SynthOutputError(
      `${out} was synthesized from ${recorded.file} (sha256 ${recorded.sha256.slice(0, 12)}...), not from ` +
        `${same ? 'its contents now' : configFile} (sha256 ${sha256.slice(0, 12)}...): its stacks are another config's. ` +
        `Run ${synthAgain} first` +
        (same ? '' : `, or give --config ${recorded.file} to report on the config that made them`),
    );
  }
  const ours = settings.stacks;
  return ours === undefined ? stacks : stacks.filter((stack) => ours.includes(stack));
}
