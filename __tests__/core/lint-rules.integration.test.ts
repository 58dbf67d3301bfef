import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ROOT } from '../support/root';
import { tempDir } from '../support/temp';

/*
 * The project's lint rules (.oxlintrc.json), on a few lines each: the project's own rule
 * (tools/lint-rules.js), which keeps what the type check no longer sees since TypeScript 7 always
 * allows default imports, and the rules it sets options for.
 */
function messages(code: string, file = 'modules/core/example.ts'): string[] {
  // A folder of its own, so that only this file is linted; the project's config, by path.
  const folder = tempDir('lint-rules.');
  mkdirSync(path.join(folder, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(folder, file), code);
  const oxlint = path.join(ROOT, 'node_modules', '.bin', 'oxlint');
  const run = spawnSync(oxlint, ['-c', path.join(ROOT, '.oxlintrc.json'), '--format', 'json', file], {
    cwd: folder,
    encoding: 'utf8',
  });
  const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
  return diagnostics.map((d) => `${d.code}: ${d.message}`);
}

test('a default import is refused in TypeScript, where swc would read `.default`; a namespace import is not', () => {
  expect(messages("import path from 'path';\nexport const x = path.sep;\n")).toEqual([
    "audit-logging(no-default-import): Use `import * as name from '...'` or a named import.",
  ]);
  expect(messages("import type Path from 'path';\nexport const x: Path | undefined = undefined;\n")).toEqual([
    "audit-logging(no-default-import): Use `import * as name from '...'` or a named import.",
  ]);
  expect(messages("import * as path from 'path';\nexport const x = path.sep;\n")).toEqual([]);
});

test('the provider package root is refused; a resource path is not', () => {
  expect(messages("import { s3Bucket } from '@cdktf/provider-aws';\nexport const x = s3Bucket;\n")).toEqual([
    expect.stringMatching(/^eslint\(no-restricted-imports\): '@cdktf\/provider-aws' import is restricted/),
  ]);
  expect(
    messages("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const x = S3Bucket;\n"),
  ).toEqual([]);
});

test('an unused argument is refused unless its name starts with an underscore; loose equality is refused', () => {
  expect(messages('export function f(a: number, _b: number): number {\n  return 1;\n}\n')).toEqual([
    expect.stringMatching(/^eslint\(no-unused-vars\): Parameter 'a' is declared but never used/),
  ]);
  expect(messages('export const same = (a: unknown, b: unknown) => a == b;\n')).toEqual([
    expect.stringMatching(/^eslint\(eqeqeq\)/),
  ]);
});

test("the legacy globals escape and unescape are refused, where a helper's import was meant; the helper is not", () => {
  expect(
    messages("export const shape = (text: string) => new RegExp(text.split('*').map(escape).join('.*'));\n"),
  ).toEqual([
    expect.stringMatching(/^eslint\(no-restricted-globals\): Unexpected use of 'escape'\. legacy URL escaping/),
  ]);
  expect(messages('export const text = unescape("%41");\n')).toEqual([
    expect.stringMatching(/^eslint\(no-restricted-globals\): Unexpected use of 'unescape'/),
  ]);
  expect(
    messages(
      "const escape = (text: string) => text.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\nexport const shape = (text: string) => new RegExp(text.split('*').map(escape).join('.*'));\n",
    ),
  ).toEqual([]);
});
