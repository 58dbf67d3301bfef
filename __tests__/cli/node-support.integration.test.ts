import { spawnSync } from 'child_process';
import { OLDEST_SUPPORTED_NODE, SDK_WARNING_SWITCH } from '../../packages/cli/toolkit/common/node-support';
import { CLI } from '../support/cli';
import { ROOT } from '../support/root';

/*
 * The Node.js notice (node-support.test.ts) in processes: the AWS SDK's warning that its variable
 * turns off, and the command's one line.
 */

test("the SDK's own warning is the one the variable turns off, on Node.js 20 (as installed)", () => {
  // The installed @aws-sdk/core decides, so a release that moves the switch fails here.
  const script =
    "const { emitWarningIfUnsupportedVersion } = require('@aws-sdk/core/client');" +
    "emitWarningIfUnsupportedVersion('v20.20.2');";
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  expect(run({ [SDK_WARNING_SWITCH]: '' }).stderr).toContain('NodeVersionSupportWarning');
  expect(run({ [SDK_WARNING_SWITCH]: 'true' }).stderr).toBe('');
});

const onOldNode = Number(process.versions.node.split('.')[0]) < OLDEST_SUPPORTED_NODE;

(onOldNode ? test : test.skip)(
  'the command prints the line once on Node.js 20, and nothing where a parent said it',
  () => {
    const version = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [CLI, '--version'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(version({ [SDK_WARNING_SWITCH]: '' }).stderr).toMatch(
      /^note: Node\.js v20\.\S+ is past its end of life;[^\n]*\n$/,
    );
    expect(version({ [SDK_WARNING_SWITCH]: 'true' }).stderr).toBe('');
  },
);
