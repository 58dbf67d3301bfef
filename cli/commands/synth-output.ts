import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
import { readDeploymentSettings } from '../../toolkit/terraform/stack-files';
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

/**
 * The stacks of the last synth into `out`, from its manifest (a stack folder the config no longer
 * produces, which synth leaves with a warning, is not among them), in deployment order: the
 * manifest lists them by name.
 */
export function synthesizedStacks(out: string): string[] {
  const manifest = path.join(out, 'manifest.json');
  if (!fs.existsSync(manifest)) throw new UsageError(`no synthesized stacks in ${out}: run synth first`);
  const names = Object.keys(
    (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks: Record<string, unknown> }).stacks,
  );
  return deploymentOrderOf(names.map((stack) => ({ stack }))).map(({ stack }) => stack);
}

/**
 * The stacks of {@link synthesizedStacks}, refused when synth recorded another config than
 * `configFile` (its path and SHA-256, in `<out>/audit-deployment.json`): a report would judge or
 * price one organization's stacks with another's config. A synth that recorded none (an older
 * synth) is read with a warning on stderr: nothing says whose it is.
 * @throws UsageError naming both configs and the synth that fixes it
 */
export function synthesizedStacksOf(out: string, configFile: string): string[] {
  const stacks = synthesizedStacks(out);
  const recorded = readDeploymentSettings(out).config;
  if (recorded === undefined) {
    process.stderr.write(
      `warning: ${out} does not record which config it was synthesized from; if it is not ${configFile}'s, run npm run synth -- --config ${configFile} --out ${out} first\n`,
    );
    return stacks;
  }
  const sha256 = createHash('sha256').update(fs.readFileSync(configFile)).digest('hex');
  if (recorded.sha256 !== sha256) {
    const same = path.resolve(recorded.file) === path.resolve(configFile);
    throw new UsageError(
      `${out} was synthesized from ${recorded.file} (sha256 ${recorded.sha256.slice(0, 12)}...), not from ` +
        `${same ? 'its contents now' : configFile} (sha256 ${sha256.slice(0, 12)}...): its stacks are another config's. ` +
        `Run npm run synth -- --config ${configFile} --out ${out} first` +
        (same ? '' : `, or give --config ${recorded.file} to report on the config that made them`),
    );
  }
  return stacks;
}
