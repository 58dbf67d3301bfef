// `node tools/build.js <tsconfig>`: the build of a package (npm run build, at the root and in
// packages/cli). The JavaScript comes from swc with the options the command line and jest run the
// sources with (tools/swc-options.js), so a published file is what the tests ran; tsc writes the
// declarations beside it (the tsconfig sets emitDeclarationOnly), and the type check is npm test's.
// The tsconfig names the files (include, exclude), rootDir and outDir; outDir is emptied first.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const swc = require('@swc/core');
const ts = require('typescript');
const options = require('./swc-options');

/** The files, rootDir and outDir `tsconfigPath` names, as tsc reads them. */
function readProject(tsconfigPath) {
  const { config, error } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  if (parsed.errors.length > 0) {
    throw new Error(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  }
  const { rootDir, outDir } = parsed.options;
  if (!rootDir || !outDir) throw new Error(`${tsconfigPath}: the build needs compilerOptions.rootDir and outDir`);
  return { files: parsed.fileNames.filter((f) => !f.endsWith('.d.ts')), rootDir, outDir };
}

/**
 * Writes `<outDir>/<file relative to rootDir>.js` and its source map, which carries the source text
 * (stack traces and debuggers show the TypeScript without the sources).
 */
function emitJavaScript(file, rootDir, outDir) {
  const out = path.join(outDir, path.relative(rootDir, file)).replace(/\.ts$/, '.js');
  const { code, map } = swc.transformSync(fs.readFileSync(file, 'utf8'), {
    ...options,
    filename: file,
    sourceFileName: path.relative(path.dirname(out), file),
    sourceMaps: true,
    inlineSourcesContent: true,
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
  fs.writeFileSync(`${out}.map`, map);
}

/** Empties the outDir `tsconfigPath` names and writes the JavaScript of its files there. */
function emitProjectJavaScript(tsconfigPath) {
  const { files, rootDir, outDir } = readProject(tsconfigPath);
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const file of files) emitJavaScript(file, rootDir, outDir);
}

/** The JavaScript, then tsc's declarations. */
function build(tsconfigPath) {
  emitProjectJavaScript(tsconfigPath);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfigPath], {
    stdio: 'inherit',
  });
}

if (require.main === module) {
  const [tsconfig] = process.argv.slice(2);
  if (!tsconfig) {
    process.stderr.write('usage: node tools/build.js <tsconfig.json>\n');
    process.exit(2);
  }
  try {
    build(path.resolve(tsconfig));
  } catch (error) {
    process.stderr.write(`${error.message ?? error}\n`);
    process.exit(1);
  }
}

module.exports = { emitProjectJavaScript };
