/*
 * `evidence verify`: checks a package without trusting whoever built it. Every file against the
 * manifest, the manifest against its signature, and every part that can be derived again, derived
 * again by the functions that built it (package-sections.ts): from the copy of the logs the auditor
 * gives (integrity/, completeness/, changes/, README.md) and from the packaged config, synthesized
 * here (controls/, configuration/). A part rewritten with its SHA-256 updated in an unsigned
 * manifest is not what its input gives; a manifest line edited is told from an edited file by the
 * same derivation. What cannot be derived again is named, with why.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, type OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import type { VerifyReport } from '../integrity/verify-tree';
import type { LiveReport } from '../compliance/live-state';
import type { ReportProvenance } from '../compliance/provenance';
import { ownPackage } from '../common/own-package';
import { sha256Hex } from '../integrity/digest-file';
import { EvidenceInputError } from './evidence-package';
import { verifyCommand } from './evidence-guide';
import { checkManifestSignature, type SignatureCheck } from './manifest-signature';
import {
  MANIFEST_FILE,
  manifestMismatches,
  packageFiles,
  SIGNATURE_FILE,
  type ManifestMismatch,
  type PackageManifest,
} from './package-manifest';
import {
  CHANGES_QUERY,
  configSections,
  copySections,
  type DerivedFile,
  type PackagedStack,
  givenBy,
  type SectionSource,
  guideSection,
  INTEGRITY_JSON,
  LIVE_JSON,
  packagedConfigPath,
  PUBLIC_KEYS,
  stacksOf,
} from './package-sections';
import { isPackageArchive, openPackageArchive } from './package-archive';

/** What `evidence verify` checks against. */
export interface VerifyOptions {
  /** The copy of the log bucket the package was made from, wherever the auditor keeps it. Required but with `manifestOnly`. */
  readonly logs?: string;
  /** The copy of the member-logs bucket, when the packaged config expects AWS Config files there. */
  readonly memberLogs?: string;
  /** Check without the copy: the parts from the logs are then not derived again, and the output says so. */
  readonly manifestOnly?: boolean;
  /** The signing key's public half, as the auditor was given it (PEM, DER or base64 DER). @default the signature is not checked */
  readonly publicKey?: string;
}

/** One thing refused: what changed (a file of the package, the manifest, a file of the copy) and how. */
export interface VerifyFinding {
  readonly subject: string;
  readonly problem: string;
}

/** What `evidence verify` found. */
export interface EvidenceVerification {
  readonly manifest: PackageManifest;
  /** Files whose SHA-256 is not the manifest's (edited, removed or added), before anything is derived. */
  readonly mismatches: readonly ManifestMismatch[];
  /** The manifest's signature: checked with the public key given, or not; undefined when unsigned and no key was given. */
  readonly signature?: SignatureCheck;
  /** Whether the package holds a signature of its manifest. */
  readonly signed: boolean;
  /** The copy the parts from the logs were derived again from; undefined with `manifestOnly`. */
  readonly copy?: string;
  /** The files derived again and found as the package holds them. */
  readonly rederived: readonly string[];
  /** What was not derived again, and why. */
  readonly notRederived: readonly { readonly what: string; readonly why: string }[];
  /** Everything refused, by the package file it concerns (sorted; the manifest when its line is what changed), then the copy's files. */
  readonly findings: readonly VerifyFinding[];
  /** The version of the tool that made the package, when it is not this one's. */
  readonly madeByOtherVersion?: string;
  readonly ok: boolean;
}

/**
 * Verifies a package (its folder, or its `.tar.gz`) with the copy of the logs it was made from
 * (`logs`), or without it when asked (`manifestOnly`): see the top of this file.
 * @throws EvidenceInputError for a folder that is not a package, or no copy and no `manifestOnly`
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

async function verifyPackageFolder(folder: string, options: VerifyOptions): Promise<EvidenceVerification> {
  const manifest = readManifest(folder);
  const copy = checkCopyOptions(options);
  const mismatches = manifestMismatches(folder, manifest);
  const signature = checkManifestSignature(folder, manifest, options.publicKey);
  const signed = fs.existsSync(path.join(folder, SIGNATURE_FILE));

  const derivation = await deriveAgain(folder, manifest, copy);
  const { findings, rederived } = compareWithPackage(folder, manifest, derivation.files, signature);
  const own = ownPackage();
  const all = [...findings, ...derivation.findings];
  return {
    manifest,
    mismatches,
    ...(signature === undefined ? {} : { signature }),
    signed,
    ...(copy === undefined ? {} : { copy: copy.logs }),
    rederived,
    notRederived: derivation.notRederived,
    findings: all,
    ...(manifest.tool.version === own.version ? {} : { madeByOtherVersion: manifest.tool.version }),
    ok: all.length === 0 && signature?.status !== 'refused',
  };
}

function readManifest(folder: string): PackageManifest {
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
  return manifest;
}

/** The copy to derive the parts from the logs from; undefined with `manifestOnly`. */
function checkCopyOptions(options: VerifyOptions): { logs: string; memberLogs?: string } | undefined {
  if (options.manifestOnly === true) {
    if (options.logs !== undefined || options.memberLogs !== undefined) {
      throw new EvidenceInputError(
        '--manifest-only checks the package without the copy: give either the copy (--logs) or --manifest-only',
      );
    }
    return undefined;
  }
  if (options.logs === undefined) {
    throw new EvidenceInputError(
      'give the copy of the log bucket the package was made from with --logs <folder>: verify derives ' +
        'integrity/, completeness/ and changes/ again from it. Without it, --manifest-only checks the rest and says what it did not',
    );
  }
  if (!fs.statSync(options.logs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EvidenceInputError(
      `--logs ${options.logs} is not a folder: give the copy of the log bucket the package was made from`,
    );
  }
  if (options.memberLogs !== undefined && !fs.statSync(options.memberLogs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EvidenceInputError(
      `--member-logs ${options.memberLogs} is not a folder: give the copy of the member-logs bucket the package was made from`,
    );
  }
  return { logs: options.logs, ...(options.memberLogs === undefined ? {} : { memberLogs: options.memberLogs }) };
}

/** The files derived again, what could not be and why, and what the copy changed (verify-logs's problems by key). */
interface Derivation {
  readonly files: readonly DerivedFile[];
  readonly notRederived: { what: string; why: string }[];
  readonly findings: VerifyFinding[];
}

/** Derives every part it can again: from the packaged config (synthesized here) and, with a copy, from the copy. */
async function deriveAgain(
  folder: string,
  manifest: PackageManifest,
  copy: { logs: string; memberLogs?: string } | undefined,
): Promise<Derivation> {
  const at = (file: string) => path.join(folder, ...file.split('/'));
  const configPath = packagedConfigPath(manifest.inputs.config.file);
  const configSha256 = fs.existsSync(at(configPath))
    ? sha256Hex(fs.readFileSync(at(configPath)))
    : 'none: it is not there';
  const notRederived = [
    {
      what: configPath,
      why: `the input every other part is derived from (SHA-256 ${configSha256}): compare it with the config the organization deploys`,
    },
    {
      what: PUBLIC_KEYS,
      why: "CloudTrail's public keys as the builder saved them: compare their fingerprints with aws cloudtrail list-public-keys",
    },
  ];
  if (fs.existsSync(at(LIVE_JSON)))
    notRederived.push({
      what: 'controls/live.*',
      why: 'what AWS said at the build (--live): only AWS can say it, when asked',
    });
  let config: OrgConfig;
  try {
    config = loadConfig(at(configPath));
  } catch (error) {
    const why = `${configPath} cannot be read as a config (${(error as Error).message})`;
    return {
      files: [],
      notRederived: [{ what: 'every part', why }],
      findings: [{ subject: configPath, problem: why }],
    };
  }

  const fromConfig = configSections({
    config,
    configFile: at(configPath),
    stacks: await synthesizedStacks(config, at(configPath)),
    tool: manifest.tool,
    createdAt: manifest.createdAt,
  });
  if (copy === undefined) return { files: fromConfig.files, notRederived, findings: [] };

  const publicKeys = fs.existsSync(at(PUBLIC_KEYS)) ? fs.readFileSync(at(PUBLIC_KEYS), 'utf8') : undefined;
  if (publicKeys === undefined) {
    notRederived.push({
      what: 'integrity/, completeness/, changes/, README.md',
      why: `the package holds no ${PUBLIC_KEYS}`,
    });
    return { files: fromConfig.files, notRederived, findings: [] };
  }
  const fromCopy = await copySections({ ...manifest.period, config, ...copy, publicKeys });
  const guide = guideSection(manifest.period, config, fromCopy, fromConfig, manifest, packagedLive(at(LIVE_JSON)));
  return {
    files: [...fromConfig.files, ...fromCopy.files, guide],
    notRederived,
    findings: copyChanges(at(INTEGRITY_JSON), fromCopy.integrity),
  };
}

/** The stacks of each config file's bytes this process synthesized: the same bytes and code give the same stacks. */
const synthesized = new Map<string, PackagedStack[]>();

/** The packaged config's stacks, synthesized in a temporary folder, as `evidence build` read them from its synth. */
async function synthesizedStacks(config: OrgConfig, configFile: string): Promise<PackagedStack[]> {
  const key = sha256Hex(fs.readFileSync(configFile));
  const known = synthesized.get(key);
  if (known !== undefined) return known;
  const { synthesizeStacks } = await import('@audit-logging/cdktf/stacks');
  const synth = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-verify-synth-'));
  try {
    const stacks = stacksOf(synth, synthesizeStacks(config, synth));
    synthesized.set(key, stacks);
    return stacks;
  } finally {
    fs.rmSync(synth, { recursive: true, force: true });
  }
}

/** What AWS said live, as the package holds it (not derived again: the guide names it). */
function packagedLive(file: string): { report: LiveReport; provenance: ReportProvenance } | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const { provenance, ...report } = JSON.parse(fs.readFileSync(file, 'utf8')) as LiveReport & {
      provenance: ReportProvenance;
    };
    return { report, provenance };
  } catch {
    // An unreadable live.json: the guide derived without it differs, and the file's SHA-256 names it.
    return undefined;
  }
}

/**
 * What verify-logs finds in the copy now that the package's report did not: each problem at its key
 * (a log file changed, a digest removed), then any count of files that differs.
 */
function copyChanges(packagedFile: string, now: VerifyReport): VerifyFinding[] {
  let then: VerifyReport;
  try {
    then = JSON.parse(fs.readFileSync(packagedFile, 'utf8')) as VerifyReport;
    if (!Array.isArray(then.streams)) return [];
  } catch {
    return [];
  }
  const known = new Set(then.streams.flatMap((s) => s.problems.map((p) => `${p.kind} ${p.key}`)));
  const problems = now.streams
    .flatMap((s) => s.problems)
    .filter((p) => !known.has(`${p.kind} ${p.key}`))
    .map((p) => ({ subject: p.key, problem: p.message }));
  const name = { digests: 'digest', logs: 'log', signatures: 'signature' } as const;
  const counts = (['digests', 'logs', 'signatures'] as const)
    .filter((kind) => then.files[kind] !== now.files[kind])
    .map((kind) => ({
      subject: 'the copy',
      problem: `holds ${now.files[kind]} ${name[kind]} files of the period, the package's report ${then.files[kind]}`,
    }));
  return [...problems, ...counts];
}

/**
 * Each file as the manifest lists it (M), as the package holds it (F) and as derived again (D):
 * which of them changed decides what is named, the file or the manifest.
 */
function compareWithPackage(
  folder: string,
  manifest: PackageManifest,
  derived: readonly DerivedFile[],
  signature: SignatureCheck | undefined,
): { findings: VerifyFinding[]; rederived: string[] } {
  const onDisk = new Set(packageFiles(folder));
  const byFile = new Map(derived.map((d) => [d.file, d]));
  const names = [...new Set([...Object.keys(manifest.files), ...onDisk, ...byFile.keys()])].sort();
  const findings: VerifyFinding[] = [];
  const rederived: string[] = [];
  for (const file of names) {
    const listed = manifest.files[file] as string | undefined;
    const held = onDisk.has(file) ? fs.readFileSync(path.join(folder, ...file.split('/'))) : undefined;
    const found = held === undefined ? undefined : sha256Hex(held);
    const derivation = byFile.get(file);
    const again =
      derivation === undefined
        ? undefined
        : { source: derivation.source, again: sha256Hex(Buffer.from(derivation.text)) };
    const finding = judge(file, listed, found, again, signature);
    if (finding === undefined) {
      if (again !== undefined) rederived.push(file);
      continue;
    }
    const detail = finding.subject === file && found === listed ? differenceOf(file, held, derivation) : '';
    findings.push({ ...finding, problem: `${finding.problem}${detail}` });
  }
  return { findings, rederived };
}

/** What changed, when the manifest lists `listed`, the package holds `found` and `derived` is derived again. */
function judge(
  file: string,
  listed: string | undefined,
  found: string | undefined,
  derived: { again: string; source: SectionSource } | undefined,
  signature: SignatureCheck | undefined,
): VerifyFinding | undefined {
  if (found === undefined && listed !== undefined) return { subject: file, problem: 'removed (the manifest lists it)' };
  if (found === undefined) {
    return {
      subject: file,
      problem: `missing: ${derived === undefined ? 'it is' : `${derived.source.by} gives it ${derived.source.on}`}, and neither the package nor its manifest holds it`,
    };
  }
  if (listed === undefined) {
    return derived?.again === found
      ? {
          subject: MANIFEST_FILE,
          problem: `lists no ${file}, which the package holds as ${givenBy(derived.source)}: its line was removed`,
        }
      : { subject: file, problem: 'added (the manifest does not list it)' };
  }
  if (derived === undefined) {
    if (found === listed) return undefined;
    return { subject: file, problem: `not as ${MANIFEST_FILE} lists it: ${whichChanged(signature)}` };
  }
  const { again } = derived;
  const gives = givenBy(derived.source);
  if (found === listed && listed === again) return undefined;
  if (found === listed) return { subject: file, problem: `not what ${gives}` };
  if (found === again) {
    return signature?.status === 'verified'
      ? { subject: file, problem: `edited: the signed manifest lists another SHA-256 (the file is what ${gives} now)` }
      : {
          subject: MANIFEST_FILE,
          problem: `edited: its SHA-256 of ${file} is not the file's, and the file is what ${gives}`,
        };
  }
  if (listed === again)
    return { subject: file, problem: `edited: the manifest and what ${gives} agree on what it was` };
  return { subject: file, problem: `edited: neither the manifest's SHA-256 nor what ${gives}` };
}

/** Which of a file and its manifest line changed, as far as the signature can say. */
function whichChanged(signature: SignatureCheck | undefined): string {
  switch (signature?.status) {
    case 'verified':
      return 'the file was edited (the signed manifest lists another SHA-256)';
    case 'refused':
      return 'the file or its line in the manifest was edited (and the manifest is not as it was signed)';
    case 'not-checked':
      return 'the file or its line in the manifest was edited (give --public-key to check the signed manifest)';
    default:
      return 'the file or its line in the manifest was edited (the manifest is unsigned: nothing says which)';
  }
}

/** For changes/, how many rows the copy gives and the package holds. */
function differenceOf(file: string, held: Buffer | undefined, derived: DerivedFile | undefined): string {
  if (file !== `changes/${CHANGES_QUERY}.json` || held === undefined || derived === undefined) return '';
  try {
    const rows = (text: string) => (JSON.parse(text) as { rows: unknown[] }).rows.length;
    return ` (${counted(rows(derived.text), 'row')} from the copy, ${rows(held.toString('utf8'))} in the package)`;
  } catch {
    return '';
  }
}

/** The verification for the terminal: unsigned said first and last, every finding by what changed. */
export function verificationText(result: EvidenceVerification, folder: string): string {
  const { manifest } = result;
  const lines: string[] = [];
  if (!result.signed)
    lines.push('UNSIGNED: manifest.json is not signed: it shows the files belong together, not who made them');
  lines.push(
    `${folder}: ${counted(Object.keys(manifest.files).length, 'file')} listed, period ${manifest.period.from} to ${manifest.period.to}, made ${manifest.createdAt} by ${manifest.tool.name} ${manifest.tool.version}`,
  );
  if (result.madeByOtherVersion !== undefined) {
    lines.push(
      `this is ${ownPackage().version}: a part derived differently may differ for that alone; check it with ${verifyCommand(result.madeByOtherVersion)}`,
    );
  }
  for (const { subject, problem } of result.findings) lines.push(`REFUSED ${subject}: ${problem}`);
  if (result.findings.length === 0) lines.push('every file is as the manifest lists it');
  const from = result.copy === undefined ? 'the packaged config' : `the copy ${result.copy} and the packaged config`;
  lines.push(`re-derived from ${from}, as the package holds them: ${counted(result.rederived.length, 'file')}`);
  for (const { what, why } of result.notRederived) lines.push(`not re-derived: ${what}: ${why}`);
  if (result.copy === undefined) {
    lines.push(
      'NOT checked (--manifest-only, no copy): integrity/, completeness/, changes/ and README.md are not re-derived from the copy of the logs',
    );
  }
  lines.push(...signatureLines(result.signature));
  const verdict = !result.ok
    ? 'NOT VERIFIED'
    : result.copy === undefined
      ? 'verified, manifest only: the reports from the logs NOT checked'
      : 'verified';
  const caveat = !result.signed
    ? ' (UNSIGNED: nothing says who made this package)'
    : result.signature?.status === 'not-checked'
      ? ' (signature NOT checked: give --public-key)'
      : '';
  lines.push(`${verdict}${caveat}`);
  return `${lines.join('\n')}\n`;
}

function signatureLines(signature: SignatureCheck | undefined): string[] {
  if (signature?.status === 'verified')
    return [
      `the manifest is signed by ${signature.key.keyArn}, as it names it: verified with the public key given (SHA-256 ${signature.key.publicKeySha256})`,
    ];
  if (signature?.status === 'not-checked')
    return [
      `the manifest names ${signature.key.keyArn} as its signer: give that key's public half, from the organization, with --public-key to check the signature`,
    ];
  if (signature?.status === 'refused') return [`REFUSED ${SIGNATURE_FILE}: ${signature.reason}`];
  return [];
}
