#!/usr/bin/env node
// The command-line entry point. It runs the TypeScript sources through ts-node (transpile only,
// with the project's own tsconfig), so that it works from a clone without a build step.
'use strict';
const path = require('path');

require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
require('../scripts/cli')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
