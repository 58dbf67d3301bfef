import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../../modules/org-config/load';
import { OrgConfig } from '../../../modules/org-config/schema';
import { stackNames, synthApp, synthesizeStacks } from '../../../stacks';
import {
  PARALLEL_FROM_MEMBERS,
  startSynthWorkers,
  synthesizeStacksInParallel,
  synthThreads,
} from '../../../packages/cli/toolkit/synth/parallel-synthesis';
import { STACKS_PER_CLAIM, writeClaimedStacks } from '../../../packages/cli/toolkit/synth/write-stacks';
import { largeConfigInput } from '../../analytics/large-config';
import { fileTexts, shippedConfig, tempDir } from '../../support/synth';

/*
 * A parallel synth writes the files one thread writes: each thread builds and writes the stacks it
 * claims (their warnings included), the main thread the one manifest. The worker threads run
 * the TypeScript sources through tools/swc-register.js (here and in a clone), lib/ in the package.
 */

function largeConfig(members: number): OrgConfig {
  return parseConfig(JSON.stringify(largeConfigInput(members, { outside: 2, allFeatures: true, readers: 2 })));
}

describe('synthesizeStacksInParallel', () => {
  const cases: [string, () => OrgConfig, number][] = [
    ['examples/full.config.json in 2 threads', () => shippedConfig('examples/full.config.json'), 2],
    ['7 members with every feature in 3 threads', () => largeConfig(7), 3],
  ];

  test.each(cases)('writes the same files as one thread: %s', async (_name, config, threads) => {
    const one = tempDir('synth-one');
    const many = tempDir('synth-many');
    try {
      const names = synthesizeStacks(config(), one);
      expect(await synthesizeStacksInParallel(config(), many, { threads })).toEqual(names);
      const expected = fileTexts(one);
      // Warnings included: the large config's are on its stacks' manifest entries.
      expect(Object.keys(expected).length).toBe(names.length + 1);
      expect(fileTexts(many)).toEqual(expected);
    } finally {
      fs.rmSync(one, { recursive: true, force: true });
      fs.rmSync(many, { recursive: true, force: true });
    }
  });

  test('a thread writes the stacks it claims, from where the shared counter stands, and their warnings', () => {
    const config = largeConfig(3);
    const names = stackNames(config);
    const dir = tempDir('synth-claims');
    try {
      // Another thread has claimed all but the last two stacks.
      const claims = new Int32Array(new SharedArrayBuffer(4));
      claims[0] = names.length - 2;
      const manifests = writeClaimedStacks(synthApp(dir), config, claims);
      expect(Object.keys(manifests)).toEqual(names.slice(-2));
      expect(fs.readdirSync(path.join(dir, 'stacks')).sort()).toEqual(names.slice(-2).sort());
      expect(claims[0]).toBe(names.length - 2 + 2 * STACKS_PER_CLAIM);
      // The organization's stack carries the config's warnings about no member, whoever writes it.
      const first = writeClaimedStacks(
        synthApp(path.join(dir, 'all')),
        config,
        new Int32Array(new SharedArrayBuffer(4)),
      );
      expect(Object.keys(first)).toEqual(names);
      expect(first.organization.annotations.map((a) => a.message)).toContainEqual(
        expect.stringContaining('alarms.emails: is empty'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('one thread below PARALLEL_FROM_MEMBERS members, the cores from there, and a bad count refused', () => {
    expect(synthThreads(largeConfig(3), undefined)).toBe(1);
    const large = {
      ...largeConfig(3),
      members: Array.from({ length: PARALLEL_FROM_MEMBERS }, () => largeConfig(3).members[0]),
    };
    expect(synthThreads(large, undefined)).toBeGreaterThanOrEqual(Math.min(2, os.availableParallelism()));
    expect(synthThreads(large, 1)).toBe(1);
    expect(() => synthThreads(large, 0)).toThrow('threads 0: give a whole number of threads from 1 to 16');
    expect(() => synthThreads(large, 17)).toThrow('threads 17: give a whole number of threads from 1 to 16');
    expect(() => synthThreads(large, 1.5)).toThrow(RangeError);
  });

  test('a worker thread that fails posts its error; a config that fails fails the synth', async () => {
    const dir = tempDir('synth-failing');
    // A config missing what every stack reads fails in the worker thread as it builds.
    const broken = { members: [] } as unknown as OrgConfig;
    const workers = startSynthWorkers(broken, dir, { threads: 2 });
    try {
      const [result] = await Promise.all(workers.results);
      expect(result).toEqual({
        error: expect.stringContaining('Cannot read properties of undefined'),
        stack: expect.stringContaining('synth-worker'),
      });
    } finally {
      await workers.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await expect(synthesizeStacksInParallel(broken, dir, { threads: 2 })).rejects.toThrow('Cannot read properties');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a worker thread that fails while the main thread does not fails the synth with its error and trace', async () => {
    const dir = tempDir('synth-worker-fails');
    try {
      // The worker builds from a config that fails; the main thread from a good one, until the
      // failed worker leaves nothing more to claim.
      const broken = { members: [] } as unknown as OrgConfig;
      const workers = startSynthWorkers(broken, dir, { threads: 2 });
      const failure = await synthesizeStacksInParallel(largeConfig(3), dir, {}, workers).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toContain('Cannot read properties of undefined');
      expect((failure as Error).stack).toContain('synth-worker');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('threads started for another synth, their counter used up, leave stacks unwritten: the synth says so', async () => {
    const dir = tempDir('synth-used-up');
    try {
      const config = largeConfig(3);
      const workers = startSynthWorkers(config, dir, { threads: 2 });
      workers.claims[0] = stackNames(config).length - 1;
      await expect(synthesizeStacksInParallel(config, dir, {}, workers)).rejects.toThrow(/^synth wrote no stack /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
