import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, runCli, runCliInProcess } from '../support/cli';
import { ROOT } from '../support/synth';

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

  test('synth --threads takes a whole number of at least 1, and 2 threads write what 1 writes', async () => {
    const bad = await runCliInProcess(['synth', '--threads', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--threads 0 is not a number of threads; give a whole number from 1 to 16');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-threads-'));
    try {
      const config = path.join(ROOT, 'examples', 'full.config.json');
      const written = (threads: string): Record<string, string> => {
        const out = path.join(dir, `out-${threads}`);
        expect(runCli(['synth', '--config', config, '--out', out, '--threads', threads]).status).toBe(0);
        const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
        return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
      };
      const one = written('1');
      expect(Object.keys(one).length).toBeGreaterThan(10);
      expect(written('2')).toEqual(one);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('has no development command: bench runs from the repository (npm run bench), not the package', () => {
    const result = runCli(['bench']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'bench'");
  });
});

describe('a reader that stops early', () => {
  test('closes the pipe: the command stops quietly with its exit code, no EPIPE stack trace', () => {
    // 150 KB of JSON, more than a pipe holds, read 10 bytes of: the command writes into a closed pipe.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epipe-'));
    const sql = path.join(dir, 'all.sql');
    fs.writeFileSync(sql, 'SELECT * FROM cloudtrail WHERE eventdate BETWEEN ? AND ?\n');
    const line = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} investigate --logs examples/evidence --sql ${JSON.stringify(sql)} --format json`;
    const result = spawnSync('bash', ['-c', `${line} | head -c 10 > /dev/null; echo "status=\${PIPESTATUS[0]}"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stdout.trim()).toBe('status=0');
  }, 60_000);
});
