import { execFileSync } from 'child_process';
import { readRepoFile } from '../support/docs';
import { ROOT } from '../support/synth';

/**
 * Every name the product gives a resource, a role, a policy, a metric namespace or a saved query
 * has one home: modules/core/naming.ts (AuditNaming and the constants beside it). The stacks, the
 * guardrails and the toolkit read it there, so that a guardrail cannot protect a name the
 * construct no longer uses. Our names start `audit-` (or `alias/audit-`), and the namespaces are
 * `AuditLogging...` and `CISBenchmark`: a string literal of that form written anywhere else in the
 * code (comments aside, and names quoted inside a message or a filter pattern) fails here.
 */
const NAME_LITERAL = /(['`])((?:alias\/)?audit-[a-z0-9-]+|AuditLogging[\w/]*|CISBenchmark)\1/g;

/** Strings of that form that are not names of anything in AWS, with the reason. */
const NOT_NAMES: Record<string, string> = {
  'audit-account': "a detection's placement and a discovery decision: the audit account, not a name in AWS",
  'audit-coexistence': 'a discovery decision kind',
  'audit-account-security-hub': 'the id of an entry of the catalog of what AWS creates on its own',
  'audit-tflog-': "the prefix of a temporary folder of this machine's, for Terraform's logs",
  'audit-tfrc-': "the prefix of a temporary folder of this machine's, for Terraform's CLI config",
};

const SOURCES = execFileSync(
  'git',
  ['ls-files', 'modules', 'stacks', 'packages/cli/toolkit', 'packages/cli/cli', 'index.ts'],
  {
    cwd: ROOT,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => file.endsWith('.ts') && file !== 'modules/core/naming.ts');

/** The text without its comments (a doc comment's `@default 'audit-...'` says what naming.ts holds). */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function nameLiterals(file: string, text: string): string[] {
  return [...withoutComments(text).matchAll(NAME_LITERAL)]
    .map((match) => match[2])
    .filter((name) => NOT_NAMES[name] === undefined)
    .map((name) => `${file}: '${name}'`);
}

describe('names have one home', () => {
  test('no resource, role, policy, namespace or saved-query name is written outside modules/core/naming.ts', () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    expect(SOURCES.flatMap((file) => nameLiterals(file, readRepoFile(file)))).toEqual([]);
  });

  test('the scan finds a name in code and passes over one in a comment', () => {
    const code =
      "/** @default 'audit-foo' */\nconst name = props.name ?? 'audit-foo';\n// 'audit-bar'\nnamespace: 'AuditLogging/X',";
    expect(nameLiterals('x.ts', code)).toEqual(["x.ts: 'audit-foo'", "x.ts: 'AuditLogging/X'"]);
  });
});
