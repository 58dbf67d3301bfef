import { spawnSync } from 'child_process';
import * as path from 'path';
import { program } from '../../packages/cli/cli/program';

import { ROOT } from '../support/synth';

/*
 * A command line loads its own command's module and no other's (cli/program.ts COMMANDS): the
 * start of `investigate` pays for none of `compliance`, `deploy` or the rest.
 */
describe('the command tree, loaded command by command', () => {
  test('each command is built under its own name; the whole tree has all of them, in order', () => {
    const all = program().commands.map((c) => c.name());
    expect(all).toEqual([
      'discover',
      'synth',
      'plan',
      'plan-summary',
      'deploy',
      'decommission',
      'deploy-role',
      'state',
      'compliance',
      'cost',
      'test-filters',
      'verify-logs',
      'verify-delivery',
      'investigate',
      'live-search-sinks',
      'columnar-copy',
      'evidence',
    ]);
    for (const name of all) expect(program(name).commands.map((c) => c.name())).toEqual([name]);
    // A word that names no command gets the whole tree (commander then says it is unknown).
    expect(program('--help').commands).toHaveLength(all.length);
    expect(program('no-such-command').commands).toHaveLength(all.length);
  });

  test('investigate loads no other command module, in a process of its own as the command line runs', () => {
    const commands = path.join(ROOT, 'packages', 'cli', 'cli', 'commands');
    const script = `
      require(${JSON.stringify(path.join(ROOT, 'tools', 'swc-register.js'))});
      const { program } = require(${JSON.stringify(path.join(ROOT, 'packages', 'cli', 'cli', 'program.ts'))});
      program(process.env.COMMAND_NAME);
      const dir = ${JSON.stringify(commands + path.sep)};
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length)).sort()));
    `;
    const loaded = (name: string) =>
      JSON.parse(
        spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, COMMAND_NAME: name } })
          .stdout,
      ) as string[];
    const investigate = loaded('investigate');
    expect(investigate).toContain('investigate.ts');
    expect(investigate.filter((f) => /^(compliance|deploy|discover|synth|plan|decommission)\.ts$/.test(f))).toEqual([]);
    // The whole tree loads them all: the check sees a loaded module.
    expect(loaded('--help')).toEqual(expect.arrayContaining(['compliance.ts', 'deploy.ts', 'investigate.ts']));
  });
});
