import * as fs from 'fs';
import * as path from 'path';
import { program } from '../../packages/cli/cli/program';
import { evidenceGuide } from '../../packages/cli/toolkit/evidence/evidence-guide';
import { DOCS, readRepoFile } from '../support/docs';
import { ROOT } from '../support/synth';

/*
 * The commands an auditor is told to run: docs/evidence-package.md and the README every package
 * carries name the package we publish (`npx @audit-logging/cdktf-cli`), never the unscoped
 * `cdktf-audit-logging`, which is not ours on npm (npx would run whoever publishes it); each option
 * they give is one `evidence verify` takes; and the docs say how to check the package itself.
 */

const verify = program()
  .commands.find((c) => c.name() === 'evidence')
  ?.commands.find((c) => c.name() === 'verify');

/** Each line of a Markdown text's code (fenced blocks, indented blocks, inline spans) that runs `evidence verify`. */
function verifyCommandsIn(markdown: string): string[] {
  const code: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (fenced || /^ {4}\S/.test(line)) code.push(line.trim());
    else for (const span of line.matchAll(/`([^`]+)`/g)) code.push(span[1]);
  }
  return code.filter((line) => /\bevidence verify\b/.test(line));
}

/** The README a package carries, as the builder writes it (the example package's, which verify derives again). */
const PACKAGE_README = fs.readFileSync(path.join(ROOT, 'examples', 'evidence-package', 'README.md'), 'utf8');

describe("the auditor's commands", () => {
  test.each([
    ['docs/evidence-package.md', readRepoFile('docs/evidence-package.md')],
    ["the package's README.md", PACKAGE_README],
  ])('%s: every evidence verify runs the published package, with options verify takes', (_, text) => {
    const commands = verifyCommandsIn(text);
    expect(commands.length).toBeGreaterThan(0);
    const wrong = commands.filter(
      (line) =>
        !/^npx @audit-logging\/cdktf-cli(@\d+\.\d+\.\d+|@<version>)? evidence verify /.test(line) &&
        !line.startsWith('npm run cli -- '),
    );
    expect(wrong).toEqual([]);
    const known = new Set(verify?.options.map((o) => o.long));
    const options = commands.flatMap((line) => line.split(/\s+/).filter((word) => /^--[a-z]/.test(word)));
    expect(options.filter((o) => !known.has(o))).toEqual([]);
  });

  test('the README a package carries pins the version that made it', () => {
    const guide = evidenceGuide({
      from: '2023-07-10',
      to: '2023-07-11',
      config: { organization: { id: 'o-example1234', managementAccountId: '218007301253' } } as never,
      integrity: { root: '', ok: true, strict: false, files: { digests: 0, logs: 0, signatures: 0 }, streams: [] },
      delivery: { complete: true, gaps: [] } as never,
      rows: [],
      changes: 0,
      memberLogs: false,
      tool: { version: '1.2.3' },
    });
    expect(verifyCommandsIn(guide)).toEqual([
      'npx @audit-logging/cdktf-cli@1.2.3 evidence verify <this folder> --logs <the copy of the log bucket>',
    ]);
  });

  test('no document tells anyone to npx the unscoped name', () => {
    const unscoped = [...DOCS, 'examples/evidence-package/README.md'].filter((file) =>
      /npx cdktf-audit-logging\b/.test(readRepoFile(file)),
    );
    expect(unscoped).toEqual([]);
  });

  test("the docs say how to check the package itself: npm's provenance, and the tarball's digests", () => {
    const docs = readRepoFile('docs/evidence-package.md');
    expect(docs).toContain('npm audit signatures');
    expect(docs).toContain('npm view @audit-logging/cdktf-cli@<version> dist.integrity');
    expect(docs).toContain('npm pack @audit-logging/cdktf-cli@<version>');
  });
});
