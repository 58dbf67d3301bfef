import { Command } from 'commander';
import { outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
import { timeoutOption } from './stack-options';

interface DecommissionOptions {
  readonly out?: string;
  readonly planDir?: string;
  readonly timeout?: string;
}

/**
 * `cdktf-audit-logging decommission`: plans the removal of the product stack by stack, keeping the
 * evidence, and says what stays and until when. It applies nothing.
 */
export function decommissionCommand(): Command {
  return new Command('decommission')
    .description(
      'Plan the removal of every stack (or those named), keeping the evidence: the archive buckets, their keys and what protects them.',
    )
    .argument('[stacks...]', 'stacks to plan the removal of (default: all synthesized)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option('--plan-dir <dir>', 'where the removal plans go (default: <out>/decommission)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
For each stack, in the reverse of the deploy waves (audit, the members, organization, audit-delegation,
guardrails, the log archive, the state bucket's stack last), terraform init and plan -destroy
of every resource but the audit account's Security Hub (AWS refuses to disable it while the account
is the administrator: removal.md gives its own plan, after audit-delegation's) and the evidence:
what the stacks mark prevent_destroy (the archive's buckets, the
keys, the state bucket) and the evidence SCP and data-perimeter RCP, with what protects or serves
them (a bucket's policy, Object Lock, versioning, encryption, public access block, logging,
lifecycle and replication; a key's alias; a policy's attachments; what they refer to, such as the
replication role). A plan that would still destroy any of it is refused. The plans go to the plan folder,
numbered in the order to apply them (terraform -chdir=<stack folder> apply <plan>, after review;
the members' plans may be applied at the same time),
with removal.md: what each plan destroys, what stays and until when, and what AWS made for the
stacks (Security Hub in every account, flow logs of the remediation...) with the commands that
remove it, each where it stands in the order. It applies nothing.
Needs the deploy role's credentials, as plan does: the guardrails exempt it from the recording and
trail denies, and the removal deletes no evidence. Exit 0 when every plan was made, 1 when one failed or was refused, 2 for bad arguments.

Examples:
  $ cdktf-audit-logging decommission
  $ cdktf-audit-logging decommission member-sandbox --plan-dir removal`,
    )
    .action(async (stacks: string[], options: DecommissionOptions) => {
      process.exitCode = await decommission(outDirOption(options.out), stacks, options);
    });
}

async function decommission(out: string, named: readonly string[], options: DecommissionOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  const { planDecommission } = await import('../../toolkit/actions/decommission-action');
  const result = await planDecommission({ out, stacks: named, planDir: options.planDir, timeoutSeconds });
  return result.ok ? EXIT.ok : EXIT.finding;
}
