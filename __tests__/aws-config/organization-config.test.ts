import { CIS_REQUIREMENTS } from '../../modules/catalogs/cis-benchmark';
import { DETECTIVE_RULE_NAMES, DETECTIVE_RULES, rulesIn } from '../../modules/catalogs/detective-rules';
import { AuditLoggingError } from '../../modules/core/errors';
import { AWS_REGIONS_BY_PARTITION } from '../../modules/core/regions';
import {
  OrganizationConfigAggregator,
  OrganizationConfigRules,
  OrganizationConfigRulesProps,
} from '../../modules/aws-config';
import { ruleDescription } from '../../modules/aws-config/organization-config-rules';
import { AUDIT, REGIONS, regionOf, regionsOf, synth } from '../support/audit-account-stacks';

describe('the detective rule catalog', () => {
  test('names each rule once, with the CIS requirement of the current version it checks', () => {
    expect(Object.keys(DETECTIVE_RULES)).toEqual([...DETECTIVE_RULE_NAMES]);
    const numbers = new Set(CIS_REQUIREMENTS.map((r) => r.number));
    for (const rule of Object.values(DETECTIVE_RULES)) {
      expect(rule.identifier).toMatch(/^[A-Z0-9_]+$/);
      if (rule.requirement !== undefined) expect(numbers).toContain(rule.requirement);
      for (const region of rule.unavailableIn) expect(Object.values(AWS_REGIONS_BY_PARTITION).flat()).toContain(region);
    }
    // The logging requirements a managed rule can check, and Security Hub enabled; 4.3 (AWS Config
    // recording) has no managed rule, 4.10 (web front ends) is not this product's.
    expect(
      Object.values(DETECTIVE_RULES)
        .flatMap((rule) => rule.requirement ?? [])
        .sort(),
    ).toEqual(['4.1', '4.2', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '5.16']);
  });

  test('account-wide rules run in the home Region only, and no rule runs where AWS lacks it', () => {
    const names = rulesIn(DETECTIVE_RULE_NAMES, 'eu-central-1', 'eu-west-1').map((rule) => rule.name);
    expect(names).not.toContain('multi-region-cloudtrail-enabled');
    expect(names).not.toContain('cloudtrail-all-write-s3-data-event-check');
    expect(names).toContain('vpc-flow-logs-enabled');
    expect(rulesIn(DETECTIVE_RULE_NAMES, 'eu-west-1', 'eu-west-1')).toHaveLength(DETECTIVE_RULE_NAMES.length);
    const calgary = rulesIn(DETECTIVE_RULE_NAMES, 'ca-west-1', 'ca-west-1').map((rule) => rule.name);
    expect(calgary).not.toContain('cloudtrail-s3-bucket-access-logging');
    expect(calgary).not.toContain('cloudtrail-all-read-s3-data-event-check');
    expect(calgary).toContain('multi-region-cloudtrail-enabled');
  });

  test('a description says what NON_COMPLIANT means, with the CIS number and the control, within 256 characters', () => {
    expect(ruleDescription(DETECTIVE_RULES['multi-region-cloudtrail-enabled'])).toBe(
      'NON_COMPLIANT when the account has no multi-Region CloudTrail trail recording management events (CIS v7.0.0 4.1, Security Hub CloudTrail.1).',
    );
    expect(ruleDescription(DETECTIVE_RULES['securityhub-enabled'])).toBe(
      'NON_COMPLIANT when Security Hub is not enabled in the account and Region (CIS v7.0.0 5.16).',
    );
    for (const rule of Object.values(DETECTIVE_RULES)) expect(ruleDescription(rule).length).toBeLessThanOrEqual(256);
  });
});

describe('OrganizationConfigAggregator', () => {
  const json = synth((stack) => new OrganizationConfigAggregator(stack, 'aggregator', { regions: REGIONS }));

  test('aggregates the governed Regions of the whole organization with a role AWS Config alone assumes', () => {
    const aggregator = Object.values(json.resource.aws_config_configuration_aggregator)[0] as any;
    expect(aggregator.name).toBe('audit-organization');
    expect(aggregator.organization_aggregation_source).toEqual({
      role_arn: expect.stringMatching(/^\$\{aws_iam_role\..+\.arn\}$/),
      regions: ['eu-central-1', 'eu-west-1', 'us-east-1'],
    });
    expect(aggregator.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
    const role = Object.values(json.resource.aws_iam_role)[0] as any;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'config.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': AUDIT } },
      }),
    ]);
    expect((Object.values(json.resource.aws_iam_role_policy_attachment)[0] as any).policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    );
  });

  test('refuses no Region and a name AWS Config refuses, naming the prop', () => {
    expect(() => synth((stack) => new OrganizationConfigAggregator(stack, 'a', { regions: [] }))).toThrow(
      'audit/a: props.regions must name at least one Region',
    );
    expect(() =>
      synth((stack) => new OrganizationConfigAggregator(stack, 'a', { regions: REGIONS, aggregatorName: 'my org' })),
    ).toThrow('props.aggregatorName "my org" must be 1 to 256 letters, digits, _ or -');
  });
});

describe('OrganizationConfigRules', () => {
  const withRules = (props: Partial<OrganizationConfigRulesProps> = {}) =>
    synth((stack) => new OrganizationConfigRules(stack, 'rules', { regions: regionsOf(stack), ...props }));

  test('deploys every rule in the home Region and the Regional ones in the others, once a day', () => {
    const json = withRules();
    const rules = Object.values(json.resource.aws_config_organization_managed_rule) as any[];
    const byRegion = new Map<string, string[]>();
    for (const rule of rules)
      byRegion.set(regionOf(json, rule), [...(byRegion.get(regionOf(json, rule)) ?? []), rule.name]);
    expect(byRegion.get('eu-west-1')?.sort()).toEqual(DETECTIVE_RULE_NAMES.map((name) => `audit-${name}`).sort());
    const regional = rulesIn(DETECTIVE_RULE_NAMES, 'eu-central-1', 'eu-west-1')
      .map((rule) => `audit-${rule.name}`)
      .sort();
    expect(regional).toHaveLength(DETECTIVE_RULE_NAMES.length - 3);
    expect(byRegion.get('eu-central-1')?.sort()).toEqual(regional);
    expect(byRegion.get('us-east-1')?.sort()).toEqual(regional);
    for (const rule of rules) {
      expect(rule.maximum_execution_frequency).toBe('TwentyFour_Hours');
      expect(rule.excluded_accounts).toBeUndefined();
      expect(rule.rule_identifier).toBe(
        DETECTIVE_RULES[rule.name.slice('audit-'.length) as 'securityhub-enabled'].identifier,
      );
    }
  });

  test('takes a subset, excluded accounts, a frequency and a prefix', () => {
    const json = withRules({
      rules: ['vpc-flow-logs-enabled'],
      excludedAccountIds: ['222222222222', '222222222222'],
      evaluationFrequency: 'Twelve_Hours',
      namePrefix: 'org-',
    });
    const rules = Object.values(json.resource.aws_config_organization_managed_rule) as any[];
    expect(rules.map((rule) => [regionOf(json, rule), rule.name]).sort()).toEqual(
      REGIONS.map((region) => [region, 'org-vpc-flow-logs-enabled']).sort(),
    );
    expect(rules[0]).toMatchObject({
      excluded_accounts: ['222222222222'],
      maximum_execution_frequency: 'Twelve_Hours',
    });
  });

  test.each([
    [{ rules: ['no-such-rule'] }, 'props.rules[0] "no-such-rule" is not a detective rule; use one of'],
    [{ evaluationFrequency: 'Daily' }, 'props.evaluationFrequency "Daily" must be one of One_Hour'],
    [{ namePrefix: 'x'.repeat(30) }, 'characters (a rule name is at most 64)'],
    [{ excludedAccountIds: ['1234'] }, 'props.excludedAccountIds[0]'],
    [{ regions: [] }, 'props.regions must name at least one Region'],
  ])('refuses %j', (overrides, message) => {
    expect(() => withRules(overrides as Partial<OrganizationConfigRulesProps>)).toThrow(AuditLoggingError);
    expect(() => withRules(overrides as Partial<OrganizationConfigRulesProps>)).toThrow(message);
  });
});
