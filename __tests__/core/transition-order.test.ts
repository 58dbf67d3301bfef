import { CROSS_ACCOUNT_NAMES } from '../../modules/core/cross-account-names';
import { transitionOrder, Synth } from '../../modules/core/transition-order';
import { stackNames } from '../../stacks';
import { configOf } from '../stacks/policy/simulate';
import { synthStack } from '../support/synth';
import { TRANSITIONS } from './transitions';

/*
 * The order of every change in the catalog (transitions.ts), derived from its two synths: the
 * stacks of each config synthesized in process, as cdk.tf.json holds them.
 */

const synths = new Map<string, Synth>();
function synthOf(input: object): Synth {
  const key = JSON.stringify(input);
  const known = synths.get(key);
  if (known !== undefined) return known;
  const config = configOf(input);
  const synth = Object.fromEntries(stackNames(config).map((stack) => [stack, synthStack(config, stack)]));
  synths.set(key, synth);
  return synth;
}

describe.each(TRANSITIONS)('$change', ({ before, after, editAfter, expected }) => {
  const afterSynth = (): Synth => {
    const synth = synthOf(after);
    return editAfter === undefined ? synth : (JSON.parse(editAfter(JSON.stringify(synth))) as Synth);
  };
  const order = transitionOrder(synthOf(before), afterSynth());
  const edges = (list: typeof order.constraints) =>
    [...new Set(list.map((c) => `${c.first}>${c.then} ${c.change}`))].sort();

  test('derives its constraints, and the stacks that go ahead of the usual waves', () => {
    expect(edges(order.constraints)).toEqual([...(expected.constraints ?? [])].sort());
    expect(order.ahead).toEqual(expected.ahead ?? []);
    expect(edges(order.destroyFirst)).toEqual(expected.destroyFirst ?? []);
    expect(order.accountMoves.map((m) => m.stack)).toEqual(expected.accountMoves ?? []);
    expect(order.roleChanges.length > 0).toBe((expected.roleChanges ?? 0) > 0);
    expect([...new Set(order.droppedProviders.map((d) => d.stack))].sort()).toEqual(expected.droppedProviders ?? []);
    if (expected.refusedBy !== undefined) {
      expect(order.constraints.map((c) => c.refusedBy)).toContain(expected.refusedBy);
    }
  });

  test('its waves meet every constraint, or it is unordered', () => {
    expect(order.unordered.length > 0).toBe(expected.unordered ?? false);
    const waveOf = (stack: string) => order.waves.findIndex((wave) => wave.includes(stack));
    const met = order.constraints.filter(({ first, then }) => waveOf(first) < waveOf(then));
    expect(met.length + order.unordered.length).toBe(order.constraints.length);
    expect(order.waves.flat().sort()).toEqual(Object.keys(afterSynth()).sort());
  });
});

describe('what AWS refuses the other way round', () => {
  const transition = (change: string) => {
    const found = TRANSITIONS.find((t) => t.change === change);
    if (found === undefined) throw new Error(`no transition ${change} in the catalog`);
    return found;
  };
  const running = synthOf(transition('live search off').before);
  const order = (change: string) =>
    transitionOrder(synthOf(transition(change).before), synthOf(transition(change).after));
  const waveOf = (waves: readonly (readonly string[])[], stack: string) => waves.findIndex((w) => w.includes(stack));

  test("[oam-delete-links-before-sink] live search off: every linking member's stack applies before the log archive's", () => {
    const { waves } = order('live search off');
    const links = Object.keys(running).filter((stack) => JSON.stringify(running[stack]).includes('aws_oam_link'));
    expect(links.length).toBeGreaterThan(0);
    for (const stack of links) expect(waveOf(waves, stack)).toBeLessThan(waveOf(waves, 'log-archive'));
  });

  test('[logs-delete-destination-disables-subscriptions] application logs off: the senders drop their policies first', () => {
    const { waves, constraints } = order('application logs off');
    expect(constraints.every(({ refusedBy }) => refusedBy === undefined)).toBe(true);
    expect(constraints.map(({ otherwise }) => otherwise)).toContain('logs-delete-destination-disables-subscriptions');
    for (const { first } of constraints) expect(waveOf(waves, first)).toBeLessThan(waveOf(waves, 'log-archive'));
  });

  test('[logs-destination-policy-before-senders] [oam-link-needs-sink-and-policy] a creation keeps the log archive first', () => {
    const { waves, constraints } = order('a governed Region added');
    expect(constraints.map(({ refusedBy }) => refusedBy)).toContain('logs-destination-policy-before-senders');
    for (const { then } of constraints) expect(waveOf(waves, 'log-archive')).toBeLessThan(waveOf(waves, then));
    const sinks = CROSS_ACCOUNT_NAMES.find(({ resourceType }) => resourceType === 'aws_oam_sink');
    expect(sinks?.creationRefusedBy).toBe('oam-link-needs-sink-and-policy');
  });
});
