import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf } from '../stacks/policy/simulate';
import { resourcesOf, StackJson } from '../support/synth';
import { synthJson } from '../support/stack-json';

/*
 * AWS's defaults that change what a setting does (modules/core/aws-facts.ts), against what every
 * stack of a config writes: where the stacks rely on a default they leave the setting out, and where
 * the default is not what they need they write the setting.
 */

const AUDIT = '888888888888';
const config = configOf({ ...POLICY_TEST_CONFIG, audit: { accountId: AUDIT } });
const stacks: readonly (readonly [string, StackJson])[] = buildStacks(Testing.app(), config).map(
  (stack) => [stack.node.id, synthJson(stack)] as const,
);

/** Every resource of `type` in every stack: [stack, address, resource]. */
function everywhere(type: string): [string, string, Record<string, unknown>][] {
  return stacks.flatMap(([stack, synth]) =>
    Object.entries(resourcesOf(synth, type)).map(([address, resource]): [string, string, Record<string, unknown>] => [
      stack,
      address,
      resource as Record<string, unknown>,
    ]),
  );
}

describe("[kms-rotation-period-default-365-days] every key rotates on AWS's default period", () => {
  const keys = everywhere('aws_kms_key');

  test('keys are created in the archive, trail and member stacks', () => {
    for (const stack of ['log-archive', 'organization', 'member-payments']) {
      expect(keys.some(([s]) => s === stack)).toBe(true);
    }
  });

  test.each(keys)('%s %s: automatic rotation on, with no rotation period of its own', (_stack, _address, key) => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key).not.toHaveProperty('rotation_period_in_days');
  });
});

describe('[cloudtrail-trail-single-region-by-default] every trail is written as a multi-Region trail', () => {
  const trails = everywhere('aws_cloudtrail');

  test('the organization trail and the standalone trails of the members that have one', () => {
    expect(trails.map(([stack]) => stack).sort()).toEqual(['member-acquired', 'member-sandbox', 'organization']);
  });

  test.each(trails)('%s %s: is_multi_region_trail and include_global_service_events', (_stack, _address, trail) => {
    expect(trail.is_multi_region_trail).toBe(true);
    expect(trail.include_global_service_events).toBe(true);
  });
});
