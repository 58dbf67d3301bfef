/*
 * The scale targets `npm run bench -- --check` holds a run to (issue 8; BENCHMARKS.md, "Synth and AWS limits at scale"). Each target
 * is checked when the run measured what it needs: the 1,000-member time only when 1,000 ran,
 * growth only when both 100 and 1,000 ran.
 */

/** The targets on a 2-core machine. */
export const SCALE_TARGETS = {
  /** Synth wall time at 1,000 members, in seconds. */
  secondsAt1000: 20,
  /** Peak RSS of any synth, in MB. */
  peakRssMb: 1536,
  /**
   * The shipped config's synth time over the module-load floor: the floor is what every synth pays
   * to load its modules, so the ratio is what the config itself costs (BENCHMARKS.md, "Start-up and the recorded run").
   */
  shippedOverFloor: 2,
  /** Wall time at 1,000 members over wall time at 100: at most linear. */
  growth100To1000: 10,
  /** Every command's start-up (`--help`, as a clone runs it) over bare node's (`node -e 0`). */
  startupOverBareNode: 5,
  /** The 100-member synth's ratio to the floor over the last recorded run's (bench/recorded.json). */
  synth100OverRecorded: 1.25,
} as const;

/** What a bench run measured. */
export interface BenchMeasurement {
  readonly floorSeconds: number;
  readonly shippedSeconds: number;
  /** One per member count. */
  readonly synths: readonly { readonly members: number; readonly seconds: number; readonly rssMb: number }[];
  /** The largest size of each limited document at each member count, with its AWS limit. */
  readonly documents: readonly {
    readonly members: number;
    readonly kind: string;
    readonly size: number;
    readonly limit: number;
  }[];
  /** `node -e 0`'s wall time in the same run, when start-up was measured. */
  readonly bareNodeSeconds?: number;
  /** Each command's `--help` wall time. */
  readonly startups?: readonly { readonly command: string; readonly seconds: number }[];
  /** The last recorded run (bench/recorded.json), when there is one. */
  readonly recorded?: { readonly synth100OverFloor: number; readonly measured: string; readonly commit: string };
}

/** One target checked against a run. */
export interface TargetResult {
  /** What was measured against what, for the log. */
  readonly line: string;
  readonly met: boolean;
}

/** Every target the run measured what it needs for, met or not. */
export function checkTargets(run: BenchMeasurement): TargetResult[] {
  const results: TargetResult[] = [];
  const ratio = run.shippedSeconds / run.floorSeconds;
  results.push({
    line: `shipped config ${ratio.toFixed(2)}x the floor (${run.shippedSeconds.toFixed(2)} s, floor ${run.floorSeconds.toFixed(2)} s); target at most ${SCALE_TARGETS.shippedOverFloor}x`,
    met: ratio <= SCALE_TARGETS.shippedOverFloor,
  });
  for (const synth of run.synths) {
    results.push({
      line: `${synth.members} members: peak RSS ${synth.rssMb} MB; target under ${SCALE_TARGETS.peakRssMb} MB`,
      met: synth.rssMb < SCALE_TARGETS.peakRssMb,
    });
  }
  const at = (members: number) => run.synths.find((s) => s.members === members);
  const thousand = at(1000);
  const hundred = at(100);
  if (thousand !== undefined) {
    results.push({
      line: `1000 members: ${thousand.seconds.toFixed(2)} s; target under ${SCALE_TARGETS.secondsAt1000} s`,
      met: thousand.seconds < SCALE_TARGETS.secondsAt1000,
    });
  }
  if (thousand !== undefined && hundred !== undefined) {
    const growth = thousand.seconds / hundred.seconds;
    results.push({
      line: `growth 100 -> 1000 members: ${growth.toFixed(1)}x the wall time; target at most ${SCALE_TARGETS.growth100To1000}x`,
      met: growth <= SCALE_TARGETS.growth100To1000,
    });
  }
  if (run.bareNodeSeconds !== undefined) {
    for (const startup of run.startups ?? []) {
      const over = startup.seconds / run.bareNodeSeconds;
      results.push({
        line: `${startup.command}: starts in ${startup.seconds.toFixed(3)} s, ${over.toFixed(2)}x bare node (${run.bareNodeSeconds.toFixed(3)} s); target at most ${SCALE_TARGETS.startupOverBareNode}x`,
        met: over <= SCALE_TARGETS.startupOverBareNode,
      });
    }
  }
  if (hundred !== undefined && run.recorded !== undefined) {
    const ratio = hundred.seconds / run.floorSeconds;
    const growth = ratio / run.recorded.synth100OverFloor;
    results.push({
      line:
        `100 members: ${ratio.toFixed(2)}x the floor, ${growth.toFixed(2)}x the run recorded on ${run.recorded.measured} ` +
        `at ${run.recorded.commit} (${run.recorded.synth100OverFloor}x); target at most ${SCALE_TARGETS.synth100OverRecorded}x`,
      met: growth <= SCALE_TARGETS.synth100OverRecorded,
    });
  }
  for (const document of run.documents) {
    results.push({
      line: `${document.members} members: largest ${document.kind} ${document.size}; AWS limit ${document.limit}`,
      met: document.size <= document.limit,
    });
  }
  return results;
}
