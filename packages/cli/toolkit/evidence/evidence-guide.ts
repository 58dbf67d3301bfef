import type { OrgConfig } from '@audit-logging/cdktf/toolkit-api/config';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import type { ControlRow } from '../compliance/compliance-matrix';
import type { LiveReport } from '../compliance/live-state';
import type { ReportProvenance } from '../compliance/provenance';
import type { DeliveryReport } from '../delivery';
import type { VerifyReport } from '../integrity/verify-tree';
import { CLI_PACKAGE } from '../common/invocation';

/** What the guide is written from: the period and each section's result. */
export interface GuideFacts {
  readonly from: string;
  readonly to: string;
  readonly config: OrgConfig;
  readonly integrity: VerifyReport;
  readonly delivery: DeliveryReport;
  readonly rows: readonly ControlRow[];
  readonly changes: number;
  /** What AWS said live when the package was built (`--live`), if it was asked. */
  readonly live?: { readonly report: LiveReport; readonly provenance: ReportProvenance };
  /** Whether the config expects files in the member-logs bucket: the command then takes its copy too. */
  readonly memberLogs: boolean;
  /** The tool that made the package, as the manifest names it: the command pins its version. */
  readonly tool: { readonly version: string };
  /** The KMS key that signs the manifest, as named to the build; undefined when it is not signed. */
  readonly signedWith?: string;
}

/** The rest of the command when the config expects files in the member-logs bucket. */
const MEMBER_LOGS_OPTION = ' --member-logs <the copy of the member-logs bucket>';

/** The command that verifies a package, with the version that made it when it is known. */
export function verifyCommand(version: string): string {
  return `npx ${CLI_PACKAGE}${/^\d+\.\d+\.\d+/.test(version) ? `@${version}` : ''} evidence verify`;
}

/** How the manifest is signed, or that it is not. */
function signingLines(keyId: string | undefined): string {
  if (keyId === undefined) {
    return `
The manifest is not signed: it proves the files belong together, not who made them. The command
says so at its top and its bottom.
`;
  }
  return `
\`manifest.json\` is signed with the KMS key ${keyId} (\`manifest.signature.json\`: PKCS #1 v1.5
over its SHA-256). Ask the organization for that key's public half (\`aws kms get-public-key\`),
by a channel other than this package, and add \`--public-key <file>\` to the command above.
`;
}

/** The controls part's last sentence: where the live state is, or how to get it. */
function liveLines(live: GuideFacts['live']): string {
  if (live === undefined)
    return 'What AWS reports now is `compliance --live`, which needs AWS: this package was built without it.';
  const { report, provenance } = live;
  const failing = report.rows.filter((row) => row.cells.some((c) => c.status === 'failing')).length;
  const source = provenance.source;
  const read = source.kind === 'live reads' ? `${source.read.join(' and ')} in ${source.region}` : 'AWS';
  return (
    `\`live.md\` is what ${read} said at ${provenance.generatedAt} (${counted(report.accounts.length, 'account')}, ` +
    `${counted(failing, 'control')} failing somewhere${report.unread.length > 0 ? `, ${counted(report.unread.length, 'source')} NOT read: see its end` : ''}): ` +
    "AWS's word at that time, which no one can check again offline."
  );
}

/** The hours no digest covers (logging or validation off), from verify-logs's notices. */
function loggingOffLines(integrity: VerifyReport): string {
  const off = integrity.streams.flatMap((s) =>
    s.notices.flatMap((n) => (n.off === undefined ? [] : [`${s.account} ${s.region}: ${n.off.from} to ${n.off.to}`])),
  );
  if (off.length === 0) return 'Every chain runs unbroken through the period.';
  return `No digest covers ${off.join('; ')}: logging or log file validation was off then (a new chain starts after). The changes below say who stopped and started what, and when.`;
}

/**
 * The package's README.md: for an auditor, what each part proves, what it cannot, and how to check
 * the package. The numbers are the sections' own; the reports they come from are beside it.
 */
export function evidenceGuide(facts: GuideFacts): string {
  const { integrity, delivery, rows } = facts;
  const problems = integrity.streams.reduce((n, s) => n + s.problems.filter((p) => p.severity === 'error').length, 0);
  const status = (s: string) => rows.filter((r) => r.status === s).length;
  return `# Audit evidence, ${facts.from} to ${facts.to}

Organization ${facts.config.organization.id} (management account ${facts.config.organization.managementAccountId}).
Every file of this folder is listed in \`manifest.json\` with its SHA-256, with the tool, the
command line and the time that made it. Check it before reading anything else:

    ${verifyCommand(facts.tool.version)} <this folder> --logs <the copy of the log bucket>${facts.memberLogs ? MEMBER_LOGS_OPTION : ''}

It refuses any file edited, removed or added since, by name, and derives every part it can again,
from the copy of the logs (integrity/, completeness/, changes/) and from the config here
(controls/, configuration/): a part that is not what its input gives is refused. It says what it
cannot derive again and why. \`npm audit signatures\` in a project that installs ${CLI_PACKAGE}
checks that npm's copy of it is the one its repository published.
${signingLines(facts.signedWith)}
## What each part says

- **integrity/**: ${integrity.ok ? 'every digest chain verified' : `NOT VERIFIED: ${counted(problems, 'problem')}`}
  (${counted(integrity.files.digests, 'digest file')}, ${counted(integrity.files.logs, 'log file')},
  ${counted(integrity.streams.length, 'chain')}). CloudTrail signs a digest file every hour for
  each account and Region, listing the SHA-256 of each log file it delivered and the signature of
  the digest before; \`verify-logs.txt\` checks every signature with CloudTrail's public keys
  (\`public-keys.json\`), every link and every log file, and names every break. \`chains.json\` gives
  each chain's first and last digest in the period. It proves that the log files of the copy are
  the ones CloudTrail delivered, and that none of the period is missing between two digests. It
  cannot prove what CloudTrail did not record (logging off is a notice, and the CIS alarms page on it).
  ${loggingOffLines(integrity)}
- **completeness/**: ${delivery.complete ? 'every account, Region and day expected delivered' : `${counted(delivery.gaps.length, 'gap')}: ${delivery.gaps.map((g) => `${g.name} ${g.region} ${g.kind}`).join('; ')}`}.
  From the config, which accounts and Regions must deliver CloudTrail logs and digests (and AWS
  Config snapshots where this product records them) on each day; the report lists every one that did
  not. It reads names only, from the copy: a copy made incompletely shows as gaps too.
- **controls/**: ${counted(rows.length, 'control')}: ${status('met')} met, ${status('gap')} with a deliberate gap,
  ${status('missing')} missing, ${status('not-covered')} not covered. The CIS and Security Hub
  controls the deployed stacks answer, judged from the stacks synthesized from the config below,
  with the config's path and digest. It says what the configuration claims. ${liveLines(facts.live)}
- **changes/**: ${counted(facts.changes, 'call')} to the audit system itself: every call the evasion pack
  and the CIS alarms watch (trails and selectors, recorders, keys, buckets, log groups, guardrails,
  detectors), allowed or refused (\`errorcode\`), with who, when and from where, found by the saved
  query beside it over the same copy.
- **configuration/**: the config that was in force, each synthesized stack's digest, and the text of
  every organization policy (the guardrails) as the stacks attach them.

## What it rests on

The digests' signatures and the log files' hashes are CloudTrail's; the period's boundaries are UTC
days. What AWS says only now (Security Hub findings, AWS Config evaluations) is ${facts.live === undefined ? 'not here' : 'in `controls/live.*` as AWS said it, and rests on AWS alone'}. The copy
is what someone synced from the archive: verify it came from the archive bucket you expect (its
name is in \`completeness/verify-delivery.txt\`), and keep it beside this folder.
`;
}
