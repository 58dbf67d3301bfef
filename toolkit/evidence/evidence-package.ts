/*
 * An evidence package for a period: one folder an auditor can verify offline, built from the same
 * local copy of the archive that verify-logs and investigate read, by the same code as the single
 * commands (their reports are the package's sections, not a second reading of the evidence):
 *
 *   integrity/      verify-logs over the period: every digest chain, its first and last digest, every break
 *   completeness/   verify-delivery over the copy (--archive): every account, Region and day, and every gap
 *   controls/       compliance: the control matrix of the stacks synthesized from the config, and with
 *                   --live what Security Hub and the AWS Config aggregator said when it was built
 *   changes/        the saved query audit-system-changes: every call the alarms watch, allowed or not
 *   configuration/  the config, each stack's digest and the organization policies' texts
 *   README.md       what each part proves, and what it cannot
 *   manifest.json   every file's SHA-256, and what made the package
 *
 * The package is written to a new folder beside the output and moved into place only when whole;
 * then its archive, `<output>.tar.gz`, the one file to hand over.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { AuditLoggingError, AuditNaming, counted } from '@audit-logging/cdktf/toolkit-api/core';
import { ATHENA_QUERIES } from '@audit-logging/cdktf/toolkit-api/analytics';
import { parsePublicKeys } from '../integrity/digest-file';
import { formatReport } from '../integrity/report-text';
import { verifyTree, type VerifyReport } from '../integrity/verify-tree';
import {
  checkDelivery,
  deliveryExpectation,
  formatDeliveryReport,
  LocalArchiveLister,
  parseDay,
  type DeliveryReport,
} from '../delivery';
import { complianceMatrix } from '../compliance/compliance-matrix';
import { complianceMarkdown } from '../compliance/compliance-report';
import { liveMarkdown } from '../compliance/live-report';
import type { LiveReport } from '../compliance/live-state';
import { reportProvenance, type ReportProvenance } from '../compliance/provenance';
import { stackDigest } from '../review/stack-changes';
import { commitOf, ownPackage } from '../common/own-package';
import {
  checkManifestSignature,
  type ManifestSigner,
  signingKeyOf,
  signManifest,
  type SignatureCheck,
} from './manifest-signature';
import {
  digestsOf,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  manifestMismatches,
  type ManifestMismatch,
  type PackageManifest,
  sha256Of,
} from './package-manifest';
import { evidenceGuide } from './evidence-guide';
import { ARCHIVE_SUFFIX, archivePackage, isPackageArchive, openPackageArchive } from './package-archive';

/** The saved query whose rows are the package's changes to the audit system. */
export const CHANGES_QUERY = 'audit-system-changes';

/** What a package is built from. */
export interface EvidenceInputs {
  /** First and last day, yyyy-MM-dd (UTC). */
  readonly from: string;
  readonly to: string;
  readonly config: OrgConfig;
  /** The config's file, as given: copied into the package with its digest. */
  readonly configFile: string;
  /** The synth folder of that config, and its stacks (the caller checks they are the config's). */
  readonly synth: string;
  readonly stacks: readonly string[];
  /** The copy of the log bucket (`AWSLogs/...` at its top), as verify-logs and investigate read it. */
  readonly logs: string;
  /** The copy of the member-logs bucket (AWS Config, application logs), when the config expects them. */
  readonly memberLogs?: string;
  /** CloudTrail's public keys (aws cloudtrail list-public-keys). @default <logs>/public-keys.json */
  readonly publicKeys?: string;
  /** The package folder to write: it must not exist yet. */
  readonly output: string;
  /**
   * Reads what Security Hub and the AWS Config aggregator report now (`compliance --live`'s
   * report), for controls/live.*: AWS's word at the time of the build, which no one can check
   * again offline. Called once the inputs are checked. @default none
   */
  readonly readLive?: () => Promise<{ readonly report: LiveReport; readonly provenance: ReportProvenance }>;
  /**
   * Signs the manifest (`logArchive.evidenceSigning`'s KMS key, or a stand-in): `keyId` as given,
   * for the guide. @default not signed
   */
  readonly sign?: { readonly keyId: string; readonly signer: ManifestSigner };
  /** The command line, for the manifest. */
  readonly command: readonly string[];
  /** @default now */
  readonly now?: Date;
}

/** What a built package says, in short. */
export interface EvidenceSummary {
  readonly output: string;
  /** The package's archive beside it, and its SHA-256 (to record where the package is handed over). */
  readonly archive: { readonly file: string; readonly sha256: string };
  /** The key that signed the manifest, as KMS named it; undefined when not signed. */
  readonly signedBy?: string;
  readonly files: number;
  readonly integrityOk: boolean;
  readonly gaps: number;
  readonly changes: number;
  readonly controls: number;
}

/** Bad input to the package: the field and the fix are in the message. */
export class EvidenceInputError extends AuditLoggingError {}

const INTEGRITY_JSON = 'integrity/verify-logs.json';
const PUBLIC_KEYS = 'integrity/public-keys.json';
const COMPLETENESS_JSON = 'completeness/verify-delivery.json';

/** The period's first and last day, checked: real days, in order. */
export function evidencePeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  if (from === undefined || to === undefined) {
    throw new EvidenceInputError(
      'give the period with --from and --to (yyyy-MM-dd, UTC), such as --from 2026-07-01 --to 2026-09-30',
    );
  }
  const first = parseDay('--from', from);
  const last = parseDay('--to', to);
  if (last < first)
    throw new EvidenceInputError(`--to ${last} is before --from ${first}: give the last day of the period`);
  return { from: first, to: last };
}

/** Builds the package (see the top of this file) and returns what it says. */
export async function buildEvidencePackage(inputs: EvidenceInputs): Promise<EvidenceSummary> {
  const { from, to } = evidencePeriod(inputs.from, inputs.to);
  const output = path.resolve(inputs.output);
  for (const existing of [output, `${output}${ARCHIVE_SUFFIX}`]) {
    if (fs.existsSync(existing)) {
      throw new EvidenceInputError(
        `${path.relative(process.cwd(), existing) || existing} exists: give a new folder for the package (a package and its archive are never written over)`,
      );
    }
  }
  if (!fs.statSync(inputs.logs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EvidenceInputError(
      `--logs ${inputs.logs} is not a folder: give the copy of the log bucket (AWSLogs/... at its top)`,
    );
  }
  const publicKeysFile = inputs.publicKeys ?? path.join(inputs.logs, 'public-keys.json');
  if (!fs.existsSync(publicKeysFile)) {
    throw new EvidenceInputError(
      `no public keys at ${publicKeysFile}: save them with aws cloudtrail list-public-keys --start-time ${from} > ${publicKeysFile}`,
    );
  }
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${to}T23:59:59.999Z`);
  const integrity = await verifyTree(inputs.logs, {
    publicKeys: parsePublicKeys(fs.readFileSync(publicKeysFile, 'utf8')),
    start,
    end,
  });
  const inPeriod = cloudTrailFilesIn(inputs.logs, from, to);
  if (inPeriod.length === 0) {
    throw new EvidenceInputError(
      `${inputs.logs} holds no CloudTrail log or digest file from ${from} to ${to}: copy the period first ` +
        '(aws s3 sync s3://<log bucket>/AWSLogs/ <copy>/AWSLogs/), or give the period the copy covers',
    );
  }

  const live = await inputs.readLive?.();
  // The signing key first: the manifest names it, so that the signature covers the name.
  const signingKey = inputs.sign === undefined ? undefined : await signingKeyOf(inputs.sign.signer);

  // Written in a temporary folder beside the output, archived there, then both moved into place.
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(path.dirname(output), `.${path.basename(output)}-`));
  const staging = path.join(scratch, path.basename(output));
  fs.mkdirSync(staging, { mode: 0o755 });
  try {
    const write = (file: string, text: string) => {
      const target = path.join(staging, ...file.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text.endsWith('\n') ? text : `${text}\n`);
    };
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

    // Integrity: verify-logs's report, the keys it used, and each chain's first and last digest.
    write(INTEGRITY_JSON, json(integrity));
    write('integrity/verify-logs.txt', formatReport(integrity, Number.MAX_SAFE_INTEGER));
    write(PUBLIC_KEYS, fs.readFileSync(publicKeysFile, 'utf8'));
    write('integrity/chains.json', json(chainEnds(inPeriod, integrity)));

    // Completeness: verify-delivery's report over the copy.
    const naming = AuditNaming.fromConfig(inputs.config);
    const copies: Record<string, string> = { [naming.logBucketName]: inputs.logs };
    if (inputs.memberLogs !== undefined) copies[naming.memberLogsBucketName] = inputs.memberLogs;
    const lister = new LocalArchiveLister(copies, (bucket) =>
      bucket === naming.memberLogsBucketName
        ? 'the config expects AWS Config files there: give its copy with --member-logs <folder>'
        : 'not a bucket of this archive',
    );
    const delivery = await checkDelivery(deliveryExpectation(inputs.config), { from, to }, lister, {
      counts: () => lister.counts,
    });
    write(COMPLETENESS_JSON, json({ ...delivery, seconds: undefined, requests: undefined, attempts: undefined }));
    write('completeness/verify-delivery.txt', formatDeliveryReport(delivery));

    // Controls: the compliance matrix of the synthesized stacks, with its provenance.
    const stacks = inputs.stacks.map((name) => ({
      name,
      json: JSON.parse(fs.readFileSync(path.join(inputs.synth, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
    }));
    const rows = complianceMatrix(inputs.config, stacks);
    const provenance = reportProvenance(
      inputs.config,
      inputs.configFile,
      { kind: 'synthesized stacks', synth: inputs.synth, stacks: stacks.length },
      inputs.now,
    );
    write('controls/compliance.md', complianceMarkdown(rows, provenance));
    write('controls/compliance.json', json({ provenance, controls: rows }));
    if (live !== undefined) {
      write('controls/live.md', liveMarkdown(live.report, live.provenance));
      write('controls/live.json', json({ provenance: live.provenance, ...live.report }));
    }

    // Changes to the audit system: the saved query, over the copy, for the period.
    const query = ATHENA_QUERIES.find((q) => q.name === CHANGES_QUERY);
    if (query === undefined) throw new Error(`no saved query ${CHANGES_QUERY}`);
    const { investigate } = await import('../investigate/investigation');
    const changes = await investigate(query.sql, {
      logs: inputs.logs,
      days: { from: from.replace(/-/g, '/'), to: to.replace(/-/g, '/') },
    });
    write(
      `changes/${CHANGES_QUERY}.json`,
      json({ query: query.name, description: query.description, columns: changes.columns, rows: changes.rows }),
    );
    write(`changes/${CHANGES_QUERY}.sql`, query.sql('cloudtrail'));

    // The configuration in force: the config, each stack's digest, the organization policies.
    write(`configuration/${path.basename(inputs.configFile)}`, fs.readFileSync(inputs.configFile, 'utf8'));
    write(
      'configuration/stacks.json',
      json(
        Object.fromEntries(
          inputs.stacks.map((stack) => [stack, stackDigest(path.join(inputs.synth, 'stacks', stack))]),
        ),
      ),
    );
    for (const { stack, name, type, content } of organizationPolicies(stacks)) {
      write(
        `configuration/organization-policies/${stack}/${name}.json`,
        json({ name, type, content: JSON.parse(content) as unknown }),
      );
    }

    const summary = {
      integrityOk: integrity.ok,
      gaps: delivery.gaps.length,
      changes: changes.rows.length,
      controls: rows.length,
    };
    write(
      'README.md',
      evidenceGuide({
        from,
        to,
        config: inputs.config,
        integrity,
        delivery,
        rows,
        changes: changes.rows.length,
        live,
        signedWith: signingKey?.keyArn,
      }),
    );

    const createdAt = inputs.now ?? new Date();
    const pkg = ownPackage();
    const commit = commitOf(pkg.dir);
    const manifest: PackageManifest = {
      format: 1,
      tool: { name: pkg.name, version: pkg.version, ...(commit === undefined ? {} : { commit }) },
      command: inputs.command,
      createdAt: createdAt.toISOString(),
      period: { from, to },
      inputs: {
        config: { file: inputs.configFile, sha256: sha256Of(inputs.configFile) },
        synth: inputs.synth,
        logs: inputs.logs,
        ...(inputs.memberLogs === undefined ? {} : { memberLogs: inputs.memberLogs }),
      },
      ...(signingKey === undefined
        ? {}
        : { signingKey: { keyArn: signingKey.keyArn, publicKeySha256: signingKey.publicKeySha256 } }),
      files: digestsOf(staging),
    };
    write(MANIFEST_FILE, json(manifest));
    const signature =
      inputs.sign === undefined || signingKey === undefined
        ? undefined
        : await signManifest(fs.readFileSync(path.join(staging, MANIFEST_FILE)), inputs.sign.signer, signingKey);
    if (signature !== undefined) write(SIGNATURE_FILE, json(signature));
    const archiveFile = `${output}${ARCHIVE_SUFFIX}`;
    const { sha256: archiveSha256 } = await archivePackage(
      staging,
      createdAt,
      path.join(scratch, `${path.basename(output)}${ARCHIVE_SUFFIX}`),
    );
    // The archive first: linking refuses one that appeared since the check; then the folder.
    fs.linkSync(path.join(scratch, path.basename(archiveFile)), archiveFile);
    try {
      fs.renameSync(staging, output);
    } catch (error) {
      fs.rmSync(archiveFile, { force: true });
      throw error;
    }
    const archive = { file: archiveFile, sha256: archiveSha256 };
    return {
      output,
      archive,
      files: Object.keys(manifest.files).length + (signature === undefined ? 1 : 2),
      ...(signature === undefined || signingKey === undefined ? {} : { signedBy: signingKey.keyArn }),
      ...summary,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A CloudTrail log or digest file of the copy, by its key from the bucket's top and its day. */
interface CloudTrailFile {
  readonly key: string;
  /** `<account path>/CloudTrail-Digest/<region>` for a digest; undefined for a log file. */
  readonly chain?: string;
  readonly day: string;
}

/** The CloudTrail log and digest files of the copy whose day folder lies in the period. */
function cloudTrailFilesIn(logs: string, from: string, to: string): CloudTrailFile[] {
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
  stacks: readonly { name: string; json: { resource?: Record<string, Record<string, Record<string, unknown>>> } }[],
): { stack: string; name: string; type: string; content: string }[] {
  return stacks.flatMap(({ name: stack, json }) =>
    Object.values(json.resource?.aws_organizations_policy ?? {}).map((policy) => ({
      stack,
      name: String(policy.name),
      type: String(policy.type),
      content: String(policy.content),
    })),
  );
}

/** What `evidence verify` found. */
export interface EvidenceVerification {
  readonly manifest: PackageManifest;
  /** Files not as the manifest lists them. */
  readonly mismatches: readonly ManifestMismatch[];
  /**
   * The offline checks run again on the copy: undefined when the copy was not there to read.
   * `integrity`: verify-logs now gives the report the package holds; `completeness`: verify-delivery too.
   */
  readonly rerun?: {
    readonly copy: string;
    readonly integrity: boolean;
    readonly completeness: boolean;
    /**
     * What verify-logs finds in the copy now that the package's report did not: each problem at
     * its key (a log file changed, a digest removed), or a count of files that changed.
     */
    readonly changed: readonly string[];
  };
  /** The manifest's signature: checked with the public key given, or not; undefined when unsigned and no key was given. */
  readonly signature?: SignatureCheck;
  readonly ok: boolean;
}

/**
 * Verifies a package (its folder, or its `.tar.gz`): every file's SHA-256 against the manifest (an
 * edited, removed or added file is named), then, when the copy it was made from is at hand (`logs`,
 * else the manifest's), the integrity and completeness checks again, which must give the reports
 * the package holds.
 */
export async function verifyEvidencePackage(
  folder: string,
  options: VerifyOptions = {},
): Promise<EvidenceVerification> {
  if (!isPackageArchive(folder)) return verifyPackageFolder(folder, options);
  const opened = await openPackageArchive(folder);
  try {
    return await verifyPackageFolder(opened.folder, options);
  } finally {
    opened.remove();
  }
}

/** What `evidence verify` checks against. */
export interface VerifyOptions {
  /** The copy of the log bucket. @default the one the manifest names */
  readonly logs?: string;
  /** The copy of the member-logs bucket. @default the one the manifest names */
  readonly memberLogs?: string;
  /** The config the completeness report is checked against. @default the one the package holds */
  readonly config?: OrgConfig;
  /** The signing key's public half, as the auditor was given it (PEM, DER or base64 DER). @default the signature is not checked */
  readonly publicKey?: string;
}

async function verifyPackageFolder(folder: string, options: VerifyOptions): Promise<EvidenceVerification> {
  const manifestFile = path.join(folder, MANIFEST_FILE);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PackageManifest;
  } catch (error) {
    throw new EvidenceInputError(
      `${manifestFile} cannot be read (${(error as Error).message}): is ${folder} an evidence package?`,
    );
  }
  if (manifest.format !== 1 || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new EvidenceInputError(`${manifestFile} is not an evidence package's manifest (format 1 with its files)`);
  }
  const mismatches = manifestMismatches(folder, manifest);
  const signature = checkManifestSignature(folder, manifest, options.publicKey);
  const signed = signature === undefined ? {} : { signature };
  const signatureOk = signature?.status !== 'refused';
  const logs = options.logs ?? manifest.inputs.logs;
  if (options.logs !== undefined && !fs.statSync(options.logs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EvidenceInputError(
      `--logs ${options.logs} is not a folder: give the copy of the log bucket the package was made from`,
    );
  }
  if (mismatches.length > 0 || !fs.existsSync(logs)) {
    return { manifest, mismatches, ...signed, ok: mismatches.length === 0 && signatureOk };
  }

  const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(folder, ...file.split('/')), 'utf8')) as T;
  const { from, to } = manifest.period;
  const again = await verifyTree(logs, {
    publicKeys: parsePublicKeys(fs.readFileSync(path.join(folder, ...PUBLIC_KEYS.split('/')), 'utf8')),
    start: new Date(`${from}T00:00:00.000Z`),
    end: new Date(`${to}T23:59:59.999Z`),
  });
  const packaged = read<VerifyReport>(INTEGRITY_JSON);
  const integrity = sameVerdict(again, packaged);
  const changed = integrity ? [] : changedSince(packaged, again);
  // The config the package holds: the expectation the completeness report was made from.
  const config =
    options.config ?? loadConfig(path.join(folder, 'configuration', path.basename(manifest.inputs.config.file)));
  let completeness = true;
  {
    const naming = AuditNaming.fromConfig(config);
    const copies: Record<string, string> = { [naming.logBucketName]: logs };
    const memberLogs = options.memberLogs ?? manifest.inputs.memberLogs;
    if (memberLogs !== undefined) copies[naming.memberLogsBucketName] = memberLogs;
    const delivery = await checkDelivery(deliveryExpectation(config), { from, to }, new LocalArchiveLister(copies));
    completeness = JSON.stringify(delivery.gaps) === JSON.stringify(read<DeliveryReport>(COMPLETENESS_JSON).gaps);
  }
  return {
    manifest,
    mismatches,
    rerun: { copy: logs, integrity, completeness, changed },
    ...signed,
    ok: integrity && completeness && signatureOk,
  };
}

/**
 * What a verify-logs report of the copy finds that the package's did not: each new problem, at the
 * key it names, then any count of files that differs (a file added or removed without a problem).
 */
function changedSince(then: VerifyReport, now: VerifyReport): string[] {
  const known = new Set(then.streams.flatMap((s) => s.problems.map((p) => `${p.kind} ${p.key}`)));
  const problems = now.streams
    .flatMap((s) => s.problems)
    .filter((p) => !known.has(`${p.kind} ${p.key}`))
    .map((p) => `${p.key}: ${p.message}`);
  const counts = (['digests', 'logs', 'signatures'] as const)
    .filter((kind) => then.files[kind] !== now.files[kind])
    .map(
      (kind) =>
        `the copy holds ${now.files[kind]} ${kind === 'logs' ? 'log' : kind === 'digests' ? 'digest' : 'signature'} files of the period, the package's report ${then.files[kind]}`,
    );
  return [...problems, ...counts];
}

/** Whether two verify-logs reports give the same verdict: the same files and every problem the same. */
function sameVerdict(now: VerifyReport, then: VerifyReport): boolean {
  const verdict = (r: VerifyReport) =>
    JSON.stringify({
      ok: r.ok,
      files: r.files,
      streams: r.streams.map(({ account, region, digests, logs, problems }) => ({
        account,
        region,
        digests,
        logs,
        problems,
      })),
    });
  return verdict(now) === verdict(then);
}

/** One line per finding of a verification, for the terminal. */
export function verificationText(result: EvidenceVerification, folder: string): string {
  const lines = [
    `${folder}: ${counted(Object.keys(result.manifest.files).length, 'file')} listed, period ${result.manifest.period.from} to ${result.manifest.period.to}, made ${result.manifest.createdAt} by ${result.manifest.tool.name} ${result.manifest.tool.version}`,
  ];
  for (const { file, problem } of result.mismatches) {
    lines.push(
      problem === 'edited'
        ? `REFUSED ${file}: edited (its SHA-256 is not the manifest's)`
        : problem === 'removed'
          ? `REFUSED ${file}: removed (the manifest lists it)`
          : `REFUSED ${file}: added (the manifest does not list it)`,
    );
  }
  if (result.mismatches.length === 0) lines.push('every file is as the manifest lists it');
  const signature = result.signature;
  if (signature?.status === 'verified')
    lines.push(
      `the manifest is signed by ${signature.key.keyArn}, as it names it: verified with the public key given (SHA-256 ${signature.key.publicKeySha256})`,
    );
  if (signature?.status === 'not-checked')
    lines.push(
      `the manifest names ${signature.key.keyArn} as its signer: give that key's public half, from the organization, with --public-key to check the signature`,
    );
  if (signature?.status === 'refused') lines.push(`REFUSED ${SIGNATURE_FILE}: ${signature.reason}`);
  if (result.rerun === undefined) {
    if (result.mismatches.length === 0)
      lines.push(
        `the copy ${result.manifest.inputs.logs} is not here: give it with --logs to check the reports against it`,
      );
  } else {
    lines.push(
      result.rerun.integrity
        ? `verify-logs on ${result.rerun.copy} gives the integrity report the package holds`
        : `REFUSED integrity: verify-logs on ${result.rerun.copy} no longer gives the report the package holds`,
    );
    for (const change of result.rerun.changed) lines.push(`REFUSED ${change}`);
    lines.push(
      result.rerun.completeness
        ? 'the completeness report is what the copy gives'
        : `REFUSED completeness: the copy no longer gives the gaps the package holds`,
    );
  }
  lines.push(result.ok ? 'verified' : 'NOT VERIFIED');
  return `${lines.join('\n')}\n`;
}
