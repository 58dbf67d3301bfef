import { Testing } from 'cdktf';
import { ConfigRecording } from '../../../modules/aws-config/config-recording';
import { AuditNaming } from '../../../modules/core/naming';
import { encryptsSessionData } from '../../../modules/org-config/schema';
import { AccountStack } from '../../../modules/deployment/account-stack';
import { buildStacks } from '../../../stacks';
import { PAYMENTS, SANDBOX } from '../policy/log-archive-cases';
import { resourceOf, resourcesOf, StackJson, synthStack } from '../../support/synth';
import { configWith } from './member-fixtures';
import { synthJson } from '../../support/stack-json';

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
    const json = synthJson(stack);
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
    // 17 CIS texts (two controls have a second, for scanners) and 19 evasion patterns (14 detections;
    // threat-detection-disabled and log-pipeline-deleted in three filters, alarm-silenced in two).
    expect(Object.values(resourcesOf(synth, 'aws_cloudwatch_log_metric_filter'))).toHaveLength(36);
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
