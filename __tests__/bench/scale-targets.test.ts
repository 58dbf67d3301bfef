import { BenchMeasurement, checkTargets } from '../../bench/scale-targets';

/** The bench run of BENCHMARKS.md (2026-11-22), trimmed to what the targets read. */
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
      'shipped config 1.19x the floor (1.17 s, floor 0.98 s); target at most 1.5x',
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
        shippedSeconds: 1.6,
        synths: [
          { members: 100, seconds: 2, rssMb: 200 },
          { members: 1000, seconds: 21.4, rssMb: 1600 },
        ],
        documents: [{ members: 1000, kind: 'kms-key-policy', size: 32769, limit: 32768 }],
      }),
    ).toEqual([
      'shipped config 1.60x the floor (1.60 s, floor 1.00 s); target at most 1.5x',
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
