import * as fs from 'fs';
import * as path from 'path';
import { commandLine, invocationAt } from '../../../packages/cli/toolkit/common/invocation';
import { tempDir } from '../../support/temp';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A folder with a package.json of `scripts` (none: no package.json) and, when `installed`, the program in node_modules/.bin. */
function project(scripts: Record<string, string> | undefined, installed = false): string {
  const dir = tempDir('invocation');
  if (scripts !== undefined) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', scripts }));
  if (installed) {
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'cdktf-audit-logging'), '');
  }
  return dir;
}

describe('commandLine: a command that exists where the CLI runs', () => {
  test("in a clone, the repository's own script of the command, with its arguments after --", () => {
    const clone = invocationAt(ROOT);
    expect(commandLine('plan', [], clone)).toBe('npm run plan');
    expect(commandLine('plan', ['audit', '--out', '/tmp/x'], clone)).toBe('npm run plan -- audit --out /tmp/x');
    expect(commandLine('synth', ['--config', 'org.json'], clone)).toBe('npm run synth -- --config org.json');
  });

  test("every command the clone's README runs as npm run <command> has a script of its own", () => {
    const clone = invocationAt(ROOT);
    for (const command of ['synth', 'plan', 'plan-summary', 'deploy', 'compliance', 'decommission', 'state']) {
      expect(commandLine(command, [], clone)).toBe(`npm run ${command}`);
    }
  });

  test("a command with no script of its own goes through the project's script of the program", () => {
    const at = invocationAt(
      project({ plan: 'node bin/cdktf-audit-logging.js plan', cli: 'node bin/cdktf-audit-logging.js' }),
    );
    expect(commandLine('state', ['bootstrap'], at)).toBe('npm run cli -- state bootstrap');
  });

  test('in an app that installs the CLI and has no script of it, npx of the scoped package (npx runs the installed copy)', () => {
    const app = project({ synth: 'node --require ts-node/register/transpile-only main.ts' }, true);
    expect(commandLine('plan', ['audit'], invocationAt(app))).toBe('npx @audit-logging/cdktf-cli plan audit');
    const sub = path.join(app, 'infra');
    fs.mkdirSync(sub);
    expect(commandLine('plan', [], invocationAt(sub))).toBe('npx @audit-logging/cdktf-cli plan');
  });

  test('never the unscoped npx cdktf-audit-logging, which npx would fetch from the registry where nothing installs it', () => {
    for (const at of [project({ synth: 'cdktf synth' }, true), project(undefined)].map(invocationAt)) {
      expect(commandLine('deploy', [], at)).not.toMatch(/npx cdktf-audit-logging\b/);
    }
  });

  test('in an app with a script of its own that runs the command, that script', () => {
    const app = project({ 'audit:plan': 'cdktf-audit-logging plan', synth: 'cdktf synth' }, true);
    expect(commandLine('plan', ['audit'], invocationAt(app))).toBe('npm run audit:plan -- audit');
    expect(commandLine('deploy', [], invocationAt(app))).toBe('npx @audit-logging/cdktf-cli deploy');
  });

  test('of two scripts that run the command, the one named after it', () => {
    const app = project({ 'plan-all': 'cdktf-audit-logging plan', plan: 'cdktf-audit-logging plan' }, true);
    expect(commandLine('plan', [], invocationAt(app))).toBe('npm run plan');
  });

  test('a script that runs the command with options of its own is not taken for the command', () => {
    const app = project({ plan: 'cdktf-audit-logging plan --read-only' }, true);
    expect(commandLine('plan', [], invocationAt(app))).toBe('npx @audit-logging/cdktf-cli plan');
  });

  test('where nothing installs it (npx alone), the scoped package from the registry', () => {
    expect(commandLine('plan', ['audit'], invocationAt(project(undefined)))).toBe(
      'npx @audit-logging/cdktf-cli plan audit',
    );
    expect(commandLine('synth', [], invocationAt(project({ test: 'jest' })))).toBe(
      'npx @audit-logging/cdktf-cli synth',
    );
  });

  test('each argument is one shell word; a placeholder stays as the user reads it', () => {
    const at = invocationAt(project(undefined, true));
    expect(commandLine('plan', ['--out', 'my out', '<stack>'], at)).toBe(
      "npx @audit-logging/cdktf-cli plan --out 'my out' <stack>",
    );
  });
});
