import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../modules/org-config/load';
import { synthConfig, ROOT, tempDir } from '../support/synth';

/*
 * audit.config.json is the user's own config: no other test reads it, so editing it changes no
 * snapshot or count. This test only holds that it is valid and synthesizes, and fails with the
 * config's own message when it is not.
 */
const USER_CONFIG = path.join(ROOT, 'audit.config.json');

test('audit.config.json, the config synth reads by default, is valid and synthesizes', () => {
  if (!fs.existsSync(USER_CONFIG)) {
    throw new Error('audit.config.json is missing: synth reads it by default. Copy examples/starter.config.json there');
  }
  const stacks = synthConfig(loadConfig(USER_CONFIG), tempDir('user-config'));
  expect(stacks.map((dir) => path.basename(dir)).slice(0, 2)).toEqual(['log-archive', 'organization']);
});
