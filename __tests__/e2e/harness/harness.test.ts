import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseConfig } from '../../../modules/org-config/load';
import { deployedConfig, upgradedConfig } from '../../../e2e/harness/setup';
import { ROOT } from '../../support/root';
import { MAX_PLAN_JOBS } from '../../../packages/cli/toolkit/review/plan-batches';
import { DRIFT_MARKER, driftReport } from '../../../packages/cli/toolkit/review/drift-report';
import { E2E_CONFIG, releaseWorkflow } from './harness-fixtures';

/*
 * The pieces of npm run e2e that can be checked without moto; the run itself is .ci/run's last step.
 * Those that synthesize the e2e config or run a workflow's script are in harness.integration.test.ts.
 */

const example: unknown = JSON.parse(fs.readFileSync(E2E_CONFIG, 'utf8'));
const prerequisites = {
  organizationId: 'o-abcdef1234',
  vpcIds: new Map([
    ['vpc-0e2e0000000000001', 'vpc-11111111111111111'],
    ['vpc-0e2e0000000000002', 'vpc-22222222222222222'],
    ['vpc-0e2e0000000000003', 'vpc-33333333333333333'],
  ]),
};

describe('configs of the e2e run', () => {
  test('the deployed config takes the organization and VPC ids moto assigned, and nothing else', () => {
    const deployed = deployedConfig(example, prerequisites) as any;
    const config = parseConfig(JSON.stringify(deployed));
    expect(config.organization.id).toBe('o-abcdef1234');
    expect(config.members.flatMap((m) => m.vpcFlowLogs.map((f) => f.vpcId))).toEqual([
      'vpc-11111111111111111',
      'vpc-22222222222222222',
      'vpc-33333333333333333',
    ]);
    deployed.organization.id = (example as any).organization.id;
    deployed.members.forEach((member: any, i: number) =>
      (member.vpcFlowLogs ?? []).forEach(
        (flow: any, j: number) => (flow.vpcId = (example as any).members[i].vpcFlowLogs[j].vpcId),
      ),
    );
    expect(deployed).toEqual(example);
  });

  test('the upgraded config makes the changes the issue lists, and is valid', () => {
    const before = parseConfig(JSON.stringify(deployedConfig(example, prerequisites)));
    const after = parseConfig(JSON.stringify(upgradedConfig(deployedConfig(example, prerequisites))));
    const names = (config: typeof before) => config.members.map((member) => member.name);
    expect(names(before).filter((name) => !names(after).includes(name))).toEqual(['security-tooling']);
    expect(names(after).filter((name) => !names(before).includes(name))).toEqual(['data-platform']);
    expect(after.alarms.emails).not.toEqual(before.alarms.emails);
    expect(after.governedRegions).toEqual([...before.governedRegions, 'us-west-2']);
    expect(after.logArchive.retention.expireAfterDays).toBeGreaterThan(
      before.logArchive.retention.expireAfterDays ?? 0,
    );
    expect(after.trail.cloudWatchLogsRetentionDays).not.toBe(before.trail.cloudWatchLogsRetentionDays);
    expect(after.logArchive.bucketName).toBe(before.logArchive.bucketName);
  });
});

describe('.github/workflows/plan.yml and drift.yml', () => {
  type Step = { run?: string; uses?: string; with?: Record<string, string>; 'working-directory'?: string };
  type Workflow = {
    on: Record<string, unknown>;
    jobs: Record<
      string,
      {
        steps: Step[];
        needs?: unknown;
        strategy?: { matrix: Record<string, string> };
        permissions?: Record<string, string>;
        outputs?: Record<string, string>;
      }
    >;
  };
  const read = (name: string) =>
    parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
  const plan = read('plan.yml');
  const drift = read('drift.yml');
  const runs = (workflow: Workflow, job: string): string =>
    workflow.jobs[job].steps.map((step) => step.run ?? '').join('\n');
  const step = (workflow: Workflow, job: string, uses: string) =>
    workflow.jobs[job].steps.find((s) => s.uses?.startsWith(uses)) as Step;

  test('pull requests: synthesize head and base once, list the changed stacks into at most MAX_PLAN_JOBS batches', () => {
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    const checkouts = plan.jobs.synth.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with)).toEqual([
      { path: 'head' },
      { ref: '${{ github.event.pull_request.base.sha }}', path: 'base' },
    ]);
    const synths = plan.jobs.synth.steps.filter((s) => s.run?.includes('npm run synth'));
    expect(synths.map((s) => s['working-directory'])).toEqual(['base', 'head']);
    expect(runs(plan, 'synth')).toContain(`npm run --silent plan -- $changed --list --batches ${MAX_PLAN_JOBS}`);
    expect(runs(plan, 'synth')).toContain('changed="--changed --base ../base/cdktf.out"');
    expect(step(plan, 'synth', 'actions/upload-artifact@').with?.name).toBe('synth');
  });

  test('each plan job plans its batch from the synth artifact, read-only, with one central role', () => {
    const job = plan.jobs.plan;
    expect(job.needs).toBe('synth');
    expect(job.strategy?.matrix.batch).toBe('${{ fromJson(needs.synth.outputs.batches) }}');
    expect(job.permissions?.['id-token']).toBe('write');
    expect(step(plan, 'plan', 'aws-actions/configure-aws-credentials@').with?.['role-to-assume']).toBe(
      '${{ vars.AUDIT_PLAN_OIDC_ROLE_ARN }}',
    );
    expect(runs(plan, 'plan')).not.toContain('npm run synth');
    expect(runs(plan, 'plan')).toContain(
      'npm run plan -- --out synth/head/cdktf.out $changed --batch ${{ matrix.batch }}/${{ needs.synth.outputs.batch-count }} --read-only',
    );
    expect(step(plan, 'plan', 'actions/upload-artifact@').with?.name).toBe('plans-${{ matrix.batch }}');
  });

  test('one comment that fits: plan-summary --comment, posted as written, the full summary as an artifact', () => {
    expect(plan.jobs.summary.needs).toEqual(['synth', 'plan']);
    expect(plan.jobs.summary.permissions?.['pull-requests']).toBe('write');
    expect(runs(plan, 'summary')).toContain(
      'npm run plan-summary -- --synth synth/head/cdktf.out --output plan-summary.md --comment comment.md plans synth/head/cdktf.out/plans',
    );
    expect(step(plan, 'summary', 'actions/upload-artifact@').with?.name).toBe('plan-summary');
    const script = step(plan, 'summary', 'actions/github-script@').with?.script ?? '';
    expect(script).toContain("readFileSync('comment.md'");
    expect(script).not.toContain('slice(');
    expect(script).toContain('createComment');
  });

  test('weekly drift: every stack in batches, read-only, one issue opened, updated or closed', () => {
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(runs(drift, 'synth')).toContain(`npm run --silent plan -- --list --batches ${MAX_PLAN_JOBS}`);
    expect(runs(drift, 'plan')).toContain(
      '--batch ${{ matrix.batch }}/${{ needs.synth.outputs.batch-count }} --read-only',
    );
    expect(runs(drift, 'report')).toContain('npm run plan-summary -- --output plan-summary.md --drift drift.md plans');
    const script = step(drift, 'report', 'actions/github-script@').with?.script ?? '';
    expect(script).toContain("readFileSync('drift.md'");
    expect(script).toContain('issues.create');
    expect(script).toContain("state: drifted ? 'open' : 'closed'");
    // The script tells drift from none by the table the report has only when something drifted.
    expect(script).toContain("report.includes('| Stack |')");
    const plans = [{ stack: 'member-a', plan: { resource_changes: [] } }];
    expect(driftReport(plans).markdown).not.toContain('| Stack |');
    expect(driftReport(plans).markdown).toContain('1 stack checked: every plan is empty');
    const changed = {
      address: 'aws_s3_bucket.x',
      mode: 'managed',
      type: 'aws_s3_bucket',
      change: { actions: ['update'], before: {}, after: {} },
    };
    const drifted = driftReport([{ stack: 'member-b', plan: { resource_changes: [changed] } }]).markdown;
    expect(drifted).toContain('| Stack |');
    expect(drifted).toContain('1 of 1 stack would change if applied now');
    expect(driftReport(plans).markdown.split('\n')[0]).toBe(DRIFT_MARKER);
    // A stack whose plan failed keeps the issue open: the check did not cover it.
    const partial = driftReport(plans, [{ stack: 'guardrails', outcome: 'failed', reason: 'Error: ...' }]).markdown;
    expect(partial).toContain('| Stack |');
    expect(partial).toContain('| guardrails | not planned (failed) |');
    expect(partial).toContain('1 stack could not be planned, so this check does not cover it');
    expect(partial).not.toContain('every plan is empty');
  });

  test('the scripts they call exist', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    for (const script of ['synth', 'plan', 'plan-summary', 'deploy']) expect(scripts[script]).toBeDefined();
  });
});

describe('.github/workflows/evidence.yml', () => {
  type Step = { id?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> };
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'evidence.yml'), 'utf8')) as {
    on: { schedule: { cron: string }[] };
    jobs: { check: { steps: Step[]; permissions: Record<string, string> } };
  };
  const steps = workflow.jobs.check.steps;
  const byId = (id: string) => steps.find((s) => s.id === id) as Step;

  test('daily, with an OIDC role: verify-delivery of the last 7 days, then verify-logs of a copy of yesterday', () => {
    expect(workflow.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(workflow.jobs.check.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.AUDIT_EVIDENCE_OIDC_ROLE_ARN }}');
    expect(byId('delivery').run).toContain('npm run --silent verify-delivery > delivery.txt');
    const integrity = byId('integrity').run ?? '';
    expect(integrity).toContain('--include "CloudTrail-Digest/$REGION/$day/*"');
    expect(integrity).toContain('aws cloudtrail list-public-keys');
    expect(integrity).toContain('npm run --silent verify-logs -- evidence --start');
    // Each records its exit code, so that both run and the issue tells them apart.
    for (const id of ['delivery', 'integrity']) expect(byId(id).run).toContain('echo "exit=$?" >> "$GITHUB_OUTPUT"');
  });

  test('one issue, opened or updated while evidence is missing or altered, closed when clean; the run fails too', () => {
    const script = steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script ?? '';
    expect(script).toContain("process.env.DELIVERY_EXIT === '0' && process.env.INTEGRITY_EXIT === '0'");
    expect(script).toContain("state: clean ? 'closed' : 'open'");
    expect(script).toContain('issues.create');
    expect(steps[steps.length - 1]).toEqual({
      name: 'Fail when evidence is missing or altered',
      if: "${{ steps.delivery.outputs.exit != '0' || steps.integrity.outputs.exit != '0' }}",
      run: 'exit 1',
    });
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    for (const name of ['verify-delivery', 'verify-logs']) expect(scripts[name]).toBeDefined();
  });
});

describe('.github/workflows/test.yml', () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'test.yml'), 'utf8'));
  const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;

  test("runs the README's two commands and the integration tier on Node 24 and 22, the lines package.json supports", () => {
    const steps = workflow.jobs.test.steps as { run?: string; uses?: string; with?: Record<string, unknown> }[];
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci && npm run synth',
      "pip install 'moto[server]==5.2.1'",
      'npm test',
      'npm run test:integration',
      'npm run test:package',
      'npm run test:moto',
    ]);
    expect(workflow.jobs.test.strategy.matrix.node).toEqual([24, 22]);
    expect(engines).toBe('^22.12.0 || >=24');
    const terraform = steps.find((step) => step.uses?.startsWith('hashicorp/setup-terraform@'));
    expect(terraform?.with?.terraform_version).toBe('1.11.4');
  });

  test('the plan, drift and evidence workflows run on Node 24 too', () => {
    for (const [name, jobs] of [
      ['plan.yml', 3],
      ['drift.yml', 3],
      ['evidence.yml', 1],
    ] as const) {
      const text = fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8');
      expect(text.match(/node-version: (\d+)/g)).toEqual(Array(jobs).fill('node-version: 24'));
    }
  });
});

describe('.github/workflows/release.yml', () => {
  const { workflow, steps, runs } = releaseWorkflow();

  test('publishes on version tags only, with provenance, after the tests and the package test', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const order = ['npm ci && npm run synth', 'npm test', 'npm run test:package', 'npm publish --provenance'];
    expect(runs.filter((run) => order.includes(run))).toEqual(order);
    expect(steps.at(-1)?.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
  });
});
