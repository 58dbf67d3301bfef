#!/usr/bin/env node
// The JavaScript a clone's command line runs: each TypeScript source of what the package ships (the
// folders of tsconfig.build.json) transpiled on its own, as jest and ts-node's transpile-only mode
// do (the type check is `npm run lint`'s), into node_modules/.cache/cdktf-audit-logging/js in the
// same layout. `npm ci` builds it (the `prepare` script); bin/cdktf-audit-logging.js calls
// `freshEntry()` at every start, which recompiles only the sources modified since the last compile
// began (an edit is picked up at the next run) and removes the output of deleted sources. A start
// with nothing to recompile reads one record and stats each source, never loading TypeScript: about
// 0.1 s against ts-node's 1 s (BENCHMARKS.md). The installed package runs lib/, built by tsc, and
// never reaches this file.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
/** Where the output goes: under node_modules, which npm ci replaces and no tool lints or tracks. */
const OUT = path.join(ROOT, 'node_modules', '.cache', 'cdktf-audit-logging', 'js');
/** What the command line loads: tsconfig.build.json's `include`. */
const SOURCES = ['index.ts', 'cli', 'modules', 'stacks', 'toolkit'];

/** The record of the last compile, in the output folder: when it began. */
const RECORD = '.compiled.json';

/**
 * Every TypeScript source (not a test or declaration) under SOURCES, relative to `root`, with its
 * modification time: a Map. Only the sources are stat'ed (readdir tells folders from files).
 */
function sources(root) {
  const found = new Map();
  const add = (relative) => {
    if (relative.endsWith('.ts') && !relative.endsWith('.d.ts') && !relative.endsWith('.test.ts')) {
      found.set(relative, fs.statSync(path.join(root, relative)).mtimeMs);
    }
  };
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(relative, entry.name));
      else if (entry.isFile()) add(path.join(relative, entry.name));
    }
  };
  for (const source of SOURCES) {
    const stat = fs.statSync(path.join(root, source), { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(source);
    else if (stat !== undefined) add(source);
  }
  return found;
}

/** Every file under `out`, relative to it. */
function outputs(out) {
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(out, relative), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(relative, entry.name));
      else found.push(path.join(relative, entry.name));
    }
  };
  if (fs.existsSync(out)) walk('');
  return found;
}

/** The last compile's record ({ began }), or undefined when there is none or it is unreadable. */
function readRecord(out) {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(out, RECORD), 'utf8'));
    return typeof record.began === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

const outputOf = (source) => source.replace(/\.ts$/, '.js');

/**
 * Transpiles the sources of `root` that are modified since the last compile into `out` began (by
 * the file system's clock), or whose output is missing (a source new to it, or an output deleted by
 * hand: the outputs are listed, not stat'ed); removes the outputs of
 * sources that are gone; returns the sources it transpiled. Without a record of a last compile,
 * every source is transpiled. A compile takes its start time before it lists the sources it
 * transpiles, so that an edit saved while it runs is compiled at the next start. TypeScript is
 * loaded only when a source is stale; the compiler options are `root`'s tsconfig.json.
 */
function compile(root = ROOT, out = OUT) {
  const record = readRecord(out);
  const staleOf = (all, listed) => {
    const present = new Set(listed);
    return [...all]
      .filter(([source, mtimeMs]) => record === undefined || mtimeMs >= record.began || !present.has(outputOf(source)))
      .map(([source]) => source);
  };
  const all = sources(root);
  const listed = outputs(out);
  // Another command may be writing a `.tmp` file this moment: only compiled files are removed.
  for (const output of listed) {
    if (output.endsWith('.js') && !all.has(output.replace(/\.js$/, '.ts')))
      fs.rmSync(path.join(out, output), { force: true });
  }
  if (staleOf(all, listed).length === 0) return [];
  // When this compile began, as the file system tells time (a file written now carries it); then
  // the sources again, so that one saved after its listing carries a later time than the record's.
  fs.mkdirSync(out, { recursive: true });
  const clock = path.join(out, `${RECORD}.${process.pid}.tmp`);
  fs.writeFileSync(clock, '');
  const began = fs.statSync(clock).mtimeMs;
  try {
    const now = sources(root);
    const stale = staleOf(now, outputs(out));
    transpile(root, out, stale);
    writeRecord(out, began, clock);
    return stale;
  } finally {
    fs.rmSync(clock, { force: true });
  }
}

/** Writes the record of a compile that began at `began` (written whole to `partial`, then renamed). */
function writeRecord(out, began, partial) {
  fs.writeFileSync(partial, JSON.stringify({ began }));
  fs.renameSync(partial, path.join(out, RECORD));
}

/** Transpiles `stale` (sources relative to `root`) into `out`, each written whole before it is renamed into place. */
function transpile(root, out, stale) {
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
    const output = path.join(out, outputOf(source));
    fs.mkdirSync(path.dirname(output), { recursive: true });
    // Written to a temporary name first, so that a command started meanwhile never loads half a file.
    const partial = `${output}.${process.pid}.tmp`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, output);
  }
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
    `${count} of ${sources(ROOT).size} sources compiled to ${path.relative(ROOT, OUT)} in ${Date.now() - started} ms\n`,
  );
}
