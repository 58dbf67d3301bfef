#!/usr/bin/env node
// The command in a clone of the repository: it runs the TypeScript sources through
// tools/swc-register.js (no build step: an edit runs at the next start). The published command is
// packages/cli/bin/'s, which runs the build.
'use strict';
// Node 22.8 and later keep the V8 code of the modules a start compiles (ours, commander, cdktf,
// DuckDB's) on disk and reuse it at the next start, as tsc does; NODE_COMPILE_CACHE and
// NODE_DISABLE_COMPILE_CACHE control it. Node 20 has no such cache.
require('module').enableCompileCache?.();
require('../tools/swc-register');
require('../packages/cli/cli/main.ts').main();
