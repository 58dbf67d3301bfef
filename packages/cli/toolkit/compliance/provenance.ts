/**
 * What a compliance report is evidence of: the organization and Regions, the config (file and
 * digest), the product that made it (version, and commit when run from a checkout), when (UTC), and
 * its source: the synthesized stacks, or live reads with what was read and what could not be.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { commitOf, ownPackage } from '../common/own-package';

/** The synthesized stacks a report describes: what the stacks build, not what is true in AWS. */
export interface SynthesizedSource {
  readonly kind: 'synthesized stacks';
  /** The synth folder read. */
  readonly synth: string;
  readonly stacks: number;
}

/** The live reads a report describes: what AWS reported when it was read. */
export interface LiveSource {
  readonly kind: 'live reads';
  /** The Region read (Security Hub's and the aggregator's). */
  readonly region: string;
  /** What was read: the Security Hub findings, the AWS Config aggregator (by name). */
  readonly read: readonly string[];
  /** The accounts the report has a row for. */
  readonly accounts: number;
  /** What could not be read, and why. */
  readonly unread: readonly string[];
  /** The account whose credentials read, or why it is not known. */
  readonly readingAccount: string;
}

/** The header every compliance report carries, in every format. */
export interface ReportProvenance {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly governedRegions: readonly string[];
  /** The config file as given, and the SHA-256 of its bytes. */
  readonly config: { readonly file: string; readonly sha256: string };
  /** The product that made the report: its package name and version, and the commit of a checkout. */
  readonly product: { readonly name: string; readonly version: string; readonly commit?: string };
  /** When the report was made, ISO 8601 in UTC. */
  readonly generatedAt: string;
  readonly source: SynthesizedSource | LiveSource;
}

/** The provenance of a report on `config` (read from `configFile`) made now from `source`. */
export function reportProvenance(
  config: OrgConfig,
  configFile: string,
  source: SynthesizedSource | LiveSource,
  now: Date = new Date(),
): ReportProvenance {
  const pkg = ownPackage();
  const commit = commitOf(pkg.dir);
  return {
    organizationId: config.organization.id,
    managementAccountId: config.organization.managementAccountId,
    governedRegions: [...config.governedRegions],
    config: { file: configFile, sha256: createHash('sha256').update(fs.readFileSync(configFile)).digest('hex') },
    product: { name: pkg.name, version: pkg.version, ...(commit === undefined ? {} : { commit }) },
    generatedAt: now.toISOString(),
    source,
  };
}

/** One line per fact, for Markdown and HTML alike. */
export function provenanceFacts(p: ReportProvenance): [string, string][] {
  const source =
    p.source.kind === 'synthesized stacks'
      ? `the synthesized stacks (${p.source.stacks} in ${p.source.synth}): what the stacks build, not what is true in AWS today`
      : `live reads in ${p.source.region} of ${p.source.read.join(' and ')} with the credentials of ` +
        `${p.source.readingAccount}, ${p.source.accounts} accounts` +
        (p.source.unread.length === 0 ? '' : `; not read: ${p.source.unread.join('; ')}`);
  return [
    ['Organization', `${p.organizationId} (management account ${p.managementAccountId})`],
    ['Governed Regions', p.governedRegions.join(', ')],
    ['Config', `${p.config.file} (sha256 ${p.config.sha256})`],
    ['Source', source],
    ['Generated', `${p.generatedAt} (UTC)`],
    [
      'By',
      `${p.product.name} ${p.product.version}${p.product.commit === undefined ? '' : ` at commit ${p.product.commit}`}`,
    ],
  ];
}

/** The provenance as Markdown lines, for the top of a report. */
export function provenanceMarkdown(p: ReportProvenance): string[] {
  return [...provenanceFacts(p).map(([name, value]) => `- **${name}:** ${value}`), ''];
}
