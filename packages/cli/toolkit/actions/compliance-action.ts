import * as fs from 'fs';
import * as path from 'path';
import { loadCheckedConfig } from '../common/config-warnings';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { synthesizedStacksOf } from '../synth/synthesized-stacks';
import type { ControlRow } from '../compliance/compliance-matrix';
import type { LiveReadOptions } from '../compliance/live-compliance';
import type { LiveReport } from '../compliance/live-state';
import type { ReportProvenance } from '../compliance/provenance';

/** Options of {@link synthCompliance}. */
export interface SynthComplianceOptions {
  /** The organization config file, whose claims are checked. */
  readonly config: string;
  /** The synth output folder. */
  readonly out: string;
}

/** What {@link synthCompliance} found: a row per control, and what the report was made from. */
export interface SynthCompliance {
  readonly rows: readonly ControlRow[];
  readonly provenance: ReportProvenance;
  /** The rows of controls the config claims and the stacks do not build. */
  readonly missing: readonly ControlRow[];
}

/**
 * The compliance action on a synth: the control matrix (CIS v7.0.0 and its earlier numbers, Security
 * Hub) of the synthesized stacks against what the config claims. Calls nothing in AWS.
 * @throws ConfigError; SynthOutputError for a synth that is missing or another config's
 */
export async function synthCompliance(
  options: SynthComplianceOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<SynthCompliance> {
  const { complianceMatrix } = await import('../compliance/compliance-matrix');
  const { reportProvenance } = await import('../compliance/provenance');
  const config = await loadCheckedConfig(options.config, io);
  const { out } = options;
  const stacks = (await synthesizedStacksOf(out, options.config, config, io)).map((name) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
  }));
  const rows = complianceMatrix(config, stacks);
  const provenance = reportProvenance(config, options.config, {
    kind: 'synthesized stacks',
    synth: out,
    stacks: stacks.length,
  });
  return { rows, provenance, missing: rows.filter((r) => r.status === 'missing') };
}

/** Options of {@link liveCompliance}. */
export interface LiveComplianceOptions extends LiveReadOptions {
  /** The organization config file: its accounts, Regions and aggregator. */
  readonly config: string;
}

/** What {@link liveCompliance} read: the state per account and control, and what it was read from. */
export interface LiveCompliance {
  readonly report: LiveReport;
  readonly provenance: ReportProvenance;
}

/**
 * The compliance action on the live state: what Security Hub and the AWS Config aggregator report
 * now, per account and control, with the environment's credentials. What could not be read is in
 * the report (`unread`), not thrown.
 * @throws ConfigError; LiveReadError for a choice of sources that cannot be read
 */
export async function liveCompliance(
  options: LiveComplianceOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<LiveCompliance> {
  const { readLiveCompliance } = await import('../compliance/live-compliance');
  const { config: configFile, ...read } = options;
  const config = await loadCheckedConfig(configFile, io);
  const { report, provenance } = await readLiveCompliance(config, configFile, read);
  return { report, provenance };
}
