/**
 * `cdktf-audit-logging <command>`: the one command-line entry point. Each command lives in its own
 * module under cli/commands and loads what it needs only when it runs, so that `--help` is
 * quick. The npm scripts (`npm run synth`, `npm run plan`, ...) are aliases of these commands.
 *
 * Exit codes, for every command: 0 ok, 1 a finding (or a failed operation), 2 usage (a bad option,
 * a missing file, an invalid config). User errors print one message, never a stack trace; set
 * AUDIT_DEBUG=1 to see the trace of an unexpected error.
 */
import * as fs from 'fs';
import { Command, CommanderError } from 'commander';
import { ConfigError, errorKindOf } from '@audit-logging/cdktf/toolkit-api/core';
import { EXIT, exitCodeOf } from './commands/exit-codes';
import { STRICT_VARIABLE } from '../toolkit/common/config-warnings';
import { commitOf, type OwnPackage, ownPackage } from '../toolkit/common/own-package';
import { PROGRAM } from '../toolkit/common/invocation';

/** A command's module, loaded when the command line needs it: `id` is relative to this file. */
function load<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as T;
}

/**
 * Every command, in the order of the help, each built from its module only when asked for: a
 * command line that names one loads that one's module (and what it imports) and no other's, so
 * that `investigate` does not first load `compliance`, `deploy` and the rest.
 */
const COMMANDS = {
  discover: () => load<typeof import('./commands/discover')>('./commands/discover').discoverCommand(),
  synth: () => load<typeof import('./commands/synth')>('./commands/synth').synthCommand(),
  plan: () => load<typeof import('./commands/plan')>('./commands/plan').planCommand(),
  'plan-summary': () => load<typeof import('./commands/plan-summary')>('./commands/plan-summary').planSummaryCommand(),
  deploy: () => load<typeof import('./commands/deploy')>('./commands/deploy').deployCommand(),
  decommission: () => load<typeof import('./commands/decommission')>('./commands/decommission').decommissionCommand(),
  'deploy-role': () => load<typeof import('./commands/deploy-role')>('./commands/deploy-role').deployRoleCommand(),
  state: () => load<typeof import('./commands/state')>('./commands/state').stateCommand(),
  compliance: () => load<typeof import('./commands/compliance')>('./commands/compliance').complianceCommand(),
  cost: () => load<typeof import('./commands/cost')>('./commands/cost').costCommand(),
  'test-filters': () => load<typeof import('./commands/test-filters')>('./commands/test-filters').testFiltersCommand(),
  'verify-logs': () => load<typeof import('./commands/verify-logs')>('./commands/verify-logs').verifyLogsCommand(),
  'verify-delivery': () =>
    load<typeof import('./commands/verify-delivery')>('./commands/verify-delivery').verifyDeliveryCommand(),
  investigate: () => load<typeof import('./commands/investigate')>('./commands/investigate').investigateCommand(),
  'live-search-sinks': () =>
    load<typeof import('./commands/live-search-sinks')>('./commands/live-search-sinks').liveSearchSinksCommand(),
  'columnar-copy': () =>
    load<typeof import('./commands/columnar-copy')>('./commands/columnar-copy').columnarCopyCommand(),
  evidence: () => load<typeof import('./commands/evidence')>('./commands/evidence').evidenceCommand(),
} satisfies Record<string, () => Command>;

/**
 * The command tree: every command, or only `only` when that names one (the rest are not loaded).
 * Each command's name is its key in {@link COMMANDS}, which a test checks.
 */
export function program(only?: string): Command {
  const root = new Command(PROGRAM)
    .description('Organization-wide AWS audit logging as CDK for Terraform: synthesize, plan, review, verify.')
    .version(
      // Read only when no command is named (a command line that names one never asks for it).
      only !== undefined && Object.hasOwn(COMMANDS, only) ? 'see cdktf-audit-logging --version' : versionText(),
      '-V, --version',
      'print the program and its version (and the commit, in a clone), then exit',
    )
    .option(
      '--strict',
      `config warnings are usage errors (exit 2), for CI: on every command that reads a config or a synth (also ${STRICT_VARIABLE}=1)`,
    )
    .usage('<command> [options]')
    .addHelpText(
      'after',
      `
Examples:
  $ ${PROGRAM} synth                          # audit.config.json -> cdktf.out/stacks/<stack>/cdk.tf.json
  $ ${PROGRAM} plan && ${PROGRAM} plan-summary --output plan.md
  $ ${PROGRAM} deploy --plan-dir cdktf.out/plans  # apply the reviewed plans, members in parallel
  $ ${PROGRAM} verify-logs ./copy-of-bucket
  $ ${PROGRAM} verify-delivery --from 2026-11-16 --to 2026-11-22
  $ ${PROGRAM} investigate root-user-activity --logs ./copy-of-bucket --from 2026-11-16 --to 2026-11-22
  $ ${PROGRAM} <command> --help               # options and examples of one command

Exit codes: 0 ok, 1 a finding or a failed operation, 2 a usage error (bad option, file or config).`,
    );
  // --strict reaches the one place config warnings are reported, and what a command starts, as the variable.
  root.hook('preAction', () => {
    if (root.opts<{ strict?: boolean }>().strict === true) process.env[STRICT_VARIABLE] = '1';
  });
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const name of names) root.addCommand(COMMANDS[name as keyof typeof COMMANDS]());
  for (const command of [root, ...root.commands, ...root.commands.flatMap((c) => c.commands)]) {
    command
      .configureHelp({ showGlobalOptions: true })
      .exitOverride()
      .showHelpAfterError(`(run ${PROGRAM} ${commandPath(root, command)}--help for usage)`);
  }
  return root;
}

/**
 * Under `npm run <script>`, a `--config <file>` written before npm's `--` is npm's own option: npm 11
 * sets npm_config_config to "true" and passes the file on as an argument (older npm, to the file).
 * The command never sees --config, and would read audit.config.json or refuse the stray argument.
 * Returns what to write instead, or undefined when nothing of the kind happened.
 */
export function npmTookConfig(argv: readonly string[]): string | undefined {
  const took = process.env.npm_config_config;
  const script = process.env.npm_lifecycle_event;
  if (!took || script === undefined || argv.includes('--config')) return undefined;
  const file = took === 'true' ? argv.slice(1).find((arg) => !arg.startsWith('-')) : took;
  return (
    `npm took --config for itself (everything before -- is npm's)${took === 'true' && file !== undefined ? ` and passed ${file} on as an argument` : ''}: ` +
    `write npm run ${script} -- --config ${file ?? '<file>'}`
  );
}

/**
 * What `--version` prints: the program, its version, and the commit of a clone. The same line from
 * a clone (the constructs package's version) and from the packed CLI (its own, released with it).
 */
export function versionText(pkg: OwnPackage = ownPackage()): string {
  const commit = commitOf(pkg.dir);
  return `${PROGRAM} ${pkg.version}${commit === undefined ? '' : ` (commit ${commit.slice(0, 12)})`}`;
}

/** `state bootstrap ` for a subcommand, `deploy ` for a command, nothing for the root. */
function commandPath(root: Command, command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null && c !== root; c = c.parent) names.unshift(c.name());
  return names.map((name) => `${name} `).join('');
}

/**
 * Runs one command line (without the node and script arguments) and returns its exit code. Output
 * goes to this process's stdout and stderr.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const root = program(argv[0]);
  if (argv.length === 0) {
    root.outputHelp();
    return EXIT.usage;
  }
  process.exitCode = undefined;
  const tookByNpm = npmTookConfig(argv);
  if (tookByNpm !== undefined) {
    process.stderr.write(`${PROGRAM} ${argv[0]}: ${tookByNpm}\n`);
    return EXIT.usage;
  }
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const command = argv[0];
    if (errorKindOf(error) !== undefined) {
      // The loader says what to copy; the command line has two more ways to name a config.
      const anotherFile =
        error instanceof ConfigError && !fs.existsSync(error.file)
          ? '\n  Or name your config with --config <file> or AUDIT_CONFIG.'
          : '';
      process.stderr.write(`${PROGRAM} ${command}: ${(error as Error).message}${anotherFile}\n`);
      return exitCodeOf(error);
    }
    const detail = process.env.AUDIT_DEBUG === '1' ? ((error as Error).stack ?? String(error)) : String(error);
    process.stderr.write(`${PROGRAM} ${command} failed: ${detail}\n(set AUDIT_DEBUG=1 for the stack trace)\n`);
    return exitCodeOf(error);
  }
}
