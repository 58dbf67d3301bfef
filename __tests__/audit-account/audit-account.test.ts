import { App, Testing } from 'cdktf';
import { CIS_REQUIREMENTS } from '../../modules/catalogs/cis-benchmark';
import { DETECTIVE_RULE_NAMES, DETECTIVE_RULES, rulesIn } from '../../modules/catalogs/detective-rules';
import { AuditLoggingError } from '../../modules/core/errors';
import { AWS_REGIONS_BY_PARTITION } from '../../modules/core/regions';
import { AccountStack } from '../../modules/deployment/account-stack';
import {
  AuditDelegation,
  AuditDelegationProps,
  OrganizationConfigAggregator,
  OrganizationConfigRules,
  OrganizationConfigRulesProps,
  SecurityHubCentralConfiguration,
  SecurityHubCentralConfigurationProps,
  SecurityHubFindingsExport,
} from '../../modules/audit-account';
import { ruleDescription } from '../../modules/audit-account/organization-config-rules';

type Synth = Record<string, any>;

const AUDIT = '555555555555';
const MANAGEMENT = '111111111111';
const ORGANIZATION = 'o-abcdefghij';
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

/** An account stack in `accountId` (home Region eu-west-1), `build` adding the constructs. */
function stackWith(build: (stack: AccountStack) => void, accountId = AUDIT, app: App = Testing.app()): AccountStack {
  const stack = new AccountStack(app, 'audit', { accountId, region: 'eu-west-1' });
  build(stack);
  return stack;
}

const synth = (build: (stack: AccountStack) => void, accountId = AUDIT): Synth =>
  JSON.parse(Testing.synth(stackWith(build, accountId))) as Synth;

const regionsOf = (stack: AccountStack, regions = REGIONS) =>
  regions.map((region) => ({ region, provider: stack.providerForRegion(region) }));

/** The provider alias a resource deploys with: the Region of its provider. */
function regionOf(json: Synth, resource: { provider?: string }): string {
  const providers = json.provider.aws as { alias?: string; region: string }[];
  const alias = resource.provider?.replace(/^aws\./, '');
  return (providers.find((p) => p.alias === alias) ?? providers[0]).region;
}

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

describe('SecurityHubCentralConfiguration', () => {
  const withHub = (props: Partial<SecurityHubCentralConfigurationProps> = {}, regions = REGIONS) =>
    synth(
      (stack) => new SecurityHubCentralConfiguration(stack, 'hub', { organizationId: ORGANIZATION, regions, ...props }),
    );

  test('[securityhub-admin-designation-enables-hub] adopts the hub the delegation enabled with an import of the account, never a second EnableSecurityHub', () => {
    const json = withHub() as any;
    const [address] = Object.keys(json.resource.aws_securityhub_account);
    expect(json.import).toEqual([{ to: `aws_securityhub_account.${address}`, id: AUDIT }]);
  });

  test('[securityhub-central-configuration-forces-auto-enable-off] [securityhub-default-standards-on-unless-refused] writes what AWS reads back under central configuration, and refuses the default standards', () => {
    const json = withHub() as any;
    expect(Object.values(json.resource.aws_securityhub_account)).toEqual([
      expect.objectContaining({ enable_default_standards: false }),
    ]);
    expect(Object.values(json.resource.aws_securityhub_organization_configuration)).toEqual([
      expect.objectContaining({ auto_enable: false, auto_enable_standards: 'NONE' }),
    ]);
  });

  test('enables CIS v5.0.0 and AWS Foundational Security Best Practices in every account through one policy on the root, central configuration, findings aggregated home', () => {
    const json = withHub();
    expect(Object.values(json.resource.aws_securityhub_account)).toEqual([
      expect.objectContaining({ enable_default_standards: false, control_finding_generator: 'SECURITY_CONTROL' }),
    ]);
    expect(Object.values(json.resource.aws_securityhub_finding_aggregator)).toEqual([
      expect.objectContaining({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['eu-central-1', 'us-east-1'] }),
    ]);
    const central = Object.values(json.resource.aws_securityhub_organization_configuration)[0] as any;
    expect(central).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
    });
    expect(central.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_finding_aggregator\./)]);
    expect(central.lifecycle.precondition.map((p: { error_message: string }) => p.error_message)).toEqual([
      expect.stringContaining(`organization.id ${ORGANIZATION}`),
      expect.stringContaining('cannot be run from the management account'),
    ]);
    const policy = Object.values(json.resource.aws_securityhub_configuration_policy)[0] as any;
    expect(policy.configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: [
        'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
        'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ],
      security_controls_configuration: {
        disabled_control_identifiers: [],
        security_control_custom_parameter: [
          {
            security_control_id: 'Config.1',
            parameter: [{ name: 'includeConfigServiceLinkedRoleCheck', value_type: 'CUSTOM', bool: { value: false } }],
          },
        ],
      },
    });
    expect(Object.values(json.resource.aws_securityhub_configuration_policy_association)).toEqual([
      expect.objectContaining({ target_id: expect.stringMatching(/roots\[0\]\.id\}$/) }),
    ]);
  });

  test('a single Region links none; OUs and other standards can be chosen', () => {
    const json = withHub(
      {
        standards: ['cis-aws-foundations-benchmark/v/3.0.0'],
        targets: ['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop'],
      },
      ['eu-west-1'],
    );
    expect(Object.values(json.resource.aws_securityhub_finding_aggregator)).toEqual([
      { linking_mode: 'NO_REGIONS', depends_on: [expect.any(String)] },
    ]);
    expect(
      (Object.values(json.resource.aws_securityhub_configuration_policy)[0] as any).configuration_policy
        .enabled_standard_arns,
    ).toEqual(['arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0']);
    expect(
      Object.values(json.resource.aws_securityhub_configuration_policy_association).map((a: any) => a.target_id),
    ).toEqual(['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop']);
  });

  test.each([
    [{ standards: [] }, 'props.standards must name at least one standard'],
    [{ standards: ['cis-aws-foundations-benchmark/v/1.2.0'] }, 'is not a standard this construct enables'],
    [{ targets: ['root'] }, 'props.targets[0] "root" is not a root ("r-…"), OU ("ou-…") or account id'],
    [{ targets: [] }, 'props.targets is empty; leave it out to attach to the organization root'],
    [{ targets: ['ou-ab12-abcdefgh', 'ou-ab12-abcdefgh'] }, 'props.targets lists a target twice'],
    [{ organizationId: 'org-1' }, 'props.organizationId'],
  ])('refuses %j', (overrides, message) => {
    expect(() => withHub(overrides as Partial<SecurityHubCentralConfigurationProps>)).toThrow(message);
  });
});

describe('AuditDelegation', () => {
  const withDelegation = (props: Partial<AuditDelegationProps> = {}) =>
    synth(
      (stack) =>
        new AuditDelegation(stack, 'delegation', { auditAccountId: AUDIT, organizationId: ORGANIZATION, ...props }),
      MANAGEMENT,
    );

  test('registers the audit account for both AWS Config principals and as Security Hub administrator, each after its checks', () => {
    const json = withDelegation();
    expect(
      (Object.values(json.resource.aws_organizations_delegated_administrator) as any[]).map((d) => [
        d.account_id,
        d.service_principal,
      ]),
    ).toEqual([
      [AUDIT, 'config-multiaccountsetup.amazonaws.com'],
      [AUDIT, 'config.amazonaws.com'],
    ]);
    const hub = Object.values(json.resource.aws_securityhub_organization_admin_account)[0] as any;
    expect(hub.admin_account_id).toBe(AUDIT);
    expect(hub.lifecycle.precondition.map((p: { error_message: string }) => p.error_message)).toEqual([
      expect.stringContaining(`organization.id ${ORGANIZATION}`),
      expect.stringContaining(`The audit account ${AUDIT} is the organization's management account`),
      expect.stringContaining(
        'enable-aws-service-access --service-principal securityhub.amazonaws.com, from the management account',
      ),
    ]);
  });

  test('delegates one service alone, and refuses to delegate nothing', () => {
    const json = withDelegation({ securityHub: false });
    expect(json.resource.aws_securityhub_organization_admin_account).toBeUndefined();
    expect(Object.keys(json.resource.aws_organizations_delegated_administrator)).toHaveLength(2);
    expect(() => withDelegation({ config: false, securityHub: false })).toThrow('nothing to delegate');
    expect(() => withDelegation({ auditAccountId: '5555' })).toThrow('props.auditAccountId');
  });
});

describe('SecurityHubFindingsExport', () => {
  const BUCKET = 'arn:aws:s3:::acme-audit-member-logs';
  const json = synth((stack) => {
    new SecurityHubFindingsExport(stack, 'export', {
      bucketArn: BUCKET,
      prefix: 'securityhub-findings',
      archiveAccountId: '222222222222',
    });
  });
  const only = (type: string) => Object.values(json.resource[type] as Record<string, any>);

  test('every imported finding goes through EventBridge to a Firehose stream that writes gzipped JSON lines under the prefix', () => {
    const [rule] = only('aws_cloudwatch_event_rule');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
    });
    const [stream] = only('aws_kinesis_firehose_delivery_stream');
    const s3 = stream.extended_s3_configuration;
    expect(s3).toMatchObject({
      bucket_arn: BUCKET,
      prefix: 'securityhub-findings/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/',
      error_output_prefix:
        'securityhub-findings/errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/',
      compression_format: 'GZIP',
      buffering_interval: 300,
    });
    expect(s3.processing_configuration.processors).toEqual([{ type: 'AppendDelimiterToRecord' }]);
    // Checkov CKV_AWS_241: a customer managed key, of this account, rotated, with an alias.
    const [key] = only('aws_kms_key');
    expect(stream.server_side_encryption).toEqual({
      enabled: true,
      key_type: 'CUSTOMER_MANAGED_CMK',
      key_arn: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/),
    });
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(JSON.parse(key.policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['KeyAdministration']);
    expect(only('aws_kms_alias').map((a) => a.name)).toEqual(['alias/audit-securityhub-findings']);
    const [target] = only('aws_cloudwatch_event_target');
    expect(target.arn).toMatch(/aws_kinesis_firehose_delivery_stream\..*\.arn/);
  });

  test('each role does one thing, for this account only', () => {
    const roles = only('aws_iam_role');
    expect(roles.map((r) => [r.name, JSON.parse(r.assume_role_policy).Statement[0].Principal.Service])).toEqual([
      ['audit-securityhub-findings-delivery', 'firehose.amazonaws.com'],
      ['audit-securityhub-findings-events', 'events.amazonaws.com'],
    ]);
    // [firehose-trust-external-id-is-account] Firehose's role by the external id its guide names;
    // EventBridge's by the account it sends.
    expect(roles.map((r) => JSON.parse(r.assume_role_policy).Statement[0].Condition)).toEqual([
      { StringEquals: { 'sts:ExternalId': AUDIT } },
      { StringEquals: { 'aws:SourceAccount': AUDIT } },
    ]);
    const policies = Object.fromEntries(only('aws_iam_role_policy').map((p) => [p.name, JSON.parse(p.policy)]));
    expect(policies['put-findings'].Statement).toEqual([
      {
        Sid: 'PutFindings',
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: `arn:aws:firehose:eu-west-1:${AUDIT}:deliverystream/audit-securityhub-findings`,
      },
      {
        Sid: 'UseStreamKey',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/),
      },
    ]);
    expect(
      policies['write-findings'].Statement.map((s: { Sid: string; Resource: string }) => [s.Sid, s.Resource]),
    ).toEqual([
      ['FindBucket', BUCKET],
      ['WriteFindings', `${BUCKET}/securityhub-findings/*`],
      ['EncryptThroughS3', 'arn:aws:kms:eu-west-1:222222222222:key/*'],
    ]);
  });

  test.each([
    [{ archiveAccountId: '2222' }, 'props.archiveAccountId "2222" is not a 12-digit account id'],
    [{ prefix: '/securityhub-findings/' }, 'must be a key prefix without a leading or trailing "/"'],
    [{ bufferingSeconds: 30 }, 'props.bufferingSeconds 30 must be a whole number of seconds from 60 to 900'],
  ])('refuses %j, naming the prop', (bad, message) => {
    expect(() =>
      synth((stack) => {
        new SecurityHubFindingsExport(stack, 'export', {
          bucketArn: BUCKET,
          prefix: 'securityhub-findings',
          archiveAccountId: '222222222222',
          ...bad,
        });
      }),
    ).toThrow(message);
  });
});
