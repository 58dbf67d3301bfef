import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { outDirOption } from '../../toolkit/common/default-paths';
import { EXIT } from './exit-codes';
import { selectStacks } from '../../toolkit/terraform/stack-selection';
import { timeoutOption } from './stack-options';
import type { StackJson } from '../../toolkit/terraform/decommission';

interface DecommissionOptions {
  readonly out?: string;
  readonly planDir?: string;
  readonly timeout?: string;
}

/** The removal plan file of a stack, numbered in the order to apply it. */
export function removalPlanFile(planDir: string, index: number, stack: string): string {
  return path.join(planDir, `${String(index + 1).padStart(2, '0')}-${stack}.tfplan`);
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
  const { stacks } = selectStacks(out, named);
  const {
    afterPlanLines,
    awsCreatedSteps,
    deferredAddresses,
    followUpPlanFile,
    followUpRemovals,
    keptAddresses,
    keptDestroyed,
    remainsOf,
    removalOrder,
    removalTargets,
    removedWithPlanLines,
  } = await import('../../toolkit/terraform/decommission');
  const { succeeded } = await import('../../toolkit/terraform/plan');
  const { initStack } = await import('../../toolkit/terraform/stack-init');
  const { recordPlannedRemovals } = await import('../../toolkit/terraform/stack-files');
  const { mapLimit } = await import('../../toolkit/common/map-limit');
  const { Terraform } = await import('../../toolkit/terraform/terraform');
  const terraform = Terraform.find();
  const planDir = path.resolve(options.planDir ?? path.join(out, 'decommission'));
  fs.mkdirSync(planDir, { recursive: true });
  const removedOn = new Date();
  const report: string[] = [
    '# Removal plan',
    '',
    `Made ${removedOn.toISOString()} from ${out}. Apply the plans in this order, each after review: ` +
      "`terraform -chdir=<stack folder> apply <plan>`. The members' plans may be applied at the same time; " +
      'every other plan waits for the ones before it, and each step under "Then" waits for the plan above it. ' +
      'decommission applies nothing: when this file was written, none of it had been applied.',
    '',
  ];
  const order = removalOrder(stacks);
  const jsons = new Map(
    order.map((stack) => [
      stack,
      JSON.parse(fs.readFileSync(path.resolve(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
  const created = awsCreatedSteps(jsons);
  const followUps = followUpRemovals(jsons).map((followUp) => ({
    followUp,
    dir: path.resolve(out, 'stacks', followUp.stack),
    planFile: followUpPlanFile(planDir, followUp, order),
  }));
  // Plans read state and AWS only: two at a time (each holds a provider of about 0.8 GB).
  const outcomes = await mapLimit(order, 2, async (stack) => {
    const index = order.indexOf(stack);
    const dir = path.resolve(out, 'stacks', stack);
    const json = jsons.get(stack) ?? {};
    const kept = keptAddresses(json);
    const deferred = deferredAddresses(json);
    const targets = removalTargets(json);
    const file = removalPlanFile(planDir, index, stack);
    try {
      const init = await initStack(terraform, dir, { timeoutSeconds });
      if (init !== undefined) succeeded('init', init);
      const planned = await terraform.exec(
        dir,
        [
          'plan',
          '-destroy',
          '-input=false',
          `-out=${file}`,
          ...(kept.length + deferred.length === 0 ? [] : targets.map((address) => `-target=${address}`)),
        ],
        { timeoutSeconds, watchRetries: true },
      );
      succeeded('plan -destroy', planned);
      const shown = succeeded('show -json', await terraform.exec(dir, ['show', '-json', file], { timeoutSeconds }));
      const plan = JSON.parse(shown.stdout) as {
        resource_changes?: { address: string; change: { actions: string[] } }[];
      };
      const destroyed = keptDestroyed(plan, kept);
      if (destroyed.length > 0) {
        fs.rmSync(file, { force: true });
        throw new Error(
          `the plan would destroy evidence: ${destroyed.join(', ')}; it is removed, not applied. ` +
            'Something outside the kept set depends on it: remove that by hand first, or keep it',
        );
      }
      const early = keptDestroyed(plan, deferred);
      if (early.length > 0) {
        fs.rmSync(file, { force: true });
        throw new Error(
          `the plan would destroy ${early.join(', ')}, which AWS refuses while the account is Security Hub's ` +
            'administrator; it is removed, not applied. It depends on something the plan destroys: remove that by hand first',
        );
      }
      const deletes = (plan.resource_changes ?? []).filter((c) => c.change.actions.includes('delete')).length;
      return { stack, dir, file, kept, deletes, remains: remainsOf(json, removedOn) };
    } catch (error) {
      return { stack, error: (error as Error).message };
    }
  });
  let failed = 0;
  for (const [index, outcome] of outcomes.entries()) {
    if ('error' in outcome) {
      failed += 1;
      process.stderr.write(`${outcome.stack}: FAILED: ${outcome.error}\n`);
      report.push(`## ${index + 1}. ${outcome.stack}`, '', `- **Not planned:** ${outcome.error}`, '');
    } else {
      const { stack, dir, file, kept, deletes, remains } = outcome;
      process.stdout.write(
        `${String(index + 1).padStart(2)}. ${stack}: ${deletes} to destroy, ${kept.length} kept: ` +
          `terraform -chdir=${dir} apply ${file}\n`,
      );
      report.push(
        `## ${index + 1}. ${stack}`,
        '',
        `- Apply: \`terraform -chdir=${dir} apply ${file}\``,
        `- Destroys ${deletes} resource(s); keeps ${kept.length}${kept.length > 0 ? `: ${kept.map((a) => `\`${a}\``).join(', ')}` : ''}`,
        ...remains.map((r) => `- Stays: \`${r.address}\`, ${r.until}`),
        ...removedWithPlanLines(stack, created),
        '',
      );
    }
    report.push(...afterPlanLines(order[index], created, followUps));
    for (const { followUp, planFile } of followUps.filter((f) => f.followUp.after === order[index])) {
      process.stdout.write(
        `    then ${followUp.stack} (${followUp.addresses.join(', ')}), planned once this is applied: ${planFile}\n`,
      );
    }
  }
  const last = afterPlanLines(undefined, created, followUps);
  if (last.length > 0) {
    report.push('## Then, once the plans above are applied', '', ...last);
  }
  fs.writeFileSync(path.join(planDir, 'removal.md'), `${report.join('\n')}\n`);
  recordPlannedRemovals(
    out,
    order.filter((stack, index) => fs.existsSync(removalPlanFile(planDir, index, stack))),
    { plannedAt: removedOn.toISOString(), planDir },
  );
  process.stdout.write(
    `${path.join(planDir, 'removal.md')}: the order, what each plan destroys, what stays and until when, and what AWS made\n`,
  );
  return failed > 0 ? EXIT.finding : EXIT.ok;
}
