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

/** The base synth of `--changed`: `--base`, else `AUDIT_BASE_OUTDIR`, else `cdktf.base.out`. */
export function baseDirOption(option: string | undefined): string {
  return option ?? (process.env.AUDIT_BASE_OUTDIR || 'cdktf.base.out');
}
