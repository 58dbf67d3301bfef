#!/usr/bin/env node
// `npm test` and `npm run lint`: the checks run at the same time, each in a process of its own, so
// that two cores finish them in about half the time they take one after another. `lint` is the type
// check, oxlint (.oxlintrc.json), oxfmt (.oxfmtrc.jsonc) and knip (knip.jsonc: unused exports, files
// and dependencies); `test` is those and the fast tier of jest (jest.config.js). A line per check
// says how it ended and how long it took; jest's output is printed whole when it ends, the others'
// only when they fail. The exit code is 1 when any check failed.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// tsgo checks on one thread: its checkers in parallel redo each other's work (BENCHMARKS.md, "The
// fast tier: `npm test`", has the CPU-seconds), and jest's workers keep both cores busy beside it.
const LINT = [
  { name: 'tsgo --noEmit', command: bin('tsgo'), args: ['--noEmit', '--singleThreaded'] },
  {
    name: 'oxlint',
    command: bin('oxlint'),
    args: ['--max-warnings', '0', '--report-unused-disable-directives-severity', 'error', '.'],
  },
  { name: 'oxfmt --check', command: bin('oxfmt'), args: ['--check', '.'] },
  { name: 'knip (dead code)', command: bin('knip'), args: ['--no-progress'] },
];
// jest's three workers (jest.config.js): the lint checks beside it take about 20 CPU-seconds of 86,
// and some test files wait on a socket or a child process; two workers take as long (BENCHMARKS.md,
// "The fast tier: `npm test`").
// Arguments after `--` go to jest.
const JEST = { name: 'jest', command: bin('jest'), args: ['--ci'], printAlways: true };
const SETS = { lint: LINT, test: [...LINT, JEST] };

function run({ name, command, args, printAlways }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, seconds: 0, output: `${error.message}\n` }));
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      const failed = code !== 0;
      if (printAlways || failed) process.stdout.write(signal ? `${output}killed by ${signal}\n` : output);
      process.stdout.write(
        `> ${name}: ${failed ? `failed (exit ${code ?? signal})` : 'ok'}, ${seconds.toFixed(1)} s\n`,
      );
      resolve({ name, code: code ?? 1 });
    });
  });
}

const [set, ...rest] = process.argv.slice(2);
if (!(set in SETS)) {
  process.stderr.write(`usage: node tools/checks.js <${Object.keys(SETS).join('|')}> [-- jest arguments]\n`);
  process.exit(2);
}
const extra = rest[0] === '--' ? rest.slice(1) : rest;
const checks = SETS[set].map((check) => (check === JEST ? { ...check, args: [...check.args, ...extra] } : check));
const started = Date.now();
Promise.all(checks.map(run)).then((results) => {
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  process.stdout.write(`${set}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (failed.length > 0) process.stderr.write(`${set} failed: ${failed.join(', ')}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
});
