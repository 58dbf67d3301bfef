import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  OLDEST_SUPPORTED_NODE,
  SDK_WARNING_SWITCH,
  unsupportedNodeNotice,
} from '../../packages/cli/toolkit/common/node-support';
import { CLI } from '../support/cli';
import { ROOT } from '../support/root';

/*
 * On a Node.js past its end of life, one line of ours, once per process tree, in place of the AWS
 * SDK's nine-line warning in every process that makes a client. npm's EBADENGINE stays: engines
 * says what is supported.
 */

test('a Node.js older than the supported lines gets one line, once, and the SDK is quieted', () => {
  const env: NodeJS.ProcessEnv = {};
  const line = unsupportedNodeNotice('v20.20.2', env);
  expect(line).toBe(
    'note: Node.js v20.20.2 is past its end of life; cdktf-audit-logging supports Node.js 22.12 or later (24 first), as does the AWS SDK from January 2027',
  );
  expect(env[SDK_WARNING_SWITCH]).toBe('true');
  // A process this one starts inherits the variable: said once.
  expect(unsupportedNodeNotice('v20.20.2', env)).toBeUndefined();
});

test('a supported Node.js gets nothing, and the SDK is left alone', () => {
  for (const version of ['v22.12.0', 'v24.11.1', 'v26.0.0']) {
    const env: NodeJS.ProcessEnv = {};
    expect(unsupportedNodeNotice(version, env)).toBeUndefined();
    expect(env).toEqual({});
  }
});

test('the floor is the one package.json engines states, in both packages', () => {
  for (const file of ['package.json', path.join('packages', 'cli', 'package.json')]) {
    const engines = (JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines).toBe(`^${OLDEST_SUPPORTED_NODE}.12.0 || >=24`);
  }
});

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
