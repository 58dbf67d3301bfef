import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as nodeModule from 'module';
import * as path from 'path';
import { CLI } from '../support/cli';
import { ROOT } from '../support/synth';
import { tempDir } from '../support/temp';

const REGISTER = path.join(ROOT, 'tools', 'swc-register.js');

/** Runs `file` (TypeScript) in a process of its own through the register, as a clone runs its sources. */
function runTypeScript(file: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-r', REGISTER, file], { encoding: 'utf8' });
}

/**
 * What a clone runs (bin/, the npm scripts, the cdktf app, a synth's threads): the TypeScript sources
 * through tools/swc-register.js, each file's JavaScript kept under a name made of what made it.
 */
describe('the TypeScript sources of a clone, run through swc', () => {
  test('an edit runs at the next start; the earlier text restored with its earlier time runs again', () => {
    const dir = tempDir('swc-register-');
    const words = path.join(dir, 'words.ts');
    const program = path.join(dir, 'program.ts');
    fs.writeFileSync(program, "import { greeting } from './words';\nprocess.stdout.write(greeting);\n");
    const write = (text: string, when: Date) => {
      fs.writeFileSync(words, `export const greeting: string = '${text}';\n`);
      fs.utimesSync(words, when, when);
    };
    const hourAgo = new Date(Date.now() - 3_600_000);
    write('hello', hourAgo);
    expect(runTypeScript(program).stdout).toBe('hello');
    write('edited', new Date());
    expect(runTypeScript(program).stdout).toBe('edited');
    // A checkout, a stash or `cp -p` brings the old text back with its old time.
    write('hello', hourAgo);
    expect(runTypeScript(program).stdout).toBe('hello');
  });

  test('a source swc cannot transpile is named with its line, and the command that shows every error', () => {
    const file = path.join(tempDir('swc-register-'), 'broken.ts');
    fs.writeFileSync(file, 'export const run = () => {;\n');
    const result = runTypeScript(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:1:`);
    expect(result.stderr).toContain('(npm run typecheck shows every error)');
  });

  test('each JavaScript is kept whole under its digest: no partial file is left', () => {
    const dir = tempDir('swc-register-');
    const file = path.join(dir, 'kept.ts');
    fs.writeFileSync(file, `export const unique: string = '${path.basename(dir)}';\n`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CACHE, javascriptOf } = require(REGISTER) as {
      CACHE: string;
      javascriptOf: (source: string, filename: string) => string;
    };
    const before = new Set(fs.readdirSync(CACHE, { recursive: true }).map(String));
    const code = javascriptOf(fs.readFileSync(file, 'utf8'), file);
    // Other test files' processes fill the same cache meanwhile: this file's JavaScript is the one
    // that holds its unique text.
    const added = fs
      .readdirSync(CACHE, { recursive: true })
      .map(String)
      .filter((entry) => !before.has(entry) && entry.endsWith('.js'))
      .filter((entry) => fs.readFileSync(path.join(CACHE, entry), 'utf8').includes(path.basename(dir)));
    expect(added).toHaveLength(1);
    expect(fs.readFileSync(path.join(CACHE, added[0]), 'utf8')).toBe(code);
    expect(javascriptOf(fs.readFileSync(file, 'utf8'), file)).toBe(code);
    expect(
      fs
        .readdirSync(CACHE, { recursive: true })
        .map(String)
        .filter((entry) => entry.startsWith(added[0]) && entry.endsWith('.tmp')),
    ).toEqual([]);
    fs.rmSync(path.join(CACHE, added[0]));
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

  test("this clone's command line runs the sources, and a start after the first loads neither swc nor TypeScript", () => {
    // A module preloaded into the command's process reports, as it exits, what was loaded.
    const probe = path.join(tempDir('swc-register-'), 'probe.js');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n",
    );
    const start = () => spawnSync(process.execPath, ['-r', probe, CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(start().status).toBe(0);
    const result = start();
    expect(result.status).toBe(0);
    const loaded = JSON.parse(/^LOADED (.+)$/m.exec(result.stderr)?.[1] ?? '[]') as string[];
    expect(loaded).toContain(path.join(ROOT, 'packages', 'cli', 'cli', 'program.ts'));
    expect(loaded.filter((file) => /[/\\]node_modules[/\\](ts-node|typescript|@swc)[/\\]/.test(file))).toEqual([]);
  });
});
