import { Aspects, Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { synthJson } from './stack-json';
import { shippedConfig } from './synth';

describe('synthJson: a stack as Testing.synth writes it', () => {
  test.each(['examples/starter.config.json'])(
    'every stack of %s: the same JSON, its keys in the same order',
    (file) => {
      const config = shippedConfig(file);
      const theirs = buildStacks(Testing.app(), config).map((stack) =>
        JSON.stringify(JSON.parse(Testing.synth(stack))),
      );
      const ours = buildStacks(Testing.app(), config).map((stack) => JSON.stringify(synthJson(stack)));
      expect(ours.length).toBeGreaterThanOrEqual(3);
      expect(ours).toEqual(theirs);
    },
  );

  test("applies the stack's aspects, as synth does", () => {
    const [stack] = buildStacks(Testing.app(), shippedConfig('examples/starter.config.json'));
    Aspects.of(stack).add({
      visit: (node) => {
        if (node === stack) stack.addOverride('terraform.required_version', '>= 1.11');
      },
    });
    expect(synthJson(stack).terraform.required_version).toBe('>= 1.11');
  });
});
