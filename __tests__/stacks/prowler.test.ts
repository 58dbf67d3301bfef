import { Testing } from 'cdktf';
import { buildStacks } from '../../stacks';
import { POLICY_TEST_CONFIG } from './policy/log-archive-cases';
import { configOf } from './policy/simulate';
import { synthJson } from '../support/stack-json';

/*
 * Prowler's checks of the CloudTrail and CloudWatch controls, ported from its source
 * (prowler-cloud/prowler@3e000faa3109230b748e4418a13c11c9e59f5cfb) and run on the synthesized stacks:
 * each must pass as Prowler would decide it from the deployed resources.
 */

type Synth = Record<string, any>;

/** Regex special characters escaped, as Python's re.escape does for these inputs. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Port of build_metric_filter_pattern (prowler/providers/aws/services/cloudwatch/lib/metric_filters.py):
 * every clause must appear somewhere in the filter text, in any order; event names match whole words.
 */
function buildMetricFilterPattern(options: {
  eventNames?: readonly string[];
  eventSource?: string;
  extraClauses?: readonly (readonly [field: string, operator: '=' | '!=', value: string])[];
}): RegExp {
  let pattern = '';
  if (options.eventSource !== undefined) pattern += `(?=.*\\$\\.eventSource\\s*=\\s*.?${escape(options.eventSource)})`;
  for (const name of options.eventNames ?? []) pattern += `(?=.*\\$\\.eventName\\s*=\\s*.?${escape(name)}\\b)`;
  for (const [field, operator, value] of options.extraClauses ?? []) {
    const op = operator === '!=' ? '\\s*!=\\s*' : '\\s*=\\s*';
    pattern += `(?=.*\\$\\.${escape(field)}${op}.?${escape(value)})`;
  }
  return new RegExp(pattern, 's');
}

const CHECKS_DIR = 'prowler/providers/aws/services/cloudwatch';

/** Each CloudWatch check: its file (under CHECKS_DIR) and the pattern it searches the filter texts for. */
const PROWLER_CLOUDWATCH_CHECKS: readonly (readonly [check: string, pattern: RegExp])[] = [
  [
    'cloudwatch_log_metric_filter_root_usage',
    /\$\.userIdentity\.type\s*=\s*.?Root.+\$\.userIdentity\.invokedBy NOT EXISTS.+\$\.eventType\s*!=\s*.?AwsServiceEvent.?/s,
  ],
  [
    'cloudwatch_log_metric_filter_unauthorized_api_calls',
    /\$\.errorCode\s*=\s*.?\*UnauthorizedOperation.+\$\.errorCode\s*=\s*.?AccessDenied\*.?/s,
  ],
  [
    'cloudwatch_log_metric_filter_sign_in_without_mfa',
    buildMetricFilterPattern({
      eventNames: ['ConsoleLogin'],
      extraClauses: [['additionalEventData.MFAUsed', '!=', 'Yes']],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_policy_changes',
    buildMetricFilterPattern({
      eventNames: [
        'DeleteGroupPolicy',
        'DeleteRolePolicy',
        'DeleteUserPolicy',
        'PutGroupPolicy',
        'PutRolePolicy',
        'PutUserPolicy',
        'CreatePolicy',
        'DeletePolicy',
        'CreatePolicyVersion',
        'DeletePolicyVersion',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'AttachUserPolicy',
        'DetachUserPolicy',
        'AttachGroupPolicy',
        'DetachGroupPolicy',
      ],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    buildMetricFilterPattern({
      eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_authentication_failures',
    buildMetricFilterPattern({
      eventNames: ['ConsoleLogin'],
      extraClauses: [['errorMessage', '=', 'Failed authentication']],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
    buildMetricFilterPattern({ eventSource: 'kms.amazonaws.com', eventNames: ['DisableKey', 'ScheduleKeyDeletion'] }),
  ],
  [
    'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
    buildMetricFilterPattern({
      eventSource: 's3.amazonaws.com',
      eventNames: [
        'PutBucketAcl',
        'PutBucketPolicy',
        'PutBucketCors',
        'PutBucketLifecycle',
        'PutBucketReplication',
        'DeleteBucketPolicy',
        'DeleteBucketCors',
        'DeleteBucketLifecycle',
        'DeleteBucketReplication',
      ],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
    buildMetricFilterPattern({
      eventSource: 'config.amazonaws.com',
      eventNames: [
        'StopConfigurationRecorder',
        'DeleteDeliveryChannel',
        'PutDeliveryChannel',
        'PutConfigurationRecorder',
      ],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_security_group_changes',
    buildMetricFilterPattern({
      eventNames: [
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
        'RevokeSecurityGroupIngress',
        'RevokeSecurityGroupEgress',
        'CreateSecurityGroup',
        'DeleteSecurityGroup',
      ],
    }),
  ],
  [
    'cloudwatch_changes_to_network_acls_alarm_configured',
    buildMetricFilterPattern({
      eventNames: [
        'CreateNetworkAcl',
        'CreateNetworkAclEntry',
        'DeleteNetworkAcl',
        'DeleteNetworkAclEntry',
        'ReplaceNetworkAclEntry',
        'ReplaceNetworkAclAssociation',
      ],
    }),
  ],
  [
    'cloudwatch_changes_to_network_gateways_alarm_configured',
    buildMetricFilterPattern({
      eventNames: [
        'CreateCustomerGateway',
        'DeleteCustomerGateway',
        'AttachInternetGateway',
        'CreateInternetGateway',
        'DeleteInternetGateway',
        'DetachInternetGateway',
      ],
    }),
  ],
  [
    'cloudwatch_changes_to_network_route_tables_alarm_configured',
    buildMetricFilterPattern({
      eventSource: 'ec2.amazonaws.com',
      eventNames: [
        'CreateRoute',
        'CreateRouteTable',
        'ReplaceRoute',
        'ReplaceRouteTableAssociation',
        'DeleteRouteTable',
        'DeleteRoute',
        'DisassociateRouteTable',
      ],
    }),
  ],
  [
    'cloudwatch_changes_to_vpcs_alarm_configured',
    buildMetricFilterPattern({
      eventNames: [
        'CreateVpc',
        'DeleteVpc',
        'ModifyVpcAttribute',
        'AcceptVpcPeeringConnection',
        'CreateVpcPeeringConnection',
        'DeleteVpcPeeringConnection',
        'RejectVpcPeeringConnection',
        'AttachClassicLinkVpc',
        'DetachClassicLinkVpc',
        'DisableVpcClassicLink',
        'EnableVpcClassicLink',
      ],
    }),
  ],
  [
    'cloudwatch_log_metric_filter_aws_organizations_changes',
    buildMetricFilterPattern({
      eventSource: 'organizations.amazonaws.com',
      eventNames: [
        'AcceptHandshake',
        'AttachPolicy',
        'CancelHandshake',
        'CreateAccount',
        'CreateOrganization',
        'CreateOrganizationalUnit',
        'CreatePolicy',
        'DeclineHandshake',
        'DeleteOrganization',
        'DeleteOrganizationalUnit',
        'DeletePolicy',
        'EnableAllFeatures',
        'EnablePolicyType',
        'InviteAccountToOrganization',
        'LeaveOrganization',
        'DetachPolicy',
        'DisablePolicyType',
        'MoveAccount',
        'RemoveAccountFromOrganization',
        'UpdateOrganizationalUnit',
        'UpdatePolicy',
      ],
    }),
  ],
];

const values = (synth: Synth, type: string): any[] => Object.values(synth.resource?.[type] ?? {});

/**
 * Port of check_cloudwatch_log_metric_filter (lib/metric_filters.py): PASS when a metric filter on
 * a trail's log group matches the pattern and an alarm is set on that filter's metric.
 */
function prowlerCloudWatchCheck(synth: Synth, pattern: RegExp): 'PASS' | 'FAIL' {
  const trailGroups = values(synth, 'aws_cloudtrail')
    .map((trail) => String(trail.cloud_watch_logs_group_arn ?? ''))
    .filter((arn) => arn !== '');
  const groupOf = (reference: string) => /aws_cloudwatch_log_group\.([^.]+)\./.exec(reference)?.[1];
  const onTrailGroup = (filter: any) =>
    trailGroups.some((arn) => groupOf(arn) === groupOf(String(filter.log_group_name)));
  const alarmed = new Set(values(synth, 'aws_cloudwatch_metric_alarm').map((a) => `${a.namespace}/${a.metric_name}`));
  return values(synth, 'aws_cloudwatch_log_metric_filter').some(
    (filter) =>
      onTrailGroup(filter) &&
      pattern.test(filter.pattern) &&
      alarmed.has(`${filter.metric_transformation.namespace}/${filter.metric_transformation.name}`),
  )
    ? 'PASS'
    : 'FAIL';
}

/**
 * Port of cloudtrail_multi_region_enabled_logging_management_events
 * (prowler/providers/aws/services/cloudtrail/...): a multi-Region trail that logs, with an advanced
 * selector named "Management events selector" that has no readOnly field.
 */
function prowlerManagementEventsCheck(trail: any): 'PASS' | 'FAIL' {
  const selectors: any[] = trail.advanced_event_selector ?? [];
  const management = selectors.some(
    (selector) =>
      selector.name === 'Management events selector' &&
      (selector.field_selector as { field: string }[]).every((field) => field.field !== 'readOnly'),
  );
  return trail.is_multi_region_trail === true && trail.enable_logging !== false && management ? 'PASS' : 'FAIL';
}

const stacks = new Map(
  buildStacks(Testing.app(), configOf({ ...POLICY_TEST_CONFIG, alarms: { emails: ['sec@example.com'] } })).map((s) => [
    s.node.id,
    synthJson(s),
  ]),
);
const organization = stacks.get('organization') as Synth;

describe('Prowler, on the organization stack', () => {
  test.each(PROWLER_CLOUDWATCH_CHECKS)(`${CHECKS_DIR}/%s passes`, (_check, pattern) => {
    expect(prowlerCloudWatchCheck(organization, pattern)).toBe('PASS');
  });

  test('cloudtrail_multi_region_enabled_logging_management_events passes for the organization trail', () => {
    expect(values(organization, 'aws_cloudtrail').map(prowlerManagementEventsCheck)).toEqual(['PASS']);
  });

  test('the checks can fail: the route table filter without its event source, or without its alarm', () => {
    const [, routeTables] = PROWLER_CLOUDWATCH_CHECKS.find(([check]) => check.includes('route_tables')) ?? [];
    if (routeTables === undefined) throw new Error('no route table check');
    const withoutSource = structuredClone(organization);
    for (const filter of values(withoutSource, 'aws_cloudwatch_log_metric_filter')) {
      filter.pattern = String(filter.pattern).replace('($.eventSource = ec2.amazonaws.com) && ', '');
    }
    expect(prowlerCloudWatchCheck(withoutSource, routeTables)).toBe('FAIL');
    const withoutAlarm = structuredClone(organization);
    withoutAlarm.resource.aws_cloudwatch_metric_alarm = Object.fromEntries(
      Object.entries(withoutAlarm.resource.aws_cloudwatch_metric_alarm as Record<string, any>).filter(
        ([, alarm]) => alarm.alarm_name !== 'cis-route-table-changes',
      ),
    );
    expect(prowlerCloudWatchCheck(withoutAlarm, routeTables)).toBe('FAIL');
  });
});

describe('Prowler, on the account trails of members outside the organization', () => {
  const outside = [...stacks.entries()].filter(
    ([name, synth]) => name.startsWith('member-') && values(synth, 'aws_cloudtrail').length > 0,
  );

  test('there are outside members with account trails to check', () => {
    expect(outside.map(([name]) => name)).toEqual(['member-sandbox', 'member-acquired']);
  });

  test.each(PROWLER_CLOUDWATCH_CHECKS)(`${CHECKS_DIR}/%s passes in each of them`, (_check, pattern) => {
    expect(outside.map(([, synth]) => prowlerCloudWatchCheck(synth, pattern))).toEqual(outside.map(() => 'PASS'));
  });

  test('cloudtrail_multi_region_enabled_logging_management_events passes for each account trail', () => {
    const trails = [...stacks.entries()]
      .filter(([name]) => name.startsWith('member-'))
      .flatMap(([, synth]) => values(synth, 'aws_cloudtrail'));
    expect(trails.length).toBeGreaterThan(0);
    expect(trails.map(prowlerManagementEventsCheck)).toEqual(trails.map(() => 'PASS'));
  });
});
