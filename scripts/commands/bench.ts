import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { UsageError } from './exit-codes';

/** What scripts/bench.ts exports. */
interface BenchModule {
  bench(memberCounts: number[], check: boolean): number;
}

/**
 * scripts/bench.ts, which builds its configs with the test helpers: it is in a clone of the
 * repository, not in the installed package (the path is computed so that the package build does not
 * pull it, and the tests it uses, into lib/).
 */
function loadBench(): BenchModule {
  const source = path.join(__dirname, '..', 'bench.ts');
  if (!fs.existsSync(source)) {
    throw new UsageError(
      'bench runs from a clone of the cdktf-audit-logging repository (it builds its configs with the test helpers); it is not part of the installed package',
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(source.slice(0, -'.ts'.length)) as BenchModule;
}

/** `cdktf-audit-logging bench`: synth time, memory and document sizes at scale. */
export function benchCommand(): Command {
  return new Command('bench')
    .description("Measure synth time, peak memory and every policy's size against AWS's limits at scale.")
    .argument('[members]', 'member counts, comma-separated', '10,100,300,1000')
    .option('--check', 'exit 1 when the run misses a scale target, naming each')
    .addHelpText(
      'after',
      `
For organizations of that many member accounts in 17 Regions (every member with AWS Config, session
logs and one VPC's flow logs; 10 more outside the organization with their own trails; 5 readers):
synthesizes each config in a fresh process (node main.ts) under /usr/bin/time for wall time and peak
RSS, measures the floor (node plus the same modules, building nothing), and the size of every
document AWS limits against the limit. Prints Markdown tables for BENCHMARKS.md. Runs from a clone
of this repository (it builds its configs with the test helpers).

Examples:
  $ cdktf-audit-logging bench
  $ cdktf-audit-logging bench 10,100 --check`,
    )
    .action(async (members: string, options: { check?: boolean }) => {
      const counts = memberCounts(members);
      process.exitCode = loadBench().bench(counts, options.check ?? false);
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
