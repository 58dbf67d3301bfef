import * as fs from 'fs';
import type { SinkArns } from '../live-search/sink-arns';

/** Options of {@link updateLiveSearchSinks}. */
export interface LiveSearchSinksOptions {
  /** The config file to update. */
  readonly config: string;
  /** The synth folder the log archive was deployed from: its deploy record holds the stack's outputs. */
  readonly out: string;
  /**
   * Read the sinks from the log archive account (oam:ListSinks in each governed Region, with the
   * environment's credentials) instead of the deploy record.
   * @default false
   */
  readonly live?: boolean;
  /**
   * Work out the change and write nothing.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** What {@link updateLiveSearchSinks} found and did. */
export interface LiveSearchSinksUpdate {
  /** The config file. */
  readonly file: string;
  /** The field written: `applicationLogs.liveSearch.sinkArns`. */
  readonly field: string;
  /** Where the ARNs were read: the log archive account, or its last deploy from a synth folder. */
  readonly from: string;
  /** The sink of each governed Region. */
  readonly sinks: SinkArns;
  /** The change to the file, as a unified diff of its lines; empty when the config already names them. */
  readonly diff: string;
  /** Whether the file was replaced (not when nothing changed, nor on a dry run). */
  readonly written: boolean;
}

/**
 * The live-search-sinks action, live search's second step: the log archive's sink ARNs, from the
 * deploy record or the account, into `applicationLogs.liveSearch.sinkArns` of the config. The rest
 * of the file keeps its formatting, and it is replaced whole or not at all. Nothing is written when
 * live search is off, a governed Region has no sink, or the config would refuse an ARN.
 * @throws AuditLoggingError (usage) naming the field; OperationFailed for an AWS call that failed
 */
export async function updateLiveSearchSinks(options: LiveSearchSinksOptions): Promise<LiveSearchSinksUpdate> {
  const { loadConfig, parseConfig } = await import('@audit-logging/cdktf/toolkit-api/config');
  const { requireLiveSearch, sinkArnsForConfig, sinkArnsFromAccount, sinkArnsFromDeployRecord, SINK_ARNS_FIELD } =
    await import('../live-search/sink-arns');
  const { lineDiff, replaceFileAtomically, withValue } = await import('../live-search/config-edit');
  const file = options.config;
  // Loaded without --strict's stop on warnings: the warning that a Region has no sink is what this fixes.
  const config = loadConfig(file);
  requireLiveSearch(config);
  let found: SinkArns;
  let from: string;
  if (options.live === true) {
    const { environmentCredentials, listSinks } = await import('../live-search/oam-sinks');
    found = await sinkArnsFromAccount(config, await environmentCredentials(), listSinks);
    from = `the log archive account ${config.logArchive.accountId}`;
  } else {
    found = sinkArnsFromDeployRecord(options.out);
    from = `the log archive's last deploy from ${options.out}`;
  }
  const sinks = sinkArnsForConfig(config, found, from);
  const before = fs.readFileSync(file, 'utf8');
  const after = withValue(before, SINK_ARNS_FIELD, sinks);
  // The config must still load: an ARN it would refuse is refused here, before the file changes.
  parseConfig(after, file);
  const diff = lineDiff(before, after, file);
  const written = diff !== '' && options.dryRun !== true;
  if (written) replaceFileAtomically(file, after);
  return { file, field: SINK_ARNS_FIELD.join('.'), from, sinks, diff, written };
}
