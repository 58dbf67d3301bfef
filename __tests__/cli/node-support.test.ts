import * as fs from 'fs';
import * as path from 'path';
import {
  OLDEST_SUPPORTED_NODE,
  SDK_WARNING_SWITCH,
  unsupportedNodeNotice,
} from '../../packages/cli/toolkit/common/node-support';
import { ROOT } from '../support/root';

/*
 * On a Node.js past its end of life, one line of ours, once per process tree, in place of the AWS
 * SDK's nine-line warning in every process that makes a client. npm's EBADENGINE stays: engines
 * says what is supported. What a child process prints is node-support.integration.test.ts's.
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
