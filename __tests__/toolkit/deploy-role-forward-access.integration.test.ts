import * as fs from 'fs';
import * as path from 'path';
import { typesWithoutForwardAccessRow } from '../../modules/core/aws-facts-forward-access';
import { ROOT, shippedConfig, synthConfig, tempDir } from '../support/synth';

/*
 * Every example config, synthesized whole: each type of its stacks that names a customer managed key
 * has a row of the forward access table (modules/core/aws-facts-forward-access.ts), so that whether
 * its service uses the deploy role's own credentials on the key is a cited fact, not a guess.
 */

const EXAMPLES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((file) => file.endsWith('.config.json'))
  .sort()
  .map((file) => `examples/${file}`);

const stacks = EXAMPLES.flatMap((file) =>
  synthConfig(shippedConfig(file), tempDir(`forward-access-${path.basename(file, '.json')}`)).map(
    (dir) =>
      [`${file}: ${path.basename(dir)}`, JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'))] as const,
  ),
);

describe('the forward access table covers the example stacks', () => {
  test('every example config is read', () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(['examples/full.config.json', 'examples/e2e.config.json']));
  });

  test.each(stacks)('%s: every type that names a key has a row', (_name, json) => {
    expect(typesWithoutForwardAccessRow(json)).toEqual([]);
  });
});
