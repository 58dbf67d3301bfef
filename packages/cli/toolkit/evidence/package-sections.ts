/*
 * The parts of an evidence package that are derived from its inputs (the copy of the logs, the
 * config, its synth), written by `evidence build` and derived again by `evidence verify` with the
 * same functions: a part that verify derives differently was rewritten, or its input changed.
 * Only the inputs themselves (the config, CloudTrail's public keys) and what AWS said live are not
 * derived; every path written is the package's own or a bucket's name, never the builder's folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { AuditNaming, SYSTEM_CHANGES_QUERY_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { ATHENA_QUERIES } from '@audit-logging/cdktf/toolkit-api/analytics';
import { parsePublicKeys } from '../integrity/digest-file';
import { formatReport } from '../integrity/report-text';
import { verifyTree, type VerifyReport } from '../integrity/verify-tree';
import {
  checkDelivery,
  deliveryExpectation,
  formatDeliveryReport,
  LocalArchiveLister,
  type DeliveryReport,
} from '../delivery';
import { complianceMatrix, type ControlRow } from '../compliance/compliance-matrix';
import { complianceMarkdown } from '../compliance/compliance-report';
import type { LiveReport } from '../compliance/live-state';
import { reportProvenance, type ReportProvenance } from '../compliance/provenance';
import { stackDigest } from '../review/stack-changes';
import { evidenceGuide } from './evidence-guide';
import type { PackageManifest } from './package-manifest';

/** The saved query whose rows are the package's changes to the audit system. */
export const CHANGES_QUERY = SYSTEM_CHANGES_QUERY_NAME;

export const INTEGRITY_JSON = 'integrity/verify-logs.json';
export const PUBLIC_KEYS = 'integrity/public-keys.json';
export const COMPLETENESS_JSON = 'completeness/verify-delivery.json';
export const LIVE_JSON = 'controls/live.json';

/** Where a derived file comes from, as verify names it: "not what <by> gives <on>". */
export interface SectionSource {
  readonly by: string;
  readonly on: string;
}

const ON_THE_COPY = 'on the copy';
const SYNTH: SectionSource = { by: 'synthesizing the packaged config', on: 'here' };
const COMPLIANCE: SectionSource = { by: 'compliance', on: 'on the stacks synthesized from the packaged config' };

/** "<by> gives <on>", for verify's messages. */
export function givenBy(source: SectionSource): string {
  return `${source.by} gives ${source.on}`;
}

/** One derived file: its path in the package, its text, and where it comes from. */
export interface DerivedFile {
  readonly file: string;
  readonly text: string;
  readonly source: SectionSource;
}

/** A synthesized stack: its name, its cdk.tf.json, and its digest. */
export interface PackagedStack {
  readonly name: string;
  readonly json: { resource?: Record<string, Record<string, Record<string, unknown>>> };
  readonly digest: string;
}

/** The stacks `names` of the synth folder `synth`, read for the package. */
export function stacksOf(synth: string, names: readonly string[]): PackagedStack[] {
  return names.map((name) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(synth, 'stacks', name, 'cdk.tf.json'), 'utf8')) as PackagedStack['json'],
    digest: stackDigest(path.join(synth, 'stacks', name)),
  }));
}

/** The config as the package holds it: under configuration/, by its file's name. */
export function packagedConfigPath(configFile: string): string {
  return `configuration/${path.basename(configFile)}`;
}

/** What the parts from the copy are made of: the period, the copy and the keys to check it with. */
export interface CopyInputs {
  readonly from: string;
  readonly to: string;
  readonly config: OrgConfig;
  /** The copy of the log bucket, as given (by the builder, or by the auditor to verify). */
  readonly logs: string;
  readonly memberLogs?: string;
  /** CloudTrail's public keys, as integrity/public-keys.json holds them. */
  readonly publicKeys: string;
}

/** The parts from the copy, and the reports they were written from. */
export interface CopySections {
  readonly files: readonly DerivedFile[];
  readonly integrity: VerifyReport;
  readonly delivery: DeliveryReport;
  readonly changes: number;
}

/**
 * integrity/ (but its public keys, an input), completeness/ and changes/, from the copy: verify-logs,
 * verify-delivery and the saved query, by the single commands' own code.
 */
export async function copySections(inputs: CopyInputs): Promise<CopySections> {
  const { from, to, config } = inputs;
  const naming = AuditNaming.fromConfig(config);
  // The copy's path is the builder's or the auditor's: the reports name the bucket it is a copy of.
  const copyName = `the copy of s3://${naming.logBucketName}`;
  const integrity: VerifyReport = {
    ...(await verifyTree(inputs.logs, {
      publicKeys: parsePublicKeys(inputs.publicKeys),
      start: new Date(`${from}T00:00:00.000Z`),
      end: new Date(`${to}T23:59:59.999Z`),
    })),
    root: copyName,
  };

  const copies: Record<string, string> = { [naming.logBucketName]: inputs.logs };
  if (inputs.memberLogs !== undefined) copies[naming.memberLogsBucketName] = inputs.memberLogs;
  const lister = new LocalArchiveLister(copies, (bucket) =>
    bucket === naming.memberLogsBucketName
      ? 'the config expects AWS Config files there: give its copy with --member-logs <folder>'
      : 'not a bucket of this archive',
  );
  const delivery = await checkDelivery(deliveryExpectation(config), { from, to }, lister, {
    counts: () => lister.counts,
  });

  const query = ATHENA_QUERIES.find((q) => q.name === CHANGES_QUERY);
  if (query === undefined) throw new Error(`no saved query ${CHANGES_QUERY}`);
  const changes = await changesOf(query, inputs.logs, from, to);

  const files: DerivedFile[] = [
    { file: INTEGRITY_JSON, text: json(integrity), source: { by: 'verify-logs', on: ON_THE_COPY } },
    {
      file: 'integrity/verify-logs.txt',
      text: formatReport(integrity, Number.MAX_SAFE_INTEGER),
      source: { by: 'verify-logs', on: ON_THE_COPY },
    },
    {
      file: 'integrity/chains.json',
      text: json(chainEnds(cloudTrailFilesIn(inputs.logs, from, to), integrity)),
      source: { by: 'verify-logs', on: ON_THE_COPY },
    },
    {
      file: COMPLETENESS_JSON,
      text: json({ ...delivery, seconds: undefined, requests: undefined, attempts: undefined }),
      source: { by: 'verify-delivery', on: ON_THE_COPY },
    },
    {
      file: 'completeness/verify-delivery.txt',
      // Without the time the listing took, which is the run's, not the copy's.
      text: formatDeliveryReport(delivery).replace(/ in \d+(\.\d+)? s; no file was read\.$/, '; no file was read.'),
      source: { by: 'verify-delivery', on: ON_THE_COPY },
    },
    {
      file: `changes/${CHANGES_QUERY}.json`,
      text: json({ query: query.name, description: query.description, ...changes }),
      source: { by: `the saved query ${CHANGES_QUERY}`, on: ON_THE_COPY },
    },
    {
      file: `changes/${CHANGES_QUERY}.sql`,
      text: query.sql('cloudtrail'),
      source: { by: `the saved query ${CHANGES_QUERY}`, on: 'in this tool' },
    },
  ];
  return { files: files.map(endLine), integrity, delivery, changes: changes.rows?.length ?? 0 };
}

/**
 * The saved query's columns and rows over the copy, or, for a copy that no longer holds a log file
 * to query (which the build refuses, so only verify meets it), why there are none.
 */
async function changesOf(
  query: { readonly sql: (table: string) => string },
  logs: string,
  from: string,
  to: string,
): Promise<{ columns?: readonly string[]; rows?: readonly unknown[]; error?: string }> {
  const { investigate, InvestigateInputError } = await import('../investigate/investigation');
  try {
    const { columns, rows } = await investigate(query.sql, {
      logs,
      days: { from: from.replace(/-/g, '/'), to: to.replace(/-/g, '/') },
    });
    return { columns, rows };
  } catch (error) {
    if (error instanceof InvestigateInputError) return { error: error.message.replace(logs, 'the copy') };
    throw error;
  }
}

/** What the parts from the config are made of: the config, its synth, and what made the package. */
export interface ConfigInputs {
  readonly config: OrgConfig;
  /** The config's file, to read its digest from (the builder's, or the package's copy). */
  readonly configFile: string;
  readonly stacks: readonly PackagedStack[];
  readonly tool: PackageManifest['tool'];
  readonly createdAt: string;
}

/** The parts from the config, and the control rows. */
export interface ConfigSections {
  readonly files: readonly DerivedFile[];
  readonly rows: readonly ControlRow[];
}

/**
 * controls/compliance.* and configuration/ (but the config itself, an input): the compliance
 * matrix of the stacks, each stack's digest and the organization policies' texts.
 */
export function configSections(inputs: ConfigInputs): ConfigSections {
  const { config, stacks } = inputs;
  const rows = complianceMatrix(config, stacks as never);
  const packaged = packagedConfigPath(inputs.configFile);
  const given = reportProvenance(
    config,
    inputs.configFile,
    { kind: 'synthesized stacks', synth: `a synth of ${packaged}`, stacks: stacks.length },
    new Date(inputs.createdAt),
  );
  // The package's own path, and the tool the manifest names: the same for the builder and the auditor.
  const provenance: ReportProvenance = {
    ...given,
    config: { ...given.config, file: packaged },
    product: inputs.tool,
  };
  const files: DerivedFile[] = [
    {
      file: 'controls/compliance.md',
      text: complianceMarkdown(rows, provenance),
      source: COMPLIANCE,
    },
    {
      file: 'controls/compliance.json',
      text: json({ provenance, controls: rows }),
      source: COMPLIANCE,
    },
    {
      file: 'configuration/stacks.json',
      text: json(Object.fromEntries(stacks.map((stack) => [stack.name, stack.digest]))),
      source: SYNTH,
    },
    ...organizationPolicies(stacks).map(({ stack, name, type, content }) => ({
      file: `configuration/organization-policies/${stack}/${name}.json`,
      text: json({ name, type, content: JSON.parse(content) as unknown }),
      source: SYNTH,
    })),
  ];
  return { files: files.map(endLine), rows };
}

/** The README, from the other parts' results. */
export function guideSection(
  period: { readonly from: string; readonly to: string },
  config: OrgConfig,
  fromCopy: CopySections,
  fromConfig: ConfigSections,
  manifest: Pick<PackageManifest, 'tool' | 'signingKey'>,
  live: { readonly report: LiveReport; readonly provenance: ReportProvenance } | undefined,
): DerivedFile {
  return endLine({
    file: 'README.md',
    text: evidenceGuide({
      ...period,
      config,
      integrity: fromCopy.integrity,
      delivery: fromCopy.delivery,
      rows: fromConfig.rows,
      changes: fromCopy.changes,
      live,
      memberLogs: deliveryExpectation(config).targets.some(
        (target) => target.config !== undefined || target.applicationLogs !== undefined,
      ),
      tool: manifest.tool,
      signedWith: manifest.signingKey?.keyArn,
    }),
    source: { by: 'the guide', on: 'from the parts derived with it' },
  });
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const endLine = (derived: DerivedFile): DerivedFile =>
  derived.text.endsWith('\n') ? derived : { ...derived, text: `${derived.text}\n` };

/** A CloudTrail log or digest file of the copy, by its key from the bucket's top and its day. */
interface CloudTrailFile {
  readonly key: string;
  /** `<account path>/CloudTrail-Digest/<region>` for a digest; undefined for a log file. */
  readonly chain?: string;
  readonly day: string;
}

/** The CloudTrail log and digest files of the copy whose day folder lies in the period. */
export function cloudTrailFilesIn(logs: string, from: string, to: string): CloudTrailFile[] {
  const root = path.join(logs, 'AWSLogs');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    if (!entry.isFile()) return [];
    const key = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    // <account path>/CloudTrail[-Digest]/<region>/yyyy/MM/dd/<name>.json.gz
    const match =
      /^(.+\/(CloudTrail|CloudTrail-Digest)\/[a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json(\.gz)?$/.exec(key);
    if (match === null) return [];
    const day = `${match[3]}-${match[4]}-${match[5]}`;
    if (day < from || day > to) return [];
    return [
      { key: `AWSLogs/${key}`, day, ...(match[2] === 'CloudTrail-Digest' ? { chain: `AWSLogs/${match[1]}` } : {}) },
    ];
  });
}

/** A trail's digests in one account and Region over the period, and the hours it delivered none. */
interface ChainEnds {
  /** `AWSLogs/<account path>/CloudTrail-Digest/<region>`. */
  readonly chain: string;
  readonly digests: number;
  /** The period's first and last digest file. */
  readonly first: string;
  readonly last: string;
  /** Each time logging (or log file validation) was off: no digest from `from` to `to`, a new chain at `newChain`. */
  readonly loggingOff: readonly { readonly from: string; readonly to: string; readonly newChain: string }[];
}

/** Each account and Region's first and last digest file in the period, and the hours logging was off (verify-logs's notices). */
function chainEnds(files: readonly CloudTrailFile[], integrity: VerifyReport): ChainEnds[] {
  const byChain = new Map<string, string[]>();
  for (const { key, chain } of files) if (chain !== undefined) byChain.set(chain, [...(byChain.get(chain) ?? []), key]);
  return [...byChain]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([chain, keys]) => {
      const sorted = [...keys].sort();
      const stream = integrity.streams.find((s) => `AWSLogs/${s.account}/CloudTrail-Digest/${s.region}` === chain);
      const loggingOff = (stream?.notices ?? []).flatMap((n) => (n.off === undefined ? [] : [n.off]));
      return { chain, digests: sorted.length, first: sorted[0], last: sorted[sorted.length - 1], loggingOff };
    });
}

/** The organization policies of the synthesized stacks: their names, types and texts as they will be attached. */
function organizationPolicies(
  stacks: readonly PackagedStack[],
): { stack: string; name: string; type: string; content: string }[] {
  return stacks.flatMap(({ name: stack, json: stackJson }) =>
    Object.values(stackJson.resource?.aws_organizations_policy ?? {}).map((policy) => ({
      stack,
      name: String(policy.name),
      type: String(policy.type),
      content: String(policy.content),
    })),
  );
}
