import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../support/synth';

/** `npm run bench`, as a process: the development command that left the shipped CLI. */
function bench(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(
    process.execPath,
    ['-r', './tools/swc-register.js', path.join('bench', 'scale-command.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
}

test('npm run bench -- --help shows its usage and examples and exits 0', () => {
  const result = bench(['--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Usage: bench \[options\] \[members\]/);
  expect(result.stdout).toContain('$ npm run bench -- 10,100 --check');
});

test('npm run bench refuses member counts that are not positive integers, exit 2', () => {
  const result = bench(['10,x']);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(
    'npm run bench: member counts 10,x: give comma-separated positive integers such as 10,100\n',
  );
});
