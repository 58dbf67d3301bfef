import { Testing, TerraformStack } from 'cdktf';
import { CIS_CONTROL_LIST, CONSOLE_SIGNIN_IAM_USERS_PATTERN } from '../../modules/catalogs/cis-controls';
import { SecurityAlarms } from '../../modules/alarms/security-alarms';
import { DeliveryHeartbeat } from '../../modules/alarms/delivery-heartbeat';
import { AuditLoggingError } from '../../modules/core/errors';
import { AccountStack } from '../../modules/deployment/account-stack';
import { OrganizationStack } from '../../stacks';
import { OrganizationTrail } from '../../modules/trail/organization-trail';
import { POLICY_TEST_CONFIG } from './policy/log-archive-cases';
import { configOf, evaluate, role, service } from './policy/simulate';
import { synthJson } from '../support/stack-json';

/** Consumers name the trail's log group by reference, so that Terraform creates the group first. */
const LOG_GROUP_NAME_REFERENCE = /^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/;

type Synth = Record<string, any>;

function synthOrganization(overrides: Record<string, unknown> = {}): Synth {
  const config = configOf({ ...POLICY_TEST_CONFIG, alarms: { emails: ['sec@example.com'] }, ...overrides });
  return synthJson(new OrganizationStack(Testing.app(), config));
}
const all = (synth: Synth, type: string): any[] => Object.values(synth.resource?.[type] ?? {});
function one(synth: Synth, type: string, part = ''): any {
  const found = Object.entries(synth.resource?.[type] ?? {}).filter(([name]) => name.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${part}", got ${found.length}`);
  return found[0][1];
}
const trailOf = (synth: Synth) => one(synth, 'aws_cloudtrail');

describe('organization trail', () => {
  const synth = synthOrganization();

  test('is an organization-wide, multi-Region trail with global events and log file validation', () => {
    expect(trailOf(synth)).toMatchObject({
      name: 'org-trail',
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
  });

  // [cloudtrail-kms-key-read-back-as-key-arn] CloudTrail reads the key back as its key ARN: the trail
  // sends that ARN, read from the alias by a lookup that waits for the apply while it is new (on a
  // first deploy the key comes with the log archive), and takes no change for none.
  test('writes to the central bucket by name, and to the key by the ARN its alias names, the form CloudTrail reads back', () => {
    const [[lookupId, lookup]] = Object.entries(synth.data?.aws_kms_key ?? {}) as [string, { key_id: string }][];
    expect(trailOf(synth)).toMatchObject({
      s3_bucket_name: 'acme-audit',
      kms_key_id: `\${data.aws_kms_key.${lookupId}.arn}`,
    });
    expect(trailOf(synth).lifecycle.ignore_changes).toBeUndefined();
    const dataId = /^\$\{terraform_data\.([^.]+)\.output\["arn"\]\}$/.exec(lookup.key_id)?.[1] ?? '';
    expect(synth.resource.terraform_data[dataId]).toMatchObject({
      input: { arn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs' },
    });
  });

  test('records read and write management events and no data events by default', () => {
    expect(trailOf(synth).advanced_event_selector).toEqual([
      { name: 'Management events selector', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
    ]);
    expect(trailOf(synth).insight_selector).toBeUndefined();
  });

  test('delivers to an encrypted log group with the configured retention', () => {
    expect(one(synth, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/cloudtrail/org-trail',
      retention_in_days: 365,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.trail_logs-key_\w+\.arn\}$/),
    });
    expect(trailOf(synth).cloud_watch_logs_group_arn).toMatch(
      /^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.arn\}:\*$/,
    );
  });

  test('[cloudwatch-logs-kms-encryption-context-is-log-group-arn] the log group key lets CloudWatch Logs use it for that log group only', () => {
    const policy = JSON.parse(one(synth, 'aws_kms_key', 'trail_logs-key').policy);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn':
            'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/cloudtrail/org-trail',
        },
      },
    });
  });

  test('the delivery role may only create streams and put events in that group, and only the trail may assume it', () => {
    const policy = JSON.parse(one(synth, 'aws_iam_role_policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'WriteTrailEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.arn\}:log-stream:\*$/),
      },
    ]);
    const trust = JSON.parse(one(synth, 'aws_iam_role').assume_role_policy);
    // [cloudtrail-logs-role-gets-no-source-keys] CloudTrail sends no source keys to this role: no condition.
    expect(trust.Statement[0]).toEqual({
      Sid: 'CloudTrailDelivers',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
  });

  test('[organization-trail-api-needs-trusted-access] checks at plan time that the credentials reach the configured organization, with CloudTrail trusted access', () => {
    const preconditions = trailOf(synth).lifecycle.precondition.map((p: { condition: string }) => p.condition);
    expect(preconditions).toEqual([
      expect.stringContaining('.id == "o-abcdefghij"'),
      expect.stringContaining('.master_account_id == "111111111111"'),
      expect.stringContaining('"cloudtrail.amazonaws.com"'),
    ]);
  });

  test('does not manage the organization itself', () => {
    expect(synth.resource.aws_organizations_organization).toBeUndefined();
    expect(Object.keys(synth.data.aws_organizations_organization)).toHaveLength(1);
  });

  test('under a delegated administrator, skips the trusted-access check only the management account can read', () => {
    const delegated = synthOrganization({ trail: { name: 'org-trail', accountId: '666666666666' } });
    expect(trailOf(delegated).lifecycle.precondition).toHaveLength(2);
    expect(JSON.parse(one(delegated, 'aws_iam_role').assume_role_policy).Statement[0].Condition).toBeUndefined();
  });
});

describe('organization trail, config switches', () => {
  test('excluded management event sources are left out', () => {
    const synth = synthOrganization({
      trail: { name: 'org-trail', excludeManagementEventSources: ['kms.amazonaws.com'] },
    });
    expect(trailOf(synth).advanced_event_selector[0].field_selector).toContainEqual({
      field: 'eventSource',
      not_equals: ['kms.amazonaws.com'],
    });
  });

  test('all S3 data events exclude the log bucket itself', () => {
    const synth = synthOrganization({ trail: { name: 'org-trail', dataEvents: { s3: 'all' } } });
    expect(trailOf(synth).advanced_event_selector[1].field_selector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      { field: 'resources.ARN', not_starts_with: ['arn:aws:s3:::acme-audit/'] },
    ]);
  });

  test('listed S3 prefixes and Lambda functions are recorded, and only those', () => {
    const fn = 'arn:aws:lambda:eu-west-1:444444444444:function:pay';
    const synth = synthOrganization({
      trail: { name: 'org-trail', dataEvents: { s3: ['arn:aws:s3:::data/'], lambda: [fn] } },
    });
    const [, s3, lambda] = trailOf(synth).advanced_event_selector;
    expect(s3.field_selector[2]).toEqual({ field: 'resources.ARN', starts_with: ['arn:aws:s3:::data/'] });
    expect(lambda.field_selector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
      { field: 'resources.ARN', equals: [fn] },
    ]);
  });

  test('Insights adds API call rate and error rate', () => {
    const synth = synthOrganization({ trail: { name: 'org-trail', insights: true } });
    expect(trailOf(synth).insight_selector).toEqual([
      { insight_type: 'ApiCallRateInsight' },
      { insight_type: 'ApiErrorRateInsight' },
    ]);
  });

  test('retention of the log group comes from trail.cloudWatchLogsRetentionDays', () => {
    const synth = synthOrganization({ trail: { name: 'org-trail', cloudWatchLogsRetentionDays: 90 } });
    expect(one(synth, 'aws_cloudwatch_log_group').retention_in_days).toBe(90);
  });
});

describe('delivery heartbeat', () => {
  const heartbeatOf = (synth: Synth) =>
    all(synth, 'aws_cloudwatch_metric_alarm').filter((a) => a.alarm_name === 'audit-trail-delivery-heartbeat');

  test("fires when the trail's log group receives no event for an hour, missing data counting as silence", () => {
    const [heartbeat, ...others] = heartbeatOf(synthOrganization());
    expect(others).toEqual([]);
    expect(heartbeat).toMatchObject({
      namespace: 'AWS/Logs',
      metric_name: 'IncomingLogEvents',
      dimensions: { LogGroupName: expect.stringMatching(LOG_GROUP_NAME_REFERENCE) },
      statistic: 'Sum',
      period: 3600,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/)],
      ok_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/)],
    });
  });

  test('waits alarms.deliveryHeartbeatMinutes, and refuses a silence CloudWatch cannot evaluate', () => {
    const [heartbeat] = heartbeatOf(synthOrganization({ alarms: { deliveryHeartbeatMinutes: 15 } }));
    expect(heartbeat.period).toBe(900);
    expect(() => synthOrganization({ alarms: { deliveryHeartbeatMinutes: 2 } })).toThrow(
      /alarms\.deliveryHeartbeatMinutes \(line \d+, column \d+\): must be at least 5 minutes/,
    );
    expect(() => synthOrganization({ alarms: { deliveryHeartbeatMinutes: 2000 } })).toThrow(
      /alarms\.deliveryHeartbeatMinutes \(line \d+, column \d+\): must be at most 1440 minutes/,
    );
  });

  test('as a construct, validates its silence', () => {
    const stack = new TerraformStack(Testing.app(), 'heartbeat');
    expect(
      () =>
        new DeliveryHeartbeat(stack, 'heartbeat', {
          logGroupName: 'g',
          topicArn: 'arn:aws:sns:eu-west-1:111122223333:t',
          silenceMinutes: 7.5,
        }),
    ).toThrow(/props\.silenceMinutes 7\.5 must be a whole number/);
  });
});

describe('CIS alarms', () => {
  const synth = synthOrganization();
  const filters = all(synth, 'aws_cloudwatch_log_metric_filter').filter((f) => f.name.startsWith('cis-'));
  /** The alarms on the CIS metric filters (the heartbeat and the evasion pack have their own tests). */
  const cisAlarms = (of: Synth) => all(of, 'aws_cloudwatch_metric_alarm').filter((a) => a.namespace === 'CISBenchmark');
  const alarms = cisAlarms(synth);

  test('all 15 controls get a metric filter with the exact published pattern, and one per scanner text', () => {
    // 15 published texts, and 2 more for the controls whose text Prowler's check does not accept.
    expect(filters).toHaveLength(17);
    for (const control of CIS_CONTROL_LIST) {
      const texts = [
        { name: `cis-${control.id}`, pattern: control.pattern },
        ...(control.scannerFilters ?? []).map((f) => ({ name: `cis-${control.id}-${f.id}`, pattern: f.pattern })),
      ];
      for (const text of texts) {
        expect(filters).toContainEqual({
          ...text,
          log_group_name: expect.stringMatching(LOG_GROUP_NAME_REFERENCE),
          metric_transformation: { name: control.metricName, namespace: 'CISBenchmark', value: '1' },
        });
      }
    }
    expect(CIS_CONTROL_LIST.filter((c) => (c.scannerFilters ?? []).length > 0).map((c) => c.id)).toEqual([
      'route-table-changes',
      'organizations-changes',
    ]);
  });

  test('one alarm per control, on the metric all its filters count into, created after every filter', () => {
    const control = CIS_CONTROL_LIST.find((c) => c.id === 'route-table-changes');
    const alarm = alarms.find((a) => a.alarm_name === 'cis-route-table-changes');
    expect(alarm.metric_name).toBe(control?.metricName);
    expect(alarm.depends_on).toEqual([
      expect.stringMatching(/^aws_cloudwatch_log_metric_filter\.alarms_cis-route-table-changes-filter_\w+$/),
      expect.stringMatching(/^aws_cloudwatch_log_metric_filter\.alarms_cis-route-table-changes-ec2-filter_\w+$/),
    ]);
  });

  test('every alarm fires on one event in 5 minutes, treats no data as fine and notifies the topic', () => {
    expect(alarms).toHaveLength(15);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        statistic: 'Sum',
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/)],
      });
    }
  });

  test('alarms are tagged with their control, Security Hub control and CIS recommendations', () => {
    expect(alarms.find((a) => a.alarm_name === 'cis-root-account-usage').tags).toEqual({
      Control: 'root-account-usage',
      SecurityHubControl: 'CloudWatch.1',
      CisRecommendations: 'v1.2.0/1.1 v1.2.0/3.3 v1.4.0/1.7 v1.4.0/4.3',
    });
    expect(alarms.find((a) => a.alarm_name === 'cis-organizations-changes').tags).toEqual({
      Control: 'organizations-changes',
      CisRecommendations: 'v3.0.0/4.15',
    });
  });

  test('alarms.controls selects a subset', () => {
    const subset = synthOrganization({ alarms: { controls: ['vpc-changes', 'root-account-usage'] } });
    expect(cisAlarms(subset).map((a) => a.alarm_name)).toEqual(['cis-root-account-usage', 'cis-vpc-changes']);
  });

  test('alarms.consoleSigninWithoutMfa "iam-users" uses the published stricter pattern', () => {
    const variant = synthOrganization({ alarms: { consoleSigninWithoutMfa: 'iam-users' } });
    expect(one(variant, 'aws_cloudwatch_log_metric_filter', 'console-signin-without-mfa').pattern).toBe(
      CONSOLE_SIGNIN_IAM_USERS_PATTERN,
    );
  });

  test('custom alarms get their own filter, metric and alarm', () => {
    const custom = synthOrganization({
      alarms: {
        custom: [
          {
            id: 'break-glass',
            pattern: '{ $.userIdentity.arn = "*BreakGlass*" }',
            description: 'Break-glass role used',
          },
        ],
      },
    });
    expect(one(custom, 'aws_cloudwatch_log_metric_filter', 'break-glass')).toMatchObject({
      name: 'break-glass',
      pattern: '{ $.userIdentity.arn = "*BreakGlass*" }',
      metric_transformation: { name: 'break-glass', namespace: 'AuditLogging', value: '1' },
    });
    expect(one(custom, 'aws_cloudwatch_metric_alarm', 'break-glass').alarm_description).toBe('Break-glass role used');
  });

  test('e-mail addresses are subscribed to the topic', () => {
    expect(all(synth, 'aws_sns_topic_subscription')).toEqual([
      expect.objectContaining({ protocol: 'email', endpoint: 'sec@example.com' }),
    ]);
  });

  test('the topic is encrypted with a key CloudWatch may use', () => {
    expect(one(synth, 'aws_sns_topic').kms_master_key_id).toMatch(/^\$\{aws_kms_key\.alarms_topic-key_\w+\.arn\}$/);
  });

  test('six saved Logs Insights queries run on the trail log group', () => {
    const queries = all(synth, 'aws_cloudwatch_query_definition');
    expect(queries.map((q) => q.name).sort()).toEqual([
      'audit/access-denied-by-principal',
      'audit/console-sign-ins',
      'audit/iam-changes',
      'audit/root-activity',
      'audit/security-group-changes',
      'audit/trail-changes',
    ]);
    for (const query of queries)
      expect(query.log_group_names).toEqual([expect.stringMatching(LOG_GROUP_NAME_REFERENCE)]);
  });

  test('outputs the trail ARN, the log group and the topic', () => {
    expect(Object.keys(synth.output).sort()).toEqual(['alarm_topic_arn', 'trail_arn', 'trail_log_group_name']);
  });

  test('an invalid pattern given to the construct is an error naming the alarm', () => {
    const build = () =>
      new SecurityAlarms(
        new AccountStack(Testing.app(), 'organization', { accountId: '111111111111', region: 'eu-west-1' }),
        'alarms',
        {
          logGroupName: 'g',
          alarms: [{ id: 'bad', description: 'd', pattern: '{ $.a = ', metricName: 'm', metricNamespace: 'n' }],
        },
      );
    expect(build).toThrow(AuditLoggingError);
    expect(build).toThrow('organization/alarms: alarm bad: invalid filter pattern');
  });
});

describe('alarm topic and key policies, evaluated as AWS would', () => {
  const synth = synthOrganization();
  const topicPolicy = JSON.parse(one(synth, 'aws_sns_topic_policy').policy);
  const keyPolicy = JSON.parse(one(synth, 'aws_kms_key', 'alarms_topic-key').policy);
  const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:audit-security-alarms';
  const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  // [cloudwatch-alarm-source-arn-is-alarm-arn] CloudWatch publishes with the alarm's ARN as
  // aws:SourceArn; the policy needs nothing else (an alarm of another account has another ARN).
  const alarm = (account: string) => ({
    'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${account}:alarm:cis-root-account-usage`,
  });
  const CLOUDWATCH = service('cloudwatch.amazonaws.com');

  test.each([
    [
      'an alarm of this account publishes',
      topicPolicy,
      CLOUDWATCH,
      'sns:Publish',
      TOPIC,
      alarm('111111111111'),
      'Allowed',
    ],
    [
      'an alarm of another account publishes',
      topicPolicy,
      CLOUDWATCH,
      'sns:Publish',
      TOPIC,
      alarm('999999999999'),
      'ImplicitlyDenied',
    ],
    [
      'another account publishes directly',
      topicPolicy,
      role('999999999999', 'Admin'),
      'sns:Publish',
      TOPIC,
      {},
      'ImplicitlyDenied',
    ],
    [
      'another service publishes',
      topicPolicy,
      service('events.amazonaws.com'),
      'sns:Publish',
      TOPIC,
      alarm('111111111111'),
      'ImplicitlyDenied',
    ],
    [
      'CloudWatch generates a data key for a notification',
      keyPolicy,
      CLOUDWATCH,
      'kms:GenerateDataKey',
      KEY,
      {},
      'Allowed',
    ],
    ['CloudWatch decrypts for a notification', keyPolicy, CLOUDWATCH, 'kms:Decrypt', KEY, {}, 'Allowed'],
    [
      'CloudWatch schedules key deletion',
      keyPolicy,
      CLOUDWATCH,
      'kms:ScheduleKeyDeletion',
      KEY,
      {},
      'ImplicitlyDenied',
    ],
    ['another account decrypts', keyPolicy, role('999999999999', 'Admin'), 'kms:Decrypt', KEY, {}, 'ImplicitlyDenied'],
  ] as const)('%s: %s', async (_title, policy, caller, action, resource, context, expected) => {
    const { decision, ignoredContextKeys } = await evaluate(policy, '111111111111', {
      caller,
      action,
      resource,
      context,
    });
    expect(ignoredContextKeys).toEqual([]);
    expect(decision).toBe(expected);
  });
});

describe('OrganizationTrail, used directly', () => {
  const build = (trailArn: string) => () =>
    new OrganizationTrail(
      new AccountStack(Testing.app(), 'organization', { accountId: '111111111111', region: 'eu-west-1' }),
      'trail',
      {
        organizationId: 'o-abcdefghij',
        managementAccountId: '111111111111',
        trailName: 'org-trail',
        trailArn,
        bucketName: 'acme-audit',
        logKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs',
        excludeManagementEventSources: [],
        s3: 'none',
        lambda: 'none',
        logBucketArn: 'arn:aws:s3:::acme-audit',
      },
    );

  test('refuses a trailArn that names another trail or another account than trailName of the management account', () => {
    expect(build('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail')).not.toThrow();
    expect(build('arn:aws:cloudtrail:eu-west-1:111111111111:trail/other-trail')).toThrow(
      'props.trailArn "arn:aws:cloudtrail:eu-west-1:111111111111:trail/other-trail" names the trail "other-trail" of account 111111111111; it must name trailName "org-trail" of the management account 111111111111',
    );
    expect(build('arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-trail')).toThrow(
      /names the trail "org-trail" of account 333333333333; it must name trailName "org-trail" of the management account 111111111111/,
    );
  });
});
