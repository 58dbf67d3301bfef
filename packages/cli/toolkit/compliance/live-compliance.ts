/*
 * `compliance --live` as one call: which sources to read (Security Hub's findings, the AWS Config
 * aggregator), whose credentials read them, the read itself, and its provenance. `compliance
 * --live` and `evidence build --live` both call it, so the live part of an evidence package is the
 * report the single command gives.
 */
import { regionSchema, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { AuditLoggingError, DEFAULT_AGGREGATOR_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { ConfigAggregateReader } from './config-aggregate-reader';
import { readLiveState, type LiveReport } from './live-state';
import { reportProvenance, type ReportProvenance } from './provenance';
import { readingAccount, readingAccountAdvice } from './reading-account';
import { SecurityHubFindingsReader } from './security-hub-reader';

/** What to read live. */
export interface LiveReadOptions {
  /** The Region of Security Hub's findings and the aggregator. @default the config's homeRegion */
  readonly region?: string;
  /**
   * The AWS Config aggregator to read, or false for none.
   * @default the audit account's aggregator when `audit.configAggregator` is on, else none
   */
  readonly aggregator?: string | false;
  /** Read Security Hub's findings. @default true */
  readonly securityHub?: boolean;
  /** @default now */
  readonly now?: Date;
}

/** A choice of sources that cannot be read: the option and the fix are in the message. */
export class LiveReadError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/**
 * Reads what Security Hub and the AWS Config aggregator report now, with the environment's
 * credentials, and the report's provenance. Credentials of another account than the audit
 * account's see that account only: the report names it among what was not read.
 */
export async function readLiveCompliance(
  config: OrgConfig,
  configFile: string,
  options: LiveReadOptions = {},
): Promise<{ report: LiveReport; provenance: ReportProvenance; aggregator?: string }> {
  const region = options.region ?? config.homeRegion;
  if (!regionSchema.safeParse(region).success) {
    throw new LiveReadError(`--region ${region} is not an AWS Region (such as ${config.homeRegion})`);
  }
  const securityHub = options.securityHub ?? true;
  const audit = config.audit;
  const aggregator =
    options.aggregator === false
      ? undefined
      : (options.aggregator ??
        (audit !== undefined && audit !== false && audit.configAggregator ? DEFAULT_AGGREGATOR_NAME : undefined));
  if (aggregator === undefined && !securityHub) {
    throw new LiveReadError('--no-security-hub and no aggregator leave nothing to read: name one with --aggregator');
  }
  const reading = await readingAccount(region);
  const advice = readingAccountAdvice(config, reading);
  const read = await readLiveState(
    config,
    {
      ...(securityHub ? { securityHub: new SecurityHubFindingsReader(region) } : {}),
      ...(aggregator === undefined ? {} : { configRules: new ConfigAggregateReader(aggregator, region) }),
    },
    region,
  );
  const report = advice === undefined ? read : { ...read, unread: [advice, ...read.unread] };
  const provenance = reportProvenance(
    config,
    configFile,
    {
      kind: 'live reads',
      region,
      read: [
        ...(securityHub ? ['Security Hub findings'] : []),
        ...(aggregator === undefined ? [] : [`the AWS Config aggregator ${aggregator}`]),
      ],
      accounts: report.accounts.length,
      unread: [...report.unread],
      readingAccount:
        'accountId' in reading ? `account ${reading.accountId}` : `an unknown account (${reading.unknown})`,
    },
    options.now,
  );
  return { report, provenance, ...(aggregator === undefined ? {} : { aggregator }) };
}
