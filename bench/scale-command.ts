import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../packages/cli/cli/commands/exit-codes';

/**
 * `npm run bench [members] [--check]`: synth time, memory and document sizes at scale. A development
 * command of this repository (it builds its configs with the test helpers), not part of the package.
 */
function benchCommand(): Command {
  return new Command('bench')
    .description("Measure synth time, peak memory and every policy's size against AWS's limits at scale.")
    .argument('[members]', 'member counts, comma-separated', '10,100,300,1000')
    .option('--check', 'exit 1 when the run misses a scale target, naming each')
    .option('--record', "keep the 100-member synth's ratio to the floor in bench/recorded.json, for later checks")
    .addHelpText(
      'after',
      `
For organizations of that many member accounts in 17 Regions (every member with AWS Config, session
logs and one VPC's flow logs; 10 more outside the organization with their own trails; 5 readers):
synthesizes each config in a fresh process (the synth command, as a clone runs it) under
/usr/bin/time for wall time and peak RSS, measures the floor (node plus the same compiled modules,
building nothing), each command's start-up (--help) against node -e 0, and the size of every
document AWS limits against the limit. Prints Markdown tables (BENCHMARKS.md, "Synth and AWS limits at scale"). --check also holds
every start-up to 5x bare node, and the 100-member synth's ratio to the floor to 1.25x the run kept
in bench/recorded.json (--record keeps one).

Examples:
  $ npm run bench
  $ npm run bench -- 10,100 --check
  $ npm run bench -- 10,100 --record`,
    )
    .action((members: string, options: { check?: boolean; record?: boolean }) => {
      const counts = memberCounts(members);
      // Loaded when it runs, so that --help and a bad argument answer without loading cdktf.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { bench } = require('./scale') as typeof import('./scale');
      process.exitCode = bench(counts, options.check ?? false, options.record ?? false);
    });
}

/** The member counts, from the command line. */
function memberCounts(text: string): number[] {
  const counts = text.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(`member counts ${text}: give comma-separated positive integers such as 10,100`);
  }
  return counts;
}

const command = benchCommand().exitOverride();
try {
  command.parse(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else if (error instanceof UsageError) {
    process.stderr.write(`npm run bench: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else throw error;
}
