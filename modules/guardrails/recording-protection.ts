import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals, roleInAnyAccount } from './principals';

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
   * The administrator role (by name, in every account) that applies the deploy role's bootstrap
   * stacks (`deployment.bootstrapRoleName`): besides break-glass, the only role that may change the
   * deploy role, so that `deploy-role` can be applied again under the guardrails.
   * @default - the deploy role itself: only break-glass changes it
   */
  readonly deployRoleManagerName?: string;
  /**
   * Roles (by name, in every account) that manage another AWS Config recorder, spared from the
   * recorder statement only: `AWSControlTowerExecution` where Control Tower owns Config in some
   * accounts, so that Control Tower can still enroll and update them.
   * @default []
   */
  readonly otherRecorderManagers?: readonly string[];
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
 * break-glass principals may stop, delete or reconfigure the account trail, the flow logs and Session Manager preferences this
 * product created (tagged `ManagedBy`), the recording role or the deploy role itself; nobody but
 * break-glass may take the account out of the organization.
 */
export function recordingProtectionStatements(props: RecordingProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const anywhere = (service: string, resource: string, resourceName: string) =>
    formatArn({ partition: p, service, region: '*', account: '*', resource, resourceName });
  const except = exceptPrincipals([roleInAnyAccount(p, props.deployRoleName), ...props.breakGlassPrincipalArns]);
  const condition = except.Condition ?? {};
  const flowLogs = anywhere('ec2', 'vpc-flow-log', '*');
  const sessionDocument = anywhere('ssm', 'document', props.sessionDocumentName);
  const managedByUs = { 'aws:ResourceTag/ManagedBy': props.managedByTag };
  const manager = props.deployRoleManagerName ?? props.deployRoleName;
  const separateManager = manager !== props.deployRoleName;
  return [
    {
      Sid: 'DenyTrailChanges',
      Effect: 'Deny',
      Action: [...TRAIL_CHANGE_ACTIONS],
      Resource: anywhere('cloudtrail', 'trail', props.accountTrailName),
      ...except,
    },
    {
      Sid: 'DenyFlowLogDeletion',
      Effect: 'Deny',
      Action: 'ec2:DeleteFlowLogs',
      Resource: flowLogs,
      Condition: { ...condition, StringEquals: managedByUs },
    },
    {
      // Another team's flow logs and preferences are theirs: only what this product tagged is bound.
      Sid: 'DenyManagedByUntagging',
      Effect: 'Deny',
      Action: ['ec2:DeleteTags', 'ec2:CreateTags', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
      Resource: [flowLogs, sessionDocument],
      Condition: {
        ...condition,
        StringEquals: managedByUs,
        'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ManagedBy' },
      },
    },
    {
      Sid: 'DenySessionPreferenceChanges',
      Effect: 'Deny',
      Action: ['ssm:UpdateDocument', 'ssm:DeleteDocument', 'ssm:UpdateDocumentDefaultVersion'],
      Resource: sessionDocument,
      Condition: { ...condition, StringEquals: managedByUs },
    },
    {
      // The deploy role is what every exemption here trusts, by name: it is protected as the
      // recording role is, or an administrator could re-trust it and take its exemptions.
      Sid: 'DenyProtectedRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS],
      Resource: separateManager
        ? [roleInAnyAccount(p, props.configRoleName)]
        : [roleInAnyAccount(p, props.configRoleName), roleInAnyAccount(p, props.deployRoleName)],
      ...except,
    },
    ...(separateManager
      ? [
          {
            // The bootstrap role applies the deploy role's own stack (docs/deploy-role.md), so it
            // alone may change that role; it changes nothing else here.
            Sid: 'DenyDeployRoleChanges',
            Effect: 'Deny' as const,
            Action: [...ROLE_CHANGE_ACTIONS],
            Resource: roleInAnyAccount(p, props.deployRoleName),
            ...exceptPrincipals([
              roleInAnyAccount(p, props.deployRoleName),
              roleInAnyAccount(p, manager),
              ...props.breakGlassPrincipalArns,
            ]),
          },
        ]
      : []),
    {
      // Terraform never leaves an organization: only break-glass may.
      Sid: 'DenyLeavingOrganization',
      Effect: 'Deny',
      Action: 'organizations:LeaveOrganization',
      Resource: '*',
      ...exceptPrincipals(props.breakGlassPrincipalArns),
    },
  ];
}

/**
 * The service control policy that keeps AWS Config recording where this product records it: nobody
 * but the deploy role, the other recorder managers and the break-glass principals may stop, delete
 * or replace the recorder and delivery channel in a governed Region. Config's recorder actions take
 * no resource ARN and no tag, so the policy binds by where it is attached: only the accounts this
 * product records, so that a team that runs AWS Config itself elsewhere is not stopped.
 */
export function recorderProtectionStatements(
  props: Pick<
    RecordingProtectionProps,
    'partition' | 'deployRoleName' | 'breakGlassPrincipalArns' | 'governedRegions' | 'otherRecorderManagers'
  >,
): PolicyStatement[] {
  const p = props.partition;
  const recorderExcept = exceptPrincipals([
    roleInAnyAccount(p, props.deployRoleName),
    ...(props.otherRecorderManagers ?? []).map((name) => roleInAnyAccount(p, name)),
    ...props.breakGlassPrincipalArns,
  ]);
  return [
    {
      Sid: 'DenyRecorderChanges',
      Effect: 'Deny',
      Action: [...RECORDER_CHANGE_ACTIONS],
      Resource: '*',
      Condition: {
        ...(recorderExcept.Condition ?? {}),
        StringEquals: { 'aws:RequestedRegion': [...props.governedRegions].sort() },
      },
    },
  ];
}
