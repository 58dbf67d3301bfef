// `node --require tools/swc-register.js`: loads the TypeScript sources through swc, with jest's
// options (tools/swc-options.js). A synth started from the sources (in jest, or a script run from
// the sources) starts its worker threads with it: 0.55 s to load the stacks against ts-node's 2.0 s
// (BENCHMARKS.md). Traces point at the TypeScript lines.
'use strict';
const fs = require('fs');
const { transformSync } = require('@swc/core');
const options = require('./swc-options');

process.setSourceMapsEnabled(true);
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
