import { Testing } from 'cdktf';
import { VpcFlowLogsRemediation } from '../../../modules/flow-logs/flow-logs-remediation';
import { AuditNaming } from '../../../modules/core/naming';
import { awsConfigSchema } from '../../../modules/org-config/schema/aws-config';
import { AccountStack } from '../../../modules/deployment/account-stack';
import { buildStacks } from '../../../stacks';
import { ARCHIVE, KEY, PAYMENTS, POLICY_TEST_CONFIG, SANDBOX } from '../policy/log-archive-cases';
import { evaluate, parseTerraformPolicy, policyOf, role, service } from '../policy/simulate';
import { resourceOf, resourcesOf, StackJson, synthStack } from '../../support/synth';
import { configWith } from './member-fixtures';
import { synthJson } from '../../support/stack-json';

const config = configWith();
const naming = AuditNaming.fromConfig(config);
const all = (synth: StackJson, type: string): any[] => Object.values(resourcesOf(synth, type));

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
    const synthesized = synthJson(stack);
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
