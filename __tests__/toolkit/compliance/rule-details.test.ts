import { accountRoles } from '../../../modules/org-config/warnings';
import {
  APPLICATION_LOGS_DESTINATION_NAME,
  APPLICATION_LOGS_POLICY_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  REGION_DENY_POLICY_NAME,
} from '../../../modules/core/naming';
import { ARCHIVE_TLS_ONLY } from '../../../packages/cli/toolkit/compliance/rules/archive-tls-only';
import { APPLICATION_LOGS_ARCHIVED } from '../../../packages/cli/toolkit/compliance/rules/application-logs-archived';
import { CONFIG_ALL_REGIONS } from '../../../packages/cli/toolkit/compliance/rules/config-all-regions';
import { VPC_FLOW_LOGS } from '../../../packages/cli/toolkit/compliance/rules/vpc-flow-logs';
import { otherRegionsVerdict } from '../../../packages/cli/toolkit/compliance/rules/other-regions';
import { TRAIL_CLOUDWATCH_LOGS } from '../../../packages/cli/toolkit/compliance/rules/trail-cloudwatch-logs';
import { TRAIL_KMS } from '../../../packages/cli/toolkit/compliance/rules/trail-kms';
import { TRAIL_LOG_FILE_VALIDATION } from '../../../packages/cli/toolkit/compliance/rules/trail-log-file-validation';
import type { ComplianceRule } from '../../../packages/cli/toolkit/compliance/rule';
import { TRAIL_BUCKET_NOT_PUBLIC } from '../../../packages/cli/toolkit/compliance/rules/trail-bucket-not-public';
import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import { configOf, judge, several, stackOf } from './rule-cases';

/*
 * The branches of the rules that rules.test.ts (one rule of each kind) does not take: each verdict
 * of a rule whole, its place, status and detail, on hand-written stacks. The detail is what an
 * auditor reads in the report, so it is compared whole.
 */

describe('application-logs-archived', () => {
  const config = configOf({
    applicationLogs: { enabled: true, optedOutMembers: ['sandbox'] },
    members: [
      { name: 'payments', accountId: '444444444444' },
      { name: 'sandbox', accountId: '555555555555' },
      { name: 'archive', accountId: '222222222222' },
    ],
  });
  const regions = config.governedRegions.length;
  /** A sender's stack: this product's policy in `count` Regions, and one policy of another kind or name beside them. */
  const sender = (count: number) =>
    stackOf('member-payments', {
      aws_cloudwatch_log_account_policy: {
        ...several('policy', count, () => ({
          policy_type: 'SUBSCRIPTION_FILTER_POLICY',
          policy_name: APPLICATION_LOGS_POLICY_NAME,
        })),
        protection: { policy_type: 'DATA_PROTECTION_POLICY', policy_name: APPLICATION_LOGS_POLICY_NAME },
        theirs: { policy_type: 'SUBSCRIPTION_FILTER_POLICY', policy_name: 'their-own' },
      },
    });
  /** The archive: a destination in `count` Regions and a stream in `streams`, and one of another name beside each. */
  const archive = (count: number, streams = count) =>
    stackOf(LOG_ARCHIVE_STACK_NAME, {
      aws_cloudwatch_log_destination: {
        ...several('destination', count, () => ({ name: APPLICATION_LOGS_DESTINATION_NAME })),
        other: { name: 'their-destination' },
      },
      aws_kinesis_firehose_delivery_stream: {
        ...several('stream', streams, (i) => ({ name: `${APPLICATION_LOGS_DESTINATION_NAME}-region-${i}` })),
        other: { name: 'their-stream' },
      },
    });

  test('met in every governed Region; the opted-out member and the log archive account are gaps that say why', () => {
    expect(judge(APPLICATION_LOGS_ARCHIVED, config, [sender(regions), archive(regions)])).toEqual([
      {
        where: 'member-payments',
        status: 'met',
        detail: 'aws_cloudwatch_log_account_policy.policy_0, aws_cloudwatch_log_account_policy.policy_1',
      },
      { where: 'member-sandbox', status: 'gap', detail: 'opted out in applicationLogs.optedOutMembers' },
      {
        where: 'member-archive',
        status: 'gap',
        detail:
          'the log archive account does not send its own: its delivery path would feed itself (docs/application-logs.md, the loop rule)',
      },
      {
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'met',
        detail:
          'aws_cloudwatch_log_destination.destination_0, aws_cloudwatch_log_destination.destination_1, aws_kinesis_firehose_delivery_stream.stream_0, aws_kinesis_firehose_delivery_stream.stream_1',
      },
    ]);
  });

  test('missing, with the counts, where a Region lacks the policy, the destination or the stream', () => {
    const verdicts = judge(APPLICATION_LOGS_ARCHIVED, config, [sender(regions - 1), archive(regions - 1)]);
    expect(verdicts.filter((v) => v.status === 'missing')).toEqual([
      {
        where: 'member-payments',
        status: 'missing',
        detail: `${regions - 1} account-level subscription filter policies ${APPLICATION_LOGS_POLICY_NAME} for ${regions} governed Region(s)`,
      },
      {
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'missing',
        detail: `${regions - 1} destination(s) ${APPLICATION_LOGS_DESTINATION_NAME} and ${regions - 1} Firehose stream(s) for ${regions} governed Region(s)`,
      },
    ]);
    // The archive needs both in every Region: the destinations without the streams, or the reverse, is missing.
    for (const [destinations, streams] of [
      [regions, regions - 1],
      [regions - 1, regions],
    ]) {
      const partial = archive(destinations, streams);
      expect(judge(APPLICATION_LOGS_ARCHIVED, config, [sender(regions), partial]).at(-1)).toEqual({
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'missing',
        detail: `${destinations} destination(s) ${APPLICATION_LOGS_DESTINATION_NAME} and ${streams} Firehose stream(s) for ${regions} governed Region(s)`,
      });
    }
    // A stack of another member's name is not the sender's.
    const elsewhere = { ...sender(regions), name: 'member-sandbox' };
    expect(judge(APPLICATION_LOGS_ARCHIVED, config, [elsewhere, archive(regions)])[0].status).toBe('missing');
  });

  test('off: one gap for every account, with the reason and the guide', () => {
    expect(judge(APPLICATION_LOGS_ARCHIVED, configOf(), [])).toEqual([
      {
        where: '(every account)',
        status: 'gap',
        detail:
          'applicationLogs.enabled is false: what applications write to CloudWatch Logs stays in their accounts, where their administrators can delete it (docs/application-logs.md)',
      },
    ]);
  });
});

describe('config-all-regions and vpc-flow-logs: the accounts they cannot judge', () => {
  const config = configOf({
    awsConfig: { flowLogsForEveryVpc: true },
    members: [
      { name: 'payments', accountId: '444444444444', awsConfig: 'control-tower' },
      { name: 'sandbox', accountId: '555555555555', awsConfig: false },
    ],
  });
  const roles = new Map(accountRoles(config));

  test('an account of the organization not in members, a member left to Control Tower, a member opted out', () => {
    const recorded = judge(CONFIG_ALL_REGIONS, config, []);
    expect(recorded.slice(0, -1)).toEqual(
      [...roles]
        .map(([accountId, role]) => ({
          where: accountId,
          status: 'gap',
          detail: `${role} is not in members, so AWS Config is not deployed there`,
        }))
        .concat([
          {
            where: 'member-payments',
            status: 'gap',
            detail: 'AWS Config is left to Control Tower (awsConfig "control-tower"): not built or checked here',
          },
          { where: 'member-sandbox', status: 'gap', detail: 'awsConfig is false (opted out)' },
        ]),
    );
    const flowLogs = judge(VPC_FLOW_LOGS, config, []);
    expect(flowLogs.filter((v) => roles.has(v.where))).toEqual(
      [...roles].map(([accountId, role]) => ({
        where: accountId,
        status: 'gap',
        detail: `${role} is not in members, so no rule gives its VPCs flow logs`,
      })),
    );
    expect(flowLogs.find((v) => v.where === 'member-sandbox')).toEqual({
      where: 'member-sandbox',
      status: 'gap',
      detail: 'awsConfig is false: without AWS Config no rule finds its VPCs',
    });
  });
});

describe('archive-tls-only', () => {
  test('met by each bucket policy of the archive that denies requests without TLS; missing, named, where one does not', () => {
    const archive = stackOf(LOG_ARCHIVE_STACK_NAME, {
      aws_s3_bucket_policy: {
        logs: { policy: JSON.stringify({ Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny' }] }) },
        results: { policy: JSON.stringify({ Statement: [{ Sid: 'AllowReaders', Effect: 'Allow' }] }) },
      },
    });
    expect(judge(ARCHIVE_TLS_ONLY, configOf(), [archive])).toEqual([
      { where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_s3_bucket_policy.logs' },
      {
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'missing',
        detail: 'aws_s3_bucket_policy.results has no DenyInsecureTransport',
      },
    ]);
  });
});

describe('config-all-regions: the accounts of the organization only', () => {
  test('a member recording in every governed Region is met; a member outside the organization is not judged here', () => {
    const config = configOf({
      members: [
        { name: 'payments', accountId: '444444444444' },
        { name: 'sandbox', accountId: '555555555555', standaloneTrail: true, inOrganization: false },
      ],
    });
    const regions = config.governedRegions.length;
    const recording = (name: string, enabled: number) =>
      stackOf(name, {
        aws_config_configuration_recorder: several('recorder', regions),
        aws_config_configuration_recorder_status: several('status', regions, (i) => ({ is_enabled: i < enabled })),
      });
    const verdicts = judge(CONFIG_ALL_REGIONS, config, [
      recording('member-payments', regions),
      recording('member-sandbox', regions),
    ]);
    expect(verdicts.map((v) => v.where)).not.toContain('member-sandbox');
    expect(verdicts.find((v) => v.where === 'member-payments')).toEqual({
      where: 'member-payments',
      status: 'met',
      detail: 'aws_config_configuration_recorder.recorder_0, aws_config_configuration_recorder.recorder_1',
    });
    expect(
      judge(CONFIG_ALL_REGIONS, config, [recording('member-payments', regions - 1)]).find(
        (v) => v.where === 'member-payments',
      ),
    ).toEqual({
      where: 'member-payments',
      status: 'missing',
      detail: `${regions} recorder(s) and ${regions - 1} enabled for ${regions} governed Region(s)`,
    });
  });
});

describe('the Regions outside governedRegions (otherRegionsVerdict, the last verdict of 4.3 and 4.7)', () => {
  const config = configOf();
  /** A Region deny: the statement that denies all but `regions` (`effect`, all but `kept`), and two beside it that it reads past. */
  const denyOf = ({ regions = [...config.governedRegions].reverse(), effect = 'Deny', kept = ['iam:*'] } = {}) => ({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', NotAction: ['organizations:LeaveOrganization'], Resource: '*' },
      { Effect: 'Deny', NotAction: ['iam:*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Effect: effect,
        NotAction: kept,
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
      },
    ],
  });
  const deny = denyOf();
  const guardrails = (policies: Record<string, Record<string, unknown>>) =>
    new Map([[GUARDRAILS_STACK_NAME, stackOf(GUARDRAILS_STACK_NAME, { aws_organizations_policy: policies })]]);
  const ungoverned = {
    where: '(Regions outside governedRegions)',
    status: 'gap',
    detail: `VPCs get flow logs only in ${[...config.governedRegions].sort().join(', ')}; every other Region is ungoverned: set guardrails.denyOtherRegions to deny them with an SCP`,
  };

  test('met by the Region deny SCP of its name that denies every Region but the governed ones, in any order', () => {
    expect(
      otherRegionsVerdict(
        config,
        guardrails({ deny: { name: REGION_DENY_POLICY_NAME, content: JSON.stringify(deny) } }),
        'VPCs get flow logs',
        false,
      ),
    ).toEqual({ where: GUARDRAILS_STACK_NAME, status: 'met', detail: 'aws_organizations_policy.deny' });
  });

  test('where the exemptions matter (AWS Config), a gap that names each deny and the Regional services it leaves open', () => {
    const exempting = denyOf({ kept: ['iam:*', 'directconnect:*'] });
    const verdict = otherRegionsVerdict(
      config,
      guardrails({
        first: { name: REGION_DENY_POLICY_NAME, content: JSON.stringify(exempting) },
        second: { name: REGION_DENY_POLICY_NAME, content: JSON.stringify(exempting) },
      }),
    );
    expect(verdict).toEqual({
      where: GUARDRAILS_STACK_NAME,
      status: 'gap',
      detail: expect.stringMatching(
        /^aws_organizations_policy\.first, aws_organizations_policy\.second denies every other Region but the Regional services it exempts, which AWS Config does not record there: .*directconnect.*\. To record a Region someone uses, add the Region to governedRegions$/,
      ),
    });
  });

  test('a gap where the deny is another policy, a policy whose content is not text, or one that leaves a Region open', () => {
    const open = denyOf({ regions: [...config.governedRegions, 'ap-southeast-2'] });
    for (const policy of [
      { name: 'their-region-deny', content: JSON.stringify(deny) },
      { name: REGION_DENY_POLICY_NAME, content: deny },
      { name: REGION_DENY_POLICY_NAME, content: JSON.stringify(open) },
      {
        name: REGION_DENY_POLICY_NAME,
        content: JSON.stringify(denyOf({ effect: 'Allow' })),
      },
    ]) {
      expect(otherRegionsVerdict(config, guardrails({ deny: policy }), 'VPCs get flow logs', false)).toEqual(
        ungoverned,
      );
    }
  });
});

describe('the trail setting rules, on a trail that lacks the setting in each way a stack can', () => {
  const judged = (rule: ComplianceRule, trail: Record<string, unknown>) =>
    judge(rule, configOf(), [stackOf(ORGANIZATION_STACK_NAME, { aws_cloudtrail: { trail } })])[0].status;

  test.each([
    ['trail-kms', TRAIL_KMS, { kms_key_id: 'arn:aws:kms:eu-west-1:222222222222:key/1' }, [{ kms_key_id: '' }, {}]],
    [
      'trail-cloudwatch-logs',
      TRAIL_CLOUDWATCH_LOGS,
      { cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:trail:*' },
      [{}],
    ],
    [
      'trail-log-file-validation',
      TRAIL_LOG_FILE_VALIDATION,
      { enable_log_file_validation: true },
      [{ enable_log_file_validation: false }, {}],
    ],
  ])('%s', (_id, rule, meeting, lacking) => {
    expect(judged(rule, meeting)).toBe('met');
    for (const trail of lacking) expect([trail, judged(rule, trail)]).toEqual([trail, 'missing']);
  });
});

describe('trail-bucket-not-public', () => {
  test('met only with all four settings of the public access block on the CloudTrail bucket', () => {
    const config = configOf();
    const bucket = complianceEvidence(config, []).naming.logBucketName;
    const all = {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    };
    const judged = (block: Record<string, unknown>) =>
      judge(TRAIL_BUCKET_NOT_PUBLIC, config, [
        stackOf(LOG_ARCHIVE_STACK_NAME, {
          aws_s3_bucket: { logs: { bucket } },
          aws_s3_bucket_public_access_block: { logs: { bucket: '${aws_s3_bucket.logs.id}', ...block } },
        }),
      ])[0];
    expect(judged(all)).toEqual({
      where: LOG_ARCHIVE_STACK_NAME,
      status: 'met',
      detail: 'aws_s3_bucket_public_access_block.logs',
    });
    for (const setting of Object.keys(all)) {
      expect([setting, judged({ ...all, [setting]: false })]).toEqual([
        setting,
        {
          where: LOG_ARCHIVE_STACK_NAME,
          status: 'missing',
          detail: `no aws_s3_bucket_public_access_block on ${bucket}`,
        },
      ]);
    }
  });
});

describe('vpc-flow-logs', () => {
  const vpc = (n: number) => ({ vpcId: `vpc-0a1b2c3${n}`, region: 'eu-west-1' });

  test("the listed VPCs: a flow log each in the member's stack, or missing with the counts; a member that lists none is not judged there", () => {
    const config = configOf({
      members: [
        { name: 'payments', accountId: '444444444444', vpcFlowLogs: [vpc(1), vpc(2)] },
        { name: 'sandbox', accountId: '555555555555' },
      ],
    });
    const payments = (logs: number) => stackOf('member-payments', { aws_flow_log: several('log', logs) });
    const verdicts = judge(VPC_FLOW_LOGS, config, [payments(2)]);
    expect(verdicts.slice(0, 2)).toEqual([
      { where: 'member-payments', status: 'met', detail: 'aws_flow_log.log_0, aws_flow_log.log_1' },
      {
        where: '(every account)',
        status: 'gap',
        detail:
          'only the VPCs listed in members[].vpcFlowLogs are covered; set awsConfig.flowLogsForEveryVpc to give every VPC a flow log',
      },
    ]);
    expect(judge(VPC_FLOW_LOGS, config, [payments(1)])[0]).toEqual({
      where: 'member-payments',
      status: 'missing',
      detail: '1 flow log(s) for 2 listed VPC(s)',
    });
  });

  test("with flowLogsForEveryVpc: the rule on AWS's source and the automatic remediation with AWS's runbook, in every governed Region", () => {
    const config = configOf({
      awsConfig: { flowLogsForEveryVpc: true },
      members: [{ name: 'payments', accountId: '444444444444' }],
    });
    const regions = config.governedRegions.length;
    const member = (rule: Record<string, unknown>, remediation: Record<string, unknown>) =>
      stackOf('member-payments', {
        aws_config_config_rule: {
          ...several('rule', regions, () => rule),
          theirs: { source: { source_identifier: 'S3_BUCKET_LOGGING_ENABLED' } },
          bare: {},
        },
        aws_config_remediation_configuration: {
          ...several('remediation', regions, () => remediation),
          theirs: { automatic: true, target_id: 'AWS-DisablePublicAccessForSecurityGroup' },
        },
      });
    const rule = { source: { source_identifier: 'VPC_FLOW_LOGS_ENABLED' } };
    const remediation = { automatic: true, target_id: 'AWS-EnableVPCFlowLogs' };
    const verdictOf = (stack: ReturnType<typeof member>) =>
      judge(VPC_FLOW_LOGS, config, [stack]).find((v) => v.where === 'member-payments');
    expect(verdictOf(member(rule, remediation))).toEqual({
      where: 'member-payments',
      status: 'met',
      detail: 'aws_config_remediation_configuration.remediation_0, aws_config_remediation_configuration.remediation_1',
    });
    const short = (rules: number, remediations: number) => ({
      where: 'member-payments',
      status: 'missing',
      detail: `${rules} vpc-flow-logs-enabled rule(s) and ${remediations} automatic remediation(s) for ${regions} governed Region(s)`,
    });
    expect(
      verdictOf(member({ source: { source_identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS' } }, remediation)),
    ).toEqual(short(0, regions));
    expect(verdictOf(member(rule, { ...remediation, automatic: false }))).toEqual(short(regions, 0));
    expect(verdictOf(member(rule, { ...remediation, target_id: 'AWS-DisableS3BucketPublicReadWrite' }))).toEqual(
      short(regions, 0),
    );
  });
});
