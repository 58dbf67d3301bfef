import { Command } from 'commander';
import { configFileOption, outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import { dayArgument } from './day-option';
import { pathAsGiven } from '../../toolkit/common/path-as-given';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';

/** Options of `evidence build`, as given. */
interface BuildOptions {
  readonly from?: string;
  readonly to?: string;
  readonly logs?: string;
  readonly memberLogs?: string;
  readonly publicKeys?: string;
  readonly config?: string;
  readonly out?: string;
  readonly output?: string;
  readonly live?: boolean;
  readonly region?: string;
  readonly aggregator?: string | false;
  readonly securityHub: boolean;
  readonly sign?: string | boolean;
}

/** `cdktf-audit-logging evidence`: one package of the evidence for a period, and its verification. */
export function evidenceCommand(): Command {
  const build = new Command('build')
    .description('Write the evidence package of a period: integrity, completeness, controls, changes, configuration.')
    .requiredOption('--from <day>', 'first day of the period, yyyy-MM-dd or yyyy/MM/dd (UTC)', dayArgument)
    .requiredOption('--to <day>', 'last day of the period, yyyy-MM-dd or yyyy/MM/dd (UTC)', dayArgument)
    .requiredOption('--logs <folder>', 'the copy of the log bucket (AWSLogs/ at its top), as verify-logs reads it')
    .requiredOption('--output <folder>', 'the package folder to write (a new one), and its archive <folder>.tar.gz')
    .option(
      '--member-logs <folder>',
      'the copy of the member-logs bucket (AWS Config snapshots), when the config records Config',
    )
    .option('--public-keys <file>', "CloudTrail's public keys (default: <logs>/public-keys.json)")
    .option('-c, --config <file>', 'the organization config (default: $AUDIT_CONFIG, else audit.config.json)')
    .option('-o, --out <dir>', 'its synth folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--live',
      'add what Security Hub and the AWS Config aggregator report now (compliance --live), with AWS credentials',
    )
    .option(
      '--region <region>',
      "with --live: the Region of Security Hub's findings and the aggregator (default: homeRegion)",
    )
    .option(
      '--aggregator <name>',
      "with --live: the AWS Config aggregator to read (default: the audit account's, when on)",
    )
    .option('--no-aggregator', 'with --live: read no AWS Config aggregator')
    .option('--no-security-hub', 'with --live: read no Security Hub findings')
    .option(
      '--sign [key]',
      "sign the manifest with KMS (kms:Sign): the key's ARN or alias ARN (default: logArchive.evidenceSigning's alias/audit-evidence-signing)",
    )
    .addHelpText(
      'after',
      `
Writes one folder for an auditor, from the local copy of the archive that verify-logs and
investigate read, by the single commands' own code: integrity/ (verify-logs over the period, each
chain's first and last digest), completeness/ (verify-delivery over the copy), controls/
(compliance of the stacks synthesized from the config; with --live also what AWS reports now, read
with the environment's credentials as compliance --live reads it), changes/ (the saved query
audit-system-changes: every call the alarms watch), configuration/ (the config, each stack's
digest, the organization policies), README.md (what each part proves and cannot) and manifest.json
(every file's SHA-256, the tool, the command line, the time). The folder is written beside the
output first and moved into place whole; then <output>.tar.gz, the one file to hand over (its
SHA-256 is printed, to record with the handover). With --sign, KMS signs the manifest's SHA-256
(manifest.signature.json), with the credentials of a role logArchive.evidenceSigning names.

Exit 0 when the package was written (what it found is in it), 2 for bad input: an empty or inverted
period, a copy that holds nothing of the period, a synth of another config, an output or archive
that exists.

Examples:
  $ cdktf-audit-logging evidence build --from 2026-07-01 --to 2026-09-30 --logs ./copy/log-bucket \\
      --member-logs ./copy/member-logs --output evidence-2026-q3
  $ AWS_PROFILE=audit-readonly cdktf-audit-logging evidence build --live --from 2026-07-01 \\
      --to 2026-09-30 --logs ./copy/log-bucket --output evidence-2026-q3
  $ cdktf-audit-logging evidence verify evidence-2026-q3 --logs ./copy/log-bucket`,
    )
    .action(async (options: BuildOptions) => {
      process.exitCode = await buildPackage(options);
    });
  const verify = new Command('verify')
    .description(
      'Check an evidence package: every file against the manifest, and every part derived again from the copy and the packaged config.',
    )
    .argument('<package>', 'the package: its folder, or its .tar.gz')
    .option(
      '--logs <folder>',
      'the copy of the log bucket the package was made from (required but with --manifest-only)',
    )
    .option(
      '--member-logs <folder>',
      'the copy of the member-logs bucket, when the packaged config expects AWS Config files there',
    )
    .option(
      '--manifest-only',
      'check without the copy: the parts from the logs (integrity/, completeness/, changes/, README.md) are not derived again, and the output says so',
    )
    .option(
      '--public-key <file>',
      "the signing key's public half, from the organization (PEM, DER, or aws kms get-public-key --output text): checks the manifest's signature",
    )
    .addHelpText(
      'after',
      `
Recomputes the SHA-256 of every file against manifest.json, then derives every part it can again,
by the code that built it: integrity/, completeness/ and changes/ from the copy of the logs
(verify-logs, verify-delivery and the saved query audit-system-changes, run here offline), and
controls/ and configuration/ from the packaged config, synthesized here. A part that is not what its
input gives is refused, even when the manifest lists its SHA-256; an edited manifest line is named
as the manifest's. What cannot be derived again is named, with why. An archive is opened into a
temporary folder first; a link, a device or a path out of the archive is refused. Needs nothing but
this package's command and the copy: no AWS, no credentials.

Without --logs it refuses to run, unless --manifest-only asks to check without the copy (it then
says what it did not check). An unsigned package is said to be unsigned first and last. With
--public-key, checks the manifest's signature with the key the organization gave you (never one the
package holds): a manifest changed after signing, or another key, is refused.

Exit 0 when verified, 1 when a file, a part, the manifest or the signature does not match (each
named), 2 when it is not a package or the copy is not given.

Examples:
  $ npx @audit-logging/cdktf-cli evidence verify evidence-2026-q3.tar.gz --logs ./copy/log-bucket
  $ aws kms get-public-key --key-id <key ARN> --output text --query PublicKey > signing-key.b64
  $ npx @audit-logging/cdktf-cli evidence verify evidence-2026-q3.tar.gz --logs ./copy/log-bucket \\
      --public-key signing-key.b64
  $ cdktf-audit-logging evidence verify examples/evidence-package --logs examples/evidence   # the repository's example`,
    )
    .action(
      async (
        folder: string,
        options: { logs?: string; memberLogs?: string; manifestOnly?: boolean; publicKey?: string },
      ) => {
        process.exitCode = await verifyPackage(folder, options);
      },
    );
  return new Command('evidence')
    .description('The evidence of a period in one package for an auditor (build), and its check (verify).')
    .addCommand(build)
    .addCommand(verify);
}

async function buildPackage(options: BuildOptions): Promise<number> {
  if (
    options.live !== true &&
    (options.region !== undefined || options.aggregator !== undefined || !options.securityHub)
  ) {
    throw new UsageError(
      '--region, --aggregator, --no-aggregator and --no-security-hub choose what --live reads: use them with --live',
    );
  }
  const { buildEvidence } = await import('../../toolkit/actions/evidence-action');
  const summary = await buildEvidence({
    from: String(options.from),
    to: String(options.to),
    config: configFileOption(options.config),
    out: outDirOption(options.out),
    logs: String(options.logs),
    memberLogs: options.memberLogs,
    publicKeys: options.publicKeys,
    output: String(options.output),
    live:
      options.live === true
        ? { region: options.region, aggregator: options.aggregator, securityHub: options.securityHub }
        : undefined,
    sign: options.sign === undefined || options.sign === false ? undefined : options.sign,
    command: process.argv.slice(2),
  });
  process.stdout.write(
    `${pathAsGiven(String(options.output), summary.output)}: ${counted(summary.files, 'file')}; ` +
      `integrity ${summary.integrityOk ? 'verified' : 'NOT verified'}, ${counted(summary.gaps, 'delivery gap')}, ` +
      `${counted(summary.changes, 'change')} to the audit system, ${counted(summary.controls, 'control')}. ` +
      'Read its README.md; check it with evidence verify.\n' +
      (summary.signedBy === undefined ? '' : `manifest.json signed by ${summary.signedBy}\n`) +
      `${pathAsGiven(String(options.output), summary.archive.file)}: the package as one file, SHA-256 ${summary.archive.sha256}\n`,
  );
  return EXIT.ok;
}

async function verifyPackage(
  folder: string,
  options: { logs?: string; memberLogs?: string; manifestOnly?: boolean; publicKey?: string },
): Promise<number> {
  const { verifyEvidence } = await import('../../toolkit/actions/evidence-action');
  const { ok, text } = await verifyEvidence({ package: folder, ...options });
  process.stdout.write(text);
  return ok ? EXIT.ok : EXIT.finding;
}
