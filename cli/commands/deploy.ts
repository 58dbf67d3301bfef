import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { outDirOption } from '../../toolkit/common/default-paths';
import { EXIT, UsageError } from './exit-codes';
import {
  baseDirOption,
  parallelOption,
  resultsTable,
  selectStacks,
  StackProgress,
  timeoutOption,
  withInterrupts,
} from './stack-runs';
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { commandLine } from '../../toolkit/common/invocation';

/** Options of `deploy`, as commander parses them. */
interface DeployCommandOptions {
  readonly out?: string;
  readonly timeout?: string;
  readonly changed?: boolean;
  readonly base?: string;
  readonly parallel?: string;
  readonly planDir?: string;
  readonly resume?: boolean;
  readonly keepGoing?: boolean;
}

/** `cdktf-audit-logging deploy`: apply the synthesized stacks in waves, several members at a time. */
export function deployCommand(): Command {
  return new Command('deploy')
    .description(
      'Apply the synthesized stacks in deployment order: log archive, organization-level stacks, then members in parallel.',
    )
    .argument('[stacks...]', 'stack names (default: every stack of the last synth)')
    .option('-o, --out <dir>', 'the synth output folder (default: $CDKTF_OUTDIR, else cdktf.out)')
    .option(
      '--changed',
      'apply only the stacks whose Terraform JSON differs in meaning from the base synth, or are new',
    )
    .option('--base <dir>', 'the base synth for --changed (default: $AUDIT_BASE_OUTDIR, else cdktf.base.out)')
    .option(
      '--parallel <n>',
      'member stacks applied at once (default: as many as fit in 80% of free memory, at most 2 per CPU)',
    )
    .option(
      '--plan-dir <dir>',
      "apply the reviewed plans in this folder (plan's <out>/plans); refuse a stack that changed since",
    )
    .option('--resume', 'skip the stacks this synth folder records as applied at the same synthesized content')
    .option('--keep-going', 'after a failure, go on with the other stacks of the same wave (never into the next wave)')
    .option('--timeout <seconds>', 'time limit of each Terraform command (default: $PLAN_TIMEOUT_SECONDS, else 1800)')
    .addHelpText(
      'after',
      `
Waves: the log archive first (every other stack delivers to it), then the organization, the
guardrails and the audit account's delegation, then every member stack, up to --parallel at a
time, then the audit account's stack. A change that removes something another stack names goes
consumers first: the stacks that stop naming it apply in a removal wave ahead of the others (live
search off: the members' links before the log archive's sinks). The change is the one from the
base synth with --changed, else the one synth recorded in <out>/transition-order.json; a change no
order applies, or one that needs a removed stack destroyed first, is refused with its steps. A
failure stops new starts (running applies finish) and the command exits 1; nothing of a later
wave starts after a failure. Ctrl-C (SIGINT or SIGTERM) does the same: the running applies stop
after saving their state. Each stack's provider assumes its deploy role with the credentials in
the environment.

Each stack that applies prints its Terraform outputs (terraform output -json; a sensitive one as
"(sensitive)", its value never printed nor kept). Each successful apply is recorded at once in
<out>/deploy-record.json with the digest of the stack as applied and its outputs, so that --resume
after a failure or an interruption skips what is done, and live-search-sinks reads the log archive's
sinks from it. With
--plan-dir, each stack applies <dir>/<stack>.tfplan, and is refused when it has no plan there, when
the plan was made read-only, or when the stack synthesizes differently now than when it was
planned; Terraform itself refuses a plan whose state has moved on ("Saved plan is stale"), and
that stack needs a new plan (cdktf-audit-logging plan <stack>), not --resume.

A call AWS keeps failing is named for its stack as soon as the provider has retried it three times
in a row (from Terraform's debug log, kept in a temporary file only while the apply runs), and
every 5 minutes a stack says what it is still waiting for.

What a killed or interrupted run leaves stops its stack with the commands that repair it, which
deploy never runs itself: a state lock (terraform force-unlock, once the holder is surely gone),
resources tainted by a create cut short (terraform untaint), resources created but never saved
(terraform import). See docs/failures.md.

Examples:
  $ cdktf-audit-logging deploy
  $ cdktf-audit-logging plan && cdktf-audit-logging deploy --plan-dir cdktf.out/plans
  $ cdktf-audit-logging deploy --changed --base base/cdktf.out --parallel 4
  $ cdktf-audit-logging deploy --resume`,
    )
    .action(async (stacks: string[], options: DeployCommandOptions) => {
      process.exitCode = await deploy(outDirOption(options.out), stacks, options);
    });
}

async function deploy(out: string, named: readonly string[], options: DeployCommandOptions): Promise<number> {
  const timeoutSeconds = timeoutOption(options.timeout);
  if (options.planDir !== undefined && !fs.statSync(options.planDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(
      `--plan-dir ${options.planDir} is not a folder: give the folder plan wrote the reviewed plans into (cdktf.out/plans by default; ${commandLine('plan')} makes it)`,
    );
  }
  const selection = selectStacks(out, named, options.changed === true ? baseDirOption(options.base) : undefined);
  if (selection.stacks.length === 0) {
    process.stdout.write('nothing to deploy\n');
    return EXIT.ok;
  }
  const parallel = parallelOption(options.parallel, out, selection.stacks);
  const { clearTransition, deriveTransition, readTransitionOrder, transitionRefusal, transitionSteps, wavesFor } =
    await import('../../toolkit/review/transition-order');
  // The change's order: from the base synth with --changed, else as synth recorded it beside the stacks.
  const order =
    options.changed === true ? deriveTransition(baseDirOption(options.base), out) : readTransitionOrder(out);
  const refusal = order === undefined ? undefined : transitionRefusal(order, out);
  if (refusal !== undefined) {
    process.stderr.write(`deploy refused: ${refusal}\n`);
    return EXIT.finding;
  }
  const { stackDigest } = await import('../../toolkit/review/stack-changes');
  const { runInWaves } = await import('../../toolkit/terraform/stack-waves');
  const { applyStack, PlanRefused } = await import('../../toolkit/terraform/apply');
  const { TerraformFailed } = await import('../../toolkit/terraform/plan');
  const { DeployRecord, deployLogFile } = await import('../../toolkit/terraform/stack-files');
  const { outputLines, readStackOutputs } = await import('../../toolkit/terraform/stack-outputs');
  const { Terraform } = await import('../../toolkit/terraform/terraform');
  const terraform = Terraform.find();
  const record = new DeployRecord(out);
  const waves = wavesFor(order, selection.stacks);
  const ahead = (order?.ahead ?? []).filter((stack) => selection.stacks.includes(stack));
  if (ahead.length > 0 && order !== undefined) {
    process.stdout.write(`removal wave first: ${ahead.join(', ')}\n${transitionSteps(order).join('\n')}\n`);
  } else if (order !== undefined && transitionSteps(order).length > 0) {
    process.stdout.write(`${transitionSteps(order).join('\n')}\n`);
  }
  process.stdout.write(
    `deploying ${counted(selection.stacks.length, 'stack')} in ${counted(waves.length, 'wave')}, ${parallel} at a time` +
      `${options.planDir === undefined ? '' : `, reviewed plans from ${options.planDir}`}\n`,
  );
  const progress = new StackProgress('applying', Math.max(...selection.stacks.map((stack) => stack.length)));
  /** Stacks whose reviewed plan cannot be applied (stale, changed since, missing): they need a new plan. */
  const replan = new Set<string>();
  const { result: results, interrupted } = await withInterrupts(terraform, (stopped) =>
    runInWaves(
      waves,
      async (stack) => {
        const dir = path.join(out, 'stacks', stack);
        const started = Date.now();
        const logFile = deployLogFile(out, stack);
        const applied = await applyStack(terraform, dir, {
          timeoutSeconds,
          planDir: options.planDir,
          logFile,
          onRetries: (operations) => progress.retries(stack, operations),
          onWaiting: (seconds, operations) => progress.waiting(stack, seconds, operations),
        }).catch((error: unknown) => {
          if (error instanceof PlanRefused || (error instanceof TerraformFailed && error.stalePlan)) replan.add(stack);
          if (!(error instanceof TerraformFailed)) throw error;
          throw new Error(`${error.message}\nTerraform's whole output: ${logFile}`, { cause: error });
        });
        const seconds = (Date.now() - started) / 1000;
        const outputs = await readStackOutputs(terraform, dir, timeoutSeconds).catch((error: unknown) => {
          // The apply is done: outputs that cannot be read are said, and the stack still counts as applied.
          progress.line(stack, `outputs not read: ${(error as Error).message.split('\n')[0]}`);
          return undefined;
        });
        record.record(stack, {
          stackDigest: applied.stackDigest,
          appliedAt: new Date().toISOString(),
          seconds,
          ...(outputs === undefined ? {} : { outputs }),
        });
        for (const line of outputLines(outputs ?? {})) progress.line(stack, `output ${line}`);
        return { outcome: 'done', value: applied } as const;
      },
      {
        parallel,
        keepGoing: options.keepGoing === true,
        onEvent: progress.onEvent,
        shouldStop: stopped,
        skip: (stack) =>
          options.resume === true && record.appliedAt(stack, stackDigest(path.join(out, 'stacks', stack)))
            ? 'applied before at this content (--resume)'
            : undefined,
      },
    ),
  );
  process.stdout.write(`\n${resultsTable(results, (value) => `peak ${value.peakMb} MB`)}`);
  const failed = results.filter(({ outcome }) => outcome === 'failed' || outcome === 'not started');
  if (interrupted) {
    process.stderr.write(`${interruptedAdvice(failed, options.planDir !== undefined)}\n`);
    return EXIT.finding;
  }
  if (failed.length > 0) {
    process.stderr.write(
      `deploy stopped: ${counted(failed.length, 'stack')} failed or did not start. ${stoppedAdvice(results, [...replan], options.planDir !== undefined)}\n`,
    );
    return EXIT.finding;
  }
  // Every stack applied: the change synth kept an order for is deployed.
  if (named.length === 0) clearTransition(out);
  return EXIT.ok;
}

/**
 * What to do after a stop: a stack whose reviewed plan cannot be applied (Terraform's "Saved plan
 * is stale", or a plan refused before Terraform ran) needs a new plan, which no fix and no
 * --resume gives it; any other failure needs its cause fixed. With reviewed plans (`reviewed`), a
 * failed apply may have changed its stack's state (what it created before the failure, an import of
 * the repair), which makes that stack's plan stale too: it is planned again after the fix, which is
 * right either way.
 */
function stoppedAdvice(
  results: readonly { stack: string; outcome: string }[],
  replan: readonly string[],
  reviewed: boolean,
): string {
  const others = results.filter(({ stack, outcome }) => outcome === 'failed' && !replan.includes(stack));
  const advice: string[] = [];
  if (replan.length > 0) {
    advice.push(
      `The reviewed ${replan.length === 1 ? 'plan' : 'plans'} of ${replan.join(', ')} cannot be applied: plan again ` +
        `(${commandLine('plan', replan)}), review, then deploy the new plans with --plan-dir and --resume.`,
    );
  }
  if (others.length > 0 || replan.length === 0) {
    const names = others.map(({ stack }) => stack);
    advice.push(
      `Fix the cause${replan.length > 0 ? ` of ${others.map(({ stack }) => stack).join(', ')}` : ''}, then ` +
        (reviewed && others.length > 0
          ? `plan ${others.length === 1 ? 'it' : 'them'} again (${commandLine('plan', names)}): a failed apply may have ` +
            'changed the state it was planned from, and Terraform then refuses the old plan as stale. Review, then ' +
            'deploy the new plans with --plan-dir and --resume.'
          : 'run the same command with --resume.'),
    );
  }
  return advice.join(' ');
}

/**
 * What to do after an interrupt (Ctrl-C, SIGTERM) left `unfinished` stacks failed or not started:
 * resume; with reviewed plans (`reviewed`), plan the stopped ones again first, since an apply that
 * was stopped may have changed the state its plan was made from.
 */
export function interruptedAdvice(
  unfinished: readonly { stack: string; outcome: string }[],
  reviewed: boolean,
): string {
  const head = `deploy interrupted: ${counted(unfinished.length, 'stack')} failed or did not start.`;
  const stopped = unfinished.filter(({ outcome }) => outcome === 'failed').map(({ stack }) => stack);
  if (!reviewed || stopped.length === 0) return `${head} Run the same command with --resume to go on.`;
  return (
    `${head} Plan the stopped ${stopped.length === 1 ? 'stack' : 'stacks'} again (${commandLine('plan', stopped)}): ` +
    'an apply that was stopped may have changed the state it was planned from. Review, then deploy the new plans ' +
    'with --plan-dir and --resume.'
  );
}
