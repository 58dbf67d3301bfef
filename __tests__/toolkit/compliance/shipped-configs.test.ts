import * as fs from 'fs';
import * as path from 'path';
import { CIS_REQUIREMENTS } from '../../../modules/catalogs/cis-benchmark';
import { EVASION_DETECTION_IDS } from '../../../modules/catalogs/evasion-detections';
import { REGION_DENY_REGIONAL_SERVICES } from '../../../modules/core/region-deny-exemptions';
import { complianceMatrix, ControlRow } from '../../../packages/cli/toolkit/compliance/compliance-matrix';
import { COMPLIANCE_RULES, NOT_COVERED } from '../../../packages/cli/toolkit/compliance/rules';
import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { complianceMarkdown } from '../../../packages/cli/toolkit/compliance/compliance-report';
import { loadConfig } from '../../../modules/org-config/load';
import { ROOT, shippedConfig, synthesizedStacks, tempDir } from '../../support/synth';

/*
 * The control matrix of the shipped configs, synthesized in memory (the command's own runs, from a
 * synth on disk, are in compliance.integration.test.ts): each rule's verdicts, details and fixes.
 */

/** Each shipped config, synthesized once: its config and stacks as the compliance command reads them. */
const synthesizedOnce = new Map<string, { config: ReturnType<typeof shippedConfig>; stacks: SynthesizedStack[] }>();

/**
 * The shipped config `file`, synthesized, with its stacks read back as the compliance command reads
 * them: a copy of the stacks each time, so that a test may break one.
 */
function synthesized(file: string): {
  config: ReturnType<typeof shippedConfig>;
  stacks: SynthesizedStack[];
} {
  let done = synthesizedOnce.get(file);
  if (done === undefined) {
    const config = shippedConfig(file);
    done = { config, stacks: synthesizedStacks(config) };
    synthesizedOnce.set(file, done);
  }
  return { config: done.config, stacks: structuredClone(done.stacks) };
}

const statusOf = (rows: readonly ControlRow[], id: string) => rows.find((r) => r.id === id)?.status;
const byStatus = (rows: readonly ControlRow[], status: string) =>
  rows.filter((r) => r.status === status).map((r) => r.id);
/** 2.1.2's verdicts on what AWS made for the stacks (modules/core/aws-created-resources.ts), as [where, status]. */
const MADE_BY_AWS = / \(made by AWS: [a-z-]+\)$/;
const madeByAws = (rows: readonly ControlRow[]) =>
  (rows.find((r) => r.id === 'authorization-guardrails')?.verdicts ?? [])
    .filter((v) => MADE_BY_AWS.test(v.where))
    .map((v) => [v.where, v.status]);
/** A row's verdicts on what this product attaches, those on what AWS made left out. */
const ownVerdicts = (row: ControlRow | undefined) => (row?.verdicts ?? []).filter((v) => !MADE_BY_AWS.test(v.where));

describe('the control matrix of the shipped configs', () => {
  const starter = synthesized('examples/starter.config.json');
  // Judged in each test, not when the file loads: mutation testing runs a rule's mutants against
  // the tests that judge it.
  let rows: ControlRow[];
  beforeEach(() => {
    rows = complianceMatrix(starter.config, starter.stacks);
  });

  test("the example evidence package's controls are the matrix of its config today (evidence verify derives them again and refuses a difference)", () => {
    const config = shippedConfig('examples/evidence.config.json');
    const packaged = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'examples', 'evidence-package', 'controls', 'compliance.json'), 'utf8'),
    ) as { controls: unknown[] };
    expect(JSON.parse(JSON.stringify(complianceMatrix(config, synthesizedStacks(config))))).toEqual(packaged.controls);
  });

  test("docs/cli.md's count of the starter config's controls is what the matrix reports", () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8').replace(/\s+/g, ' ');
    const claim =
      /The starter config reports (\d+) controls: (\d+) met, (\d+) deliberate gaps \(([^)]*)\) and (\d+) not covered/.exec(
        text,
      );
    expect(claim).not.toBeNull();
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const [, total, met, gaps, , notCovered] = claim ?? [];
    expect([total, met, gaps, notCovered].map(Number)).toEqual([
      rows.length,
      count('met'),
      count('gap'),
      count('not-covered'),
    ]);
    expect(count('missing')).toBe(0);
  });

  test('lists every CIS v7.0.0 requirement of the table once, in its order, then the rows of Security Hub alone, then the evasion pack', () => {
    const numbers = rows.flatMap((r) => r.cis['v7.0.0']);
    expect(numbers).toEqual(CIS_REQUIREMENTS.map((r) => r.number));
    const firstWithout = rows.findIndex((r) => r.cis['v7.0.0'].length === 0);
    const firstEvasion = rows.findIndex((r) => r.attack.length > 0);
    expect(firstWithout).toBeLessThan(firstEvasion);
    // The Security Hub controls, then the row no framework asks for (where the application logs are kept).
    expect(rows.slice(firstWithout, firstEvasion - 1).every((r) => r.securityHub.length > 0)).toBe(true);
    expect(rows[firstEvasion - 1].id).toBe('application-logs-archived');
    expect(rows.slice(firstEvasion).map((r) => r.id)).toEqual(EVASION_DETECTION_IDS.map((id) => `evasion-${id}`));
    expect(rows.slice(firstEvasion).every((r) => r.cis['v7.0.0'].length === 0 && r.securityHub.length === 0)).toBe(
      true,
    );
  });

  test("each evasion detection's row: met with its filter and alarm in every trail stack, its techniques as sources", () => {
    const row = rows.find((r) => r.id === 'evasion-organization-guardrail-removed');
    expect(row?.sources).toEqual(['MITRE ATT&CK T1562.008', 'MITRE ATT&CK T1562.001']);
    expect(row?.status).toBe('met');
    expect(row?.verdicts.map((v) => v.where)).toEqual(['organization', 'member-sandbox']);
    expect(row?.verdicts[0].detail).toMatch(
      /^aws_cloudwatch_log_metric_filter\.alarms_evasion-organization-guardrail-removed-filter_\w+, aws_cloudwatch_metric_alarm\.alarms_evasion-organization-guardrail-removed-alarm_\w+, aws_sns_topic_subscription\.alarms_email-[\w-]+$/,
    );
  });

  test('an evasion detection the config leaves out is a deliberate gap, not missing', () => {
    const config = { ...starter.config, alarms: { ...starter.config.alarms, evasion: ['flow-logs-deleted' as const] } };
    const subset = complianceMatrix(config, starter.stacks);
    expect(statusOf(subset, 'evasion-flow-logs-deleted')).toBe('met');
    expect(subset.find((r) => r.id === 'evasion-alarm-silenced')?.verdicts).toEqual([
      { where: 'organization', status: 'gap', detail: 'not selected in alarms.evasion' },
    ]);
  });

  test('an evasion alarm the config selects but the stacks lack is missing', () => {
    const stripped = starter.stacks.map((stack) => ({
      ...stack,
      json: {
        ...stack.json,
        resource: Object.fromEntries(
          Object.entries(stack.json.resource ?? {}).map(([type, bodies]) => [
            type,
            Object.fromEntries(Object.entries(bodies).filter(([name]) => !name.includes('evasion-flow-logs-deleted'))),
          ]),
        ),
      },
    }));
    const row = complianceMatrix(starter.config, stripped).find((r) => r.id === 'evasion-flow-logs-deleted');
    expect(row?.status).toBe('missing');
    expect(row?.verdicts[0].detail).toBe('evasion-flow-logs-deleted: no metric filter with the text published');
  });

  test('a requirement is either judged by a rule or not covered with a reason, never both, never neither', () => {
    for (const requirement of CIS_REQUIREMENTS) {
      const rules = COMPLIANCE_RULES.filter((rule) => rule.cis.includes(requirement.number));
      const why = NOT_COVERED[requirement.number];
      expect({ number: requirement.number, judged: rules.length + (why === undefined ? 0 : 1) }).toEqual({
        number: requirement.number,
        judged: 1,
      });
    }
    expect(rows.filter((r) => r.status === 'not-covered').map((r) => [r.id, r.cis['v7.0.0']])).toEqual([
      ['web-front-end-access-logs', ['4.10']],
    ]);
    for (const row of rows.filter((r) => r.status === 'not-covered')) expect(row.verdicts[0].detail).not.toBe('');
  });

  test('covers CIS v3.0.0 3.1 to 3.9 and 4.1 to 4.16, and the Security Hub controls on the same resources', () => {
    const sources = new Set(rows.flatMap((r) => r.sources));
    for (let n = 1; n <= 9; n++) expect(sources).toContain(`CIS v3.0.0 3.${n}`);
    for (let n = 1; n <= 16; n++) expect(sources).toContain(`CIS v3.0.0 4.${n}`);
    for (let n = 1; n <= 14; n++) expect(sources).toContain(`Security Hub CloudWatch.${n}`);
    for (const id of [
      'CloudTrail.1',
      'CloudTrail.2',
      'CloudTrail.4',
      'CloudTrail.5',
      'CloudTrail.6',
      'CloudTrail.7',
      'Config.1',
      'KMS.4',
      'S3.5',
      'S3.9',
    ]) {
      expect(sources).toContain(`Security Hub ${id}`);
    }
  });

  test('the starter: nothing missing; the gaps are deliberate and explained', () => {
    expect(byStatus(rows, 'missing')).toEqual([]);
    expect(byStatus(rows, 'gap')).toEqual([
      'authorization-guardrails',
      'config-all-regions',
      'vpc-flow-logs',
      's3-object-level-logging',
      'security-hub-enabled',
      'application-logs-archived',
    ]);
    // The member outside the organization is outside central configuration: named.
    expect(rows.find((r) => r.id === 'security-hub-enabled')?.verdicts.map((v) => [v.where, v.status])).toEqual([
      ['audit', 'met'],
      ['member-sandbox', 'gap'],
      ['audit (AWS Config rule securityhub-enabled)', 'met'],
    ]);
    // The sandbox records no AWS Config: no Security Hub of its own, and the gap says why.
    expect(
      rows.find((r) => r.id === 'security-hub-enabled')?.verdicts.find((v) => v.where === 'member-sandbox')?.detail,
    ).toContain('without AWS Config');
    const dataEvents = rows.find((r) => r.id === 's3-object-level-logging');
    expect(dataEvents?.verdicts[0].detail).toContain('trail.dataEvents.s3 is "none"');
    // The outside member's own trail and alarms are in scope.
    expect(rows.find((r) => r.id === 'root-account-usage')?.verdicts.map((v) => v.where)).toEqual([
      'organization',
      'member-sandbox',
    ]);
  });

  test('examples/full.config.json: nothing missing', () => {
    const { config, stacks } = synthesized('examples/full.config.json');
    const matrix = complianceMatrix(config, stacks);
    expect(byStatus(matrix, 'missing')).toEqual([]);
    // The search tier is on: its row is judged, and met.
    expect(statusOf(matrix, 'search-tier-locked-down')).toBe('met');
    for (const verdict of matrix.flatMap((r) => r.verdicts).filter((v) => v.status === 'gap'))
      expect(verdict.detail).not.toBe('');
  });

  test("application logs: each sender's policy in every Region and the archive's destinations and streams; opted out and the archive, gaps that say why", () => {
    const { config, stacks } = synthesized('examples/full.config.json');
    const row = () => complianceMatrix(config, stacks).find((r) => r.id === 'application-logs-archived');
    const verdicts = row()?.verdicts ?? [];
    expect(row()?.status).toBe('gap');
    expect(row()?.sources).toEqual([]);
    const regions = config.governedRegions.length;
    for (const member of config.members) {
      const verdict = verdicts.find((v) => v.where === `member-${member.name}`);
      if (config.applicationLogs.optedOutMembers.includes(member.name)) {
        expect(verdict).toMatchObject({ status: 'gap', detail: 'opted out in applicationLogs.optedOutMembers' });
      } else if (member.accountId === config.logArchive.accountId) {
        expect(verdict).toMatchObject({ status: 'gap', detail: expect.stringContaining('the loop rule') });
      } else {
        expect(verdict?.status).toBe('met');
        expect(verdict?.detail.split(', ')).toHaveLength(regions);
      }
    }
    expect(verdicts.find((v) => v.where === 'log-archive')?.detail.split(', ')).toHaveLength(2 * regions);
    // A sender that lost its policy in one Region is missing, and says how many it has.
    const policies = stacks.find((s) => s.name === 'member-payments-prod')?.json.resource
      ?.aws_cloudwatch_log_account_policy as Record<string, unknown>;
    Reflect.deleteProperty(policies, Object.keys(policies)[0]);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(row()?.verdicts.find((v) => v.where === 'member-payments-prod')).toEqual({
      where: 'member-payments-prod',
      status: 'missing',
      detail: `${regions - 1} account-level subscription filter policies audit-application-logs for ${regions} governed Region(s)`,
    });
    // Off, one gap for every account, with the reason.
    expect(
      complianceMatrix(starter.config, starter.stacks).find((r) => r.id === 'application-logs-archived')?.verdicts,
    ).toEqual([
      { where: '(every account)', status: 'gap', detail: expect.stringContaining('applicationLogs.enabled is false') },
    ]);
  });

  test('the bare config, which names no alarms.emails: every alarm reaches nobody, so none is met', () => {
    const { config, stacks } = synthesized('__tests__/fixtures/bare.config.json');
    expect(config.alarms.emails).toEqual([]);
    const matrix = complianceMatrix(config, stacks);
    const missingRows = byStatus(matrix, 'missing');
    expect(missingRows.length).toBeGreaterThanOrEqual(15 + 12);
    for (const id of missingRows) {
      const verdict = matrix.find((r) => r.id === id)?.verdicts.find((v) => v.status === 'missing');
      expect(verdict?.detail).toContain(
        'its alarm notifies a topic with no subscriber in the stacks, so it reaches nobody',
      );
    }
    // The same stacks with a subscriber: those rows are met again.
    const subscribed = structuredClone(stacks);
    const resources = subscribed.find((stack) => stack.name === 'organization')?.json.resource ?? {};
    const topic = Object.keys(resources.aws_sns_topic ?? {})[0];
    expect(topic).toBeDefined();
    resources.aws_sns_topic_subscription = {
      pager: { topic_arn: `\${aws_sns_topic.${topic}.arn}`, protocol: 'https', endpoint: 'https://pager.example' },
    };
    expect(byStatus(complianceMatrix(config, subscribed), 'missing')).toEqual([]);
  });

  test('a missing alarm, a weakened pattern, a member without its recorder: each is missing', () => {
    const broken = (edit: (stacks: SynthesizedStack[]) => void) => {
      const copy = structuredClone(starter.stacks);
      edit(copy);
      return complianceMatrix(starter.config, copy);
    };
    const stack = (stacks: SynthesizedStack[], name: string) =>
      stacks.find((s) => s.name === name)?.json.resource ?? {};
    const noAlarm = broken((stacks) => {
      const alarms = stack(stacks, 'organization').aws_cloudwatch_metric_alarm;
      for (const name of Object.keys(alarms))
        if (name.includes('cis-root-account-usage')) Reflect.deleteProperty(alarms, name);
    });
    expect(byStatus(noAlarm, 'missing')).toEqual(['root-account-usage']);
    const weakened = broken((stacks) => {
      const filters = stack(stacks, 'member-sandbox').aws_cloudwatch_log_metric_filter;
      for (const [name, filter] of Object.entries(filters)) {
        filters[name] = { ...filter, pattern: String(filter.pattern).replace(' || ($.eventName=StopLogging)', '') };
      }
    });
    expect(byStatus(weakened, 'missing')).toEqual(['cloudtrail-config-changes']);
    const unrecorded = broken((stacks) => {
      const recorders = stack(stacks, 'member-payments-prod').aws_config_configuration_recorder;
      Reflect.deleteProperty(recorders, Object.keys(recorders)[0]);
    });
    expect(statusOf(unrecorded, 'config-all-regions')).toBe('missing');
    expect(complianceMarkdown(unrecorded)).toContain('| **MISSING** | member-management: ');
    const unattached = broken((stacks) => {
      stack(stacks, 'guardrails').aws_organizations_policy_attachment = {};
    });
    expect(byStatus(unattached, 'missing')).toEqual(['authorization-guardrails']);
  });

  test("2.1.2: the SCPs at the root are met, the rest of the baseline is the organization's; off, a gap", () => {
    const guardrails = rows.find((r) => r.id === 'authorization-guardrails');
    expect(guardrails?.verdicts.map((v) => [v.where, v.status])).toEqual([
      ['guardrails', 'met'],
      ['(the organization baseline)', 'gap'],
      ...madeByAws(rows),
    ]);
    expect(guardrails?.verdicts[0].detail).toMatch(/guardrails_evidence-root.*guardrails_recording-root/);
    // The full config attaches them to two OUs: the accounts outside them are a gap, said so.
    const full = synthesized('examples/full.config.json');
    expect(
      ownVerdicts(complianceMatrix(full.config, full.stacks).find((r) => r.id === 'authorization-guardrails')),
    ).toEqual([
      {
        where: 'guardrails',
        status: 'gap',
        detail: expect.stringMatching(
          /attached to .*ou-ab12-security1, ou-ab12-workloads1 only \(guardrails\.targets\)/,
        ),
      },
    ]);
    const off = { ...starter.config, guardrails: { ...starter.config.guardrails, enabled: false } };
    const matrix = complianceMatrix(off, starter.stacks);
    expect(ownVerdicts(matrix.find((r) => r.id === 'authorization-guardrails'))).toEqual([
      { where: 'guardrails', status: 'gap', detail: expect.stringContaining('guardrails.enabled is false') },
    ]);
  });

  test('2.1.2: what AWS made for the stacks that neither AWS nor a guardrail of ours protects is a gap, by inventory id', () => {
    // The starter: the guardrails' audit protection keeps the audit account's organization rules and
    // Security Hub policy from its administrators (issue 77), so neither is a gap...
    expect(madeByAws(rows)).toEqual([]);
    // ...and without that policy, both are: its administrators could undo them in every account at once.
    const withoutAuditProtection = {
      ...starter,
      stacks: starter.stacks.map((stack) =>
        stack.name !== 'guardrails'
          ? stack
          : {
              ...stack,
              json: JSON.parse(JSON.stringify(stack.json).replace(/audit-logging-audit-protection/g, 'removed')),
            },
      ),
    };
    const unprotectedRows = complianceMatrix(withoutAuditProtection.config, withoutAuditProtection.stacks);
    expect(madeByAws(unprotectedRows)).toEqual([
      ['audit (made by AWS: member-organization-config-rules)', 'gap'],
      ['audit (made by AWS: organization-security-hub)', 'gap'],
    ]);
    const starterGap = unprotectedRows
      .find((r) => r.id === 'authorization-guardrails')
      ?.verdicts.find((v) => v.where === 'audit (made by AWS: organization-security-hub)');
    expect(starterGap?.detail).toContain('Security Hub, with the policy');
    expect(starterGap?.detail).toContain("the audit account's administrators (Security Hub's administrator)");
    // The full example adds the outside member's standards and the remediation's flow logs, per member.
    const full = synthesized('examples/full.config.json');
    const fullGaps = madeByAws(complianceMatrix(full.config, full.stacks)).map(([where]) => where);
    expect(fullGaps).toContain('member-acquired-startup (made by AWS: standalone-security-hub-config-rules)');
    const flowLogs = fullGaps.filter((where) => where.endsWith('(made by AWS: remediation-flow-logs)'));
    expect(flowLogs.length).toBe(full.config.members.filter((m) => m.awsConfig !== false).length);
    // What AWS itself protects (the organization trail in members, the service-linked roles) is no gap.
    expect(
      fullGaps.some((where) => /organization-trail|service-linked-role|audit-account-security-hub/.test(where)),
    ).toBe(false);
  });

  test("2.1.2: an archive out of the guardrails' reach is a gap that says why, and the baseline claims no protection of it", () => {
    const guardrailsOf = (config: typeof starter.config) =>
      complianceMatrix(config, starter.stacks).find((r) => r.id === 'authorization-guardrails');
    const management = starter.config.organization.managementAccountId;
    const archive = starter.config.logArchive.accountId;
    const inManagement = guardrailsOf({
      ...starter.config,
      logArchive: { ...starter.config.logArchive, accountId: management },
    });
    expect(inManagement?.status).toBe('gap');
    expect(ownVerdicts(inManagement).map((v) => [v.where, v.status])).toEqual([
      ['guardrails', 'met'],
      ['log-archive', 'gap'],
      ['(the organization baseline)', 'gap'],
    ]);
    expect(inManagement?.verdicts[1].detail).toMatch(
      new RegExp(
        `^logArchive\\.accountId is the management account \\(${management}\\), where AWS applies no SCP or RCP`,
      ),
    );
    expect(inManagement?.verdicts[2].detail).not.toMatch(/evidence|RCP keeps the archive/);
    const managedFromArchive = guardrailsOf({
      ...starter.config,
      guardrails: { ...starter.config.guardrails, accountId: archive },
    });
    expect(managedFromArchive?.verdicts[1]).toEqual({
      where: 'log-archive',
      status: 'gap',
      detail: expect.stringMatching(/^guardrails\.accountId is the log archive account .* can detach them/),
    });
    // Without the data perimeter, no RCP is claimed; the archive in its own account is not a gap.
    const noPerimeter = guardrailsOf({
      ...starter.config,
      guardrails: { ...starter.config.guardrails, dataPerimeter: false },
    });
    expect(ownVerdicts(noPerimeter).map((v) => v.where)).toEqual(['guardrails', '(the organization baseline)']);
    expect(noPerimeter?.verdicts[1].detail).not.toContain('RCP keeps');
    expect(rows.find((r) => r.id === 'authorization-guardrails')?.verdicts[1].detail).toContain(
      'the evidence safe in every member account (SCPs do not apply to the management account), and the RCP keeps the archive inside the organization',
    );
  });

  test('the Markdown numbers each row in every version, v7.0.0 first, with a dash where a version lacks it', () => {
    const md = complianceMarkdown(rows);
    expect(md).toContain('| CIS v7.0.0 | v6.0.0 | v5.0.0 | v4.0.1 | v3.0.0 | Control |');
    expect(md).toContain('| 2.1.2 | — | — | — | — | Service control policies on every member account');
    expect(md).toContain('| 4.1 | 4.1 | 3.1 | 3.1 | 3.1 | CloudTrail records every Region');
    expect(md).toContain(
      '| 5.16 | 5.16 | 4.16 | 4.16 | 4.16 | Security Hub is enabled in every account and governed Region (`security-hub-enabled`) | — | gap (deliberate) | audit: aws_securityhub_configuration_policy.',
    );
    expect(md).toContain('1 not covered by this product.');
  });
});

describe('CIS 4.3, 4.7 and the Regions outside governedRegions', () => {
  const regionsVerdict = (rows: readonly ControlRow[]) =>
    rows
      .find((r) => r.id === 'config-all-regions')
      ?.verdicts.find((v) => v.where.includes('governedRegions') || v.where === 'guardrails');

  test('without the Region deny, the ungoverned Regions are a gap that names the governed ones and the fix', () => {
    const starter = synthesized('examples/starter.config.json');
    const verdict = regionsVerdict(complianceMatrix(starter.config, starter.stacks));
    expect(verdict?.status).toBe('gap');
    expect(verdict?.detail).toContain(`records only in ${[...starter.config.governedRegions].sort().join(', ')}`);
    expect(verdict?.detail).toContain('set guardrails.denyOtherRegions');
  });

  test('with guardrails.denyOtherRegions and awsConfig.flowLogsForEveryVpc, 4.7 is met and 4.3 is a gap that names the Regional services the deny leaves open [regional-service-resources-stay-in-their-region]', () => {
    const input = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'full.config.json'), 'utf8'));
    input.guardrails = { ...input.guardrails, denyOtherRegions: true };
    input.members = input.members.filter(
      (m: { awsConfig?: unknown }) => m.awsConfig !== false && m.awsConfig !== 'control-tower',
    );
    const file = path.join(tempDir('compliance-region-deny'), 'config.json');
    fs.writeFileSync(file, JSON.stringify(input));
    const config = loadConfig(file);
    const stacks = synthesizedStacks(config);
    const rows = complianceMatrix(config, stacks);
    // Every account records; the deny closes every other Region but for the Regional services it
    // exempts. us-east-1 is governed here, so those exempted there only (KMS, ACM, WAF) are closed.
    const verdict = regionsVerdict(rows);
    expect(verdict).toMatchObject({ status: 'gap', where: 'guardrails' });
    for (const { service, onlyInGlobalServicesRegion } of REGION_DENY_REGIONAL_SERVICES) {
      if (onlyInGlobalServicesRegion === undefined) expect(verdict?.detail).toContain(service);
      else expect(verdict?.detail).not.toContain(` ${service}`);
    }
    expect(verdict?.detail).toContain('config, directconnect');
    expect(verdict?.detail).toContain('add the Region to governedRegions');
    expect(
      rows
        .find((r) => r.id === 'config-all-regions')
        ?.verdicts.filter((v) => v.status !== 'met')
        .map((v) => v.where),
    ).toEqual(['guardrails']);
    expect(statusOf(rows, 'vpc-flow-logs')).toBe('met');
    // Every account of the config, its automatic remediations; the listed VPCs' own flow logs.
    const flowLogs = rows.find((r) => r.id === 'vpc-flow-logs')?.verdicts ?? [];
    for (const member of config.members) {
      expect(flowLogs).toContainEqual({
        where: `member-${member.name}`,
        status: 'met',
        detail: expect.stringContaining('aws_config_remediation_configuration.flow-logs-remediation_remediation-'),
      });
    }
    // A member whose stack lost its remediation in one Region is missing, and says how many it has.
    const remediations = stacks.find((s) => s.name === 'member-payments-prod')?.json.resource
      ?.aws_config_remediation_configuration as Record<string, unknown>;
    Reflect.deleteProperty(remediations, Object.keys(remediations)[0]);
    expect(
      complianceMatrix(config, stacks)
        .find((r) => r.id === 'vpc-flow-logs')
        ?.verdicts.find((v) => v.where === 'member-payments-prod'),
    ).toEqual({
      where: 'member-payments-prod',
      status: 'missing',
      detail: '4 vpc-flow-logs-enabled rule(s) and 3 automatic remediation(s) for 4 governed Region(s)',
    });
    // Without the option, every VPC outside members[].vpcFlowLogs is a gap that names it.
    const starter = synthesized('examples/starter.config.json');
    expect(
      complianceMatrix(starter.config, starter.stacks)
        .find((r) => r.id === 'vpc-flow-logs')
        ?.verdicts.find((v) => v.where === '(every account)')?.detail,
    ).toContain('set awsConfig.flowLogsForEveryVpc');
    // A deny that leaves another Region open does not count.
    const guardrails = stacks.find((s) => s.name === 'guardrails');
    for (const policy of Object.values(guardrails?.json.resource?.aws_organizations_policy ?? {}) as {
      name: string;
      content: string;
    }[]) {
      policy.content = policy.content.replace('"eu-west-1"', '"eu-west-1","ap-southeast-2"');
    }
    expect(regionsVerdict(complianceMatrix(config, stacks))).toMatchObject({
      status: 'gap',
      where: '(Regions outside governedRegions)',
    });
  });
});
