import { Intrinsic } from 'cdktf/lib/tokens/private/intrinsic';

// The test setup (support/token-traces.ts) builds stacks as synth does, without cdktf's trace of every
// token, and keeps jest's source-mapped traces, so that a failing test still names TypeScript lines.
test('the tests build tokens without creation traces, and keep source-mapped error traces', () => {
  expect(new Intrinsic('x').creationStack).toEqual([]);
  expect(new Error('here').stack).toMatch(/synth-traces\.test\.ts:7:/);
});
