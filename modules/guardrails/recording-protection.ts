import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals } from './principals';

/** The organization trail's monitoring, protected where its account is subject to SCPs. */
export interface MonitoredTrail {
  /** Name of the organization trail. */
  readonly trailName: string;
  /** Its CloudWatch Logs group (metric filters live on it). */
  readonly logGroupName: string;
  /** The role CloudTrail assumes to deliver to the log group. */
  readonly deliveryRoleName: string;
  /** The SNS topic the alarms notify. */
  readonly topicName: string;
  /** Names of the alarms on the trail's metric filters. */
  readonly alarmNames: readonly string[];
}

/** What the recording protection policy protects, and who it spares. */
export interface RecordingProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The deploy role, by name (the same in every account): Terraform must still apply updates. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
  /** Regions where members record AWS Config: the recorder and channel there are protected. */
  readonly governedRegions: readonly string[];
  /** Name of the members' account trails. */
  readonly accountTrailName: string;
  /** Name of the role AWS Config records with in each member. */
  readonly configRoleName: string;
  /** The Session Manager preferences document. */
  readonly sessionDocumentName: string;
  /** Value of the `ManagedBy` tag on the flow logs this product creates. */
  readonly managedByTag: string;
  /**
   * The organization trail's monitoring, when its account is a delegated administrator (subject to
   * SCPs). The management account is not: leave it out then.
   */
  readonly monitoredTrail?: MonitoredTrail;
}

/** Changes to CloudTrail that stop, delete or narrow a trail. */
export const TRAIL_CHANGE_ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
] as const;

/** Changes to AWS Config that stop or redirect the recording. */
export const RECORDER_CHANGE_ACTIONS = [
  'config:StopConfigurationRecorder',
  'config:DeleteConfigurationRecorder',
  'config:PutConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:PutDeliveryChannel',
] as const;

/** Changes to a role that would take away what a recording service acts with. */
export const ROLE_CHANGE_ACTIONS = [
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
] as const;

/**
 * The service control policy that keeps every member recording: nobody but the deploy role and the
 * break-glass principals may stop, delete or reconfigure AWS Config's recorder and delivery channel
 * in a governed Region, the account trail, the flow logs this product created (tagged `ManagedBy`),
 * the Session Manager preferences or the roles they use, or take the account out of the
 * organization. Where the organization trail belongs to a delegated administrator, its log group,
 * metric filters, alarms and topic are protected the same way.
 */
export function recordingProtectionStatements(props: RecordingProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const except = exceptPrincipals([`arn:${p}:iam::*:role/${props.deployRoleName}`, ...props.breakGlassPrincipalArns]);
  const condition = except.Condition ?? {};
  const monitored = props.monitoredTrail;
  const trails = [props.accountTrailName, ...(monitored === undefined ? [] : [monitored.trailName])];
  const roles = [props.configRoleName, ...(monitored === undefined ? [] : [monitored.deliveryRoleName])];
  const flowLogs = `arn:${p}:ec2:*:*:vpc-flow-log/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyRecorderChanges',
      Effect: 'Deny',
      Action: [...RECORDER_CHANGE_ACTIONS],
      Resource: '*',
      Condition: { ...condition, StringEquals: { 'aws:RequestedRegion': [...props.governedRegions].sort() } },
    },
    {
      Sid: 'DenyTrailChanges',
      Effect: 'Deny',
      Action: [...TRAIL_CHANGE_ACTIONS],
      Resource: trails.map((name) => `arn:${p}:cloudtrail:*:*:trail/${name}`),
      ...except,
    },
    {
      Sid: 'DenyFlowLogDeletion',
      Effect: 'Deny',
      Action: 'ec2:DeleteFlowLogs',
      Resource: flowLogs,
      Condition: { ...condition, StringEquals: { 'aws:ResourceTag/ManagedBy': props.managedByTag } },
    },
    {
      Sid: 'DenyFlowLogUntagging',
      Effect: 'Deny',
      Action: ['ec2:DeleteTags', 'ec2:CreateTags'],
      Resource: flowLogs,
      Condition: { ...condition, 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ManagedBy' } },
    },
    {
      Sid: 'DenySessionPreferenceChanges',
      Effect: 'Deny',
      Action: ['ssm:UpdateDocument', 'ssm:DeleteDocument', 'ssm:UpdateDocumentDefaultVersion'],
      Resource: `arn:${p}:ssm:*:*:document/${props.sessionDocumentName}`,
      ...except,
    },
    {
      Sid: 'DenyRecordingRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS],
      Resource: roles.map((name) => `arn:${p}:iam::*:role/${name}`),
      ...except,
    },
    {
      Sid: 'DenyLeavingOrganization',
      Effect: 'Deny',
      Action: 'organizations:LeaveOrganization',
      Resource: '*',
      ...except,
    },
  ];
  if (monitored !== undefined) statements.push(...monitoringStatements(p, monitored, except));
  return statements;
}

function monitoringStatements(
  p: string,
  trail: MonitoredTrail,
  except: ReturnType<typeof exceptPrincipals>,
): PolicyStatement[] {
  const logGroup = `arn:${p}:logs:*:*:log-group:${trail.logGroupName}`;
  return [
    {
      Sid: 'DenyTrailLogGroupChanges',
      Effect: 'Deny',
      Action: [
        'logs:DeleteLogGroup',
        'logs:DeleteLogStream',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:PutMetricFilter',
        'logs:DeleteMetricFilter',
        'logs:DisassociateKmsKey',
      ],
      Resource: [logGroup, `${logGroup}:*`],
      ...except,
    },
    {
      Sid: 'DenyAlarmChanges',
      Effect: 'Deny',
      Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DisableAlarmActions'],
      Resource: [...trail.alarmNames].sort().map((name) => `arn:${p}:cloudwatch:*:*:alarm:${name}`),
      ...except,
    },
    {
      Sid: 'DenyAlarmTopicChanges',
      Effect: 'Deny',
      Action: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:RemovePermission', 'sns:AddPermission'],
      Resource: `arn:${p}:sns:*:*:${trail.topicName}`,
      ...except,
    },
  ];
}
