import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as nodeModule from 'module';
import * as path from 'path';
import { CLI } from '../support/cli';
import { ROOT } from '../support/synth';
import { tempDir } from '../support/temp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tool = require('../../bin/compile-sources') as {
  compile(root: string, out: string): string[];
  OUT: string;
  SOURCES: string[];
};

/**
 * What a clone's command line runs (bin/compile-sources.js): the sources compiled once by npm ci's
 * `prepare`, and each one edited since compiled again at the next start, never ts-node.
 */
describe('the compiled sources of a clone', () => {
  /** A tree with the layout the tool reads: a tsconfig and sources under two of its folders. */
  function tree(): { root: string; out: string; write: (file: string, text: string, age?: number) => void } {
    const root = tempDir('compile-sources-');
    const out = path.join(root, 'out');
    fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
    const write = (file: string, text: string, age = 0) => {
      const full = path.join(root, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
      // An age in seconds, so that the edits of one test are ordered as edits a second apart are.
      const when = new Date(Date.now() - age * 1000);
      fs.utimesSync(full, when, when);
    };
    return { root, out, write };
  }

  test('compiles every source once, then only the one edited since; the edit is what runs', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', "import { greeting } from '../modules/words';\nexport const run = () => greeting;\n", 60);
    write('modules/words.ts', "export const greeting: string = 'hello';\n", 60);
    write('modules/words.test.ts', 'not compiled: a test\n', 60);
    write('modules/shapes.d.ts', 'declare const x: number;\n', 60);
    expect(tool.compile(root, out).sort()).toEqual(['cli/program.ts', 'modules/words.ts']);
    expect(tool.compile(root, out)).toEqual([]);
    // Run in a process of its own, as the command line runs it.
    const load = () =>
      spawnSync(
        process.execPath,
        ['-e', `process.stdout.write(require(${JSON.stringify(path.join(out, 'cli', 'program.js'))}).run())`],
        { encoding: 'utf8' },
      ).stdout;
    expect(load()).toBe('hello');
    write('modules/words.ts', "export const greeting: string = 'edited';\n");
    expect(tool.compile(root, out)).toEqual(['modules/words.ts']);
    expect(load()).toBe('edited');
  });

  test('the output of a deleted source goes; a file another start is writing stays', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', 'export const run = () => 1;\n', 60);
    write('modules/gone.ts', 'export const gone = 1;\n', 60);
    tool.compile(root, out);
    fs.writeFileSync(path.join(out, 'cli', 'program.js.123.tmp'), 'half');
    fs.rmSync(path.join(root, 'modules', 'gone.ts'));
    expect(tool.compile(root, out)).toEqual([]);
    expect(fs.existsSync(path.join(out, 'modules', 'gone.js'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'cli', 'program.js.123.tmp'))).toBe(true);
  });

  test('a source the last compile did not see is compiled, however old; without a record every source is', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', 'export const run = () => 1;\n', 60);
    expect(tool.compile(root, out)).toEqual(['cli/program.ts']);
    // Copied in with its old time kept (cp -p, tar): older than the compile, but new to it.
    write('modules/copied.ts', 'export const copied = 1;\n', 3600);
    expect(tool.compile(root, out)).toEqual(['modules/copied.ts']);
    expect(tool.compile(root, out)).toEqual([]);
    // The record gone (an older checkout's output, say): everything again, and no output without its source.
    fs.rmSync(path.join(out, '.compiled.json'));
    fs.writeFileSync(path.join(out, 'modules', 'orphan.js'), 'exports.x = 1;\n');
    expect(tool.compile(root, out).sort()).toEqual(['cli/program.ts', 'modules/copied.ts']);
    expect(fs.existsSync(path.join(out, 'modules', 'orphan.js'))).toBe(false);
    expect(fs.readdirSync(out).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  test('an output deleted by hand is compiled again at the next start', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', 'export const run = () => 1;\n', 60);
    write('modules/words.ts', 'export const word = 1;\n', 60);
    tool.compile(root, out);
    fs.rmSync(path.join(out, 'modules', 'words.js'));
    expect(tool.compile(root, out)).toEqual(['modules/words.ts']);
    expect(fs.existsSync(path.join(out, 'modules', 'words.js'))).toBe(true);
  });

  test('a failed compile records nothing, so the next start compiles the same sources again', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', 'export const run = () => 1;\n', 60);
    tool.compile(root, out);
    write('cli/program.ts', 'export const run = () => {;\n');
    expect(() => tool.compile(root, out)).toThrow(/cli\/program\.ts/);
    expect(() => tool.compile(root, out)).toThrow(/cli\/program\.ts/);
    write('cli/program.ts', 'export const run = () => 2;\n');
    expect(tool.compile(root, out)).toEqual(['cli/program.ts']);
    expect(fs.readdirSync(out).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  test('a source TypeScript cannot transpile is named, with the command that shows every error', () => {
    const { root, out, write } = tree();
    write('cli/program.ts', 'export const run = () => {;\n');
    expect(() => tool.compile(root, out)).toThrow(/^cli\/program\.ts: .+ \(npm run typecheck shows every error\)$/);
  });

  test('compiles the folders the package ships (tsconfig.build.json), and no others', () => {
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include.map((glob) => glob.replace(/\/\*\*\/\*\.ts$/, '')).sort()).toEqual([...tool.SOURCES].sort());
  });

  test("the command line keeps Node's compile cache where the runtime has one (Node 22.8 and later)", () => {
    const tmp = tempDir('compile-cache-');
    const probe = path.join(tmp, 'probe.js');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('CACHE ' + String(require('module').getCompileCacheDir?.()) + '\\n'));\n",
    );
    // Without NODE_COMPILE_CACHE Node turns no cache on by itself: only the command line's call does,
    // in <temp dir>/node-compile-cache, here a folder of this test's.
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const result = spawnSync(process.execPath, ['-r', probe, CLI, '--help'], { cwd: ROOT, encoding: 'utf8', env });
    expect(result.status).toBe(0);
    const dir = /^CACHE (.+)$/m.exec(result.stderr)?.[1];
    const hasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    // Node keeps one folder per version below it.
    if (hasCache) expect(path.dirname(dir ?? '')).toBe(path.join(tmp, 'node-compile-cache'));
    else expect(dir).toBe('undefined');
  });

  test("this clone's command line runs the compiled sources, not ts-node, and its start costs no TypeScript", () => {
    // Brought up to date first, as npm ci's prepare leaves it (a source edited before this run would
    // otherwise be compiled by the command, which is the first test's case).
    tool.compile(ROOT, tool.OUT);
    // A module preloaded into the command's process reports, as it exits, what was loaded.
    const probe = path.join(tempDir('compiled-entry-'), 'probe.js');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n",
    );
    const result = spawnSync(process.execPath, ['-r', probe, CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const loaded = JSON.parse(/^LOADED (.+)$/m.exec(result.stderr)?.[1] ?? '[]') as string[];
    expect(loaded).toContain(path.join(tool.OUT, 'cli', 'program.js'));
    expect(loaded.filter((file) => /[/\\]node_modules[/\\](ts-node|typescript)[/\\]/.test(file))).toEqual([]);
    expect(loaded.filter((file) => file.startsWith(ROOT) && file.endsWith('.ts'))).toEqual([]);
  });
});
