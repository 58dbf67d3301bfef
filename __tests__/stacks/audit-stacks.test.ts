import { Testing } from 'cdktf';
import { parseConfig } from '../../modules/org-config/load';
import { configWarnings } from '../../modules/org-config/warnings';
import { buildStacks } from '../../stacks';
import { complianceMatrix } from '../../packages/cli/toolkit/compliance/compliance-matrix';
import type { SynthesizedStack } from '../../packages/cli/toolkit/compliance/stack-json';
import { deploymentWaves } from '../../modules/core/deployment-order';
import { BASE } from '../org-config/bad-configs';
import { resourcesOf, shippedConfig, StackJson, synthStack } from '../support/synth';
import { synthJson } from '../support/stack-json';

const AUDIT = '444444444444';

/** BASE with `audit` set (or left out when undefined). */
const configWithAudit = (audit: unknown, extra: Record<string, unknown> = {}) =>
  parseConfig(JSON.stringify({ ...BASE, ...extra, ...(audit === undefined ? {} : { audit }) }), 'audit.test.json');

const stackNames = (audit: unknown) => buildStacks(Testing.app(), configWithAudit(audit)).map((s) => s.node.id);

const values = (synth: StackJson, type: string): any[] => Object.values(resourcesOf(synth, type));

describe('the audit account of the starter config', () => {
  const config = shippedConfig('examples/starter.config.json');
  const audit = synthStack(config, 'audit');
  const delegation = synthStack(config, 'audit-delegation');

  test('the management account registers the audit account for AWS Config and Security Hub', () => {
    expect(delegation.provider.aws[0].allowed_account_ids).toEqual(['111111111111']);
    expect(
      values(delegation, 'aws_organizations_delegated_administrator').map((d) => [d.account_id, d.service_principal]),
    ).toEqual([
      ['333333333333', 'config-multiaccountsetup.amazonaws.com'],
      ['333333333333', 'config.amazonaws.com'],
    ]);
    expect(values(delegation, 'aws_securityhub_organization_admin_account').map((a) => a.admin_account_id)).toEqual([
      '333333333333',
    ]);
  });

  test('the audit account aggregates every governed Region and deploys the rules that can pass', () => {
    expect(audit.provider.aws[0].allowed_account_ids).toEqual(['333333333333']);
    const [aggregator] = values(audit, 'aws_config_configuration_aggregator');
    expect(aggregator.organization_aggregation_source.regions).toEqual([...config.governedRegions].sort());
    const identifiers = new Set(values(audit, 'aws_config_organization_managed_rule').map((r) => r.rule_identifier));
    // trail.dataEvents.s3 is "none": the S3 data event checks would fail everywhere, so they are left out.
    expect([...identifiers].sort()).toEqual(
      [
        'CLOUDTRAIL_S3_BUCKET_ACCESS_LOGGING',
        'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
        'CLOUD_TRAIL_ENCRYPTION_ENABLED',
        'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
        'CMK_BACKING_KEY_ROTATION_ENABLED',
        'MULTI_REGION_CLOUD_TRAIL_ENABLED',
        'SECURITYHUB_ENABLED',
        'VPC_FLOW_LOGS_ENABLED',
      ].sort(),
    );
    for (const rule of values(audit, 'aws_config_organization_managed_rule')) {
      expect(rule.maximum_execution_frequency).toBe('TwentyFour_Hours');
      expect(rule.excluded_accounts ?? []).toEqual([]);
    }
  });

  test('Security Hub: CIS v5.0.0 and FSBP in every account through central configuration, findings aggregated home', () => {
    const [policy] = values(audit, 'aws_securityhub_configuration_policy');
    expect(policy.configuration_policy.enabled_standard_arns).toEqual([
      'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
      'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
    ]);
    const [aggregator] = values(audit, 'aws_securityhub_finding_aggregator');
    expect(aggregator.specified_regions).toEqual(['eu-central-1', 'us-east-1']);
    expect(Object.keys(audit.output)).toEqual(['config_aggregator_name', 'security_hub_policy_id']);
  });
});

describe("Security Hub's findings, exported into the archive", () => {
  const streams = (audit: unknown) =>
    values(synthStack(configWithAudit(audit), 'audit'), 'aws_kinesis_firehose_delivery_stream').length;
  const archiveAdmits = (audit: unknown) =>
    JSON.stringify(synthStack(configWithAudit(audit), 'log-archive').resource.aws_s3_bucket_policy).includes(
      'SecurityHubFindingsWrite',
    );

  test('with Security Hub by default: a stream in the audit account, and the archive admits its role', () => {
    expect(streams({ accountId: AUDIT })).toBe(1);
    expect(archiveAdmits({ accountId: AUDIT })).toBe(true);
  });

  test('not with exportFindings false, nor without Security Hub, nor without an audit account', () => {
    for (const audit of [
      { accountId: AUDIT, exportFindings: false },
      { accountId: AUDIT, securityHub: false },
    ]) {
      expect(streams(audit)).toBe(0);
      expect(archiveAdmits(audit)).toBe(false);
    }
    expect(archiveAdmits(false)).toBe(false);
  });
});

describe('the audit section of the full config', () => {
  const config = shippedConfig('examples/full.config.json');
  const audit = synthStack(config, 'audit');

  test('takes the listed rules, the frequency and skips the members where nothing records', () => {
    const rules = values(audit, 'aws_config_organization_managed_rule');
    expect(new Set(rules.map((r) => r.maximum_execution_frequency))).toEqual(new Set(['Twelve_Hours']));
    // data-lake has awsConfig false: a rule could not be created there.
    expect(new Set(rules.map((r) => JSON.stringify(r.excluded_accounts)))).toEqual(new Set(['["210000000007"]']));
    expect(rules.some((r) => String(r.rule_identifier).includes('S3_DATA_EVENT'))).toBe(false);
  });
});

describe('audit: what the config builds, and what it leaves to others', () => {
  test('every part by default: the delegation with the organization stacks, the audit stack after the members', () => {
    const names = stackNames({ accountId: AUDIT });
    expect(names).toEqual([
      'log-archive',
      'organization',
      'guardrails',
      'audit-delegation',
      'member-payments',
      'member-sandbox',
      'audit',
    ]);
    expect(deploymentWaves(names)).toEqual([
      ['log-archive'],
      ['organization', 'guardrails', 'audit-delegation'],
      ['member-payments', 'member-sandbox'],
      ['audit'],
    ]);
  });

  test('no audit section: no stack, and synth warns; audit false: no stack and no warning', () => {
    expect(stackNames(undefined)).not.toContain('audit');
    expect(configWarnings(configWithAudit(undefined)).map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^audit: is not set, so nothing shows the organization's compliance state/),
    );
    expect(stackNames(false).filter((name) => name.startsWith('audit'))).toEqual([]);
    expect(configWarnings(configWithAudit(false)).filter((w) => w.at[0] === 'audit')).toEqual([]);
  });

  test('an aggregator Control Tower owns, a Security Hub administrator elsewhere, a registration made already', () => {
    const noAggregator = synthStack(configWithAudit({ accountId: AUDIT, configAggregator: false }), 'audit');
    expect(values(noAggregator, 'aws_config_configuration_aggregator')).toEqual([]);
    expect(values(noAggregator, 'aws_config_organization_managed_rule').length).toBeGreaterThan(0);

    const noHub = configWithAudit({ accountId: AUDIT, securityHub: false });
    expect(values(synthStack(noHub, 'audit'), 'aws_securityhub_account')).toEqual([]);
    const delegation = synthStack(noHub, 'audit-delegation');
    expect(values(delegation, 'aws_securityhub_organization_admin_account')).toEqual([]);
    expect(values(delegation, 'aws_organizations_delegated_administrator')).toHaveLength(2);

    expect(stackNames({ accountId: AUDIT, registerAdministrators: false })).not.toContain('audit-delegation');
    // Security Hub alone: no AWS Config registration.
    const hubOnly = configWithAudit({ accountId: AUDIT, configAggregator: false, configRules: [] });
    expect(values(synthStack(hubOnly, 'audit-delegation'), 'aws_organizations_delegated_administrator')).toEqual([]);
  });

  test('a section that builds nothing is reported, and builds no stack', () => {
    const nothing = { accountId: AUDIT, configAggregator: false, configRules: [], securityHub: false };
    expect(stackNames(nothing).filter((name) => name.startsWith('audit'))).toEqual([]);
    expect(configWarnings(configWithAudit(nothing)).map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^audit: builds nothing/),
    );
  });

  test("a second aggregator beside Control Tower's is warned about, with the fix; none when it is left to Control Tower", () => {
    const members = [
      { name: 'payments', accountId: '444444444444', awsConfig: 'control-tower' },
      { name: 'sandbox', accountId: '555555555555', standaloneTrail: true },
    ];
    const audited = (audit: Record<string, unknown>) =>
      configWarnings(configWithAudit({ accountId: '666666666666', ...audit }, { members })).filter(
        (w) => w.at[0] === 'audit',
      );
    const [second, ...rest] = audited({});
    expect(rest).toEqual([]);
    expect(second.message).toMatch(
      /^audit\.configAggregator: is true, but 1 member keeps Control Tower's AWS Config \(awsConfig "control-tower", "payments"\): Control Tower \(landing zone 4\.0\) already has an organization aggregator in its audit account/,
    );
    expect(second.message).toContain('Set audit.configAggregator to false');
    const [two] = configWarnings(
      configWithAudit(
        { accountId: '666666666666' },
        { members: [...members, { name: 'billing', accountId: '777777777777', awsConfig: 'control-tower' }] },
      ),
    ).filter((w) => w.at[0] === 'audit');
    expect(two.message).toContain(
      'is true, but 2 members keep Control Tower\'s AWS Config (awsConfig "control-tower", "payments", "billing")',
    );
    expect(audited({ configAggregator: false })).toEqual([]);
    // Without Control Tower, the aggregator is this product's and nothing is said.
    expect(configWarnings(configWithAudit({ accountId: AUDIT })).filter((w) => w.at[0] === 'audit')).toEqual([]);
  });

  test('the S3 data event rules are warned about unless the trail records every bucket', () => {
    const rules = ['cloudtrail-all-write-s3-data-event-check', 'vpc-flow-logs-enabled'];
    const warned = configWarnings(configWithAudit({ accountId: AUDIT, configRules: rules })).map((w) => w.message);
    expect(warned).toContainEqual(
      expect.stringMatching(
        /^audit\.configRules: lists cloudtrail-all-write-s3-data-event-check, but trail.dataEvents.s3 is not "all"/,
      ),
    );
    const all = configWithAudit({ accountId: AUDIT }, { trail: { name: 'org-trail', dataEvents: { s3: 'all' } } });
    expect(configWarnings(all).filter((w) => w.at[0] === 'audit')).toEqual([]);
    const identifiers = values(synthStack(all, 'audit'), 'aws_config_organization_managed_rule').map(
      (r) => r.rule_identifier,
    );
    expect(identifiers).toContain('CLOUDTRAIL_ALL_WRITE_S3_DATA_EVENT_CHECK');
    expect(identifiers).toContain('CLOUDTRAIL_ALL_READ_S3_DATA_EVENT_CHECK');
  });
});

describe('the control matrix with an audit account', () => {
  const matrixOf = (audit: unknown, drop?: (type: string) => boolean) => {
    const config = configWithAudit(audit);
    const stacks: SynthesizedStack[] = buildStacks(Testing.app(), config).map((stack) => {
      const json = synthJson(stack);
      const kept = Object.entries((json.resource ?? {}) as Record<string, unknown>).filter(([type]) => !drop?.(type));
      return { name: stack.node.id, json: { ...json, resource: Object.fromEntries(kept) } as SynthesizedStack['json'] };
    });
    return complianceMatrix(config, stacks);
  };
  const row = (rows: ReturnType<typeof matrixOf>, id: string) => {
    const found = rows.find((r) => r.id === id);
    if (found === undefined) throw new Error(`no row ${id}`);
    return found;
  };

  test('CIS 5.16 is met by the Security Hub policy, a gap when left to others or unset, missing when not built', () => {
    const built = row(matrixOf({ accountId: AUDIT }), 'security-hub-enabled');
    expect(built.status).toBe('met');
    expect(built.verdicts[0].detail).toMatch(
      /aws_securityhub_configuration_policy\..*aws_securityhub_configuration_policy_association\./,
    );
    expect(row(matrixOf({ accountId: AUDIT, securityHub: false }), 'security-hub-enabled').verdicts[0]).toEqual(
      expect.objectContaining({ status: 'gap', detail: expect.stringContaining('audit.securityHub is false') }),
    );
    expect(row(matrixOf(undefined), 'security-hub-enabled').verdicts[0].detail).toMatch(/^audit is not set/);
    expect(row(matrixOf(false), 'security-hub-enabled').verdicts[0].detail).toMatch(/^audit is false/);
    expect(
      row(
        matrixOf({ accountId: AUDIT }, (t) => t.startsWith('aws_securityhub_configuration_policy')),
        'security-hub-enabled',
      ).status,
    ).toBe('missing');
  });

  test('a detective rule adds its verdict to the rows it checks, and is missing when selected and not built', () => {
    const rows = matrixOf({ accountId: AUDIT });
    expect(row(rows, 'trail-log-file-validation').verdicts.map((v) => v.where)).toContain(
      'audit (AWS Config rule cloud-trail-log-file-validation-enabled)',
    );
    const withoutRules = matrixOf({ accountId: AUDIT }, (t) => t === 'aws_config_organization_managed_rule');
    const validation = row(withoutRules, 'trail-log-file-validation');
    expect(validation.status).toBe('missing');
    expect(validation.verdicts.at(-1)?.detail).toBe(
      'no AWS Config rule cloud-trail-log-file-validation-enabled (CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED), which audit.configRules selects',
    );
    // Without an audit account, the rows are judged on the stacks alone, as before.
    expect(row(matrixOf(false), 'trail-log-file-validation').verdicts.map((v) => v.where)).toEqual(['organization']);
  });
});
