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
 * The derived parts are made by package-sections.ts, which `evidence verify` (package-verification.ts)
 * runs again on the auditor's copy and the packaged config. The package is written to a new folder
 * beside the output and moved into place only when whole; then its archive, `<output>.tar.gz`, the
 * one file to hand over.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { AuditLoggingError, AuditNaming } from '@audit-logging/cdktf/toolkit-api/core';
import { parseDay } from '../delivery';
import { liveMarkdown } from '../compliance/live-report';
import type { LiveReport } from '../compliance/live-state';
import type { ReportProvenance } from '../compliance/provenance';
import { commitOf, ownPackage } from '../common/own-package';
import { type ManifestSigner, signingKeyOf, signManifest } from './manifest-signature';
import { digestsOf, MANIFEST_FILE, SIGNATURE_FILE, type PackageManifest, sha256Of } from './package-manifest';
import {
  cloudTrailFilesIn,
  configSections,
  copySections,
  guideSection,
  LIVE_JSON,
  packagedConfigPath,
  PUBLIC_KEYS,
  stacksOf,
} from './package-sections';
import { ARCHIVE_SUFFIX, archivePackage } from './package-archive';

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
  readonly readLive?: () => Promise<LiveEvidence>;
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
export class EvidenceInputError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

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

/** What AWS said live, as `readLive` gives it. */
type LiveEvidence = { readonly report: LiveReport; readonly provenance: ReportProvenance };

/** What the package's manifest says of who built it, when, and with which signing key. */
interface BuildFacts {
  readonly from: string;
  readonly to: string;
  readonly createdAt: string;
  readonly tool: PackageManifest['tool'];
  readonly signing: Pick<PackageManifest, 'signingKey'>;
}

/** Builds the package (see the top of this file) and returns what it says. */
export async function buildEvidencePackage(inputs: EvidenceInputs): Promise<EvidenceSummary> {
  const { from, to } = evidencePeriod(inputs.from, inputs.to);
  const output = path.resolve(inputs.output);
  const publicKeysFile = checkBuildInputs(inputs, output, from, to);

  const live = await inputs.readLive?.();
  // The signing key first: the manifest names it, so that the signature covers the name.
  const signingKey = inputs.sign === undefined ? undefined : await signingKeyOf(inputs.sign.signer);
  const createdAt = (inputs.now ?? new Date()).toISOString();
  const pkg = ownPackage();
  const commit = commitOf(pkg.dir);
  const facts: BuildFacts = {
    from,
    to,
    createdAt,
    tool: { name: pkg.name, version: pkg.version, ...(commit === undefined ? {} : { commit }) },
    signing:
      signingKey === undefined
        ? {}
        : { signingKey: { keyArn: signingKey.keyArn, publicKeySha256: signingKey.publicKeySha256 } },
  };

  // Written in a temporary folder beside the output, archived there, then both moved into place.
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(path.dirname(output), `.${path.basename(output)}-`));
  const staging = path.join(scratch, path.basename(output));
  fs.mkdirSync(staging, { mode: 0o755 });
  try {
    const files = stagingFiles(staging);
    const { configPath, fromCopy, fromConfig } = await writeSections(files, inputs, facts, publicKeysFile, live);
    const manifest = packageManifest(inputs, facts, configPath, staging);
    files.write(MANIFEST_FILE, asJson(manifest));
    const signature =
      inputs.sign === undefined || signingKey === undefined
        ? undefined
        : await signManifest(fs.readFileSync(path.join(staging, MANIFEST_FILE)), inputs.sign.signer, signingKey);
    if (signature !== undefined) files.write(SIGNATURE_FILE, asJson(signature));
    const archive = await placePackage(scratch, staging, output, new Date(createdAt));
    return {
      output,
      archive,
      files: Object.keys(manifest.files).length + (signature === undefined ? 1 : 2),
      ...(signature === undefined || signingKey === undefined ? {} : { signedBy: signingKey.keyArn }),
      integrityOk: fromCopy.integrity.ok,
      gaps: fromCopy.delivery.gaps.length,
      changes: fromCopy.changes,
      controls: fromConfig.rows.length,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** JSON as the package writes it: two-space indent, one line break at the end. */
const asJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Writes files into the staging folder by their package path (`controls/live.md`). */
function stagingFiles(staging: string): {
  readonly write: (file: string, text: string) => void;
  readonly copyInput: (file: string, from: string) => string;
} {
  const target = (file: string) => {
    const at = path.join(staging, ...file.split('/'));
    fs.mkdirSync(path.dirname(at), { recursive: true });
    return at;
  };
  return {
    write: (file, text) => fs.writeFileSync(target(file), text.endsWith('\n') ? text : `${text}\n`),
    // An input byte for byte: its SHA-256 is the one the manifest and the reports name.
    copyInput: (file, from) => {
      const at = target(file);
      fs.copyFileSync(from, at);
      return fs.readFileSync(at, 'utf8');
    },
  };
}

/**
 * The inputs (the config, CloudTrail's public keys, what AWS said live), then the parts derived
 * from them by the functions evidence verify derives them again with, and the guide.
 */
async function writeSections(
  files: ReturnType<typeof stagingFiles>,
  inputs: EvidenceInputs,
  facts: BuildFacts,
  publicKeysFile: string,
  live: LiveEvidence | undefined,
): Promise<{
  configPath: string;
  fromCopy: Awaited<ReturnType<typeof copySections>>;
  fromConfig: ReturnType<typeof configSections>;
}> {
  const { from, to } = facts;
  const configPath = packagedConfigPath(inputs.configFile);
  files.copyInput(configPath, inputs.configFile);
  const publicKeys = files.copyInput(PUBLIC_KEYS, publicKeysFile);
  if (live !== undefined) {
    files.write('controls/live.md', liveMarkdown(live.report, live.provenance));
    files.write(LIVE_JSON, asJson({ provenance: live.provenance, ...live.report }));
  }
  const fromCopy = await copySections({
    from,
    to,
    config: inputs.config,
    logs: inputs.logs,
    memberLogs: inputs.memberLogs,
    publicKeys,
  });
  const fromConfig = configSections({
    config: inputs.config,
    configFile: inputs.configFile,
    stacks: stacksOf(inputs.synth, inputs.stacks),
    tool: facts.tool,
    createdAt: facts.createdAt,
  });
  const guide = guideSection(
    { from, to },
    inputs.config,
    fromCopy,
    fromConfig,
    { tool: facts.tool, ...facts.signing },
    live,
  );
  for (const { file, text } of [...fromCopy.files, ...fromConfig.files, guide]) files.write(file, text);
  return { configPath, fromCopy, fromConfig };
}

/** The manifest: who built the package and when, from which inputs, and the SHA-256 of every file staged. */
function packageManifest(
  inputs: EvidenceInputs,
  facts: BuildFacts,
  configPath: string,
  staging: string,
): PackageManifest {
  const naming = AuditNaming.fromConfig(inputs.config);
  return {
    format: 1,
    tool: facts.tool,
    command: inputs.command,
    createdAt: facts.createdAt,
    period: { from: facts.from, to: facts.to },
    inputs: {
      config: { file: configPath, sha256: sha256Of(inputs.configFile) },
      logs: { bucket: naming.logBucketName },
      ...(inputs.memberLogs === undefined ? {} : { memberLogs: { bucket: naming.memberLogsBucketName } }),
    },
    ...facts.signing,
    files: digestsOf(staging),
  };
}

/** Refuses an output that exists, a copy that is not there or holds nothing of the period; returns the public keys' file. */
function checkBuildInputs(inputs: EvidenceInputs, output: string, from: string, to: string): string {
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
  if (cloudTrailFilesIn(inputs.logs, from, to).length === 0) {
    throw new EvidenceInputError(
      `${inputs.logs} holds no CloudTrail log or digest file from ${from} to ${to}: copy the period first ` +
        '(aws s3 sync s3://<log bucket>/AWSLogs/ <copy>/AWSLogs/), or give the period the copy covers',
    );
  }
  return publicKeysFile;
}

/** Archives the staged package, then moves the archive and the folder into place: the archive first. */
async function placePackage(
  scratch: string,
  staging: string,
  output: string,
  createdAt: Date,
): Promise<{ file: string; sha256: string }> {
  const archiveFile = `${output}${ARCHIVE_SUFFIX}`;
  const { sha256 } = await archivePackage(staging, createdAt, path.join(scratch, path.basename(archiveFile)));
  // Linking refuses an archive that appeared since the check; then the folder.
  fs.linkSync(path.join(scratch, path.basename(archiveFile)), archiveFile);
  try {
    fs.renameSync(staging, output);
  } catch (error) {
    fs.rmSync(archiveFile, { force: true });
    throw error;
  }
  return { file: archiveFile, sha256 };
}
