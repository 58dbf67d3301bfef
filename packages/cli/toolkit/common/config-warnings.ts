import * as fs from 'fs';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { CONSOLE_IO, type ToolkitIo } from './toolkit-io';

/**
 * The variable that makes config warnings usage errors, as `--strict` does (`--strict` sets it, so
 * that what a command starts, such as the synth that `cdktf synth` runs, is strict too).
 */
export const STRICT_VARIABLE = 'AUDIT_STRICT';

/** Whether config warnings stop the command: `--strict`, or AUDIT_STRICT=1. */
export function isStrict(): boolean {
  return process.env[STRICT_VARIABLE] === '1';
}

/** Config warnings under --strict: the config synthesizes, but CI asked for none (exit 2). */
export class StrictConfigWarnings extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/**
 * The one place config warnings reach the user. Each is printed on stderr as `WARN <warning>` when
 * `print` (synth prints them; the commands that only read a config or a synth do not repeat them),
 * and with --strict always, followed by a usage error (exit 2): CI can fail on a config that
 * synthesizes, but probably not into what its author meant.
 */
export function reportConfigWarnings(
  warnings: readonly string[],
  options: { readonly print: boolean },
  io: ToolkitIo = CONSOLE_IO,
): void {
  const strict = isStrict();
  if (options.print || strict) for (const warning of warnings) io.notify({ level: 'warn', text: `WARN ${warning}` });
  if (strict && warnings.length > 0) {
    throw new StrictConfigWarnings(
      `--strict (${STRICT_VARIABLE}=1): ${counted(warnings.length, 'config warning')} above, each naming the field to change; fix them, or run without --strict`,
    );
  }
}

/** One warning cdktf recorded in the manifest. */
interface ManifestAnnotation {
  readonly level: string;
  readonly message: string;
}

/** The warnings synth recorded per stack in its manifest (the config's, and the constructs'), as `[stack] message`. */
export function manifestWarnings(manifestFile: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { annotations?: ManifestAnnotation[] }>;
  };
  return Object.entries(manifest.stacks).flatMap(([stack, entry]) =>
    (entry.annotations ?? []).filter((a) => a.level !== 'info').map((a) => `[${stack}] ${a.message}`),
  );
}

/**
 * The config in `file`, loaded and checked as every command loads it: with --strict, its warnings
 * stop the command here, before anything runs.
 * @throws ConfigError for an invalid config; StrictConfigWarnings for warnings with --strict
 */
export async function loadCheckedConfig(file: string, io: ToolkitIo = CONSOLE_IO): Promise<OrgConfig> {
  const { configWarnings, loadConfig } = await import('@audit-logging/cdktf/toolkit-api/config');
  const config = loadConfig(file);
  reportConfigWarnings(
    configWarnings(config).map((warning) => warning.message),
    { print: false },
    io,
  );
  return config;
}
