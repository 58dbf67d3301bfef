import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';
import { tempDir } from '../support/temp';

/*
 * docs/cli.md's script that drives the toolkit's actions is type-checked against the toolkit's entry
 * point, so the example a team copies compiles with the options and results as they are.
 */

/** The first TypeScript block of `file` after the heading `heading`. */
function scriptUnder(file: string, heading: string): string {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const section = text.slice(text.indexOf(`\n${heading}\n`));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error(`${file}: no ts block under ${heading}`);
  return block[1];
}

/** Type-checks `source` with the project's compiler options; the package's name is the toolkit's entry point here. */
function typeCheck(source: string): { status: number | null; output: string } {
  const dir = tempDir('toolkit-script');
  const entry = path.join(ROOT, 'packages', 'cli', 'toolkit', 'index');
  fs.writeFileSync(path.join(dir, 'script.ts'), source.replaceAll("'@audit-logging/cdktf-cli/toolkit'", `'${entry}'`));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      include: ['script.ts'],
      exclude: [],
    }),
  );
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsgo'), ['--noEmit', '-p', dir], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const script = scriptUnder('docs/cli.md', '## The toolkit from a script');

test("the docs' script imports from the toolkit's entry point and compiles", () => {
  expect(script).toContain("from '@audit-logging/cdktf-cli/toolkit'");
  expect(typeCheck(script)).toEqual({ status: 0, output: '' });
});

test('the check fails on a script that misuses an option (it is not a check that cannot fail)', () => {
  const wrong = script.replace('parallel: 4', "parallel: '4'");
  expect(wrong).not.toBe(script);
  expect(typeCheck(wrong)).toEqual({
    status: 1,
    output: expect.stringContaining("Type 'string' is not assignable to type 'number'"),
  });
});
