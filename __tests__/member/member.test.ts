import { Testing } from 'cdktf';
import { ConfigRecording } from '../../modules/aws-config/config-recording';
import { VpcFlowLogsRemediation } from '../../modules/flow-logs/flow-logs-remediation';
import { AuditNaming } from '../../modules/core/naming';
import { encryptsSessionData } from '../../modules/config/schema';
import { awsConfigSchema } from '../../modules/config/schema/aws-config';
import { AccountStack } from '../../modules/deployment/account-stack';
import { buildStacks } from '../../stacks';
import { ARCHIVE, KEY, PAYMENTS, POLICY_TEST_CONFIG, SANDBOX, TOOLING } from '../policy/log-archive-cases';
import { configOf, evaluate, parseTerraformPolicy, policyOf, role, service } from '../policy/simulate';
import { resourceOf, resourcesOf, shippedConfig, StackJson, synthStack } from '../support/synth';

/** POLICY_TEST_CONFIG with its members replaced or extended. */
const configWith = (overrides: Record<string, unknown> = {}) => configOf({ ...POLICY_TEST_CONFIG, ...overrides });
const config = configWith();
const naming = AuditNaming.fromConfig(config);
const all = (synth: StackJson, type: string): any[] => Object.values(resourcesOf(synth, type));

describe('AWS Config in a member (awsConfig)', () => {
  const synth = synthStack(config, 'member-payments');
  const recorders = resourcesOf(synth, 'aws_config_configuration_recorder');

  test('records all supported types in every governed Region, global types in the home Region only', () => {
    const byRegion = Object.fromEntries(
      Object.entries(recorders).map(([name, recorder]) => [name.match(/recorder-([a-z0-9-]+)_/)?.[1], recorder]),
    );
    expect(Object.keys(byRegion).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(byRegion['eu-west-1'].recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    expect(byRegion['us-east-1'].recording_group).toEqual({
      all_supported: true,
      include_global_resource_types: false,
    });
    expect(byRegion['eu-west-1'].provider).toBe('aws');
    expect(byRegion['us-east-1'].provider).toBe('aws.us-east-1');
  });

  test('as a construct, takes the partition from its stack and records global types where it is told', () => {
    const stack = new AccountStack(Testing.app(), 'member-gov', { accountId: '444444444444', region: 'us-gov-west-1' });
    new ConfigRecording(stack, 'config', {
      regions: [
        { region: 'us-gov-west-1', provider: stack.provider },
        { region: 'us-gov-east-1', provider: stack.providerForRegion('us-gov-east-1') },
      ],
      homeRegion: 'us-gov-east-1',
      bucketName: 'acme-audit-member-logs',
      keyPrefix: 'config-logs',
      snapshotDeliveryFrequency: 'TwentyFour_Hours',
    });
    const json = JSON.parse(Testing.synth(stack)) as StackJson;
    expect(all(json, 'aws_iam_role_policy_attachment')[0].policy_arn).toBe(
      'arn:aws-us-gov:iam::aws:policy/service-role/AWS_ConfigRole',
    );
    const global = Object.fromEntries(
      all(json, 'aws_config_configuration_recorder').map((r) => [
        r.provider,
        r.recording_group.include_global_resource_types,
      ]),
    );
    expect(global).toEqual({ aws: false, 'aws.us-gov-east-1': true });
  });

  test('delivers to the member-logs bucket under config-logs, with the snapshot frequency of the config', () => {
    for (const channel of all(synth, 'aws_config_delivery_channel')) {
      expect(channel).toMatchObject({
        name: 'default',
        s3_bucket_name: 'acme-audit-member-logs',
        s3_key_prefix: 'config-logs',
        snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
      });
      expect(channel.depends_on).toEqual([expect.stringMatching(/^aws_config_configuration_recorder\./)]);
    }
    const hourly = synthStack(configWith({ awsConfig: { snapshotDeliveryFrequency: 'One_Hour' } }), 'member-payments');
    expect(all(hourly, 'aws_config_delivery_channel').map((c) => c.snapshot_delivery_properties)).toEqual([
      { delivery_frequency: 'One_Hour' },
      { delivery_frequency: 'One_Hour' },
    ]);
  });

  test('turns each recorder on once its delivery channel exists', () => {
    const statuses = all(synth, 'aws_config_configuration_recorder_status');
    expect(statuses).toHaveLength(2);
    for (const status of statuses) {
      expect(status.is_enabled).toBe(true);
      expect(status.depends_on).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
    }
  });

  test('records with a role that only AWS Config of this account assumes, with the AWS managed policy', () => {
    const role = resourceOf(synth, 'aws_iam_role', 'config_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'ConfigRecords',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': PAYMENTS } },
      },
    ]);
    expect(resourceOf(synth, 'aws_iam_role_policy_attachment').policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole',
    );
    for (const recorder of Object.values(recorders))
      expect(recorder.role_arn).toMatch(/^\$\{aws_iam_role\.config_role_/);
  });

  test('awsConfig false leaves Config out', () => {
    const off = synthStack(
      configWith({ members: [{ name: 'payments', accountId: PAYMENTS, awsConfig: false, sessionManagerLogs: true }] }),
      'member-payments',
    );
    expect(resourcesOf(off, 'aws_config_configuration_recorder')).toEqual({});
    expect(resourcesOf(off, 'aws_config_delivery_channel')).toEqual({});
  });
});

describe('standalone account trail (standaloneTrail)', () => {
  const synth = synthStack(config, 'member-sandbox');

  test('is a multi-Region account trail with validation, encrypted with the central key, into the log bucket', () => {
    expect(resourceOf(synth, 'aws_cloudtrail')).toMatchObject({
      name: 'account-trail',
      s3_bucket_name: 'acme-audit',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      advanced_event_selector: [
        { name: 'Management events selector', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
      ],
    });
    expect(resourceOf(synth, 'aws_cloudtrail').is_organization_trail).toBeUndefined();
    expect(resourceOf(synth, 'aws_cloudtrail').s3_key_prefix).toBeUndefined();
  });

  // [cloudtrail-kms-key-read-back-as-key-arn] CloudTrail reads the key back as its key ARN: the
  // trail sends that ARN, read from the alias by a lookup that waits for the apply while it is new
  // (its account joins the key policy only when the log archive is applied).
  test('sends the key ARN its alias names, the form CloudTrail reads back, and ignores no change', () => {
    expect(resourceOf(synth, 'aws_cloudtrail').lifecycle).toBeUndefined();
    const [[lookupId, lookup]] = Object.entries(synth.data?.aws_kms_key ?? {}) as [string, { key_id: string }][];
    expect(resourceOf(synth, 'aws_cloudtrail').kms_key_id).toBe(`\${data.aws_kms_key.${lookupId}.arn}`);
    const [dataId] = /terraform_data\.([^.]+)\./.exec(lookup.key_id)?.slice(1) ?? [];
    expect(lookup.key_id).toBe(`\${terraform_data.${dataId}.output["arn"]}`);
    expect(resourcesOf(synth, 'terraform_data')[dataId]).toMatchObject({
      input: { arn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs' },
    });
  });

  test('leaves out the management event sources the config excludes', () => {
    const quiet = synthStack(
      configWith({ trail: { excludeManagementEventSources: ['kms.amazonaws.com'] } }),
      'member-sandbox',
    );
    expect(resourceOf(quiet, 'aws_cloudtrail').advanced_event_selector[0].field_selector).toEqual([
      { field: 'eventCategory', equals: ['Management'] },
      { field: 'eventSource', not_equals: ['kms.amazonaws.com'] },
    ]);
  });

  test('outputs the trail ARN that the log bucket policy allows', () => {
    expect(synth.output.trail_arn.value).toBe(naming.memberTrailArn(SANDBOX));
    expect(synth.output.trail_arn.value).toBe('arn:aws:cloudtrail:eu-west-1:555555555555:trail/account-trail');
  });

  test('a member without standaloneTrail has no trail', () => {
    expect(resourcesOf(synthStack(config, 'member-payments'), 'aws_cloudtrail')).toEqual({});
  });

  test('has a delivery heartbeat on its log group, to its own alarm topic; a member without a trail has none', () => {
    const heartbeat = Object.values(resourcesOf(synth, 'aws_cloudwatch_metric_alarm')).find(
      (alarm) => (alarm as { namespace: string }).namespace === 'AWS/Logs',
    );
    expect(heartbeat).toMatchObject({
      alarm_name: 'audit-trail-delivery-heartbeat',
      metric_name: 'IncomingLogEvents',
      dimensions: {
        LogGroupName: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/),
      },
      period: 3600,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/)],
    });
    expect(resourcesOf(synthStack(config, 'member-payments'), 'aws_cloudwatch_metric_alarm')).toEqual({});
  });

  test('also delivers to an encrypted log group of its own account, kept as long as the organization trail keeps its', () => {
    const kept = synthStack(configWith({ trail: { cloudWatchLogsRetentionDays: 731 } }), 'member-sandbox');
    const group = resourceOf(kept, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({
      name: '/aws/cloudtrail/account-trail',
      retention_in_days: 731,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.trail_logs-key_\w+\.arn\}$/),
    });
    expect(resourceOf(kept, 'aws_cloudtrail')).toMatchObject({
      cloud_watch_logs_group_arn: expect.stringMatching(
        /^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.arn\}:\*$/,
      ),
      cloud_watch_logs_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.trail_delivery-role_\w+\.arn\}$/),
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.trail_delivery-policy_\w+$/)],
    });
    const trust = JSON.parse(resourceOf(kept, 'aws_iam_role', 'delivery-role').assume_role_policy);
    // [cloudtrail-logs-role-gets-no-source-keys] CloudTrail sends no aws:SourceArn or aws:SourceAccount
    // when it assumes this role: a condition on either would make CreateTrail fail.
    expect(trust.Statement[0]).toEqual({
      Sid: 'CloudTrailDelivers',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
  });

  test("gets the organization's alarms on its own trail, notifying a topic of its own with the same subscribers", () => {
    const alarms = Object.values(resourcesOf(synth, 'aws_cloudwatch_metric_alarm')) as any[];
    // 15 CIS alarms, the 12 of the evasion pack and the delivery heartbeat.
    expect(alarms.filter((alarm) => alarm.namespace === 'CISBenchmark')).toHaveLength(15);
    expect(alarms.filter((alarm) => alarm.namespace === 'AuditLogging/Evasion')).toHaveLength(14);
    expect(alarms.filter((alarm) => alarm.namespace === 'AWS/Logs')).toHaveLength(1);
    // 17 CIS texts (two controls have a second, for scanners) and 18 evasion patterns (14 detections;
    // threat-detection-disabled in three filters, log-pipeline-deleted and alarm-silenced in two).
    expect(Object.values(resourcesOf(synth, 'aws_cloudwatch_log_metric_filter'))).toHaveLength(35);
    for (const filter of Object.values(resourcesOf(synth, 'aws_cloudwatch_log_metric_filter')) as any[]) {
      expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/);
    }
    expect(resourceOf(synth, 'aws_sns_topic').name).toBe('audit-security-alarms');
    expect(
      Object.values(
        resourcesOf(
          synthStack(configWith({ alarms: { emails: ['soc@example.com'] } }), 'member-sandbox'),
          'aws_sns_topic_subscription',
        ),
      ).map((subscription: any) => subscription.endpoint),
    ).toEqual(['soc@example.com']);
    expect(synth.output.alarm_topic_arn.value).toMatch(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/);
    // Members the organization trail records get none: the organization stack's alarms cover them.
    expect(resourcesOf(synthStack(config, 'member-payments'), 'aws_cloudwatch_metric_alarm')).toEqual({});
  });
});

describe('Session Manager logging (sessionManagerLogs)', () => {
  // TLS only, so that the statements below are the ones every member gets; the keys are tested after.
  const synth = synthStack(
    configWith({
      members: [
        { name: 'payments', accountId: PAYMENTS, sessionManagerLogs: true, sessionManagerKmsEncryption: false },
      ],
    }),
    'member-payments',
  );

  test('sets the preferences document in every governed Region: logs to ssm-logs/<account>, encrypted only', () => {
    const documents = all(synth, 'aws_ssm_document');
    expect(documents.map((d) => d.provider).sort()).toEqual(['aws', 'aws.us-east-1']);
    for (const document of documents) {
      expect(document).toMatchObject({
        name: 'SSM-SessionManagerRunShell',
        document_type: 'Session',
        document_format: 'JSON',
      });
      const content = JSON.parse(document.content);
      expect(content).toMatchObject({ schemaVersion: '1.0', sessionType: 'Standard_Stream' });
      expect(content.inputs).toMatchObject({
        s3BucketName: 'acme-audit-member-logs',
        s3KeyPrefix: `ssm-logs/${PAYMENTS}`,
        s3EncryptionEnabled: true,
        runAsEnabled: false,
        idleSessionTimeout: '20',
      });
    }
  });

  test('gives instance roles a policy to upload their own prefix, check encryption and use the key through S3 only', () => {
    const policy = JSON.parse(resourceOf(synth, 'aws_iam_policy', 'session-logs').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'UploadSessionLogs',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::acme-audit-member-logs/ssm-logs/${PAYMENTS}/*`,
      },
      {
        Sid: 'CheckBucketEncryption',
        Effect: 'Allow',
        Action: 's3:GetEncryptionConfiguration',
        Resource: 'arn:aws:s3:::acme-audit-member-logs',
      },
      {
        Sid: 'EncryptThroughS3',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    ]);
    expect(synth.output.session_logging_policy_arn.value).toMatch(/^\$\{aws_iam_policy\.session-logs_writer-policy_/);
  });

  test('sessionManagerKmsEncryption false: session data has no KMS key (TLS only)', () => {
    for (const document of all(synth, 'aws_ssm_document'))
      expect(JSON.parse(document.content).inputs.kmsKeyId).toBe('');
    expect(all(synth, 'aws_kms_key')).toEqual([]);
  });

  test('unset, it follows sessionManagerLogs: session data is encrypted with a key wherever sessions are logged', () => {
    const unset = synthStack(config, 'member-payments');
    expect(all(unset, 'aws_kms_key')).toHaveLength(2);
    for (const document of all(unset, 'aws_ssm_document'))
      expect(JSON.parse(document.content).inputs.kmsKeyId).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(encryptsSessionData({ sessionManagerLogs: true })).toBe(true);
    expect(encryptsSessionData({ sessionManagerLogs: false })).toBe(false);
    expect(encryptsSessionData({ sessionManagerLogs: true, sessionManagerKmsEncryption: false })).toBe(false);
  });

  test('sessionManagerKmsEncryption: a key per governed Region encrypts session data there, and nodes may decrypt it', () => {
    const members = [
      { name: 'payments', accountId: PAYMENTS, sessionManagerLogs: true, sessionManagerKmsEncryption: true },
    ];
    const encrypted = synthStack(configWith({ members }), 'member-payments');
    const keys = Object.entries(resourcesOf(encrypted, 'aws_kms_key'));
    expect(keys.map(([, key]: [string, any]) => key.provider ?? 'aws').sort()).toEqual(['aws', 'aws.us-east-1']);
    for (const document of all(encrypted, 'aws_ssm_document')) {
      const region = document.provider === 'aws.us-east-1' ? 'us-east-1' : 'eu-west-1';
      const [name] = keys.find(([address]) => address.includes(`session-key-${region}`)) ?? [''];
      expect(JSON.parse(document.content).inputs.kmsKeyId).toBe(`\${aws_kms_key.${name}.arn}`);
    }
    const policy = JSON.parse(resourceOf(encrypted, 'aws_iam_policy', 'session-logs').policy);
    expect(policy.Statement.at(-1)).toEqual({
      Sid: 'DecryptSessionData',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keys.map(([name]) => `\${aws_kms_key.${name}.arn}`),
    });
    expect(all(encrypted, 'aws_kms_alias').map((alias) => alias.name)).toEqual([
      'alias/audit-session-manager',
      'alias/audit-session-manager',
    ]);
  });

  test('a member without sessionManagerLogs sets no preferences', () => {
    expect(resourcesOf(synthStack(config, 'member-sandbox'), 'aws_ssm_document')).toEqual({});
  });
});

describe('VPC flow logs (vpcFlowLogs)', () => {
  const flowConfig = configWith({
    members: [
      {
        name: 'payments',
        accountId: PAYMENTS,
        vpcFlowLogs: [{ vpcId: 'vpc-0a1b2c3d' }, { vpcId: 'vpc-0123456789abcdef0', region: 'us-east-1' }],
      },
    ],
  });
  const synth = synthStack(flowConfig, 'member-payments');

  test('logs all traffic of each listed VPC to vpc-flow-logs in the member-logs bucket, in the VPC Region', () => {
    const flowLogs = all(synth, 'aws_flow_log');
    expect(flowLogs.map((f) => [f.vpc_id, f.provider]).sort()).toEqual([
      ['vpc-0123456789abcdef0', 'aws.us-east-1'],
      ['vpc-0a1b2c3d', 'aws'],
    ]);
    for (const flowLog of flowLogs) {
      expect(flowLog).toMatchObject({
        traffic_type: 'ALL',
        log_destination_type: 's3',
        log_destination: 'arn:aws:s3:::acme-audit-member-logs/vpc-flow-logs/',
        max_aggregation_interval: 600,
      });
    }
  });

  test('a member without flow logs has none', () => {
    expect(resourcesOf(synthStack(config, 'member-sandbox'), 'aws_flow_log')).toEqual({});
  });
});

describe('which members get a stack', () => {
  test('a member with nothing to deploy gets none; the others keep config order after the three shared stacks', () => {
    const stacks = buildStacks(
      Testing.app(),
      configWith({
        members: [
          { name: 'idle', accountId: '777777777777', awsConfig: false },
          { name: 'flows', accountId: '888888888888', awsConfig: false, vpcFlowLogs: [{ vpcId: 'vpc-0a1b2c3d' }] },
          { name: 'recorded', accountId: PAYMENTS },
        ],
      }),
    );
    expect(stacks.map((s) => s.node.id)).toEqual([
      'log-archive',
      'organization',
      'guardrails',
      'member-flows',
      'member-recorded',
    ]);
  });
});

describe('config warnings, shown by cdktf synth', () => {
  type Annotated = { node: { metadata: { type: string; data: unknown }[] } };
  const allWarningsOf = (stack: Annotated): string[] =>
    stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
  /** The policy test config leaves its management, archive and reader accounts out of members: those warnings have a test of their own. */
  const CONFIG_COVERAGE = /^members: AWS Config records nothing in/;
  const warningsOf = (stack: Annotated): string[] => allWarningsOf(stack).filter((w) => !CONFIG_COVERAGE.test(w));
  const stacksOf = (members: unknown[]) => buildStacks(Testing.app(), configWith({ members }));

  test.each([
    ['SUSPENDED', 'is SUSPENDED in AWS Organizations (closed): its stack can no longer be applied'],
    ['DEPARTED', 'is no longer in the organization (npm run discover): destroy its stack'],
  ])('a member marked %s by discover', (accountStatus, words) => {
    const stacks = stacksOf([{ name: 'gone', accountId: PAYMENTS, accountStatus }]);
    const member = stacks.find((s) => s.node.id === 'member-gone');
    if (member === undefined) throw new Error('no stack member-gone');
    expect(warningsOf(member)).toEqual([
      expect.stringContaining(`members[0].accountStatus: member "gone" (${PAYMENTS}) ${words}`),
    ]);
  });

  test('a standalone trail in an account the organization trail records', () => {
    const stacks = stacksOf([{ name: 'dup', accountId: PAYMENTS, standaloneTrail: true }]);
    const member = stacks.find((s) => s.node.id === 'member-dup');
    if (member === undefined) throw new Error('no stack member-dup');
    expect(warningsOf(member)).toEqual([
      expect.stringContaining(
        'members[0].standaloneTrail: member "dup" is in organization o-abcdefghij, whose trail already records it',
      ),
    ]);
    expect(warningsOf(member)[0]).toContain('set inOrganization to false');
  });

  test('an account outside the organization with no trail, reported on the log-archive stack when it has no stack', () => {
    const stacks = stacksOf([{ name: 'lost', accountId: PAYMENTS, inOrganization: false, awsConfig: false }]);
    expect(stacks.map((s) => s.node.id)).toEqual(['log-archive', 'organization', 'guardrails']);
    expect(warningsOf(stacks[0])).toEqual([
      expect.stringContaining('members[0].inOrganization: member "lost" is outside the organization'),
    ]);
  });

  test('alarm e-mail subscribers with no alarm to notify them, reported on the organization stack', () => {
    const noAlarms = buildStacks(
      Testing.app(),
      configWith({ alarms: { emails: ['sec@example.com'], controls: [], evasion: [] } }),
    );
    expect(noAlarms[1].node.id).toBe('organization');
    expect(warningsOf(noAlarms[1])).toEqual([
      'alarms.controls: is [], and so are alarms.evasion and alarms.custom, so no alarm exists to notify the 1 address(es) in alarms.emails; set controls to "cis" (or a list of control ids), or remove the addresses',
    ]);
    const custom = { id: 'root-login', pattern: '{ $.userIdentity.type = "Root" }', description: 'root' };
    for (const alarms of [
      { emails: ['sec@example.com'], controls: [], evasion: [], custom: [custom] },
      { emails: [], controls: [], evasion: [] },
    ]) {
      expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([]);
    }
  });

  test('alarms with no e-mail subscriber reach nobody: synth says so, on the organization stack', () => {
    for (const alarms of [{ emails: [] }, { emails: [], controls: [], evasion: ['root-access-key-created'] }]) {
      const warnings = warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1]);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^alarms\.emails: is empty, so the security alarms notify a topic nobody is subscribed to/,
        ),
      ]);
      expect(warnings[0]).toContain('subscribe the alarm topic to your pager yourself');
    }
  });

  test('the log archive in the management account, where no SCP or RCP applies, reported by synth', () => {
    const stacks = buildStacks(
      Testing.app(),
      configWith({ logArchive: { accountId: '111111111111', bucketName: 'acme-audit' } }),
    );
    const warnings = stacks.flatMap(allWarningsOf);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^logArchive\.accountId: is the management account \(111111111111\), where AWS applies no SCP or RCP/,
        ),
      ]),
    );
    expect(warnings.find((w) => w.startsWith('logArchive.accountId'))).toContain(
      'Move the archive to an account of its own',
    );
    expect(
      buildStacks(Testing.app(), configWith())
        .flatMap(allWarningsOf)
        .filter((w) => w.startsWith('logArchive')),
    ).toEqual([]);
  });

  test('the guardrails managed from the archive or the trail account they bind, reported by synth', () => {
    const policyWarnings = (overrides: Record<string, unknown>) =>
      buildStacks(Testing.app(), configWith(overrides))
        .flatMap(allWarningsOf)
        .filter((w) => w.startsWith('guardrails.accountId'));
    expect(policyWarnings({ guardrails: { accountId: '222222222222' } })).toEqual([
      expect.stringMatching(
        /^guardrails\.accountId: is the log archive account \(logArchive\.accountId\), whose administrators the guardrails bind: .* can detach the guardrails and then delete logs/,
      ),
    ]);
    const trail = { name: 'org-trail', accountId: '666666666666' };
    expect(policyWarnings({ trail, guardrails: { accountId: '666666666666' } })).toEqual([
      expect.stringMatching(
        /^guardrails\.accountId: is the trail account \(trail\.accountId\).*Leave guardrails\.accountId out/,
      ),
    ]);
    // An account of its own, the management account, or guardrails off: nothing to say.
    for (const guardrails of [
      { accountId: '888888888888' },
      { accountId: '111111111111' },
      { accountId: '222222222222', enabled: false },
    ]) {
      expect(policyWarnings({ trail, guardrails })).toEqual([]);
    }
  });

  test('guardrails turned off, reported on the organization stack', () => {
    const stacks = buildStacks(Testing.app(), configWith({ guardrails: { enabled: false } }));
    expect(stacks.map((s) => s.node.id)).not.toContain('guardrails');
    expect(warningsOf(stacks[1])).toEqual([
      expect.stringContaining('guardrails.enabled: is false, so no organization policy protects the evidence'),
    ]);
    expect(warningsOf(buildStacks(Testing.app(), configWith({}))[1])).toEqual([]);
  });

  test('a console sign-in variant for a control that is not selected, reported on the organization stack', () => {
    const alarms = {
      emails: ['sec@example.com'],
      controls: ['root-account-usage'],
      consoleSigninWithoutMfa: 'iam-users',
    };
    expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([
      'alarms.consoleSigninWithoutMfa: is "iam-users", but alarms.controls does not include "console-signin-without-mfa", so it changes nothing; add that control, or remove the setting',
    ]);
    for (const selected of [
      { controls: 'cis', consoleSigninWithoutMfa: 'iam-users' },
      { controls: ['console-signin-without-mfa'], consoleSigninWithoutMfa: 'iam-users' },
      { controls: ['root-account-usage'], consoleSigninWithoutMfa: 'all' },
    ]) {
      const alarms = { emails: ['sec@example.com'], ...selected };
      expect(warningsOf(buildStacks(Testing.app(), configWith({ alarms }))[1])).toEqual([]);
    }
  });

  test('accounts of the organization where AWS Config records nothing, and members opted out', () => {
    const stacks = stacksOf([
      { name: 'management', accountId: '111111111111' },
      { name: 'tooling', accountId: TOOLING, awsConfig: false },
      { name: 'sandbox', accountId: SANDBOX, inOrganization: false, awsConfig: false, standaloneTrail: true },
    ]);
    expect(allWarningsOf(stacks[1])).toEqual([
      'members: AWS Config records nothing in 222222222222 (the log archive account): add { "name": "…", "accountId": "222222222222" } to members (awsConfig is on by default); CIS v7.0.0 4.3 (v3.0.0 3.3) and Security Hub Config.1 expect AWS Config in every account and Region',
      expect.stringContaining('members: AWS Config records nothing in 333333333333 (a reader account)'),
    ]);
    // A member opted out is reported on its own stack, or the log archive's when it has none; one
    // outside the organization is not (no organization-wide recorder is expected there).
    expect(allWarningsOf(stacks[0])).toEqual([
      expect.stringContaining('members[1].awsConfig: is false, so AWS Config records nothing in member "tooling"'),
    ]);
  });

  test('the shipped configs raise only the AWS Config gaps they show on purpose; the policy test config none else', () => {
    const shipped = (file: string) => buildStacks(Testing.app(), shippedConfig(file)).flatMap(allWarningsOf);
    expect(shipped('examples/starter.config.json')).toEqual([]);
    // The minimal example is a real starting point: nothing to warn about.
    expect(shipped('examples/minimal.config.json')).toEqual([]);
    // The bare minimum the schema accepts says what it leaves out.
    expect(shipped('__tests__/fixtures/bare.config.json')).toEqual([
      expect.stringContaining('alarms.emails: is empty, so the security alarms notify a topic nobody is subscribed to'),
      expect.stringContaining("audit: is not set, so nothing shows the organization's compliance state"),
      expect.stringContaining('AWS Config records nothing in 100000000001 (the management account)'),
      expect.stringContaining('AWS Config records nothing in 100000000002 (the log archive account)'),
    ]);
    expect(shipped('examples/full.config.json')).toEqual([
      expect.stringContaining('members[6].awsConfig: is false, so AWS Config records nothing in member "data-lake"'),
    ]);
    for (const stack of buildStacks(Testing.app(), config)) expect(warningsOf(stack)).toEqual([]);
  });
});

describe('each member delivery lands where the log archive policies allow it', () => {
  const archive = synthStack(config, 'log-archive');
  const memberLogsPolicy = policyOf(archive, 'aws_s3_bucket_policy', 'archive_member-logs_');
  const logBucketPolicy = policyOf(archive, 'aws_s3_bucket_policy', 'archive_logs_');
  const payments = synthStack(config, 'member-payments');
  const sandbox = synthStack(config, 'member-sandbox');
  const ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

  test('AWS Config: the channel bucket and prefix', async () => {
    const channel = all(payments, 'aws_config_delivery_channel')[0];
    const key = `arn:aws:s3:::${channel.s3_bucket_name}/${channel.s3_key_prefix}/AWSLogs/${PAYMENTS}/Config/eu-west-1/2026/11/21/ConfigSnapshot/x.json.gz`;
    const request = { caller: service('config.amazonaws.com'), action: 's3:PutObject', resource: key };
    const result = await evaluate(memberLogsPolicy, '222222222222', {
      ...request,
      context: { 'aws:SourceAccount': PAYMENTS, 'aws:SourceOrgID': 'o-abcdefghij', ...ACL },
    });
    expect(result.decision).toBe('Allowed');
  });

  test('VPC flow logs: the flow log destination', async () => {
    const destination = all(payments, 'aws_flow_log')[0].log_destination as string;
    const key = `${destination}AWSLogs/${PAYMENTS}/vpcflowlogs/eu-west-1/2026/11/21/x.log.gz`;
    const result = await evaluate(memberLogsPolicy, '222222222222', {
      caller: service('delivery.logs.amazonaws.com'),
      action: 's3:PutObject',
      resource: key,
      context: { 'aws:SourceAccount': PAYMENTS, 'aws:SourceOrgID': 'o-abcdefghij', ...ACL },
    });
    expect(result.decision).toBe('Allowed');
  });

  test('Session Manager: the preferences bucket and prefix, and the writer policy resource', async () => {
    const inputs = JSON.parse(all(payments, 'aws_ssm_document')[0].content).inputs;
    const key = `arn:aws:s3:::${inputs.s3BucketName}/${inputs.s3KeyPrefix}/session-1.log`;
    const result = await evaluate(memberLogsPolicy, '222222222222', {
      caller: role(PAYMENTS, 'ec2-web', { orgId: 'o-abcdefghij' }),
      action: 's3:PutObject',
      resource: key,
    });
    expect(result.decision).toBe('Allowed');
    const writer = parseTerraformPolicy(resourceOf(payments, 'aws_iam_policy', 'session-logs').policy) as any;
    expect(writer.Statement[0].Resource).toBe(key.replace('session-1.log', '*'));
  });

  // [config-delivers-with-recorder-role-in-own-account] In the log archive's own account, AWS Config
  // writes with the recorder's role: no bucket policy statement admits the role, so its IAM policy
  // must, and the bucket's key through S3 (the key policy delegates to the account's IAM).
  test('AWS Config in the log archive account itself: the recorder role writes its prefix, with the key', async () => {
    const own = synthStack(
      configWith({ members: [...POLICY_TEST_CONFIG.members, { name: 'log-archive', accountId: ARCHIVE }] }),
      'member-log-archive',
    );
    const rolePolicy = policyOf(own, 'aws_iam_role_policy', 'config_delivery-policy');
    const recorder = role(ARCHIVE, 'audit-config-recorder', { identityPolicy: rolePolicy, orgId: 'o-abcdefghij' });
    const channel = all(own, 'aws_config_delivery_channel')[0];
    const objectOf = (account: string) =>
      `arn:aws:s3:::${channel.s3_bucket_name}/${channel.s3_key_prefix}/AWSLogs/${account}/Config/eu-west-1/2026/11/21/ConfigHistory/x.json.gz`;
    const write = (account: string, context: Record<string, string>) =>
      evaluate(memberLogsPolicy, ARCHIVE, {
        caller: recorder,
        action: 's3:PutObject',
        resource: objectOf(account),
        context,
      });
    expect((await write(ARCHIVE, ACL)).decision).toBe('Allowed');
    expect((await write(ARCHIVE, {})).decision).not.toBe('Allowed');
    expect((await write(PAYMENTS, ACL)).decision).not.toBe('Allowed');
    for (const action of ['s3:GetBucketAcl', 's3:ListBucket']) {
      const check = await evaluate(memberLogsPolicy, ARCHIVE, {
        caller: recorder,
        action,
        resource: `arn:aws:s3:::${channel.s3_bucket_name}`,
      });
      expect(check.decision).toBe('Allowed');
    }
    const archiveKeyPolicy = policyOf(archive, 'aws_kms_key', 'archive_key_');
    const encrypt = (viaService: string) =>
      evaluate(archiveKeyPolicy, ARCHIVE, {
        caller: recorder,
        action: 'kms:GenerateDataKey',
        resource: KEY,
        context: { 'kms:ViaService': viaService },
      });
    expect((await encrypt('s3.eu-west-1.amazonaws.com')).decision).toBe('Allowed');
    expect((await encrypt('sqs.eu-west-1.amazonaws.com')).decision).not.toBe('Allowed');
    // A member in another account gets the S3 grant (the attempt AWS Config makes first, which the
    // bucket policy refuses) but no use of any key of the archive.
    const other = policyOf(payments, 'aws_iam_role_policy', 'config_delivery-policy') as any;
    expect(other.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['ConfigBucketCheck', 'ConfigDelivery']);
  });

  test('standalone trail: its bucket, name and account', async () => {
    const trail = resourceOf(sandbox, 'aws_cloudtrail');
    const result = await evaluate(logBucketPolicy, '222222222222', {
      caller: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${trail.s3_bucket_name}/AWSLogs/${SANDBOX}/CloudTrail/eu-west-1/2026/11/21/x.json.gz`,
      context: { 'aws:SourceArn': sandbox.output.trail_arn.value, ...ACL },
    });
    expect(result.decision).toBe('Allowed');
  });
});

describe('AWS Config that exists already (existingConfig) or belongs to Control Tower', () => {
  const withMember = (member: Record<string, unknown>) =>
    configWith({
      members: [{ name: 'payments', accountId: PAYMENTS, ...member }],
    });

  test('adopts an existing recorder and channel under their own names, with import blocks the plan shows', () => {
    const adopted = withMember({
      existingConfig: [{ region: 'us-east-1', recorderName: 'ops-recorder', deliveryChannelName: 'ops-channel' }],
    });
    const synth = synthStack(adopted, 'member-payments') as StackJson & { import?: unknown[] };
    const names = all(synth, 'aws_config_configuration_recorder')
      .map((r) => r.name)
      .sort();
    expect(names).toEqual(['default', 'ops-recorder']);
    const channels = all(synth, 'aws_config_delivery_channel')
      .map((c) => c.name)
      .sort();
    expect(channels).toEqual(['default', 'ops-channel']);
    const imports = synth.import ?? [];
    expect(imports).toEqual(
      expect.arrayContaining([
        {
          id: 'ops-recorder',
          provider: 'aws.us-east-1',
          to: expect.stringMatching(/^aws_config_configuration_recorder\./),
        },
        {
          id: 'ops-recorder',
          provider: 'aws.us-east-1',
          to: expect.stringMatching(/^aws_config_configuration_recorder_status\./),
        },
        { id: 'ops-channel', provider: 'aws.us-east-1', to: expect.stringMatching(/^aws_config_delivery_channel\./) },
      ]),
    );
    expect(imports).toHaveLength(3);
  });

  test('a recorder without a channel is adopted alone; the channel is created under the default name', () => {
    const synth = synthStack(
      withMember({ existingConfig: [{ region: 'eu-west-1', recorderName: 'hand-made' }] }),
      'member-payments',
    );
    const imported = ((synth as StackJson & { import?: { to: string }[] }).import ?? []).map((i) => i.to.split('.')[0]);
    expect(imported.sort()).toEqual(['aws_config_configuration_recorder', 'aws_config_configuration_recorder_status']);
  });

  test('"control-tower" builds no recorder of ours, and the member keeps its other settings', () => {
    const member = synthStack(withMember({ awsConfig: 'control-tower', sessionManagerLogs: true }), 'member-payments');
    expect(all(member, 'aws_config_configuration_recorder')).toEqual([]);
    expect(all(member, 'aws_config_delivery_channel')).toEqual([]);
    expect(all(member, 'aws_ssm_document').length).toBeGreaterThan(0);
  });

  test('a member with only awsConfig "control-tower" has no stack', () => {
    const app = Testing.app();
    const stacks = buildStacks(app, withMember({ awsConfig: 'control-tower' }));
    expect(stacks.map((s) => s.node.id)).not.toContain('member-payments');
  });
});

describe('flow logs for every VPC (awsConfig.flowLogsForEveryVpc)', () => {
  const everyVpc = configWith({
    awsConfig: { flowLogsForEveryVpc: true },
    members: [
      ...POLICY_TEST_CONFIG.members,
      { name: 'landing', accountId: '121212121212', awsConfig: 'control-tower' },
      { name: 'unrecorded', accountId: '131313131313', awsConfig: false, sessionManagerLogs: true },
    ],
  });
  const payments = synthStack(everyVpc, 'member-payments');
  const rules = all(payments, 'aws_config_config_rule');
  const remediations = all(payments, 'aws_config_remediation_configuration');

  test('[config-remediation-not-on-organization-rules] an account rule of the member in each governed Region, each with its automatic remediation', () => {
    expect(rules.map((r) => r.provider).sort()).toEqual(['aws', 'aws.us-east-1']);
    for (const rule of rules) {
      expect(rule).toMatchObject({
        name: 'audit-vpc-flow-logs-enabled',
        source: { owner: 'AWS', source_identifier: 'VPC_FLOW_LOGS_ENABLED' },
        input_parameters: '{"trafficType":"ALL"}',
        maximum_execution_frequency: 'TwentyFour_Hours',
      });
    }
    expect(payments.resource.aws_config_organization_managed_rule).toBeUndefined();
    expect(remediations.map((r) => r.provider).sort()).toEqual(['aws', 'aws.us-east-1']);
  });

  test('[config-automatic-remediation-needs-automation-assume-role] runs AWS-EnableVPCFlowLogs on the VPC, to the flow log prefix, as its role', () => {
    for (const remediation of remediations) {
      expect(remediation).toMatchObject({
        target_type: 'SSM_DOCUMENT',
        target_id: 'AWS-EnableVPCFlowLogs',
        resource_type: 'AWS::EC2::VPC',
        automatic: true,
        maximum_automatic_attempts: 5,
        retry_attempt_seconds: 60,
      });
      // In the order of their names, as the provider reads the API's map back (else every plan differs).
      const names = (remediation.parameter as { name: string }[]).map((p) => p.name);
      expect(names).toEqual([...names].sort());
      const parameters = Object.fromEntries(
        (remediation.parameter as { name: string; [k: string]: unknown }[]).map(({ name, ...value }) => [name, value]),
      );
      expect(parameters).toEqual({
        AutomationAssumeRole: { static_value: expect.stringMatching(/^\$\{aws_iam_role\.flow-logs-remediation_role_/) },
        VPCIds: { resource_value: 'RESOURCE_ID' },
        LogDestinationType: { static_value: 's3' },
        LogDestinationArn: { static_value: `${naming.memberLogsBucketArn}/vpc-flow-logs/` },
        TrafficType: { static_value: 'ALL' },
      });
    }
  });

  test('[config-remediation-needs-rule-first] each remediation names its rule by reference, after the recorder of its Region', () => {
    for (const remediation of remediations) {
      expect(remediation.config_rule_name).toMatch(
        /^\$\{aws_config_config_rule\.flow-logs-remediation_rule-[a-z0-9-]+_[0-9A-F]+\.name\}$/,
      );
    }
    for (const rule of rules) {
      expect(rule.depends_on).toEqual([expect.stringMatching(/^aws_config_configuration_recorder\.config_recorder-/)]);
    }
  });

  test('[config-vpc-flow-logs-enabled-is-periodic] each rule runs on its maximum execution frequency, with no change trigger, as the config reference says', () => {
    for (const rule of rules) {
      expect(rule.maximum_execution_frequency).toBe('TwentyFour_Hours');
      expect(rule.source.source_detail).toBeUndefined();
    }
    expect(awsConfigSchema.unwrap().shape.flowLogsForEveryVpc.description).toContain(
      'vpc-flow-logs-enabled, checked every 24 hours',
    );
    const stack = new AccountStack(Testing.app(), 'member-x', { accountId: '444444444444', region: 'eu-west-1' });
    const hourly = new VpcFlowLogsRemediation(stack, 'hourly', {
      regions: [{ region: 'eu-west-1', provider: stack.provider }],
      bucketArn: 'arn:aws:s3:::b',
      keyPrefix: 'vpc-flow-logs',
      evaluationFrequency: 'One_Hour',
    });
    const synthesized = JSON.parse(Testing.synth(stack)) as StackJson;
    const [rule] = all(synthesized, 'aws_config_config_rule');
    expect(hourly.rules.size).toBe(1);
    expect(rule.maximum_execution_frequency).toBe('One_Hour');
    expect(rule.source.source_detail).toBeUndefined();
  });

  test('[config-rule-needs-recorder] each rule depends on the configuration recorder of its own Region', () => {
    const recorders = Object.entries(resourcesOf(payments, 'aws_config_configuration_recorder'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      const own = recorders.filter(([, recorder]) => recorder.provider === rule.provider);
      expect(own).toHaveLength(1);
      expect(rule.depends_on).toEqual([`aws_config_configuration_recorder.${own[0][0]}`]);
    }
  });

  test("in a member whose AWS Config is Control Tower's too, and in none without AWS Config", () => {
    const landing = synthStack(everyVpc, 'member-landing');
    expect(all(landing, 'aws_config_config_rule')).toHaveLength(2);
    expect(all(landing, 'aws_config_config_rule')[0].depends_on).toBeUndefined();
    expect(resourcesOf(synthStack(everyVpc, 'member-unrecorded'), 'aws_config_config_rule')).toEqual({});
    expect(resourcesOf(synthStack(everyVpc, 'member-sandbox'), 'aws_config_config_rule')).toEqual({});
  });

  test('off by default', () => {
    expect(resourcesOf(synthStack(config, 'member-payments'), 'aws_config_config_rule')).toEqual({});
  });

  test('as a construct, refuses props AWS would refuse, naming the field', () => {
    const stack = new AccountStack(Testing.app(), 'member-x', { accountId: '444444444444', region: 'eu-west-1' });
    const props = {
      regions: [{ region: 'eu-west-1', provider: stack.provider }],
      bucketArn: 'arn:aws:s3:::b',
      keyPrefix: 'vpc-flow-logs',
    };
    expect(() => new VpcFlowLogsRemediation(stack, 'a', { ...props, regions: [] })).toThrow(
      'member-x/a: props.regions must name at least one Region',
    );
    expect(
      () => new VpcFlowLogsRemediation(stack, 'b', { ...props, regions: [...props.regions, ...props.regions] }),
    ).toThrow('props.regions[1] "eu-west-1" repeats');
    expect(() => new VpcFlowLogsRemediation(stack, 'c', { ...props, maximumAutomaticAttempts: 26 })).toThrow(
      'props.maximumAutomaticAttempts 26 must be at most 25',
    );
    expect(
      () => new VpcFlowLogsRemediation(stack, 'd', { ...props, evaluationFrequency: 'Hourly' as 'One_Hour' }),
    ).toThrow('props.evaluationFrequency "Hourly" is not an AWS Config frequency');
    expect(() => new VpcFlowLogsRemediation(stack, 'e', { ...props, keyPrefix: 'AWSLogs' })).toThrow(
      'props.keyPrefix "AWSLogs" must be a key prefix',
    );
    expect(() => new VpcFlowLogsRemediation(stack, 'f', { ...props, ruleName: 'a b' })).toThrow(
      'props.ruleName "a b" must be 1 to 128',
    );
  });
});
