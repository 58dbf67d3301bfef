#!/usr/bin/env node
// The command-line entry point. In a clone of the repository it runs the TypeScript sources through
// tools/swc-register.js (no build step: an edit runs at the next start); in the installed package,
// which ships no sources, it runs lib/.
'use strict';
// Node 22.8 and later keep the V8 code of the modules a start compiles (ours, commander, cdktf,
// DuckDB's) on disk and reuse it at the next start, as tsc does; NODE_COMPILE_CACHE and
// NODE_DISABLE_COMPILE_CACHE control it. Node 20 has no such cache.
require('module').enableCompileCache?.();
const fs = require('fs');
const path = require('path');

// A reader that stops early (`synth | head -1`, `deploy | grep -m1 ...`) closes the pipe once it has
// what it wanted. No stack trace, and no early exit either: the command finishes (a deploy must not
// leave an apply half done, its lock held and its record unwritten) and exits with its own code;
// what it still prints goes nowhere.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.stdout.write = (_chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
});

const root = path.join(__dirname, '..');
let cli;
if (fs.existsSync(path.join(root, 'cli', 'program.ts'))) {
  require('../tools/swc-register');
  cli = require('../cli/program.ts');
} else {
  // Traces of the installed package point at the TypeScript sources its source maps carry.
  process.setSourceMapsEnabled(true);
  cli = require('../lib/cli/program');
}
cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
