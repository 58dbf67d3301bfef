import * as fs from 'fs';
import * as path from 'path';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { loadCheckedConfig } from '../common/config-warnings';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { synthesizedStacksOf } from '../synth/synthesized-stacks';
import type { ArchiveVolumes } from '../cost/archive-volumes';
import type { CostEstimate, CostVolumes } from '../cost/cost-estimate';

/** Options of {@link estimateSynthCost}. */
export interface SynthCostOptions {
  /** The organization config file (what the stacks were synthesized from). */
  readonly config: string;
  /** The synth output folder, whose alarms, metric filters and keys are counted. */
  readonly out: string;
  /**
   * The volumes the config cannot know; each one not given is the model's named assumption.
   * @default {}
   */
  readonly volumes?: Partial<CostVolumes>;
  /**
   * The Region whose prices are used.
   * @default - the config's homeRegion
   */
  readonly priceRegion?: string;
  /**
   * Measure the events per account and day in the archive over this window of days (yyyy-MM-dd),
   * from the sizes of the CloudTrail log files (needs s3:ListBucket on the log bucket).
   * @default - no measure: the volumes given, else the assumptions
   */
  readonly fromArchive?: { readonly from?: string; readonly to?: string };
}

/** What {@link estimateSynthCost} returns: the estimate, with what it measured in the archive. */
export type SynthCost = CostEstimate & { readonly measuredInArchive?: ArchiveVolumes };

/**
 * The cost action: the monthly cost of what the synthesized stacks build, line by line, each price
 * with its source. Reads the config and the synth (and, with `fromArchive`, lists the archive).
 * @throws ConfigError; SynthOutputError for a synth of another config; ArchiveAccessError when the archive cannot be listed
 */
export async function estimateSynthCost(options: SynthCostOptions, io: ToolkitIo = CONSOLE_IO): Promise<SynthCost> {
  const { countStacks, estimateCost, DEFAULT_VOLUMES } = await import('../cost/cost-estimate');
  const config = await loadCheckedConfig(options.config, io);
  const { out } = options;
  const stacks = (await synthesizedStacksOf(out, options.config, config, io)).map((name) => ({
    json: JSON.parse(fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
  }));
  const given = options.volumes ?? {};
  const measured = options.fromArchive === undefined ? undefined : await measureArchive(config, options.fromArchive);
  const volumes: Partial<CostVolumes> =
    measured === undefined
      ? given
      : {
          ...given,
          managementEventsPerAccountDay:
            measured.gzipBytesPerAccountDay / (given.gzipBytesPerEvent ?? DEFAULT_VOLUMES.gzipBytesPerEvent),
        };
  const estimate = estimateCost(config, countStacks(stacks), volumes, options.priceRegion);
  return measured === undefined ? estimate : { ...estimate, measuredInArchive: measured };
}

/** The archive's CloudTrail volume over the window. */
async function measureArchive(
  config: OrgConfig,
  window: { readonly from?: string; readonly to?: string },
): Promise<ArchiveVolumes> {
  const { deliveryExpectation, deliveryWindow, S3ArchiveLister } = await import('../delivery');
  const { measureArchiveVolumes } = await import('../cost/archive-volumes');
  const lister = new S3ArchiveLister(config.homeRegion);
  try {
    return await measureArchiveVolumes(deliveryExpectation(config), deliveryWindow(window), lister);
  } finally {
    lister.destroy();
  }
}
