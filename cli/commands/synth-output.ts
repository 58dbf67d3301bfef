import * as fs from 'fs';
import * as path from 'path';
import { deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
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
