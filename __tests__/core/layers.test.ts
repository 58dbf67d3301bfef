import { findCycles, loadsToolkit, rank } from './layers-rules';

/* The layer checks of layers.integration.test.ts (the layers are layers-rules.ts's), on made-up cases. */

test('the checks can fail: an upward import, a toolkit package and a cycle are each found', () => {
  expect(rank('modules/org-config/schema.ts')).toBeGreaterThan(rank('modules/core/naming.ts'));
  expect(rank('packages/cli/toolkit/terraform/plan.ts')).toBeGreaterThan(rank('modules/storage/secure-bucket.ts'));
  expect(rank('e2e/harness/moto.ts')).toBeGreaterThan(rank('packages/cli/cli/program.ts'));
  expect(loadsToolkit('@aws-sdk/client-s3')).toBe(true);
  expect(loadsToolkit('child_process')).toBe(true);
  expect(loadsToolkit('constructs')).toBe(false);
  expect(
    findCycles(
      new Map([
        ['a', ['b']],
        ['b', ['a']],
      ]),
    ),
  ).toEqual(['a -> b -> a']);
});
