import {
  AuditLoggingError,
  LIVE_SEARCH_SINK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  OperationFailed,
} from '@audit-logging/cdktf/toolkit-api/core';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { DeployRecord } from '../terraform/stack-files';
import type { ListedSink } from './oam-sinks';
import type { SigningCredentials } from './sigv4';

/** The log archive stack's output that holds the sinks' ARNs by Region (stacks/log-archive.ts). */
export const SINK_ARNS_OUTPUT = 'live_search_sink_arns';

/** The config field the sinks' ARNs go into. */
export const SINK_ARNS_FIELD = ['applicationLogs', 'liveSearch', 'sinkArns'] as const;

/** Region -> sink ARN. */
export type SinkArns = Readonly<Record<string, string>>;

/** Refuses a config whose live search is off: there are no sinks to name, and the config would refuse them. */
export function requireLiveSearch(config: OrgConfig): void {
  if (!config.applicationLogs.liveSearch.enabled) {
    throw new AuditLoggingError(
      'applicationLogs.liveSearch.enabled is not true: live search is off, so the log archive has no sinks and the ' +
        'config takes none. Set it (and applicationLogs.enabled) to true, synth and deploy the log archive first',
    );
  }
}

/**
 * The sinks' ARNs the last deploy from the synth folder `out` recorded: the log archive stack's
 * output {@link SINK_ARNS_OUTPUT}. Offline.
 */
export function sinkArnsFromDeployRecord(out: string): SinkArns {
  const outputs = new DeployRecord(out).outputsOf(LOG_ARCHIVE_STACK_NAME);
  if (outputs === undefined) {
    throw new AuditLoggingError(
      `${out}/deploy-record.json has no outputs of the ${LOG_ARCHIVE_STACK_NAME} stack: deploy it from this synth ` +
        'folder (deploy keeps each stack its outputs), give the folder it was deployed from with --out, or read the ' +
        'sinks from the log archive account with --live',
    );
  }
  const output = outputs[SINK_ARNS_OUTPUT];
  if (output === undefined || output.sensitive || typeof output.value !== 'object' || output.value === null) {
    throw new AuditLoggingError(
      `the ${LOG_ARCHIVE_STACK_NAME} stack's last deploy from ${out} had no output ${SINK_ARNS_OUTPUT}: it was ` +
        'deployed with live search off. Synth and deploy it again with applicationLogs.liveSearch.enabled',
    );
  }
  return Object.fromEntries(
    Object.entries(output.value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * The sinks of the log archive account now: oam:ListSinks in each governed Region with `credentials`
 * (the account's read-only role may list them), the sink this product names in each. A sink of
 * another account is refused: the credentials are not the log archive's.
 */
export async function sinkArnsFromAccount(
  config: OrgConfig,
  credentials: SigningCredentials,
  list: (region: string, credentials: SigningCredentials) => Promise<ListedSink[]>,
): Promise<SinkArns> {
  const found: Record<string, string> = {};
  for (const region of config.governedRegions) {
    let sinks: ListedSink[];
    try {
      sinks = await list(region, credentials);
    } catch (error) {
      throw new OperationFailed((error as Error).message);
    }
    const ours = sinks.find((sink) => sink.Name === LIVE_SEARCH_SINK_NAME);
    if (ours?.Arn === undefined) continue;
    const account = ours.Arn.split(':')[4];
    if (account !== config.logArchive.accountId) {
      throw new AuditLoggingError(
        `the sink ${ours.Arn} in ${region} is account ${account}'s, not the log archive's (${config.logArchive.accountId}): ` +
          "run with the log archive account's read-only credentials (AWS_PROFILE=<log archive profile>)",
      );
    }
    found[region] = ours.Arn;
  }
  return found;
}

/**
 * The sinks of the governed Regions, in the order of governedRegions (a sink of another Region
 * serves no link); refuses when a Region has none, naming the field its ARN would go into.
 */
export function sinkArnsForConfig(config: OrgConfig, sinks: SinkArns, from: string): SinkArns {
  const missing = config.governedRegions.filter((region) => sinks[region] === undefined);
  if (missing.length > 0) {
    throw new AuditLoggingError(
      `${SINK_ARNS_FIELD.join('.')}.${missing[0]}: ${from} has no sink ${LIVE_SEARCH_SINK_NAME} in ` +
        `${missing.join(', ')}. Deploy the ${LOG_ARCHIVE_STACK_NAME} stack with every governed Region, then run this again; ` +
        'nothing was written',
    );
  }
  return Object.fromEntries(config.governedRegions.map((region) => [region, sinks[region]]));
}
