#!/usr/bin/env node
// The JavaScript a clone's command line runs: each TypeScript source of what the package ships (the
// folders of tsconfig.build.json) transpiled on its own, as jest and ts-node's transpile-only mode
// do (the type check is `npm run lint`'s), into node_modules/.cache/cdktf-audit-logging/js in the
// same layout. `npm ci` builds it (the `prepare` script); bin/cdktf-audit-logging.js calls
// `freshEntry()` at every start, which recompiles only the sources newer than their output (an edit
// is picked up at the next run) and removes the output of deleted sources. A start with nothing to
// recompile stats each file and never loads TypeScript: about 0.1 s against ts-node's 1 s
// (BENCHMARKS.md). The installed package runs lib/, built by tsc, and never reaches this file.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
/** Where the output goes: under node_modules, which npm ci replaces and no tool lints or tracks. */
const OUT = path.join(ROOT, 'node_modules', '.cache', 'cdktf-audit-logging', 'js');
/** What the command line loads: tsconfig.build.json's `include`. */
const SOURCES = ['index.ts', 'cli', 'modules', 'stacks', 'toolkit'];

/** Every TypeScript source (not a test or declaration) under SOURCES, relative to `root`. */
function sources(root) {
  const found = [];
  const walk = (relative) => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full)) walk(path.join(relative, entry));
    } else if (relative.endsWith('.ts') && !relative.endsWith('.d.ts') && !relative.endsWith('.test.ts')) {
      found.push(relative);
    }
  };
  for (const source of SOURCES) walk(source);
  return found;
}

/** Every file under `out`, relative to it. */
function outputs(out) {
  const found = [];
  const walk = (relative) => {
    const full = path.join(out, relative);
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else found.push(child);
    }
  };
  if (fs.existsSync(out)) walk('');
  return found;
}

/**
 * Transpiles the sources of `root` whose output in `out` is missing or older than them, removes
 * outputs of sources that are gone, and returns the sources it transpiled. TypeScript is loaded
 * only when one is stale; the compiler options are `root`'s tsconfig.json.
 */
function compile(root = ROOT, out = OUT) {
  const all = sources(root);
  const stale = all.filter((source) => {
    const output = fs.statSync(path.join(out, source.replace(/\.ts$/, '.js')), { throwIfNoEntry: false });
    return output === undefined || output.mtimeMs < fs.statSync(path.join(root, source)).mtimeMs;
  });
  const expected = new Set(all.map((source) => source.replace(/\.ts$/, '.js')));
  // Another command may be writing a `.tmp` file this moment: only compiled files are removed.
  for (const output of outputs(out)) {
    if (output.endsWith('.js') && !expected.has(output)) fs.rmSync(path.join(out, output), { force: true });
  }
  if (stale.length === 0) return [];
  const ts = require('typescript');
  const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const compilerOptions = {
    ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options,
    noEmit: false,
    declaration: false,
    isolatedModules: true,
  };
  for (const source of stale) {
    const file = path.join(root, source);
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: true,
    });
    if (diagnostics !== undefined && diagnostics.length > 0) {
      const message = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
      throw new Error(`${source}: ${message} (npm run typecheck shows every error)`);
    }
    const output = path.join(out, source.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(output), { recursive: true });
    // Written to a temporary name first, so that a command started meanwhile never loads half a file.
    const partial = `${output}.${process.pid}.tmp`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, output);
  }
  return stale;
}

/** The compiled command-line program, brought up to date first: what bin/ requires in a clone. */
function freshEntry() {
  compile();
  return path.join(OUT, 'cli', 'program.js');
}

module.exports = { freshEntry, compile, OUT, SOURCES };

if (require.main === module) {
  const started = Date.now();
  const count = compile().length;
  // On stderr: npm runs this as `prepare` inside `npm pack --json`, whose stdout is the JSON.
  process.stderr.write(
    `${count} of ${sources(ROOT).length} sources compiled to ${path.relative(ROOT, OUT)} in ${Date.now() - started} ms\n`,
  );
}
