import { execFileSync } from 'child_process';
import * as ts from 'typescript';
import { readRepoFile } from './support/docs';
import { ROOT } from './support/synth';

/*
 * A function of the product is a few named steps: at most 80 lines. The functions written before
 * that rule are listed with their length, which may only shrink: a new function over 80 lines, or
 * a listed one grown, fails here, and one brought under 80 leaves the list. estimateCost, verifyTree,
 * the Guardrails constructor and buildEvidencePackage were 197 to 276 lines; each is now steps.
 */
const MOST_LINES = 80;

/** The functions over {@link MOST_LINES} lines when the rule came, by `file name`, with their length. */
const LONGER_BEFORE_THE_RULE: Readonly<Record<string, number>> = {
  'stacks/log-archive.ts constructor': 290,
  'modules/application-logs/application-logs-delivery.ts constructor': 210,
  'modules/analytics/cloudtrail-columnar-copy.ts constructor': 203,
  'modules/log-archive/log-key-policy.ts logKeyPolicyStatements': 164,
  'packages/cli/toolkit/discovery/aws-inventory.ts readOrganization': 158,
  'modules/analytics/log-analytics.ts constructor': 150,
  'stacks/member.ts constructor': 150,
  'modules/log-archive/log-archive.ts constructor': 143,
  'modules/log-archive/member-logs-bucket-policy.ts memberLogsBucketPolicyStatements': 132,
  'packages/cli/toolkit/compliance/live-state.ts readLiveState': 130,
  'modules/analytics/quicksight-datasets.ts constructor': 129,
  'packages/cli/toolkit/deploy-role/deploy-policy.ts deployPolicy': 130,
  'modules/security-hub/security-hub-findings-export.ts constructor': 125,
  'packages/cli/toolkit/review/plan-summary.ts planSummaryMarkdown': 123,
  'packages/cli/cli/commands/evidence.ts evidenceCommand': 122,
  'modules/analytics/config-crawler.ts constructor': 122,
  'packages/cli/toolkit/compliance/html-report.ts liveHtml': 120,
  'modules/guardrails/recording-protection.ts recordingProtectionStatements': 118,
  'modules/flow-logs/flow-logs-remediation.ts constructor': 112,
  'packages/cli/cli/commands/cost.ts costCommand': 105,
  'packages/cli/toolkit/terraform/terraform.ts exec': 105,
  'modules/analytics/investigator-role.ts constructor': 103,
  'packages/cli/toolkit/cost/cost-estimate.ts applicationLogLines': 103,
  'modules/alarms/security-alarms.ts constructor': 101,
  'modules/guardrails/trail-protection.ts trailProtectionStatements': 101,
  'packages/cli/toolkit/delivery/delivery-check.ts checkDelivery': 101,
  'modules/storage/secure-bucket.ts constructor': 98,
  'modules/log-archive/log-replication.ts constructor': 96,
  'modules/org-config/warnings.ts configWarnings': 95,
  'modules/session-manager/session-manager-logging.ts constructor': 93,
  'packages/cli/toolkit/discovery/decisions.ts auditDecision': 86,
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
  .filter((file) => file.endsWith('.ts'));

/** Every function, method and constructor of a file with a block body, as `file name` and its lines. */
function functionLengths(file: string, text: string): [string, number][] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: [string, number][] = [];
  const visit = (node: ts.Node): void => {
    const withBody =
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isBlock(node.body));
    if (withBody) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = ts.isConstructorDeclaration(node) ? 'constructor' : (node.name?.getText(source) ?? '(anonymous)');
      found.push([`${file} ${name}`, last - first + 1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('functions are a few named steps', () => {
  const long = SOURCES.flatMap((file) => functionLengths(file, readRepoFile(file))).filter(
    ([, lines]) => lines > MOST_LINES,
  );

  test(`no function over ${MOST_LINES} lines but those listed, none of them grown`, () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    const over = long
      .filter(([name, lines]) => lines > (LONGER_BEFORE_THE_RULE[name] ?? MOST_LINES))
      .map(([name, lines]) => `${name}: ${lines} lines`);
    expect(over).toEqual([]);
  });

  test('every function listed is still over the rule (one brought under it leaves the list)', () => {
    const stillLong = new Set(long.map(([name]) => name));
    expect(Object.keys(LONGER_BEFORE_THE_RULE).filter((name) => !stillLong.has(name))).toEqual([]);
  });

  test('the four functions of the issue are steps now', () => {
    for (const name of [
      'packages/cli/toolkit/cost/cost-estimate.ts estimateCost',
      'packages/cli/toolkit/integrity/verify-tree.ts verifyTree',
      'modules/guardrails/guardrails.ts constructor',
      'packages/cli/toolkit/evidence/evidence-package.ts buildEvidencePackage',
    ]) {
      const [file] = name.split(' ');
      const lengths = functionLengths(file, readRepoFile(file)).filter(([found]) => found === name);
      expect([name, lengths.length > 0, lengths.every(([, lines]) => lines <= MOST_LINES)]).toEqual([name, true, true]);
    }
  });

  test('the measure counts a function from its first line to its last', () => {
    const text = 'export function f(): number {\n  const a = 1;\n  return a;\n}\n';
    expect(functionLengths('x.ts', text)).toEqual([['x.ts f', 4]]);
  });
});
