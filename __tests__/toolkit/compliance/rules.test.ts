import * as fs from 'fs';
import * as path from 'path';
import { namedPatternsOf } from '../../../modules/alarms/try-filters';
import { CIS_CONTROL_IDS } from '../../../modules/catalogs/cis-controls';
import { EVASION_DETECTION_IDS } from '../../../modules/catalogs/evasion-detections';
import type { OrgConfig } from '../../../modules/org-config/schema';
import {
  AUDIT_STACK_NAME,
  AuditNaming,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
} from '../../../modules/core/naming';
import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import type { ComplianceRule } from '../../../packages/cli/toolkit/compliance/rule';
import { COMPLIANCE_RULES, EVASION_RULES } from '../../../packages/cli/toolkit/compliance/rules';
import { CIS_ALARM_RULES } from '../../../packages/cli/toolkit/compliance/rules/alarms';
import { TRAIL_BUCKET_ACCESS_LOGGING } from '../../../packages/cli/toolkit/compliance/rules/trail-bucket-access-logging';
import { AUTHORIZATION_GUARDRAILS } from '../../../packages/cli/toolkit/compliance/rules/authorization-guardrails';
import { KMS_ROTATION } from '../../../packages/cli/toolkit/compliance/rules/kms-rotation';
import { S3_OBJECT_LEVEL_LOGGING } from '../../../packages/cli/toolkit/compliance/rules/s3-object-level-logging';
import { SECURITY_HUB_ENABLED } from '../../../packages/cli/toolkit/compliance/rules/security-hub-enabled';
import { TRAIL_ALL_REGIONS } from '../../../packages/cli/toolkit/compliance/rules/trail-all-regions';
import { configOf, judge, several, stackOf } from './rule-cases';

/*
 * Each rule of the control matrix on its own, judged on the smallest Terraform JSON that makes it
 * met and on one that makes it a gap (or missing, where the rule has no deliberate gap): hand-written
 * stacks, in process (rule-cases.ts). More of each rule's branches are in rule-details.test.ts; the
 * shipped configs, synthesized, in shipped-configs.test.ts.
 */

const ruleById = (rules: readonly ComplianceRule[], id: string): ComplianceRule => {
  const rule = rules.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};

/**
 * The organization stack's resources for the alarm `alarmId` as the config defines it: a metric
 * filter for each of its texts, the alarm on a topic, and the topic's subscribers.
 */
function alarmResources(config: OrgConfig, alarmId: string, subscribed = true) {
  const alarm = complianceEvidence(config, []).alarms.get(alarmId);
  if (alarm === undefined) throw new Error(`the config selects no alarm ${alarmId}`);
  const topic = '${aws_sns_topic.alarms.arn}';
  return {
    aws_cloudwatch_log_metric_filter: Object.fromEntries(
      namedPatternsOf([alarm]).map((p, i) => [
        `filter_${i}`,
        { pattern: p.pattern, metric_transformation: { name: alarm.metricName } },
      ]),
    ),
    aws_cloudwatch_metric_alarm: {
      alarm: { alarm_name: alarm.id, metric_name: alarm.metricName, alarm_actions: [topic] },
    },
    ...(subscribed ? { aws_sns_topic_subscription: { email: { topic_arn: topic } } } : {}),
  };
}

/** The addresses of the filters, alarm and subscription of alarmResources. */
const alarmAddresses = (resources: ReturnType<typeof alarmResources>): string =>
  [
    ...Object.keys(resources.aws_cloudwatch_log_metric_filter).map(
      (name) => `aws_cloudwatch_log_metric_filter.${name}`,
    ),
    'aws_cloudwatch_metric_alarm.alarm',
    'aws_sns_topic_subscription.email',
  ].join(', ');

describe('the rule table (rules/index.ts)', () => {
  test('holds one rule a file, as cdk-nag keeps its rules; the alarm rules are made from their catalogs', () => {
    const dir = path.join(__dirname, '../../../packages/cli/toolkit/compliance/rules');
    const rulesPerFile = fs
      .readdirSync(dir)
      .map(
        (file) =>
          [file, fs.readFileSync(path.join(dir, file), 'utf8').match(/: ComplianceRule = \{/g)?.length ?? 0] as const,
      )
      .filter(([, count]) => count > 1);
    expect(rulesPerFile).toEqual([]);
    const table = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8');
    for (const rule of COMPLIANCE_RULES.filter((r) => !(CIS_CONTROL_IDS as readonly string[]).includes(r.id))) {
      expect(fs.existsSync(path.join(dir, `${rule.id}.ts`)) && table.includes(`from './${rule.id}'`)).toBe(true);
    }
  });

  test('lists the rules in the order of the matrix, the CIS alarm controls last', () => {
    expect(COMPLIANCE_RULES.map((rule) => rule.id)).toEqual([
      'authorization-guardrails',
      'trail-all-regions',
      'trail-log-file-validation',
      'config-all-regions',
      'trail-bucket-access-logging',
      'trail-kms',
      'kms-rotation',
      'vpc-flow-logs',
      's3-object-level-logging',
      'trail-cloudwatch-logs',
      'trail-bucket-not-public',
      'archive-tls-only',
      'archive-access-logging',
      'security-hub-enabled',
      'application-logs-archived',
      'search-tier-locked-down',
      ...CIS_CONTROL_IDS,
    ]);
    expect(EVASION_RULES.map((rule) => rule.id)).toEqual(EVASION_DETECTION_IDS.map((id) => `evasion-${id}`));
  });
});

describe('an alarm-based CIS rule (root-account-usage, CIS 5.3)', () => {
  const rule = ruleById(CIS_ALARM_RULES, 'root-account-usage');

  test('its record', () => {
    expect(rule).toMatchObject({ id: 'root-account-usage', cis: ['5.3'], securityHub: ['CloudWatch.1'] });
  });

  test('met: the filters, the alarm with an action and a subscriber in the organization stack', () => {
    const config = configOf();
    const resources = alarmResources(config, 'cis-root-account-usage');
    expect(judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, resources)])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: alarmAddresses(resources) },
    ]);
  });

  test('missing: the alarm notifies a topic nobody subscribes to', () => {
    const config = configOf();
    const resources = alarmResources(config, 'cis-root-account-usage', false);
    expect(judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, resources)])).toEqual([
      {
        where: ORGANIZATION_STACK_NAME,
        status: 'missing',
        detail:
          'cis-root-account-usage: its alarm notifies a topic with no subscriber in the stacks, so it reaches nobody; add alarms.emails (a topic subscribed outside the stacks, such as a pager, is not seen here)',
      },
    ]);
  });

  test('missing: no filter with the text, a subscriber of another topic only, or no alarm of its name, its metric and an action', () => {
    const config = configOf();
    const verdict = (edit: (resources: ReturnType<typeof alarmResources>) => void) => {
      const resources = alarmResources(config, 'cis-root-account-usage');
      // A filter of another metric, without a transformation at all, is no filter of this alarm.
      resources.aws_cloudwatch_log_metric_filter = {
        ...resources.aws_cloudwatch_log_metric_filter,
        other: { pattern: '{ $.eventName = "x" }' } as never,
      };
      edit(resources);
      return judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, resources)])[0];
    };
    expect(verdict(() => undefined).status).toBe('met');
    expect(
      verdict((r) => {
        r.aws_cloudwatch_log_metric_filter = {};
      }),
    ).toEqual({
      where: ORGANIZATION_STACK_NAME,
      status: 'missing',
      detail: 'cis-root-account-usage: no metric filter with the text published',
    });
    // Each text it lacks, named: the published one and the additional filters'.
    const organizationsChanges = ruleById(CIS_ALARM_RULES, 'organizations-changes');
    const withoutFilters = alarmResources(config, 'cis-organizations-changes');
    withoutFilters.aws_cloudwatch_log_metric_filter = {};
    expect(judge(organizationsChanges, config, [stackOf(ORGANIZATION_STACK_NAME, withoutFilters)])[0].detail).toBe(
      'cis-organizations-changes: no metric filter with the text published, all-changes',
    );
    expect(
      verdict((r) => {
        r.aws_sns_topic_subscription = { email: { topic_arn: '${aws_sns_topic.other.arn}' } };
      }).detail,
    ).toContain('its alarm notifies a topic with no subscriber in the stacks');
    const noAlarm = {
      where: ORGANIZATION_STACK_NAME,
      status: 'missing',
      detail: 'cis-root-account-usage: no alarm with an action on RootAccountUsage',
    };
    expect(
      verdict((r) => {
        r.aws_cloudwatch_metric_alarm.alarm.alarm_name = 'another';
      }),
    ).toEqual(noAlarm);
    expect(
      verdict((r) => {
        r.aws_cloudwatch_metric_alarm.alarm.metric_name = 'Another';
      }),
    ).toEqual(noAlarm);
    expect(
      verdict((r) => {
        r.aws_cloudwatch_metric_alarm.alarm.alarm_actions = [];
      }),
    ).toEqual(noAlarm);
  });

  test('gap: alarms.controls does not select it', () => {
    const config = configOf({ alarms: { emails: ['sec@example.com'], controls: ['unauthorized-api-calls'] } });
    expect(judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, {})])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'gap', detail: 'not selected in alarms.controls' },
    ]);
  });
});

describe('a trail setting rule (trail-all-regions, CIS 4.1)', () => {
  const management = { field_selector: [{ field: 'eventCategory', equals: ['Management'] }] };

  test('met: a multi-Region trail with every management event', () => {
    const organization = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: { trail: { is_multi_region_trail: true, advanced_event_selector: [management] } },
    });
    expect(judge(TRAIL_ALL_REGIONS, configOf(), [organization])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: 'aws_cloudtrail.trail' },
    ]);
  });

  test('missing: the trail records write events only, and a standalone member has no trail', () => {
    const writeOnly = {
      field_selector: [...management.field_selector, { field: 'readOnly', equals: ['false'] }],
    };
    const organization = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: { trail: { is_multi_region_trail: true, advanced_event_selector: [writeOnly] } },
    });
    const config = configOf({
      members: [
        { name: 'payments', accountId: '444444444444' },
        { name: 'sandbox', accountId: '555555555555', standaloneTrail: true, inOrganization: false },
      ],
    });
    expect(judge(TRAIL_ALL_REGIONS, config, [organization])).toEqual([
      {
        where: ORGANIZATION_STACK_NAME,
        status: 'missing',
        detail: 'no trail that is multi-Region with all management events',
      },
      {
        where: 'member-sandbox',
        status: 'missing',
        detail: 'no trail that is multi-Region with all management events',
      },
    ]);
  });

  // A stack written by hand or by another tool may use basic event selectors: ReadWriteType (All by
  // default), IncludeManagementEvents (true by default), ExcludeManagementEventSources (EventSelector,
  // CloudTrail API Reference). A trail with no selector of either kind logs every management event.
  test.each([
    ['no selector of either kind', true, {}],
    ['a basic selector left at its defaults', true, { event_selector: [{}] }],
    [
      'a basic selector of all management events, said',
      true,
      {
        event_selector: [
          { read_write_type: 'All', include_management_events: true, exclude_management_event_sources: [] },
        ],
      },
    ],
    ['a basic selector of read events only', false, { event_selector: [{ read_write_type: 'ReadOnly' }] }],
    ['a basic selector of write events only', false, { event_selector: [{ read_write_type: 'WriteOnly' }] }],
    ['a basic selector of data events only', false, { event_selector: [{ include_management_events: false }] }],
    [
      'a basic selector that leaves out KMS events',
      false,
      { event_selector: [{ exclude_management_event_sources: ['kms.amazonaws.com'] }] },
    ],
    [
      'a data-only basic selector beside one of every management event',
      true,
      { event_selector: [{ include_management_events: false }, {}] },
    ],
    [
      'an advanced selector without management events',
      false,
      { advanced_event_selector: [{ field_selector: [{ field: 'eventCategory', equals: ['Data'] }] }] },
    ],
    [
      'an advanced selector on another field',
      false,
      { advanced_event_selector: [{ field_selector: [{ field: 'eventSource', equals: ['Management'] }] }] },
    ],
    ['a single-Region trail of every management event', false, { is_multi_region_trail: false }],
  ])('%s: met %p', (_what, met, selectors) => {
    const organization = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: { trail: { is_multi_region_trail: true, ...selectors } },
    });
    expect(judge(TRAIL_ALL_REGIONS, configOf(), [organization])).toEqual([
      met
        ? { where: ORGANIZATION_STACK_NAME, status: 'met', detail: 'aws_cloudtrail.trail' }
        : {
            where: ORGANIZATION_STACK_NAME,
            status: 'missing',
            detail: 'no trail that is multi-Region with all management events',
          },
    ]);
  });
});

describe('a trail setting rule with a deliberate gap (s3-object-level-logging, CIS 4.8 and 4.9)', () => {
  const all = configOf({ trail: { name: 'org-trail', dataEvents: { s3: 'all' } } });

  test('met: trail.dataEvents.s3 "all", and the trail has an S3 object selector', () => {
    const organization = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: {
        trail: {
          advanced_event_selector: [{ field_selector: [{ field: 'resources.type', equals: ['AWS::S3::Object'] }] }],
        },
      },
    });
    expect(judge(S3_OBJECT_LEVEL_LOGGING, all, [organization])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: 'aws_cloudtrail.trail' },
    ]);
  });

  test('gap: trail.dataEvents.s3 is "none" (the default)', () => {
    expect(judge(S3_OBJECT_LEVEL_LOGGING, configOf(), [stackOf(ORGANIZATION_STACK_NAME, {})])).toEqual([
      {
        where: ORGANIZATION_STACK_NAME,
        status: 'gap',
        detail:
          'trail.dataEvents.s3 is "none": S3 data events are billed per event; set it to "all" to meet these controls',
      },
    ]);
  });

  test('gap: trail.dataEvents.s3 lists buckets; missing: "all" claimed, and no trail selects S3 objects', () => {
    const listed = configOf({ trail: { name: 'org-trail', dataEvents: { s3: ['arn:aws:s3:::my-bucket/'] } } });
    expect(judge(S3_OBJECT_LEVEL_LOGGING, listed, [stackOf(ORGANIZATION_STACK_NAME, {})])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'gap', detail: 'trail.dataEvents.s3 lists some buckets, not all' },
    ]);
    const lambdaOnly = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: {
        trail: {
          advanced_event_selector: [
            { field_selector: [{ field: 'resources.type', equals: ['AWS::Lambda::Function'] }] },
            { field_selector: [{ field: 'eventCategory', equals: ['AWS::S3::Object'] }] },
          ],
        },
      },
    });
    expect(judge(S3_OBJECT_LEVEL_LOGGING, all, [lambdaOnly])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'missing', detail: 'no S3 data event selector' },
    ]);
    // As synthesized: a selector of management events, and one of data events on S3 objects among its fields.
    const synthesized = stackOf(ORGANIZATION_STACK_NAME, {
      aws_cloudtrail: {
        trail: {
          advanced_event_selector: [
            { field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
            {
              field_selector: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::S3::Object'] },
              ],
            },
          ],
        },
      },
    });
    expect(judge(S3_OBJECT_LEVEL_LOGGING, all, [synthesized])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: 'aws_cloudtrail.trail' },
    ]);
  });
});

describe('a bucket rule (trail-bucket-access-logging, CIS 4.4)', () => {
  const config = configOf();
  const bucket = AuditNaming.fromConfig(config).logBucketName;

  test('met: the CloudTrail bucket has server access logging', () => {
    const archive = stackOf(LOG_ARCHIVE_STACK_NAME, {
      aws_s3_bucket: { logs: { bucket } },
      aws_s3_bucket_logging: { logs_logging: { bucket: '${aws_s3_bucket.logs.id}' } },
    });
    expect(judge(TRAIL_BUCKET_ACCESS_LOGGING, config, [archive])).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_s3_bucket_logging.logs_logging' },
    ]);
  });

  test('missing: the bucket has none, or there is no such bucket', () => {
    const archive = stackOf(LOG_ARCHIVE_STACK_NAME, { aws_s3_bucket: { logs: { bucket } } });
    expect(judge(TRAIL_BUCKET_ACCESS_LOGGING, config, [archive])).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'missing', detail: `no aws_s3_bucket_logging on ${bucket}` },
    ]);
    expect(judge(TRAIL_BUCKET_ACCESS_LOGGING, config, [])).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'missing', detail: `no bucket ${bucket}` },
    ]);
  });
});

describe('a key rule (kms-rotation, CIS 4.6)', () => {
  test('met: every key of every stack rotates; a stack without keys is met too', () => {
    const stacks = [
      stackOf(LOG_ARCHIVE_STACK_NAME, { aws_kms_key: { archive: { enable_key_rotation: true } } }),
      stackOf(ORGANIZATION_STACK_NAME, {}),
    ];
    expect(judge(KMS_ROTATION, configOf(), stacks)).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_kms_key.archive' },
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: '(no keys)' },
    ]);
  });

  test('missing: a key that does not rotate', () => {
    const stacks = [
      stackOf(LOG_ARCHIVE_STACK_NAME, {
        aws_kms_key: { archive: { enable_key_rotation: true }, other: { enable_key_rotation: false } },
      }),
    ];
    expect(judge(KMS_ROTATION, configOf(), stacks)).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'missing', detail: 'no rotation on aws_kms_key.other' },
    ]);
  });
  test('an asymmetric key (the evidence signing key) is not judged: KMS rotates symmetric keys only [kms-asymmetric-keys-do-not-rotate]', () => {
    const stacks = [
      stackOf(LOG_ARCHIVE_STACK_NAME, {
        aws_kms_key: {
          archive: { enable_key_rotation: true },
          signing: { enable_key_rotation: false, customer_master_key_spec: 'RSA_3072', key_usage: 'SIGN_VERIFY' },
        },
      }),
    ];
    expect(judge(KMS_ROTATION, configOf(), stacks)).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_kms_key.archive' },
    ]);
    expect(KMS_ROTATION.title).toBe('Every customer managed symmetric key rotates');
  });
});

describe('a guardrail rule (authorization-guardrails, CIS 2.1.2)', () => {
  const scp = { aws_organizations_policy: { protect: { type: 'SERVICE_CONTROL_POLICY' } } };

  test("met at the root: the SCP attached to the organization root, and the baseline named as the organization's", () => {
    const guardrails = stackOf(GUARDRAILS_STACK_NAME, {
      ...scp,
      aws_organizations_policy_attachment: {
        root: {
          policy_id: '${aws_organizations_policy.protect.id}',
          target_id: '${data.aws_organizations_organization.organization.roots[0].id}',
        },
      },
    });
    const verdicts = judge(AUTHORIZATION_GUARDRAILS, configOf(), [guardrails]);
    expect(verdicts[0]).toEqual({
      where: GUARDRAILS_STACK_NAME,
      status: 'met',
      detail: 'aws_organizations_policy_attachment.root',
    });
    expect(verdicts.slice(1)).toEqual([
      {
        where: '(the organization baseline)',
        status: 'gap',
        detail: expect.stringMatching(
          /^these SCPs keep logging, recording and the evidence safe in every member account \(SCPs do not apply to the management account\), and the RCP keeps the archive inside the organization; the rest of the baseline CIS 2\.1\.2 names/,
        ),
      },
    ]);
  });

  test('gap: the SCPs are attached to an OU only', () => {
    const guardrails = stackOf(GUARDRAILS_STACK_NAME, {
      ...scp,
      aws_organizations_policy_attachment: {
        ou: { policy_id: '${aws_organizations_policy.protect.id}', target_id: 'ou-ab12-workloads1' },
      },
    });
    expect(judge(AUTHORIZATION_GUARDRAILS, configOf(), [guardrails])).toEqual([
      {
        where: GUARDRAILS_STACK_NAME,
        status: 'gap',
        detail:
          "the service control policies are attached to ou-ab12-workloads1 only (guardrails.targets): accounts outside them have none of this product's",
      },
    ]);
  });

  test('gap: guardrails.enabled is false; missing: enabled, and no SCP is attached', () => {
    expect(judge(AUTHORIZATION_GUARDRAILS, configOf({ guardrails: { enabled: false } }), [])).toEqual([
      {
        where: GUARDRAILS_STACK_NAME,
        status: 'gap',
        detail: 'guardrails.enabled is false: this product attaches no SCP or RCP',
      },
    ]);
    expect(judge(AUTHORIZATION_GUARDRAILS, configOf(), [stackOf(GUARDRAILS_STACK_NAME, scp)])).toEqual([
      { where: GUARDRAILS_STACK_NAME, status: 'missing', detail: 'no service control policy is attached' },
    ]);
  });

  /** The guardrails stack with `policies` each attached to the organization root. */
  const atRoot = (policies: Record<string, Record<string, unknown>>) =>
    stackOf(GUARDRAILS_STACK_NAME, {
      aws_organizations_policy: policies,
      aws_organizations_policy_attachment: Object.fromEntries(
        Object.keys(policies).map((name) => [
          name,
          {
            policy_id: `\${aws_organizations_policy.${name}.id}`,
            target_id: '${data.aws_organizations_organization.organization.roots[0].id}',
          },
        ]),
      ),
    });

  test("an RCP at the root is no SCP; a policy without a type is one (the provider's default)", () => {
    expect(
      judge(AUTHORIZATION_GUARDRAILS, configOf(), [atRoot({ perimeter: { type: 'RESOURCE_CONTROL_POLICY' } })])[0],
    ).toEqual({ where: GUARDRAILS_STACK_NAME, status: 'missing', detail: 'no service control policy is attached' });
    expect(judge(AUTHORIZATION_GUARDRAILS, configOf(), [atRoot({ untyped: {} })])[0]).toEqual({
      where: GUARDRAILS_STACK_NAME,
      status: 'met',
      detail: 'aws_organizations_policy_attachment.untyped',
    });
  });

  test('the baseline says what the SCPs keep: without the data perimeter, no RCP; with the archive in the management account, not the evidence', () => {
    const stack = atRoot({ protect: { type: 'SERVICE_CONTROL_POLICY' } });
    const baseline = (config: ReturnType<typeof configOf>) =>
      judge(AUTHORIZATION_GUARDRAILS, config, [stack]).find((v) => v.where === '(the organization baseline)')?.detail;
    const rest =
      "; the rest of the baseline CIS 2.1.2 names (approved Regions only, security services kept on, no external access to other resources) is the organization's own SCPs and RCPs";
    expect(baseline(configOf({ guardrails: { dataPerimeter: false } }))).toBe(
      `these SCPs keep logging, recording and the evidence safe in every member account (SCPs do not apply to the management account)${rest}`,
    );
    const inManagement = configOf({ logArchive: { accountId: '111111111111', readerAccountIds: ['333333333333'] } });
    expect(baseline(inManagement)).toBe(
      `these SCPs keep logging, recording safe in every member account (SCPs do not apply to the management account)${rest}`,
    );
    expect(judge(AUTHORIZATION_GUARDRAILS, inManagement, [stack])).toContainEqual({
      where: LOG_ARCHIVE_STACK_NAME,
      status: 'gap',
      detail: expect.stringMatching(
        /^logArchive\.accountId is the management account \(111111111111\), where AWS applies no SCP or RCP/,
      ),
    });
  });
});

describe('an audit-account rule (security-hub-enabled, CIS 5.16)', () => {
  const withAudit = configOf({ audit: { accountId: '666666666666' } });
  const policy = (standards: string[]) => ({
    aws_securityhub_configuration_policy: {
      enable: { configuration_policy: { service_enabled: true, enabled_standard_arns: standards } },
    },
    aws_securityhub_configuration_policy_association: {
      root: { policy_id: '${aws_securityhub_configuration_policy.enable.id}' },
    },
  });

  test('met: a configuration policy that enables Security Hub with a standard, associated', () => {
    const audit = stackOf(AUDIT_STACK_NAME, policy(['arn:aws:securityhub:eu-west-1::standards/cis']));
    expect(judge(SECURITY_HUB_ENABLED, withAudit, [audit])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'met',
        detail: 'aws_securityhub_configuration_policy.enable, aws_securityhub_configuration_policy_association.root',
      },
    ]);
  });

  test('missing: the policy enables no standard', () => {
    expect(judge(SECURITY_HUB_ENABLED, withAudit, [stackOf(AUDIT_STACK_NAME, policy([]))])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'missing',
        detail: 'no Security Hub configuration policy that enables it with a standard',
      },
    ]);
  });

  test('gap: audit is false, or not set', () => {
    expect(judge(SECURITY_HUB_ENABLED, configOf({ audit: false }), [])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'gap',
        detail:
          'audit is false: the organization keeps Security Hub elsewhere; check it there (this product neither builds nor reads it)',
      },
    ]);
    expect(judge(SECURITY_HUB_ENABLED, configOf(), [])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'gap',
        detail: 'audit is not set: this product enables Security Hub from an audit account; set audit.accountId',
      },
    ]);
    expect(
      judge(SECURITY_HUB_ENABLED, configOf({ audit: { accountId: '666666666666', securityHub: false } }), []),
    ).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'gap',
        detail:
          'audit.securityHub is false: Security Hub is left to its existing administrator; check its configuration there (this product neither builds nor reads it)',
      },
    ]);
  });

  test('met: the association may be to any policy that enables it; the finding aggregator is named too', () => {
    const two = policy(['arn:aws:securityhub:eu-west-1::standards/cis']);
    const audit = stackOf(AUDIT_STACK_NAME, {
      aws_securityhub_configuration_policy: {
        ...two.aws_securityhub_configuration_policy,
        second: {
          configuration_policy: {
            service_enabled: true,
            enabled_standard_arns: ['arn:aws:securityhub:eu-west-1::standards/fsbp'],
          },
        },
      },
      aws_securityhub_configuration_policy_association: {
        root: { policy_id: '${aws_securityhub_configuration_policy.second.id}' },
      },
      aws_securityhub_finding_aggregator: { all: {} },
    });
    expect(judge(SECURITY_HUB_ENABLED, withAudit, [audit])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'met',
        detail:
          'aws_securityhub_configuration_policy.enable, aws_securityhub_configuration_policy.second, aws_securityhub_configuration_policy_association.root, aws_securityhub_finding_aggregator.all',
      },
    ]);
  });

  test('missing: a policy that names no standards, or one associated with no target', () => {
    const unnamed = stackOf(AUDIT_STACK_NAME, {
      aws_securityhub_configuration_policy: { enable: { configuration_policy: { service_enabled: true } } },
    });
    const noStandard = {
      where: AUDIT_STACK_NAME,
      status: 'missing',
      detail: 'no Security Hub configuration policy that enables it with a standard',
    };
    expect(judge(SECURITY_HUB_ENABLED, withAudit, [unnamed])).toEqual([noStandard]);
    // A policy that turns Security Hub off, or says nothing, enables nothing, whatever it names.
    for (const configuration_policy of [
      { service_enabled: false, enabled_standard_arns: ['arn:aws:securityhub:eu-west-1::standards/cis'] },
      undefined,
    ]) {
      const off = policy([]);
      off.aws_securityhub_configuration_policy.enable = { configuration_policy } as never;
      expect(judge(SECURITY_HUB_ENABLED, withAudit, [stackOf(AUDIT_STACK_NAME, off)])).toEqual([noStandard]);
    }
    const unassociated = policy(['arn:aws:securityhub:eu-west-1::standards/cis']);
    unassociated.aws_securityhub_configuration_policy_association.root.policy_id =
      '${aws_securityhub_configuration_policy.other.id}';
    expect(judge(SECURITY_HUB_ENABLED, withAudit, [stackOf(AUDIT_STACK_NAME, unassociated)])).toEqual([
      {
        where: AUDIT_STACK_NAME,
        status: 'missing',
        detail: 'the Security Hub configuration policy is associated with no target',
      },
    ]);
  });

  test('a member outside the organization: its own hubs and subscriptions in every governed Region, or missing with the counts; outside central configuration, a gap', () => {
    const config = configOf({
      audit: { accountId: '666666666666' },
      members: [
        { name: 'payments', accountId: '444444444444' },
        { name: 'sandbox', accountId: '555555555555', standaloneTrail: true, inOrganization: false },
        { name: 'lab', accountId: '777777777777', standaloneTrail: true, inOrganization: false, awsConfig: false },
      ],
    });
    const audit = stackOf(AUDIT_STACK_NAME, policy(['arn:aws:securityhub:eu-west-1::standards/cis']));
    const regions = config.governedRegions.length;
    const standards =
      config.audit === false || config.audit === undefined ? 0 : config.audit.securityHubStandards.length;
    const sandbox = (hubs: number, subscriptions = hubs * standards) =>
      stackOf('member-sandbox', {
        aws_securityhub_account: several('hub', hubs),
        aws_securityhub_standards_subscription: several('standard', subscriptions),
      });
    const outside =
      "outside the organization, so outside central configuration: its findings reach the archive but not the audit account's Security Hub (compliance --live does not see them); Config.1's includeConfigServiceLinkedRoleCheck stays true (provider 5.x cannot set a control's parameters), so Config.1 fails there while AWS Config records with this product's role";
    const verdicts = judge(SECURITY_HUB_ENABLED, config, [audit, sandbox(regions)]);
    expect(verdicts.slice(1)).toEqual([
      {
        where: 'member-sandbox',
        status: 'met',
        detail: expect.stringMatching(
          /^aws_securityhub_account\.hub_0, .*aws_securityhub_standards_subscription\.standard_0/,
        ),
      },
      { where: 'member-sandbox', status: 'gap', detail: outside },
      {
        where: 'member-lab',
        status: 'gap',
        detail:
          'outside the organization and without AWS Config: Security Hub, whose controls are AWS Config rules, would evaluate almost none there, so none is built; turn awsConfig on to get it',
      },
    ]);
    // A member outside the organization whose AWS Config is Control Tower's: no Config.1 note.
    const tower = configOf({
      audit: { accountId: '666666666666' },
      members: [
        {
          name: 'tower',
          accountId: '888888888888',
          standaloneTrail: true,
          inOrganization: false,
          awsConfig: 'control-tower',
        },
      ],
    });
    expect(judge(SECURITY_HUB_ENABLED, tower, [audit]).filter((v) => v.status === 'gap')).toEqual([
      { where: 'member-tower', status: 'gap', detail: outside.slice(0, outside.indexOf('; Config.1')) },
    ]);
    // Every hub, and a standard short in one Region: missing too.
    expect(judge(SECURITY_HUB_ENABLED, config, [audit, sandbox(regions, regions * standards - 1)])[1].status).toBe(
      'missing',
    );
    expect(judge(SECURITY_HUB_ENABLED, config, [audit, sandbox(regions - 1)])[1]).toEqual({
      where: 'member-sandbox',
      status: 'missing',
      detail: `outside the organization: ${regions - 1} Security Hub(s) and ${(regions - 1) * standards} standard subscription(s) for ${regions} governed Region(s) x ${standards} standard(s)`,
    });
  });
});

describe('an evasion rule (evasion-flow-logs-deleted)', () => {
  const rule = ruleById(EVASION_RULES, 'evasion-flow-logs-deleted');

  test('its record: no CIS number or Security Hub control, the ATT&CK techniques it detects', () => {
    expect(rule.cis).toEqual([]);
    expect(rule.securityHub).toEqual([]);
    expect(rule.attack?.length).toBeGreaterThan(0);
  });

  test('met: the filters, the alarm with an action and a subscriber in the organization stack', () => {
    const config = configOf();
    const resources = alarmResources(config, 'evasion-flow-logs-deleted');
    expect(judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, resources)])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'met', detail: alarmAddresses(resources) },
    ]);
  });

  test('missing: the stack has no filter for it', () => {
    expect(judge(rule, configOf(), [stackOf(ORGANIZATION_STACK_NAME, {})])).toEqual([
      {
        where: ORGANIZATION_STACK_NAME,
        status: 'missing',
        detail: expect.stringMatching(/^evasion-flow-logs-deleted: no metric filter with the text /),
      },
    ]);
  });

  test('gap: alarms.evasion does not select it', () => {
    const config = configOf({ alarms: { emails: ['sec@example.com'], evasion: [] } });
    expect(judge(rule, config, [stackOf(ORGANIZATION_STACK_NAME, {})])).toEqual([
      { where: ORGANIZATION_STACK_NAME, status: 'gap', detail: 'not selected in alarms.evasion' },
    ]);
  });
});
