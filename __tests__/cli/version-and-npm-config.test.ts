import * as fs from 'fs';
import * as path from 'path';
import { versionText } from '../../packages/cli/cli/program';
import type { OwnPackage } from '../../packages/cli/toolkit/common/own-package';
import { runCliInProcess } from '../support/cli';
import { ROOT } from '../support/synth';

/*
 * Two things a user types before reading any help: `--version`, and `npm run synth --config x`,
 * where npm keeps `--config` for itself (everything before `--` is npm's) and passes it on only as
 * npm_config_config.
 */

test('--version prints the program, its version and, in a clone, the commit', async () => {
  const result = await runCliInProcess(['--version']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^cdktf-audit-logging \d+\.\d+\.\d+( \(commit [0-9a-f]{12}\))?\n$/);
  expect((await runCliInProcess(['-V'])).stdout).toBe(result.stdout);
});

test('the packed CLI prints the line of the clone, without the commit it cannot know', async () => {
  // Installed, the command reads its package.json (the nearest above its lib/), in an app's
  // node_modules, whose own checkout it never names; in a clone, the workspace's repository.
  const packed = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as OwnPackage;
  const dir = path.join(ROOT, 'node_modules', '@audit-logging', 'cdktf-cli');
  expect(versionText({ name: packed.name, version: packed.version, dir: path.join(ROOT, 'packages', 'cli') })).toMatch(
    / \(commit [0-9a-f]{12}\)$/,
  );
  const line = versionText({ name: packed.name, version: packed.version, dir });
  const clone = (await runCliInProcess(['--version'])).stdout.trim();
  expect(line).toBe(clone.replace(/ \(commit [0-9a-f]{12}\)$/, ''));
});

test('a --config that npm took for itself is refused with the command line that passes it on', async () => {
  // npm 11: npm_config_config is "true", and the file comes as an argument (measured: npm run x --config org.json).
  const npm11 = await runCliInProcess(['cost', 'org.json'], {
    env: { npm_config_config: 'true', npm_lifecycle_event: 'cost' },
  });
  expect(npm11.status).toBe(2);
  expect(npm11.stderr).toBe(
    "cdktf-audit-logging cost: npm took --config for itself (everything before -- is npm's) and passed org.json on as an argument: write npm run cost -- --config org.json\n",
  );
  // An npm that passes the file as the variable's value.
  const older = await runCliInProcess(['synth'], {
    env: { npm_config_config: 'org.json', npm_lifecycle_event: 'synth' },
  });
  expect(older.stderr).toContain('write npm run synth -- --config org.json');
  // Given after --, it reaches the command, which reads it (here: no such file).
  const passed = await runCliInProcess(['cost', '--config', 'org.json'], {
    env: { npm_config_config: 'true', npm_lifecycle_event: 'cost' },
  });
  expect(passed.stderr).not.toContain('npm took --config');
});
