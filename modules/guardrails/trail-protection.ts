import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { TRAIL_CHANGE_ACTIONS, ROLE_CHANGE_ACTIONS } from './recording-protection';
import { exceptPrincipals } from './principals';

/**
 * Changes to the trail's log group: deleting it or its streams, its retention, its metric filters,
 * its key (a key of the caller's own in its place, disabled later, stops delivery and the filters),
 * and a transformer or a masking policy, which change the events the metric filters read.
 */
export const TRAIL_LOG_GROUP_CHANGE_ACTIONS = [
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:PutMetricFilter',
  'logs:DeleteMetricFilter',
  'logs:DisassociateKmsKey',
  'logs:AssociateKmsKey',
  'logs:PutTransformer',
  'logs:PutDataProtectionPolicy',
] as const;

/**
 * Writing events into the trail's log group: the delivery heartbeat counts the group's incoming
 * events ([logs-incoming-events-count-every-upload]), so events of one's own would keep it quiet
 * while the trail's delivery is broken, and a metric filter can fire on a forged event.
 */
export const TRAIL_LOG_WRITE_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:PutBearerTokenAuthentication',
] as const;

/**
 * Changes to the alarm topic: unsubscribing the people (or filtering what they receive) silences
 * every alarm at once, as does a data protection policy that blocks or masks what is published
 * ([sns-data-protection-policy-blocks-messages]).
 */
export const ALARM_TOPIC_CHANGE_ACTIONS = [
  'sns:DeleteTopic',
  'sns:PutDataProtectionPolicy',
  'sns:SetTopicAttributes',
  'sns:RemovePermission',
  'sns:AddPermission',
  'sns:Unsubscribe',
  'sns:SetSubscriptionAttributes',
] as const;

/**
 * Changes to the keys of the log group and the alarm topic, tagging included: the statement finds
 * them by their ManagedBy tag, which an untagged key no longer has ([kms-tags-decide-access]).
 */
export const MONITORING_KEY_CHANGE_ACTIONS = [
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:DisableKeyRotation',
  'kms:TagResource',
  'kms:UntagResource',
] as const;

/** Changes to this product's alarms; a mute rule stops an alarm's actions without changing the alarm. */
export const ALARM_CHANGE_ACTIONS = [
  'cloudwatch:DeleteAlarms',
  'cloudwatch:PutMetricAlarm',
  'cloudwatch:DisableAlarmActions',
  'cloudwatch:PutAlarmMuteRule',
] as const;

/** The organization trail's account and what watches the trail there. */
export interface TrailProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The CloudTrail delegated administrator that owns the organization stack (SCPs bind it). */
  readonly accountId: string;
  /** The deploy role, by name: Terraform must still apply updates. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
  /** Name of the organization trail. */
  readonly trailName: string;
  /** Its CloudWatch Logs group (the metric filters live on it). */
  readonly logGroupName: string;
  /** The role CloudTrail assumes to deliver to the log group. */
  readonly deliveryRoleName: string;
  /** The SNS topic the alarms notify. */
  readonly topicName: string;
  /**
   * Names of the alarms on the trail's metric filters. Names starting with one of `alarmPrefixes`
   * are covered by one pattern per prefix; the others are listed.
   */
  readonly alarmNames: readonly string[];
  /** The prefixes of the built-in alarm names (`cis-`, `evasion-`). */
  readonly alarmPrefixes: readonly string[];
  /** Value of the `ManagedBy` tag on the keys this product creates there. */
  readonly managedByTag: string;
}

/**
 * The service control policy of a CloudTrail delegated administrator: nobody but the deploy role and
 * the break-glass principals may stop, delete or narrow the organization trail, or change its log
 * group, metric filters, delivery role, alarms, alarm topic or the keys of the two. (In the management account no SCP
 * applies: there the CIS alarms on CloudTrail and CloudWatch changes are what watches the trail.)
 */
export function trailProtectionStatements(props: TrailProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const account = props.accountId;
  const role = (name: string) =>
    formatArn({ partition: p, service: 'iam', region: '', account, resource: 'role', resourceName: name });
  const except = exceptPrincipals([role(props.deployRoleName), ...props.breakGlassPrincipalArns]);
  const logGroup = formatArn({
    partition: p,
    service: 'logs',
    region: '*',
    account,
    resource: 'log-group',
    resourceName: props.logGroupName,
    arnFormat: 'colon',
  });
  const alarm = (name: string) =>
    formatArn({
      partition: p,
      service: 'cloudwatch',
      region: '*',
      account,
      resource: 'alarm',
      resourceName: name,
      arnFormat: 'colon',
    });
  const prefixOf = (name: string) => props.alarmPrefixes.find((prefix) => name.startsWith(prefix));
  const listed = [...new Set(props.alarmNames.filter((name) => prefixOf(name) === undefined))].sort();
  const prefixed = props.alarmPrefixes.filter((prefix) => props.alarmNames.some((name) => prefixOf(name) === prefix));
  const alarms = [...prefixed.map((prefix) => alarm(`${prefix}*`)), ...listed.map(alarm)];
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyOrganizationTrailChanges',
      Effect: 'Deny',
      // The trail's ARN names the management account, its owner, whichever account manages it.
      Action: [...TRAIL_CHANGE_ACTIONS],
      Resource: formatArn({
        partition: p,
        service: 'cloudtrail',
        region: '*',
        account: '*',
        resource: 'trail',
        resourceName: props.trailName,
      }),
      ...except,
    },
    {
      Sid: 'DenyTrailDeliveryRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS],
      Resource: role(props.deliveryRoleName),
      ...except,
    },
    {
      Sid: 'DenyTrailLogGroupChanges',
      Effect: 'Deny',
      Action: [...TRAIL_LOG_GROUP_CHANGE_ACTIONS],
      Resource: [logGroup, `${logGroup}:*`],
      ...except,
    },
    {
      // Only CloudTrail's delivery role writes there.
      Sid: 'DenyTrailLogForgery',
      Effect: 'Deny',
      Action: [...TRAIL_LOG_WRITE_ACTIONS],
      Resource: [logGroup, `${logGroup}:*`],
      ...exceptPrincipals([role(props.deliveryRoleName), ...props.breakGlassPrincipalArns]),
    },
    {
      Sid: 'DenyAlarmTopicChanges',
      Effect: 'Deny',
      Action: [...ALARM_TOPIC_CHANGE_ACTIONS],
      Resource: formatArn({ partition: p, service: 'sns', region: '*', account, resource: props.topicName }),
      ...except,
    },
    {
      // The log group's and the alarm topic's keys: disabling either silences the trail's watch.
      // Only the keys this product tagged; the account's other keys are its teams'.
      Sid: 'DenyMonitoringKeyChanges',
      Effect: 'Deny',
      Action: [...MONITORING_KEY_CHANGE_ACTIONS],
      Resource: formatArn({ partition: p, service: 'kms', region: '*', account, resource: 'key', resourceName: '*' }),
      Condition: { ...(except.Condition ?? {}), StringEquals: { 'aws:ResourceTag/ManagedBy': props.managedByTag } },
    },
  ];
  if (alarms.length > 0) {
    statements.push({
      Sid: 'DenyAlarmChanges',
      Effect: 'Deny',
      Action: [...ALARM_CHANGE_ACTIONS],
      Resource: alarms,
      ...except,
    });
  }
  return [...statements, serviceMetricForgeryStatement(props)];
}

/**
 * Data points of one's own in an AWS service's namespace: the delivery heartbeat alarms on the trail
 * log group's `AWS/Logs` `IncomingLogEvents`, which points of one's own would keep from falling to
 * zero while the trail's delivery is broken. CloudWatch's model says only that a caller should not
 * use a namespace starting `AWS/` ([cloudwatch-aws-namespaces-reserved-by-convention]), so this
 * denies it, to all but break-glass, in the trail's account.
 */
function serviceMetricForgeryStatement(props: TrailProtectionProps): PolicyStatement {
  const except = exceptPrincipals(props.breakGlassPrincipalArns);
  return {
    Sid: 'DenyServiceMetricForgery',
    Effect: 'Deny',
    Action: 'cloudwatch:PutMetricData',
    Resource: '*',
    Condition: { ...(except.Condition ?? {}), StringLike: { 'cloudwatch:namespace': 'AWS/*' } },
  };
}
