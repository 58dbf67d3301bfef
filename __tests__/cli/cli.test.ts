import { runCli, runCliInProcess } from '../support/cli';

const COMMANDS = ['discover', 'synth', 'plan', 'plan-summary', 'test-filters', 'verify-logs'];

describe('cdktf-audit-logging', () => {
  test('--help lists every command and the exit codes', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 a finding or a failed operation, 2 a usage error');
  });

  test.each(COMMANDS)('%s --help shows its usage and examples and exits 0', async (command) => {
    const result = await runCliInProcess([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cdktf-audit-logging ${command} `));
    const examples = result.stdout.slice(result.stdout.indexOf('\nExamples:\n'));
    expect(examples).toMatch(new RegExp(`^  \\$ .*cdktf-audit-logging ${command}( |$)`, 'm'));
  });

  test('no command prints the help and exits 2', async () => {
    const result = await runCliInProcess([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('Usage: cdktf-audit-logging <command> [options]');
  });

  test('an unknown command or option exits 2 with the way to the help, and no stack trace', () => {
    const unknown = runCli(['synthesize']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'synthesize'");
    const option = runCli(['synth', '--confg', 'x.json']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--confg'");
    expect(option.stderr).toContain('(run cdktf-audit-logging synth --help for usage)');
    expect(option.stderr).not.toContain('    at ');
  });

  test('has no development command: bench runs from the repository (npm run bench), not the package', () => {
    const result = runCli(['bench']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'bench'");
  });
});
