import { runInWaves, TaskResult } from '../../../packages/cli/toolkit/terraform/stack-waves';

/** A task that takes `ms` and records when each stack ran; `fail` names stacks that throw, after a fifth of that. */
function recorder(ms: number, fail: readonly string[] = []) {
  const spans: { stack: string; start: number; end: number }[] = [];
  let running = 0;
  let peak = 0;
  const task = async (stack: string): Promise<TaskResult<string>> => {
    running += 1;
    peak = Math.max(peak, running);
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, fail.includes(stack) ? ms / 5 : ms));
    running -= 1;
    spans.push({ stack, start, end: Date.now() });
    if (fail.includes(stack)) throw new Error(`${stack} broke\nsecond line`);
    return { outcome: 'done', value: stack.toUpperCase() };
  };
  return { task, spans, peak: () => peak };
}

const members = Array.from({ length: 7 }, (_, i) => `member-${i}`);
const waves = [['log-archive'], ['organization', 'guardrails'], members];

test('runs at most `parallel` at once, and each wave after the one before has finished', async () => {
  const { task, spans, peak } = recorder(30);
  const results = await runInWaves(waves, task, { parallel: 3 });
  expect(peak()).toBe(3);
  expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('done'));
  expect(results.map((r) => r.value)).toEqual(waves.flat().map((s) => s.toUpperCase()));
  const end = (stacks: string[]) => Math.max(...spans.filter((s) => stacks.includes(s.stack)).map((s) => s.end));
  const start = (stacks: string[]) => Math.min(...spans.filter((s) => stacks.includes(s.stack)).map((s) => s.start));
  expect(start(waves[1])).toBeGreaterThanOrEqual(end(waves[0]));
  expect(start(waves[2])).toBeGreaterThanOrEqual(end(waves[1]));
});

test('a failure stops new starts and every later wave; the running ones finish', async () => {
  const { task, spans } = recorder(30, ['member-1']);
  const results = await runInWaves(waves, task, { parallel: 2 });
  const outcome = (stack: string) => results.find((r) => r.stack === stack)?.outcome;
  expect(outcome('member-0')).toBe('done');
  expect(outcome('member-1')).toBe('failed');
  expect(results.find((r) => r.stack === 'member-1')?.reason).toBe('member-1 broke\nsecond line');
  expect(members.slice(2).map(outcome)).toEqual(Array(5).fill('not started'));
  expect(spans.map((s) => s.stack)).not.toContain('member-2');
});

test('keepGoing goes on within the wave, never into the next one', async () => {
  const { task } = recorder(5, ['member-1', 'organization']);
  const within = await runInWaves([members], task, { parallel: 2, keepGoing: true });
  expect(within.filter((r) => r.outcome === 'done')).toHaveLength(6);
  const across = await runInWaves(waves, task, { parallel: 2, keepGoing: true });
  expect(across.find((r) => r.stack === 'guardrails')?.outcome).toBe('done');
  expect(across.filter((r) => r.outcome === 'not started').map((r) => r.stack)).toEqual(members);
});

test('a skipped stack is reported without starting it, and is not a failure; parallel must be a whole number', async () => {
  const { task, spans } = recorder(5);
  const results = await runInWaves([['a', 'b']], task, {
    parallel: 1,
    skip: (stack) => (stack === 'a' ? 'done before' : undefined),
  });
  expect(results.map((r) => [r.stack, r.outcome, r.reason])).toEqual([
    ['a', 'skipped', 'done before'],
    ['b', 'done', undefined],
  ]);
  expect(spans.map((s) => s.stack)).toEqual(['b']);
  await expect(runInWaves([['a']], async () => ({ outcome: 'done' }), { parallel: 0 })).rejects.toThrow(
    'parallel must be a whole number of at least 1, not 0',
  );
});
