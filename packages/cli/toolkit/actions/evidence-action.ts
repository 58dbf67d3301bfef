import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { loadCheckedConfig } from '../common/config-warnings';
import { CONSOLE_IO, type ToolkitIo } from '../common/toolkit-io';
import { synthesizedStacksOf } from '../synth/synthesized-stacks';
import { EvidenceInputError, type EvidenceSummary } from '../evidence/evidence-package';
import type { EvidenceVerification, VerifyOptions } from '../evidence/package-verification';

/** Options of {@link buildEvidence}. */
export interface BuildEvidenceOptions {
  /** First and last day of the period, yyyy-MM-dd (UTC). */
  readonly from: string;
  readonly to: string;
  /** The organization config file; copied into the package with its digest. */
  readonly config: string;
  /** The synth output folder of that config. */
  readonly out: string;
  /** The copy of the log bucket (`AWSLogs/` at its top). */
  readonly logs: string;
  /**
   * The copy of the member-logs bucket (AWS Config snapshots, application logs).
   * @default - none: required when the config records AWS Config
   */
  readonly memberLogs?: string;
  /**
   * CloudTrail's public keys (aws cloudtrail list-public-keys).
   * @default - `<logs>/public-keys.json`
   */
  readonly publicKeys?: string;
  /** The package folder to write (a new one), and its archive `<folder>.tar.gz` beside it. */
  readonly output: string;
  /**
   * Also read what Security Hub and the AWS Config aggregator report now (controls/live.*).
   * @default - not read
   */
  readonly live?: { readonly region?: string; readonly aggregator?: string | false; readonly securityHub: boolean };
  /**
   * Sign the manifest with this KMS key, or (`true`) the config's evidence signing key.
   * @default - not signed
   */
  readonly sign?: string | true;
  /** The command line, recorded in the manifest. */
  readonly command: readonly string[];
}

/**
 * The evidence build action: a period's package for an auditor (integrity, completeness, controls,
 * changes, configuration), from the config, its synth and a copy of the logs, signed when asked.
 * Reports what could not be read live through `io`.
 * @throws EvidenceInputError naming the field; SynthOutputError for a synth of another config
 */
export async function buildEvidence(
  options: BuildEvidenceOptions,
  io: ToolkitIo = CONSOLE_IO,
): Promise<EvidenceSummary> {
  const { buildEvidencePackage } = await import('../evidence/evidence-package');
  const config = await loadCheckedConfig(options.config, io);
  const stacks = await synthesizedStacksOf(options.out, options.config, config, io);
  const sign =
    options.sign === undefined
      ? undefined
      : await manifestSigner(options.sign === true ? undefined : options.sign, config);
  const { live } = options;
  const readLive =
    live === undefined
      ? undefined
      : async () => {
          const { readLiveCompliance } = await import('../compliance/live-compliance');
          const read = await readLiveCompliance(config, options.config, live);
          for (const what of read.report.unread) io.notify({ level: 'warn', text: `not read: ${what}` });
          return read;
        };
  return buildEvidencePackage({
    from: options.from,
    to: options.to,
    config,
    configFile: options.config,
    synth: options.out,
    stacks,
    logs: options.logs,
    memberLogs: options.memberLogs,
    publicKeys: options.publicKeys,
    output: options.output,
    ...(readLive === undefined ? {} : { readLive }),
    ...(sign === undefined ? {} : { sign }),
    command: options.command,
  });
}

/** The KMS signer of the manifest: the key given, else the config's evidence signing key. */
async function manifestSigner(key: string | undefined, config: OrgConfig) {
  const { AuditNaming } = await import('@audit-logging/cdktf/toolkit-api/core');
  if (key === undefined && config.logArchive.evidenceSigning === null) {
    throw new EvidenceInputError(
      '--sign names no key and the config has no evidence signing key: turn on logArchive.evidenceSigning (and deploy log-archive), or give a key ARN with --sign <key>',
    );
  }
  const keyId = key ?? AuditNaming.fromConfig(config).evidenceSigningKeyAliasArn;
  const { KmsManifestSigner } = await import('../evidence/kms-manifest-signer');
  return { keyId, signer: new KmsManifestSigner(keyId) };
}

/** Options of {@link verifyEvidence}. */
export interface VerifyEvidenceOptions extends VerifyOptions {
  /** The package: its folder, or its `.tar.gz` as it was handed over. */
  readonly package: string;
}

/** What {@link verifyEvidence} found, and the account of it the command prints. */
export interface EvidenceCheck extends EvidenceVerification {
  /** What was checked and found, as the command prints it. */
  readonly text: string;
}

/**
 * The evidence verify action: an auditor's check of a package, without trusting whoever built it:
 * every file against the manifest, the manifest's signature with the public key given, and the parts
 * from the logs derived again from the copy the auditor holds. Calls nothing in AWS.
 * @throws EvidenceInputError for a package or a copy it cannot read
 */
export async function verifyEvidence(options: VerifyEvidenceOptions): Promise<EvidenceCheck> {
  const { verifyEvidencePackage, verificationText } = await import('../evidence/package-verification');
  const { package: folder, ...verify } = options;
  const result = await verifyEvidencePackage(folder, verify);
  return { ...result, text: verificationText(result, folder) };
}
