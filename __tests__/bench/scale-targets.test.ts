import { BenchMeasurement, checkTargets } from '../../bench/scale-targets';

/** A bench run (BENCHMARKS.md, "Synth and AWS limits at scale"), trimmed to what the targets read. */
const measured: BenchMeasurement = {
  floorSeconds: 0.98,
  shippedSeconds: 1.17,
  synths: [
    { members: 100, seconds: 2.74, rssMb: 203 },
    { members: 1000, seconds: 16.39, rssMb: 518 },
  ],
  documents: [{ members: 1000, kind: 's3-bucket-policy', size: 6653, limit: 20480 }],
};

const missed = (run: BenchMeasurement) =>
  checkTargets(run)
    .filter((r) => !r.met)
    .map((r) => r.line);

describe('npm run bench -- --check', () => {
  test('a run within every target meets all six checks it measured', () => {
    const results = checkTargets(measured);
    expect(results.map((r) => r.line)).toEqual([
      'shipped config 1.19x the floor (1.17 s, floor 0.98 s); target at most 2x',
      '100 members: peak RSS 203 MB; target under 1536 MB',
      '1000 members: peak RSS 518 MB; target under 1536 MB',
      '1000 members: 16.39 s; target under 20 s',
      'growth 100 -> 1000 members: 6.0x the wall time; target at most 10x',
      '1000 members: largest s3-bucket-policy 6653; AWS limit 20480',
    ]);
    expect(results.every((r) => r.met)).toBe(true);
  });

  test('names each target a run misses', () => {
    expect(
      missed({
        floorSeconds: 1,
        shippedSeconds: 2.1,
        synths: [
          { members: 100, seconds: 2, rssMb: 200 },
          { members: 1000, seconds: 21.4, rssMb: 1600 },
        ],
        documents: [{ members: 1000, kind: 'kms-key-policy', size: 32769, limit: 32768 }],
      }),
    ).toEqual([
      'shipped config 2.10x the floor (2.10 s, floor 1.00 s); target at most 2x',
      '1000 members: peak RSS 1600 MB; target under 1536 MB',
      '1000 members: 21.40 s; target under 20 s',
      'growth 100 -> 1000 members: 10.7x the wall time; target at most 10x',
      '1000 members: largest kms-key-policy 32769; AWS limit 32768',
    ]);
  });

  test('checks time and growth only when the run measured 1,000 members (and 100, for growth)', () => {
    const small = { ...measured, synths: measured.synths.slice(0, 1) };
    expect(checkTargets(small).map((r) => r.line)).not.toContainEqual(expect.stringMatching(/20 s|growth/));
    const onlyThousand = { ...measured, synths: measured.synths.slice(1) };
    const lines = checkTargets(onlyThousand).map((r) => r.line);
    expect(lines).toContain('1000 members: 16.39 s; target under 20 s');
    expect(lines).not.toContainEqual(expect.stringMatching(/growth/));
  });

  test('a document exactly at its limit is accepted, one byte over is not', () => {
    const at = (size: number) => ({
      ...measured,
      documents: [{ members: 1000, kind: 'iam-trust-policy', size, limit: 2048 }],
    });
    expect(missed(at(2048))).toEqual([]);
    expect(missed(at(2049))).toEqual(['1000 members: largest iam-trust-policy 2049; AWS limit 2048']);
  });
});

describe('npm run bench -- --check: start-up and the 100-member synth against the recorded run', () => {
  const run: BenchMeasurement = {
    ...measured,
    bareNodeSeconds: 0.08,
    startups: [
      { command: '--help', seconds: 0.14 },
      { command: 'synth --help', seconds: 0.41 },
    ],
    recorded: { synth100OverFloor: 2.5, measured: '2026-11-26', commit: 'abc1234' },
  };

  test('every command starts within 5x bare node, measured in the same run', () => {
    const lines = checkTargets(run).map((r) => r.line);
    expect(lines).toContain('--help: starts in 0.140 s, 1.75x bare node (0.080 s); target at most 5x');
    expect(missed(run)).toEqual(['synth --help: starts in 0.410 s, 5.13x bare node (0.080 s); target at most 5x']);
  });

  test('the 100-member synth may grow 25% over the recorded ratio to the floor, and no more', () => {
    // 2.74 s over a 0.98 s floor is 2.80x: 1.12x the recorded 2.5x.
    const within = checkTargets({ ...run, startups: [] }).find((r) => r.line.startsWith('100 members: 2.80x'));
    expect(within).toEqual({
      line: '100 members: 2.80x the floor, 1.12x the run recorded on 2026-11-26 at abc1234 (2.5x); target at most 1.25x',
      met: true,
    });
    const grown = {
      ...run,
      startups: [],
      recorded: { synth100OverFloor: 2.2, measured: '2026-11-26', commit: 'abc1234' },
    };
    expect(missed(grown)).toEqual([
      '100 members: 2.80x the floor, 1.27x the run recorded on 2026-11-26 at abc1234 (2.2x); target at most 1.25x',
    ]);
    // Without a recorded run there is nothing to compare with.
    expect(checkTargets({ ...run, recorded: undefined }).some((r) => r.line.includes('recorded'))).toBe(false);
  });
});
