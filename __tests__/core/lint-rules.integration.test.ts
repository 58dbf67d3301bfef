import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../support/root';

/*
 * The project's own lint rules (eslint.config.mjs), on a few lines each: the one that keeps what the
 * type check no longer sees since TypeScript 7 always allows default imports.
 */
function messages(code: string, file = 'modules/core/example.ts'): string[] {
  // A process of its own: eslint loads its config as an ES module, which jest's sandbox does not.
  const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, '--format', 'json', '--stdin', '--stdin-filename', file], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

test('a default import is refused in TypeScript, where swc would read `.default`; a namespace import is not', () => {
  expect(messages("import path from 'path';\nexport const x = path.sep;\n")).toEqual([
    "no-restricted-syntax: Use `import * as name from '...'` or a named import.",
  ]);
  expect(messages("import * as path from 'path';\nexport const x = path.sep;\n")).toEqual([]);
});

test('the provider package root is refused; a resource path is not', () => {
  expect(messages("import { s3Bucket } from '@cdktf/provider-aws';\nexport const x = s3Bucket;\n")).toEqual([
    expect.stringMatching(/^no-restricted-imports: .*Import from @cdktf\/provider-aws\/lib\/<resource>\./),
  ]);
  expect(
    messages("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const x = S3Bucket;\n"),
  ).toEqual([]);
});
