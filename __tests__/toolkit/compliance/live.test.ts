import * as path from 'path';
import { loadConfig } from '../../../modules/org-config/load';
import { COMPLIANCE_RULES } from '../../../packages/cli/toolkit/compliance/rules';
import { liveMarkdown } from '../../../packages/cli/toolkit/compliance/live-report';
import {
  AggregateComplianceReader,
  CONTROL_IDS_PER_REQUEST,
  ControlFinding,
  FindingsReader,
  readLiveState,
  RuleCompliance,
} from '../../../packages/cli/toolkit/compliance/live-state';
import { controlFinding } from '../../../packages/cli/toolkit/compliance/security-hub-reader';
import { runCliInProcess } from '../../support/cli';
import { endpointEnv, fakeLiveEndpoint } from '../../support/fake-live-endpoint';
import { ROOT } from '../../support/root';
import { liveCompliance } from '../../../packages/cli/toolkit/actions/compliance-action';
import { RecordingIo } from '../../../packages/cli/toolkit/common/toolkit-io';

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const config = loadConfig(STARTER);

const finding = (over: Partial<ControlFinding>): ControlFinding => ({
  accountId: '444444444444',
  region: 'eu-west-1',
  controlId: 'CloudTrail.1',
  status: 'PASSED',
  resources: ['AWS::::Account:444444444444'],
  suppressed: false,
  ...over,
});

/** Serves `findings` in pages of `size`, as GetFindings does, and records each request. */
function pagedReader(
  findings: readonly ControlFinding[],
  size: number,
  failFor?: string,
): FindingsReader & {
  calls: { controlIds: readonly string[]; nextToken?: string }[];
} {
  const calls: { controlIds: readonly string[]; nextToken?: string }[] = [];
  return {
    calls,
    async page(controlIds, nextToken) {
      calls.push({ controlIds, nextToken });
      if (controlIds.length > CONTROL_IDS_PER_REQUEST) throw new Error('InvalidInputException: too many values');
      if (failFor !== undefined && controlIds.includes(failFor)) throw new Error('AccessDeniedException: not allowed');
      const matching = findings.filter((f) => controlIds.includes(f.controlId));
      const start = nextToken === undefined ? 0 : Number(nextToken);
      const next = start + size;
      return { findings: matching.slice(start, next), ...(next < matching.length ? { nextToken: String(next) } : {}) };
    },
  };
}

const FINDINGS = [
  finding({
    accountId: '444444444444',
    controlId: 'CloudTrail.1',
    status: 'FAILED',
    resources: ['arn:aws:cloudtrail:eu-west-1:444444444444:trail/x'],
  }),
  finding({ accountId: '444444444444', controlId: 'CloudWatch.1', status: 'PASSED' }),
  finding({ accountId: '555555555555', controlId: 'CloudTrail.1', status: 'PASSED' }),
  // Suppressed and not-available findings count neither way.
  finding({ accountId: '555555555555', controlId: 'CloudWatch.1', status: 'FAILED', suppressed: true }),
  finding({ accountId: '333333333333', controlId: 'CloudTrail.1', status: 'NOT_AVAILABLE' }),
  // An account the config does not name.
  finding({
    accountId: '999999999999',
    controlId: 'KMS.4',
    status: 'FAILED',
    resources: ['arn:aws:kms:eu-west-1:999999999999:key/k'],
  }),
  ...Array.from({ length: 230 }, (_, i) =>
    finding({
      accountId: '111111111111',
      controlId: 'S3.5',
      status: 'PASSED',
      resources: [`arn:aws:s3:::bucket-${i}`],
    }),
  ),
];

describe('readLiveState', () => {
  test('pages through every finding, at most 20 controls a request, and judges each account and control', async () => {
    const reader = pagedReader(FINDINGS, 100);
    const report = await readLiveState(config, { securityHub: reader }, 'eu-west-1');
    expect(report.findings).toBe(FINDINGS.length);
    expect(report.unread).toEqual([]);
    expect(reader.calls.every((c) => c.controlIds.length <= CONTROL_IDS_PER_REQUEST)).toBe(true);
    const controls = new Set(COMPLIANCE_RULES.flatMap((rule) => rule.securityHub));
    expect(new Set(reader.calls.flatMap((c) => c.controlIds))).toEqual(controls);
    // 230 findings of S3.5 take three pages; every other batch one.
    expect(reader.calls.filter((c) => c.nextToken !== undefined).map((c) => c.nextToken)).toEqual(['100', '200']);
    expect(report.requests).toBe(reader.calls.length);

    const cell = (id: string, account: string) =>
      report.rows.find((r) => r.id === id)?.cells.find((c) => c.accountId === account);
    expect(cell('trail-all-regions', '444444444444')).toEqual({
      accountId: '444444444444',
      status: 'failing',
      failing: [
        {
          check: 'CloudTrail.1',
          region: 'eu-west-1',
          resource: 'arn:aws:cloudtrail:eu-west-1:444444444444:trail/x',
        },
      ],
    });
    expect(cell('trail-all-regions', '555555555555')?.status).toBe('compliant');
    expect(cell('trail-all-regions', '333333333333')?.status).toBe('not-evaluated');
    expect(cell('root-account-usage', '555555555555')?.status).toBe('not-evaluated');
    expect(cell('archive-tls-only', '111111111111')?.status).toBe('compliant');
    expect(report.accounts.at(-1)).toEqual({ accountId: '999999999999', role: 'not in the config' });
    expect(cell('kms-rotation', '999999999999')?.status).toBe('failing');
    // Controls nothing checks are said to be unchecked, not compliant.
    const guardrails = report.rows.find((r) => r.id === 'authorization-guardrails');
    expect(guardrails?.unevaluated).toBe('neither a Security Hub control nor a detective rule checks it');
    // Without the aggregator, a control only a detective rule checks is not evaluated anywhere.
    expect(
      report.rows.find((r) => r.id === 'security-hub-enabled')?.cells.every((c) => c.status === 'not-evaluated'),
    ).toBe(true);
    expect(guardrails?.cells.every((c) => c.status === 'not-evaluated')).toBe(true);
    // In the order of the static matrix: CIS v7.0.0 numbers first.
    expect(report.rows[0].cis['v7.0.0']).toEqual(['2.1.2']);
  });

  test('a request that fails names the controls it could not read; the other batches are still read', async () => {
    const report = await readLiveState(
      config,
      { securityHub: pagedReader(FINDINGS, 100, 'CloudTrail.1') },
      'eu-west-1',
    );
    expect(report.unread).toHaveLength(1);
    expect(report.unread[0]).toMatch(
      /^the findings of .*CloudTrail\.1.* in eu-west-1: AccessDeniedException: not allowed$/,
    );
    const trail = report.rows.find((r) => r.id === 'trail-all-regions');
    expect(trail?.cells.every((c) => c.status === 'not-evaluated')).toBe(true);
    expect(liveMarkdown(report)).toContain('**Not read, so this report is incomplete:**');
  });

  test('the Markdown is an accounts x controls matrix, failing accounts first, then the failing resources', async () => {
    const md = liveMarkdown(await readLiveState(config, { securityHub: pagedReader(FINDINGS, 100) }, 'eu-west-1'));
    const table = md.split('\n').filter((line) => line.startsWith('| '));
    expect(table[0]).toMatch(
      /^\| Account \| Role \| 4\.1 \| 4\.2 \| 4\.3 \| 4\.4 \| 4\.5 \| 4\.6 \| 4\.7 \| 4\.8, 4\.9 \| 5\.1 \|/,
    );
    expect(table.slice(2, 4).map((line) => line.split(' | ')[0])).toEqual(['| 444444444444', '| 999999999999']);
    expect(md).toContain('- 444444444444 eu-west-1 CloudTrail.1: arn:aws:cloudtrail:eu-west-1:444444444444:trail/x');
    expect(md).toContain('2 failing in 2 account(s)');
  });
});

const compliance = (over: Partial<RuleCompliance>): RuleCompliance => ({
  ruleName: 'OrgConfigRule-audit-multi-region-cloudtrail-enabled-ab12cd34',
  accountId: '444444444444',
  region: 'eu-west-1',
  compliance: 'COMPLIANT',
  ...over,
});

/** The aggregator's rule results: detective rules in members and in the audit account, and others. */
const RULES: readonly RuleCompliance[] = [
  compliance({ compliance: 'NON_COMPLIANT' }),
  compliance({ accountId: '555555555555' }),
  // The audit account's own copy of an organization rule has the organization rule's name.
  compliance({ ruleName: 'audit-securityhub-enabled', accountId: '333333333333', compliance: 'NON_COMPLIANT' }),
  compliance({ ruleName: 'OrgConfigRule-audit-securityhub-enabled-zz99yy88', accountId: '444444444444' }),
  // Not applicable and insufficient data count neither way.
  compliance({ ruleName: 'OrgConfigRule-audit-vpc-flow-logs-enabled-q1w2e3r4', compliance: 'NOT_APPLICABLE' }),
  compliance({ ruleName: 'OrgConfigRule-audit-cmk-backing-key-rotation-enabled-a', compliance: 'INSUFFICIENT_DATA' }),
  // Rules that are not the detective set (Control Tower's, a team's own) are counted, not judged.
  compliance({ ruleName: 'AWSControlTower_AWS-GR_ROOT_ACCOUNT_MFA_ENABLED', compliance: 'NON_COMPLIANT' }),
  // Many accounts, to page.
  ...Array.from({ length: 2500 }, (_, i) =>
    compliance({
      ruleName: 'OrgConfigRule-audit-cloud-trail-log-file-validation-enabled-x1',
      accountId: String(700000000000 + i),
    }),
  ),
];

/** Serves RULES in pages of `size`, and each non-compliant rule's resources two a page, as the aggregator APIs do. */
function pagedAggregator(
  size: number,
  failDetailsFor?: string,
): AggregateComplianceReader & { compliancePages: number; detailCalls: RuleCompliance[] } {
  const reader = {
    aggregatorName: 'audit-organization',
    region: 'eu-west-1',
    compliancePages: 0,
    detailCalls: [] as RuleCompliance[],
    async compliancePage(nextToken: string | undefined) {
      reader.compliancePages += 1;
      const start = nextToken === undefined ? 0 : Number(nextToken);
      const next = start + size;
      return { rules: RULES.slice(start, next), ...(next < RULES.length ? { nextToken: String(next) } : {}) };
    },
    async nonCompliantPage(rule: RuleCompliance, nextToken: string | undefined) {
      reader.detailCalls.push(rule);
      if (rule.ruleName === failDetailsFor) throw new Error('ThrottlingException: Rate exceeded');
      const resources = [`AWS::::Account ${rule.accountId}`, `AWS::CloudTrail::Trail t-${rule.accountId}`];
      return nextToken === undefined
        ? { resources: resources.slice(0, 1), nextToken: 'p2' }
        : { resources: resources.slice(1) };
    },
  };
  return reader;
}

describe('readLiveState with the AWS Config aggregator', () => {
  test('pages through the rule results, reads each non-compliant rule resources, and joins them with Security Hub', async () => {
    const aggregator = pagedAggregator(1000);
    const hub = pagedReader(FINDINGS, 100);
    const report = await readLiveState(config, { securityHub: hub, configRules: aggregator }, 'eu-west-1');
    expect(report.unread).toEqual([]);
    expect(report.aggregator).toEqual({ name: 'audit-organization', region: 'eu-west-1' });
    expect(report.evaluations).toBe(RULES.length);
    expect(aggregator.compliancePages).toBe(3);
    // Resources are read for the detective rules that failed, not for other rules.
    expect(aggregator.detailCalls.map((r) => r.ruleName).sort()).toEqual([
      'OrgConfigRule-audit-multi-region-cloudtrail-enabled-ab12cd34',
      'OrgConfigRule-audit-multi-region-cloudtrail-enabled-ab12cd34',
      'audit-securityhub-enabled',
      'audit-securityhub-enabled',
    ]);
    expect(report.requests).toBe(hub.calls.length + 3 + 4);

    const cell = (id: string, account: string) =>
      report.rows.find((r) => r.id === id)?.cells.find((c) => c.accountId === account);
    // Security Hub's CloudTrail.1 and the Config rule both fail it in 444444444444.
    expect(cell('trail-all-regions', '444444444444')?.failing).toEqual([
      { check: 'CloudTrail.1', region: 'eu-west-1', resource: 'arn:aws:cloudtrail:eu-west-1:444444444444:trail/x' },
      {
        check: 'AWS Config rule multi-region-cloudtrail-enabled',
        region: 'eu-west-1',
        resource: 'AWS::::Account 444444444444',
      },
      {
        check: 'AWS Config rule multi-region-cloudtrail-enabled',
        region: 'eu-west-1',
        resource: 'AWS::CloudTrail::Trail t-444444444444',
      },
    ]);
    // 5.16 is checked by the securityhub-enabled rule alone.
    expect(cell('security-hub-enabled', '333333333333')?.status).toBe('failing');
    expect(cell('security-hub-enabled', '444444444444')?.status).toBe('compliant');
    expect(cell('security-hub-enabled', '555555555555')?.status).toBe('not-evaluated');
    expect(cell('vpc-flow-logs', '444444444444')?.status).toBe('not-evaluated');
    // Accounts found only in the aggregator are listed too.
    expect(report.accounts.filter((a) => a.role === 'not in the config')).toHaveLength(2501);
    expect(cell('trail-log-file-validation', '700000002499')?.status).toBe('compliant');
    const md = liveMarkdown(report);
    expect(md).toContain('AWS Config aggregator audit-organization in eu-west-1: 2507 rule results read.');
    expect(md).toContain(
      '- 444444444444 eu-west-1 AWS Config rule multi-region-cloudtrail-enabled: AWS::CloudTrail::Trail t-444444444444',
    );
    expect(md).toContain('Security Hub CloudTrail.1; AWS Config multi-region-cloudtrail-enabled');
  });

  test('what could not be read is named; a failing rule whose resources were not read still fails', async () => {
    const aggregator = pagedAggregator(1000, 'audit-securityhub-enabled');
    const report = await readLiveState(config, { configRules: aggregator }, 'eu-west-1');
    expect(report.unread).toEqual([
      'the non-compliant resources of audit-securityhub-enabled in 333333333333 eu-west-1 (aggregator audit-organization in eu-west-1): ThrottlingException: Rate exceeded',
    ]);
    const failing = report.rows
      .find((r) => r.id === 'security-hub-enabled')
      ?.cells.find((c) => c.accountId === '333333333333');
    expect(failing).toEqual({
      accountId: '333333333333',
      status: 'failing',
      failing: [{ check: 'AWS Config rule securityhub-enabled', region: 'eu-west-1', resource: '(not read)' }],
    });
    const broken: AggregateComplianceReader = {
      ...aggregator,
      compliancePage: async () => {
        throw new Error('NoSuchConfigurationAggregatorException: not found');
      },
    };
    const none = await readLiveState(config, { configRules: broken }, 'eu-west-1');
    expect(none.unread).toEqual([
      'the rule compliance of aggregator audit-organization in eu-west-1: NoSuchConfigurationAggregatorException: not found',
    ]);
    expect(none.rows.every((row) => row.cells.every((c) => c.status === 'not-evaluated'))).toBe(true);
  });
});

test('controlFinding reads the fields of a Security Hub finding (ASFF)', () => {
  expect(
    controlFinding({
      AwsAccountId: '444444444444',
      Region: 'eu-central-1',
      Compliance: { SecurityControlId: 'CloudTrail.2', Status: 'FAILED' },
      Resources: [{ Id: 'arn:aws:cloudtrail:eu-central-1:444444444444:trail/t', Type: 'AwsCloudTrailTrail' }],
      Workflow: { Status: 'NEW' },
    } as never),
  ).toEqual({
    accountId: '444444444444',
    region: 'eu-central-1',
    controlId: 'CloudTrail.2',
    status: 'FAILED',
    resources: ['arn:aws:cloudtrail:eu-central-1:444444444444:trail/t'],
    suppressed: false,
  });
  expect(controlFinding({ AwsAccountId: '1', Compliance: { Status: 'PASSED' } } as never)).toBeUndefined();
});

describe('cdktf-audit-logging compliance --live', () => {
  /** The starter's audit account, where its Security Hub administrator and aggregator are. */
  const AUDIT_ACCOUNT = '333333333333';
  const securityHub = (pageSize: number, caller = AUDIT_ACCOUNT) =>
    fakeLiveEndpoint({ findings: FINDINGS, rules: RULES, pageSize, caller, auditAccount: AUDIT_ACCOUNT });

  test('the action, through its API: the report and its provenance, what it could not read in the report', async () => {
    const hub = await securityHub(100);
    const saved = { ...process.env };
    Object.assign(process.env, endpointEnv(hub.url));
    try {
      const io = new RecordingIo();
      const { report, provenance } = await liveCompliance({ config: STARTER }, io);
      expect(report).toMatchObject({ findings: FINDINGS.length, evaluations: RULES.length, unread: [] });
      expect(provenance.source).toMatchObject({ kind: 'live reads', region: 'eu-west-1' });
      const hubOnly = await liveCompliance({ config: STARTER, aggregator: false }, io);
      expect(hubOnly.report.evaluations).toBe(0);
      expect(io.lines('warn')).toEqual([]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
      Object.assign(process.env, saved);
      await hub.close();
    }
  });

  test('reads the findings through the AWS SDK, pages, reports each account and exits 1 on a failing control', async () => {
    const hub = await securityHub(100);
    try {
      const result = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'json'], {
        env: endpointEnv(hub.url),
      });
      expect(result.stderr).toContain('failing: trail-all-regions: 1 account(s): 444444444444');
      expect(result.stderr).toContain('failing: security-hub-enabled: 1 account(s): 333333333333');
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout) as {
        findings: number;
        evaluations: number;
        requests: number;
        region: string;
      };
      // The starter config's audit account has an aggregator: it is read by default.
      expect(report).toMatchObject({
        findings: FINDINGS.length,
        evaluations: RULES.length,
        region: 'eu-west-1',
        aggregator: { name: 'audit-organization', region: 'eu-west-1' },
      });
      // What it is evidence of: live reads, of what, when, and of which config.
      expect((report as unknown as { provenance: unknown }).provenance).toMatchObject({
        organizationId: expect.stringMatching(/^o-/),
        config: { file: STARTER, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        source: {
          kind: 'live reads',
          region: 'eu-west-1',
          read: ['Security Hub findings', 'the AWS Config aggregator audit-organization'],
          unread: [],
        },
        generatedAt: expect.stringMatching(/Z$/),
      });
      expect(hub.requests).toHaveLength(report.requests);
      expect(hub.requests.filter((r) => (r as { target?: string }).target?.endsWith('ByConfigRules'))).toHaveLength(3);
      expect(hub.requests[0]).toMatchObject({
        path: '/findings',
        MaxResults: 100,
        Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
      });
    } finally {
      await hub.close();
    }
  });

  test('--no-aggregator and --no-security-hub leave a source out; --aggregator names another', async () => {
    const hub = await securityHub(100);
    const env = endpointEnv(hub.url);
    try {
      const live = (...args: string[]) =>
        runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'json', ...args], { env });
      const hubOnly = JSON.parse((await live('--no-aggregator')).stdout) as {
        aggregator?: unknown;
        evaluations: number;
      };
      expect(hubOnly.aggregator).toBeUndefined();
      expect(hubOnly.evaluations).toBe(0);
      const rulesOnly = JSON.parse(
        (await live('--no-security-hub', '--aggregator', 'aws-controltower-GuardrailsComplianceAggregator')).stdout,
      ) as { aggregator: { name: string }; findings: number };
      expect(rulesOnly).toMatchObject({
        findings: 0,
        aggregator: { name: 'aws-controltower-GuardrailsComplianceAggregator' },
      });
      const nothing = await live('--no-security-hub', '--no-aggregator');
      expect(nothing.status).toBe(2);
      expect(nothing.stderr).toContain('--no-security-hub and no aggregator leave nothing to read');
    } finally {
      await hub.close();
    }
    const notLive = await runCliInProcess(['compliance', '--config', STARTER, '--no-aggregator']);
    expect(notLive.status).toBe(2);
    expect(notLive.stderr).toContain('choose what --live reads: use them with --live');
  });

  test('credentials of another account than the audit account: the report says whose, what it misses, and exits 1', async () => {
    const management = '111111111111';
    const hub = await securityHub(100, management);
    try {
      const result = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'json'], {
        env: endpointEnv(hub.url),
      });
      expect(result.status).toBe(1);
      const advice = `these credentials are of account ${management}, not the audit account ${AUDIT_ACCOUNT} (audit.accountId)`;
      expect(result.stderr).toContain(`not read: ${advice}`);
      const report = JSON.parse(result.stdout) as {
        unread: string[];
        provenance: { source: { readingAccount: string; unread: string[] } };
      };
      expect(report.unread[0]).toContain(advice);
      expect(report.unread[0]).toContain("Run compliance --live with the audit account's credentials");
      // The aggregator's own answer is kept after the advice: AWS's words, not ours.
      expect(report.unread[1]).toContain('NoSuchConfigurationAggregatorException');
      expect(report.provenance.source).toMatchObject({ readingAccount: `account ${management}` });
      expect(report.provenance.source.unread).toEqual(report.unread);
    } finally {
      await hub.close();
    }
    // With the audit account's credentials the same read is whole, and names the account.
    const audit = await securityHub(100);
    try {
      const result = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--format', 'md'], {
        env: endpointEnv(audit.url),
      });
      expect(result.stdout).toContain(`with the credentials of account ${AUDIT_ACCOUNT}, `);
      expect(result.stderr).not.toContain('not read:');
    } finally {
      await audit.close();
    }
  });

  test('--region must be an AWS Region, and only goes with --live', async () => {
    const bad = await runCliInProcess(['compliance', '--live', '--config', STARTER, '--region', 'eu-wset-1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--region eu-wset-1 is not an AWS Region');
    const without = await runCliInProcess(['compliance', '--config', STARTER, '--region', 'eu-west-1']);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('--region reads findings: use it with --live');
  });
});
