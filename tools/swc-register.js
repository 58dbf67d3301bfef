// `node --conditions=audit-logging-source --require ./tools/swc-register.js`: runs the TypeScript
// sources as they are, each file transpiled on its own by swc with the options jest uses
// (tools/swc-options.js). What a clone runs: the command line (bin/), the npm scripts, the cdktf
// app and the worker threads of a synth. Traces point at the TypeScript lines. The type check is
// tsc's, beside it.
//
// Each file's JavaScript is kept under node_modules/.cache, named by a digest of what makes it: the
// source text, its path, the options and swc's version. A source edited, restored or moved, new
// options or another swc each name another file, so a kept file is never stale (nothing is judged by
// time), and a start whose sources are all kept never loads swc.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const options = require('./swc-options');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdktf-audit-logging', 'swc');
const SWC_VERSION = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
const MAKER = `${SWC_VERSION}\n${JSON.stringify(options)}\n`;

let swc;
/** The JavaScript of `source` (the text of `filename`): kept, or transpiled now and kept. */
function javascriptOf(source, filename) {
  const digest = crypto.createHash('sha256').update(MAKER).update(filename).update('\n').update(source).digest('hex');
  const kept = path.join(CACHE, digest.slice(0, 2), `${digest.slice(2)}.js`);
  try {
    return fs.readFileSync(kept, 'utf8');
  } catch {
    swc ??= require('@swc/core');
    let code;
    try {
      ({ code } = swc.transformSync(source, { ...options, filename }));
    } catch (error) {
      // swc's message names the file, line and column; its trace is swc's own.
      const failure = new SyntaxError(
        `${String(error.message ?? error).trim()}\n(npm run typecheck shows every error)`,
      );
      failure.stack = failure.message;
      throw failure;
    }
    try {
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      // Written whole under a name of its own, then renamed: a process starting meanwhile reads all or nothing.
      const partial = `${kept}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(partial, code);
      fs.renameSync(partial, kept);
    } catch {
      // A read-only or full disk: the transpiled code still runs, it is only not kept.
    }
    return code;
  }
}

process.setSourceMapsEnabled(true);
require.extensions['.ts'] = (module, filename) => {
  module._compile(javascriptOf(fs.readFileSync(filename, 'utf8'), filename), filename);
};

// The CLI package's sources import the constructs by the package's entries
// (`@audit-logging/cdktf/stacks`), which resolve to their sources only under the export condition
// `audit-logging-source` (package.json "exports"); without it they would run the build in lib/,
// absent or older than the sources. npm adds it to every script (.npmrc); elsewhere it is named.
if (!isSourceEntry()) {
  process.stderr.write(
    'This clone runs its TypeScript sources, which import the constructs package by its entries: start node with ' +
      'their export condition (node --conditions=audit-logging-source ...), or run it through npm (npm run cli -- <command>), ' +
      'which adds it (.npmrc).\n',
  );
  process.exit(2);
}

/** Whether the package's root entry resolves to its TypeScript source here. */
function isSourceEntry() {
  try {
    return require.resolve('@audit-logging/cdktf').endsWith('.ts');
  } catch {
    return false;
  }
}

module.exports = { CACHE, javascriptOf };
