import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { synthJson } from '../support/stack-json';
import { shippedConfig } from '../support/synth';

/*
 * Each stack of the shipped config as it synthesizes, reviewed like code: what a change does to a
 * stack shows in the pull request as this snapshot's diff. A file of its own, as every test file that
 * matches snapshots: jest keeps one snapshot file per test file (jest.config.js).
 */
describe('buildStacks with the shipped config', () => {
  const stacks = buildStacks(Testing.app(), shippedConfig('examples/starter.config.json'));

  test.each(stacks.map((s) => [s.node.id, s] as const))('%s matches its reviewed snapshot', (_name, stack) => {
    expect(synthJson(stack)).toMatchSnapshot();
  });
});
