#!/usr/bin/env node
// The command of @audit-logging/cdktf-cli: it runs the build in lib/ (npm run build in this
// workspace). In a clone of the repository, bin/ at its root runs the sources instead.
'use strict';
// Node 22.8 and later keep the V8 code of the modules a start compiles on disk and reuse it at the
// next start; NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE control it.
require('module').enableCompileCache?.();
// Traces point at the TypeScript sources the build's source maps carry.
process.setSourceMapsEnabled(true);
require('../lib/cli/main').main();
