import * as fs from 'fs';
import * as path from 'path';
import { installedEnvironment } from '../../../e2e/harness/installed-environment';
import { ROOT } from '../../support/root';

test("a build's or a tarball's process gets NODE_OPTIONS without the clone's source condition, and keeps the rest", () => {
  expect(installedEnvironment({ PATH: '/bin', NODE_OPTIONS: ' --conditions=audit-logging-source' })).toEqual({
    PATH: '/bin',
  });
  expect(installedEnvironment({ NODE_OPTIONS: '--max-old-space-size=4096 --conditions=audit-logging-source' })).toEqual(
    { NODE_OPTIONS: '--max-old-space-size=4096' },
  );
  expect(installedEnvironment({ NODE_OPTIONS: '--conditions=development' })).toEqual({
    NODE_OPTIONS: '--conditions=development',
  });
  expect(installedEnvironment({ HOME: '/home/a' })).toEqual({ HOME: '/home/a' });
  expect(installedEnvironment({ HOME: '/h', npm_config_node_options: ' --conditions=audit-logging-source' })).toEqual({
    HOME: '/h',
  });
});

test('the condition it takes away is the one .npmrc adds and every package entry names first', () => {
  const npmrc = fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8');
  const added = /^node-options=\$\{NODE_OPTIONS\?\} (\S+)$/m.exec(npmrc)?.[1];
  expect(added).toBe('--conditions=audit-logging-source');
  expect(installedEnvironment({ NODE_OPTIONS: added })).toEqual({});
  for (const manifest of ['package.json', path.join('packages', 'cli', 'package.json')]) {
    const { exports } = JSON.parse(fs.readFileSync(path.join(ROOT, manifest), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    const entries = Object.values(exports).filter((target) => typeof target !== 'string');
    expect(entries.length).toBeGreaterThan(0);
    for (const target of entries) {
      expect(Object.keys(target)[0]).toBe(added?.split('=')[1]);
      // The source it names is a file of the package's folder.
      const source = Object.values(target)[0];
      expect([source, fs.existsSync(path.join(ROOT, path.dirname(manifest), source))]).toEqual([source, true]);
    }
  }
});
