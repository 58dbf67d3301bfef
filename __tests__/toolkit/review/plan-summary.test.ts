import * as fs from 'fs';
import * as path from 'path';
import {
  changedAttributes,
  accountSubscriptionPolicies,
  changeKind,
  destructiveChanges,
  guardrailDetachments,
  PlanJson,
  planSummaryMarkdown,
  policyChanges,
  ResourceChange,
  StackPlan,
} from '../../../packages/cli/toolkit/review/plan-summary';
import { deploymentOrderOf } from '../../../modules/core/deployment-order';
import { runCliInProcess } from '../../support/cli';
import { ROOT } from '../../support/root';

/*
 * The fixtures are the plans of the e2e run's upgrade step (npm run e2e: examples/e2e.config.json
 * applied to moto, then a member added and one removed, alarm e-mails, a Region and two retention
 * periods changed), cut to the keys the summary reads. See fixtures/README.md.
 */
const FIXTURES = path.join(__dirname, 'fixtures', 'e2e-upgrade');

function fixturePlans(): StackPlan[] {
  return deploymentOrderOf(
    fs.readdirSync(FIXTURES).map((file) => ({
      stack: path.basename(file, '.json'),
      plan: JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as PlanJson,
    })),
  );
}

function change(
  type: string,
  actions: string[],
  before: object | null,
  after: object | null,
  unknown = {},
): ResourceChange {
  return {
    address: `${type}.it`,
    mode: 'managed',
    type,
    change: { actions, before, after, after_unknown: unknown },
  } as ResourceChange;
}

describe('plan summary of the e2e upgrade plans', () => {
  const plans = fixturePlans();
  const summary = planSummaryMarkdown(plans);

  test('the stacks come in deployment order', () => {
    expect(plans.map((p) => p.stack)).toEqual([
      'log-archive',
      'organization',
      'guardrails',
      'member-acquired',
      'member-data-platform',
      'member-workloads',
    ]);
  });

  test('nothing data-bearing is deleted or replaced', () => {
    for (const { plan } of plans) expect(destructiveChanges(plan)).toEqual([]);
    expect(summary).not.toMatch(/data-bearing resources? deleted or replaced/);
  });

  test('the new outside member shows as policy changes, first, by Sid', () => {
    const attention = summary.slice(0, summary.indexOf('## Changes per stack'));
    expect(attention).toContain('### Policy update: log-archive `aws_kms_key.archive_key_3F84AD30`');
    expect(attention).toContain('### Policy update: log-archive `aws_s3_bucket_policy.archive_logs_policy_5B70DF36`');
    expect(attention).toContain('Added: `CloudTrailAccountWrite710000000007`; Changed: `CloudTrailAclCheck`');
    const bucket = policyChanges(plans[0].plan).find((diff) => diff.address.includes('archive_logs_policy'));
    // The break-glass role of the upgrade joins the deletion and retention guards.
    expect(bucket?.added.map((s) => (s as { Sid: string }).Sid)).toEqual([
      'CloudTrailAclCheck',
      'CloudTrailAccountWrite710000000007',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
    expect(bucket?.removed.map((s) => (s as { Sid: string }).Sid)).toEqual([
      'CloudTrailAclCheck',
      'DenyObjectDeletion',
      'DenyRetentionChanges',
    ]);
  });

  test('the guardrails change statement by statement: a new Region, an outside member, a break-glass role', () => {
    const attention = summary.slice(0, summary.indexOf('## Changes per stack'));
    expect(attention).toMatch(
      /### Policy update: guardrails `aws_organizations_policy\.guardrails_evidence_\w+`\n\nChanged: `DenyEvidenceDestruction`, `DenyArchiveReconfiguration`/,
    );
    expect(attention).toMatch(
      /### Policy update: guardrails `aws_organizations_policy\.guardrails_data-perimeter_\w+`/,
    );
    expect(attention).toMatch(/### Policy update: guardrails `aws_organizations_policy\.guardrails_recording_\w+`/);
    expect(attention).not.toMatch(/guardrail attachments? removed/);
  });

  test('counts per stack', () => {
    expect(summary).toContain('| log-archive | 0 | 10 | 0 | 0 |');
    expect(summary).toContain('| organization | 2 | 1 | 0 | 1 |');
    expect(summary).toContain('| guardrails | 0 | 3 | 0 | 0 |');
  });

  test('each changed resource with the attributes that change', () => {
    expect(summary).toMatch(
      /\| `aws_cloudwatch_log_group\.trail_log-group_[0-9A-F]+` \| update \| `retention_in_days` \|/,
    );
    expect(summary).toMatch(
      /\| `aws_sns_topic_subscription\.alarms_email-secopse2eexample_[0-9A-F]+` \| delete \| {2}\|/,
    );
  });

  test('docs/reviewing-changes.md shows this summary, as generated', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'reviewing-changes.md'), 'utf8');
    const start = readme.indexOf('<!-- plan-summary-example -->');
    const end = readme.indexOf('<!-- /plan-summary-example -->');
    expect(start).toBeGreaterThan(0);
    const shown = readme
      .slice(start, end)
      .replace('<!-- plan-summary-example -->', '')
      .replace('<!-- prettier-ignore-start -->', '')
      .replace('<!-- prettier-ignore-end -->', '')
      .trim();
    const fence = '````markdown';
    expect(shown.startsWith(fence)).toBe(true);
    expect(shown.slice(fence.length, -'````'.length).trim()).toBe(summary.trim());
  });
});

describe('plan summary rules', () => {
  test('actions map to create, update, replace, delete', () => {
    expect(changeKind(change('aws_s3_bucket', ['create'], null, {}))).toBe('create');
    expect(changeKind(change('aws_s3_bucket', ['update'], {}, {}))).toBe('update');
    expect(changeKind(change('aws_s3_bucket', ['delete', 'create'], {}, {}))).toBe('replace');
    expect(changeKind(change('aws_s3_bucket', ['create', 'delete'], {}, {}))).toBe('replace');
    expect(changeKind(change('aws_s3_bucket', ['delete'], {}, null))).toBe('delete');
    expect(changeKind(change('aws_s3_bucket', ['no-op'], {}, {}))).toBeUndefined();
  });

  test('a replaced bucket and a deleted key come first and loud; a deleted alarm does not', () => {
    const plan: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        change('aws_cloudwatch_metric_alarm', ['delete'], {}, null),
        change('aws_s3_bucket', ['delete', 'create'], { bucket: 'a' }, { bucket: 'b' }),
        change('aws_kms_key', ['delete'], {}, null),
      ],
    };
    const summary = planSummaryMarkdown([{ stack: 'log-archive', plan }]);
    expect(destructiveChanges(plan).map((d) => [d.change.type, d.kind])).toEqual([
      ['aws_s3_bucket', 'replace'],
      ['aws_kms_key', 'delete'],
    ]);
    expect(summary.indexOf('**2 data-bearing resources deleted or replaced.**')).toBeLessThan(
      summary.indexOf('## Changes per stack'),
    );
    expect(summary).toContain('| log-archive | `aws_s3_bucket.it` | **REPLACE** |');
    expect(summary).toContain('| log-archive | 0 | 0 | 1 | 2 |');
  });

  test("[logs-account-policy-one-per-region] a subscription filter policy created or replaced is named with the account's one place per Region", () => {
    const subscription = { policy_type: 'SUBSCRIPTION_FILTER_POLICY', policy_name: 'audit-application-logs' };
    const plan: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        change('aws_cloudwatch_log_account_policy', ['create'], null, subscription),
        change('aws_cloudwatch_log_account_policy', ['delete', 'create'], subscription, subscription),
        // Another type of account-level policy, and an update in place: not this headline.
        change('aws_cloudwatch_log_account_policy', ['create'], null, { policy_type: 'DATA_PROTECTION_POLICY' }),
        change('aws_cloudwatch_log_account_policy', ['update'], subscription, subscription),
      ],
    };
    expect(accountSubscriptionPolicies(plan).map((p) => p.kind)).toEqual(['create', 'replace']);
    const summary = planSummaryMarkdown([{ stack: 'member-payments', plan }]);
    expect(summary).toContain('**2 account-level subscription filter policies created or replaced.**');
    expect(summary).toContain(
      "another tool's policy there must be removed first, or the apply fails (`npm run discover` names any",
    );
    expect(summary).toContain('| member-payments | `aws_cloudwatch_log_account_policy.it` | **REPLACE** |');
    expect(summary.indexOf('account-level subscription filter')).toBeLessThan(summary.indexOf('## Changes per stack'));
    expect(summary).not.toContain('Nothing: no data-bearing');
  });

  test('a new policy lists every statement as added; a computed one says so', () => {
    const policy = JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Allow' }] });
    const created = policyChanges({ resource_changes: [change('aws_s3_bucket_policy', ['create'], null, { policy })] });
    expect(created[0].added).toEqual([{ Sid: 'A', Effect: 'Allow' }]);
    const computed = policyChanges({
      resource_changes: [change('aws_sns_topic_policy', ['update'], { policy }, { policy: null }, { policy: true })],
    });
    expect(computed[0].afterUnknown).toBe(true);
    expect(
      planSummaryMarkdown([
        {
          stack: 's',
          plan: {
            resource_changes: [
              change('aws_sns_topic_policy', ['update'], { policy }, { policy: null }, { policy: true }),
            ],
          },
        },
      ]),
    ).toContain('known only after apply');
  });

  test('an organization policy change is named statement by statement, and a detached guardrail comes first', () => {
    const before = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyEvidenceDestruction', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
        { Sid: 'DenyLeavingOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
      ],
    });
    const after = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyEvidenceDestruction',
          Effect: 'Deny',
          Action: 's3:DeleteObject',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/BreakGlass' } },
        },
      ],
    });
    const plan: PlanJson = {
      resource_changes: [
        change('aws_organizations_policy', ['update'], { content: before }, { content: after }),
        change('aws_organizations_policy_attachment', ['delete'], { target_id: 'r-ab12', policy_id: 'p-1' }, null),
      ],
    };
    expect(guardrailDetachments(plan).map((d) => d.kind)).toEqual(['delete']);
    const summary = planSummaryMarkdown([{ stack: 'guardrails', plan }]);
    expect(summary).toContain('**1 guardrail attachment removed or replaced.**');
    expect(summary).toContain('| guardrails | `aws_organizations_policy_attachment.it` | r-ab12 | **DELETE** |');
    expect(summary).toContain('### Policy update: guardrails `aws_organizations_policy.it`');
    expect(summary).toContain('Changed: `DenyEvidenceDestruction`; Removed: `DenyLeavingOrganization`');
    expect(summary.indexOf('guardrail attachment')).toBeLessThan(summary.indexOf('## Changes per stack'));
    // A new attachment is no detachment.
    expect(
      guardrailDetachments({
        resource_changes: [change('aws_organizations_policy_attachment', ['create'], null, { target_id: 'r-ab12' })],
      }),
    ).toEqual([]);
  });

  test('reordered keys are not a policy change', () => {
    const before = JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject' }] });
    const after = JSON.stringify({ Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Sid: 'A' }] });
    expect(
      policyChanges({
        resource_changes: [change('aws_s3_bucket_policy', ['update'], { policy: before }, { policy: after })],
      }),
    ).toEqual([]);
  });

  test('changed attributes: values that differ or become unknown, never tags_all', () => {
    const updated = change(
      'aws_s3_bucket',
      ['update'],
      { a: 1, b: [1], tags_all: {} },
      { a: 1, b: [2], c: null, tags_all: { x: 1 } },
      { c: true },
    );
    expect(changedAttributes(updated)).toEqual(['b', 'c']);
  });
});

describe('cdktf-audit-logging plan-summary', () => {
  const run = (args: string[]) => runCliInProcess(['plan-summary', ...args]);

  test('prints the report of a folder of plans', async () => {
    const result = await run([FIXTURES]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(planSummaryMarkdown(fixturePlans()));
  });

  test('exits 2 with the fix when there are no plans', async () => {
    const result = await run(['no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-folder does not exist; run plan first (npm run plan)');
  });

  test('exits 2 for a file that is not a plan', async () => {
    const result = await run(['package.json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('package.json is not the output of terraform show -json');
  });
});
