import * as fs from 'fs';
import * as path from 'path';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';
import type { Finding } from '../discovery/decisions';
import { schemaReference } from '../discovery/schema-reference';

/** A discover that cannot start: a new config without the Regions to govern (exit 2). */
export class DiscoverInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Options of {@link discoverOrganization}. */
export interface DiscoverOptions {
  /** The config file to write, or to update when it exists (never overwritten with a guess). */
  readonly config: string;
  /**
   * The Regions to govern.
   * @default - the existing config's governedRegions (required for a new config)
   */
  readonly regions?: readonly string[];
  /**
   * The home Region of a new config.
   * @default - the first of `regions`
   */
  readonly homeRegion?: string;
  /**
   * The role to assume in each member account to read it.
   * @default - the management account's credentials only
   */
  readonly role?: string;
  /** Accounts read at once. */
  readonly concurrency: number;
  /** The log archive account of a new config. @default - the account named "Log Archive", if one */
  readonly logArchive?: string;
  /** The audit account of a new config. @default - AWS Config's delegated administrator, or the account named "Audit" */
  readonly audit?: string;
  /** Say what would change and write nothing. @default false */
  readonly dryRun?: boolean;
  /** Called as accounts are read: `done` of `total`. @default - nothing reported */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link discoverOrganization} found and wrote. */
export interface Discovery {
  readonly file: string;
  /** Whether the config's text changed, and was written (not with `dryRun`). */
  readonly changed: boolean;
  readonly written: boolean;
  readonly organizationId: string;
  readonly accounts: number;
  readonly regions: readonly string[];
  /** One line per change to the config. */
  readonly changes: readonly string[];
  /** What it found and decided, the accounts it could not read among them. */
  readonly findings: readonly Finding[];
}

/**
 * The discover action: reads the organization (read-only) and writes a new config, or merges what
 * it found into the existing one, atomically. An existing config must load first, and belong to
 * the same organization, before anything is read or written.
 * @throws ConfigError for an existing config that does not load; DiscoverInputError without Regions
 */
export async function discoverOrganization(options: DiscoverOptions): Promise<Discovery> {
  const { parseConfig } = await import('@audit-logging/cdktf/toolkit-api/config');
  const { ConfigError, isAwsRegion } = await import('@audit-logging/cdktf/toolkit-api/core');
  const { readOrganization } = await import('../discovery/aws-inventory');
  const { checkSameOrganization, mergeConfig, newConfig } = await import('../discovery/discovered-config');
  const out = options.config;
  const existingText = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  // An existing config must load before anything is read: it is never overwritten with a guess.
  let existing;
  try {
    existing = existingText === undefined ? undefined : parseConfig(existingText, out);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.file, error.problems, 'it is left untouched, and nothing was read from AWS');
  }
  const regions = options.regions ?? existing?.governedRegions;
  if (regions === undefined) {
    throw new DiscoverInputError(
      `${out} does not exist: give --regions (the Regions to govern, such as eu-west-1,us-east-1) to write a new config`,
    );
  }
  for (const region of [...regions, ...(options.homeRegion === undefined ? [] : [options.homeRegion])]) {
    if (!isAwsRegion(region)) throw new DiscoverInputError(`${region} is not an AWS Region code (such as eu-west-1)`);
  }
  const inventory = await readOrganization({
    regions,
    // STS and Organizations in the config's home Region: in its partition, and enabled.
    homeRegion: existing?.homeRegion ?? options.homeRegion ?? regions[0],
    roleName: options.role,
    concurrency: options.concurrency,
    // A config of another organization is refused before any account is read.
    checkOrganization: (organizationId) => {
      if (existing !== undefined) checkSameOrganization(existing, out, organizationId);
    },
    onProgress: options.onProgress,
  });
  const result =
    existingText === undefined
      ? newConfig(inventory, {
          regions,
          homeRegion: options.homeRegion,
          logArchiveAccountId: options.logArchive,
          auditAccountId: options.audit,
          schema: schemaReference(path.dirname(path.resolve(out))),
        })
      : mergeConfig(existingText, out, inventory);
  const changed = result.text !== existingText;
  if (changed && options.dryRun !== true) {
    const temporary = `${out}.discover-${process.pid}.tmp`;
    fs.writeFileSync(temporary, result.text);
    fs.renameSync(temporary, out);
  }
  return {
    file: out,
    changed,
    written: changed && options.dryRun !== true,
    organizationId: inventory.organizationId,
    accounts: inventory.accounts.length,
    regions,
    changes: result.changes,
    findings: result.findings,
  };
}
