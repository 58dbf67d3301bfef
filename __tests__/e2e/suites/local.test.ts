import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  closingGuide,
  DOCUMENTS,
  keptDocuments,
  describeChanges,
  liveSummary,
  localProgram,
  motoTrouble,
  ownRetryRepair,
  plannedChanges,
  prepareWorkFolder,
} from '../../../e2e/suites/local';
import { unrecordedMessage } from '../../../packages/cli/toolkit/terraform/interrupted-apply';
import { ResourceChange, planSummaryMarkdown } from '../../../packages/cli/toolkit/review/plan-summary';

function change(type: string, name: string, actions: string[]): ResourceChange {
  return {
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    change: {
      actions,
      before: actions.includes('create') ? null : {},
      after: actions.includes('delete') && actions.length === 1 ? null : {},
    },
  };
}

describe('npm run local reads what plan-summary wrote', () => {
  test('the changes of every stack add up, and the attention items are counted', () => {
    // Given plan-summary's report of two stacks: one creating a key and a bucket, one updating a role
    const summary = planSummaryMarkdown([
      {
        stack: 'log-archive',
        plan: {
          resource_changes: [change('aws_kms_key', 'key', ['create']), change('aws_s3_bucket', 'logs', ['create'])],
        },
      },
      { stack: 'member-payments', plan: { resource_changes: [change('aws_iam_role', 'recorder', ['update'])] } },
    ]);
    // When the walk-through reads it
    const changes = plannedChanges(summary);
    // Then it sees both stacks and their changes
    expect(changes).toEqual(
      expect.objectContaining({ stacks: 2, create: 2, update: 1, replace: 0, delete: 0, notPlanned: 0 }),
    );
    expect(describeChanges(changes)).toMatch(/^2 stacks, 2 to create, 1 to update, 0 to replace, 0 to delete/);
  });

  test('a second plan with nothing to change reads as zero changes in every stack', () => {
    const summary = planSummaryMarkdown([
      { stack: 'log-archive', plan: { resource_changes: [change('aws_kms_key', 'key', ['no-op'])] } },
      { stack: 'organization', plan: { resource_changes: [] } },
    ]);
    expect(plannedChanges(summary)).toEqual({
      stacks: 2,
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      attention: 0,
      notPlanned: 0,
    });
  });

  test('a stack that did not plan is counted, so the walk-through does not read the report as complete', () => {
    const summary = planSummaryMarkdown(
      [{ stack: 'log-archive', plan: { resource_changes: [] } }],
      [{ stack: 'guardrails', outcome: 'failed', reason: 'Error: the policy type is not enabled' }],
    );
    const changes = plannedChanges(summary);
    expect(changes.notPlanned).toBe(1);
    expect(describeChanges(changes)).toMatch(/; 1 stack not planned$/);
  });
});

describe('the work folder', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'local-try-out-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('a folder of the user is refused, naming --dir, and nothing in it is deleted', () => {
    fs.writeFileSync(path.join(scratch, 'notes.txt'), 'mine');
    expect(() => prepareWorkFolder(scratch)).toThrow(/--dir .*not made by npm run local/);
    expect(fs.readFileSync(path.join(scratch, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test("an earlier run's folder is cleared for the next run", () => {
    const dir = path.join(scratch, 'local-aws');
    prepareWorkFolder(dir);
    fs.writeFileSync(path.join(dir, 'plan.md'), 'old');
    prepareWorkFolder(dir);
    expect(fs.readdirSync(dir)).toEqual(['.local-aws']);
  });
});

test('--help names what it needs and what it runs', () => {
  const help = localProgram().helpInformation() + '';
  expect(help).toContain('--dir <folder>');
  expect(help).toContain('--keep-running');
  expect(help).toMatch(/discover, synth, plan, plan-summary, deploy and compliance/);
});

describe('npm run local after a failed deploy', () => {
  const database = {
    address: 'aws_glue_catalog_database.analytics_database_BEC7AB95',
    id: 'audit_logs',
    operation: { service: 'Glue', operation: 'CreateDatabase' },
  };
  const retried = [{ service: 'Glue', operation: 'CreateDatabase', calls: 1, lostAnswer: 'HTTP 500 InternalError' }];
  const deployOutput = (message: string) =>
    `log-archive: terraform apply stopped: ${message}\nTerraform's whole output: x.log\ndeploy stopped: 9 stacks failed`;

  test("follows deploy's import advice only when the apply's own retried create made every resource", () => {
    // Given deploy's words for a database its own retried create made
    const own = deployOutput(unrecordedMessage('/w/stacks/log-archive', [database], retried));
    // Then the loop runs the import deploy printed, once
    expect(ownRetryRepair(`${own}\n${own}`)).toEqual([
      "terraform -chdir=/w/stacks/log-archive import 'aws_glue_catalog_database.analytics_database_BEC7AB95' 'audit_logs'",
    ]);
    // And not when a killed apply (or anything else) is the cause: that stays a failure
    expect(ownRetryRepair(deployOutput(unrecordedMessage('/w/stacks/log-archive', [database], [])))).toEqual([]);
    expect(ownRetryRepair(deployOutput(unrecordedMessage('/w/stacks/log-archive', [database], undefined)))).toEqual([]);
    // A folder with a space comes quoted, as one word
    expect(ownRetryRepair(deployOutput(unrecordedMessage('/my work/log-archive', [database], retried)))).toEqual([
      "terraform -chdir='/my work/log-archive' import 'aws_glue_catalog_database.analytics_database_BEC7AB95' 'audit_logs'",
    ]);
    const bucket = { address: 'aws_s3_bucket.logs', id: 'b' };
    expect(ownRetryRepair(deployOutput(unrecordedMessage('/w', [database, bucket], retried)))).toEqual([]);
    expect(ownRetryRepair('deploy stopped: 1 stacks failed or did not start. Fix the cause')).toEqual([]);
  });

  test("names moto's own failures, and nothing when it had none", () => {
    const clean = '127.0.0.1 - - [25/Nov/2026 08:42:45] "POST / HTTP/1.1" 200 -\n';
    expect(motoTrouble(clean)).toBe('');
    const failing =
      clean +
      'Traceback (most recent call last):\n  File "x.py", line 1, in f\nKeyError: \'audit_logs\'\n' +
      '127.0.0.1 - - [25/Nov/2026 08:42:46] "POST / HTTP/1.1" 500 -\n';
    expect(motoTrouble(failing)).toBe(
      "moto answered 1 request with HTTP 5xx; its last traceback ends: KeyError: 'audit_logs' (see moto.log): " +
        'a fault of the local AWS, not of the stacks, if the failing call is among them',
    );
  });
});

describe('npm run local keeps what it teaches', () => {
  test('each review has a file of its own, and the closing lines name every file, the first review first', () => {
    const kept = keptDocuments(true);
    const files = kept.map((d) => d.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files).toEqual([
      'discover.json',
      'plan.md',
      'plan-audit.md',
      'plan-again.md',
      'compliance.md',
      'compliance-live.md',
      'cdktf.out/decommission/removal.md',
    ]);
    // Without an audit account there is neither its review nor a live read (nothing to read it from).
    const withoutAudit = keptDocuments(false).map((d) => d.file);
    expect(withoutAudit).not.toContain(DOCUMENTS.auditReview.file);
    expect(withoutAudit).not.toContain(DOCUMENTS.liveCompliance.file);
    const lines = closingGuide('/tmp/try', kept, false);
    expect(lines[0]).toBe(`read first: /tmp/try/plan.md (${DOCUMENTS.firstReview.what})`);
    for (const file of files) expect(lines.join('\n')).toContain(`/tmp/try/${file}`);
    expect(lines.at(-1)).toContain('npm run local -- --keep-running');
    expect(lines.at(-1)).toContain('compliance --live, verify-delivery and investigate');
    const running = closingGuide('/tmp/try', kept, true).at(-1);
    expect(running).toContain('in another terminal with the exports below');
    expect(running).toContain(
      "npm run compliance -- --live --config /tmp/try/audit.config.json with the audit account's exports",
    );
    expect(running).toContain('npm run verify-delivery -- --config /tmp/try/audit.config.json');
    expect(closingGuide('/tmp/try', keptDocuments(false), true).at(-1)).not.toContain('compliance --live');
  });

  test("the live report's line of what it read and found is what the console shows", () => {
    const markdown = [
      '# Compliance state (live)',
      '',
      '- **Source:** live reads',
      '',
      'Security Hub findings in eu-west-1: 0 read. AWS Config aggregator audit-organization in eu-west-1: 0 rule ' +
        'results read. 3 request(s). 4 accounts, 0 controls checked by Security Hub or AWS Config: 0 failing in 0 account(s).',
      '',
    ].join('\n');
    expect(liveSummary(markdown)).toBe(markdown.split('\n')[4]);
    expect(liveSummary('# Compliance state (live)\n')).toBeUndefined();
  });
});
