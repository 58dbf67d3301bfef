import {
  SecurityHubCentralConfiguration,
  SecurityHubCentralConfigurationProps,
  SecurityHubFindingsExport,
} from '../../modules/security-hub';
import { AUDIT, ORGANIZATION, REGIONS, synth } from '../support/audit-account-stacks';

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
