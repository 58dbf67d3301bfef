/**
 * `npm run pack:cli [-- --pack-destination <dir>]`: builds the second package of this repository,
 * `@audit-logging/cdktf-cli` (the toolkit and the `cdktf-audit-logging` command), from the same
 * build as the constructs package (`npm pack` at the root, `@audit-logging/cdktf`), and packs it.
 *
 * packages/cli/package.json is the package's manifest (its version is the root's, which a test
 * checks); this stages lib/toolkit and lib/cli of the root's build into packages/cli/lib, with each
 * import of the constructs' files (lib/modules, lib/stacks) rewritten from a relative path to the
 * constructs package (`@audit-logging/cdktf/lib/...`, a file its "exports" opens), so that the two
 * packages share one copy of the constructs; then the entry point, and the README, licence and
 * changelog. Prints the tarball's file name. Exits 1 naming what failed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const PACKAGE = path.join(ROOT, 'packages', 'cli');
/** The folders of the build the CLI package carries; everything else of lib/ is the constructs package's. */
export const CLI_FOLDERS = ['toolkit', 'cli'] as const;

/** The constructs package's name, which the staged files import its files by. */
const CONSTRUCTS_PACKAGE = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string })
  .name;

/**
 * `text` (a .js or .d.ts file of lib/ at `file`) with every relative import that leaves the CLI's
 * folders rewritten to the constructs package, naming the file it resolves to (`.js` added, or
 * `/index.js` for a folder), as the package's "./lib/*" export requires. Imports within the CLI's
 * folders stay relative. An import that resolves to no file of lib/ is an error.
 */
export function rewriteImports(text: string, file: string, lib = LIB): string {
  return text.replace(
    /(require\(|from |import\()(["'])(\.{1,2}\/[^"']*)\2/g,
    (whole, lead: string, quote: string, specifier: string) => {
      const target = path.resolve(path.dirname(file), specifier);
      const relative = path.relative(lib, target).split(path.sep).join('/');
      if (CLI_FOLDERS.some((folder) => relative === folder || relative.startsWith(`${folder}/`))) return whole;
      const resolved = [`${relative}.js`, `${relative}/index.js`].find((candidate) =>
        fs.existsSync(path.join(lib, candidate)),
      );
      if (resolved === undefined) {
        throw new Error(`${path.relative(lib, file)}: ${specifier} resolves to no file of lib/ (${relative})`);
      }
      return `${lead}${quote}${CONSTRUCTS_PACKAGE}/lib/${resolved}${quote}`;
    },
  );
}

function copyRewritten(from: string, to: string): number {
  let rewritten = 0;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      rewritten += copyRewritten(source, target);
    } else if (/\.(js|d\.ts)$/.test(entry.name)) {
      const text = fs.readFileSync(source, 'utf8');
      const changed = rewriteImports(text, source);
      if (changed !== text) rewritten += 1;
      fs.writeFileSync(target, changed);
    } else {
      fs.copyFileSync(source, target);
    }
  }
  return rewritten;
}

/** Stages the CLI package in packages/cli from the root's lib/ (which must be built). */
export function stageCliPackage(): void {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  if (manifest.version !== version || manifest.dependencies[CONSTRUCTS_PACKAGE] !== version) {
    throw new Error(
      `packages/cli/package.json: version ${manifest.version} and its ${CONSTRUCTS_PACKAGE} ${manifest.dependencies[CONSTRUCTS_PACKAGE]} must both be the root's ${version}`,
    );
  }
  for (const folder of CLI_FOLDERS) {
    if (!fs.existsSync(path.join(LIB, folder))) throw new Error(`lib/${folder} is missing: run npm run build first`);
  }
  fs.rmSync(path.join(PACKAGE, 'lib'), { recursive: true, force: true });
  fs.rmSync(path.join(PACKAGE, 'bin'), { recursive: true, force: true });
  let rewritten = 0;
  for (const folder of CLI_FOLDERS)
    rewritten += copyRewritten(path.join(LIB, folder), path.join(PACKAGE, 'lib', folder));
  fs.mkdirSync(path.join(PACKAGE, 'bin'));
  fs.copyFileSync(
    path.join(ROOT, 'bin', 'cdktf-audit-logging.js'),
    path.join(PACKAGE, 'bin', 'cdktf-audit-logging.js'),
  );
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    fs.copyFileSync(path.join(ROOT, file), path.join(PACKAGE, file));
  }
  process.stderr.write(`staged packages/cli: ${rewritten} files import the constructs package\n`);
}

if (require.main === module) {
  try {
    const at = process.argv.indexOf('--pack-destination');
    const destination = at === -1 ? ROOT : path.resolve(process.argv[at + 1] ?? ROOT);
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    stageCliPackage();
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: PACKAGE, encoding: 'utf8' }),
    ) as { filename: string }[];
    process.stdout.write(`${packed[0].filename}\n`);
  } catch (error) {
    process.stderr.write(`pack:cli: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
