import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { deployRolePolicyName, SESSION_LOGS_WRITER_POLICY_NAME } from '../core/naming';
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
  /**
   * Other principals an administrator must not become, by ARN (`*` may stand for part of a name):
   * the evidence signers, whose key policy lets them sign a package. Protected as the bootstrap role
   * and break-glass are: only the bootstrap role and break-glass may create, re-trust or change them.
   * @default []
   */
  readonly protectedPrincipalArns?: readonly string[];
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
  // Takes resource types out of the recording group without replacing the recorder.
  'config:DisassociateResourceTypes',
] as const;

/**
 * What stops, rewrites or narrows an AWS Config remediation: the flow-logs rule's, where this product
 * remediates. A remediation configuration's ARN holds an ID, not its rule's name, and no condition
 * key names the rule ([config-remediation-configuration-arn-is-an-id]), so the deny binds every
 * remediation in the governed Regions of the accounts the recorder protection is attached to.
 */
export const REMEDIATION_CHANGE_ACTIONS = [
  'config:DeleteRemediationConfiguration',
  'config:PutRemediationConfigurations',
  'config:PutRemediationExceptions',
] as const;

/**
 * Taking an account away from what records it: leaving the organization, closing the account (what
 * is left in it is deleted after 90 days, [organizations-closed-account-resources-deleted]) and
 * disabling a Region (it ends every IAM access to what is in it,
 * [account-disable-region-ends-access]).
 */
export const LEAVING_ACTIONS = [
  'organizations:LeaveOrganization',
  'account:CloseAccount',
  'account:DisableRegion',
] as const;

/**
 * Changes to an AWS Config rule this product made (the flow-log rule and its remediation's trigger),
 * and to its tags: the statement finds our rules by their ManagedBy tag
 * ([resource-tag-condition-reads-current-tags]).
 */
export const CONFIG_RULE_CHANGE_ACTIONS = [
  'config:DeleteConfigRule',
  'config:PutConfigRule',
  'config:DeleteEvaluationResults',
  'config:TagResource',
  'config:UntagResource',
] as const;

/**
 * IAM's writes on a role (the Service Authorization Reference's actions on resource type `role`)
 * that change who may become it or what it may do, or hand it to a service to act with: creating
 * it where it is missing, deleting it (to create it again with another trust), its trust, its
 * policies and its boundary, and `iam:PassRole`. The other writes on a role are listed with their
 * reason in `ROLE_WRITES_LEFT_OPEN`.
 */
export const ROLE_CHANGE_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PassRole',
] as const;

/**
 * IAM's writes on a role that the guardrails leave open on a protected role, each with why it gives
 * an administrator neither the role nor its use.
 */
export const ROLE_WRITES_LEFT_OPEN: Readonly<Record<string, string>> = {
  'iam:CreateServiceLinkedRole': 'creates only roles under aws-service-role/, a path none of the protected roles has',
  'iam:DeleteServiceLinkedRole': 'deletes only service-linked roles, which none of the protected roles is',
  'iam:TagRole': 'no guardrail, trust or key policy of ours reads a role tag',
  'iam:UntagRole': 'no guardrail, trust or key policy of ours reads a role tag',
  'iam:UpdateRole':
    "changes a role's description and maximum session duration only: neither who may assume it nor what it may do",
  'iam:UpdateRoleDescription': "changes a role's description only",
};

/**
 * IAM's writes on a break-glass or signing principal, role or user, by verb: every write that makes,
 * re-trusts, hands over or gives credentials to a principal, or changes what it may do (the
 * `iam:Create*` of a role, a user, an access key or a login profile alike). Verbs keep the policy
 * within the 5,120 characters of an SCP; the Resource holds them to those principals. An
 * `iam:UpdateUser` rename is authorized on the old and the new name, so no user takes a protected name.
 */
export const PRINCIPAL_TAKEOVER_ACTIONS = [
  'iam:Create*',
  'iam:Update*',
  'iam:Delete*',
  'iam:Put*',
  'iam:Attach*',
  'iam:Detach*',
  'iam:Upload*',
  'iam:Reset*',
  'iam:Enable*',
  'iam:Deactivate*',
  'iam:Resync*',
  'iam:PassRole',
] as const;

/**
 * IAM's writes on a user that `PRINCIPAL_TAKEOVER_ACTIONS` leaves open on a break-glass user, each
 * with why it lets nobody become the user.
 */
export const USER_WRITES_LEFT_OPEN: Readonly<Record<string, string>> = {
  'iam:ChangePassword': "changes the calling user's own password only: the break-glass user itself",
  'iam:TagUser': 'no guardrail, trust or key policy of ours reads a user tag',
  'iam:UntagUser': 'no guardrail, trust or key policy of ours reads a user tag',
};

/**
 * IAM's writes on a customer managed policy that change what the roles it is attached to may do
 * (a new default version is a new policy): the least-privilege deploy role's own policies.
 */
export const POLICY_CHANGE_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:DeletePolicy',
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
  const anyRole = roleInAnyAccount(p, '*');
  const deployRoleManagers = exceptPrincipals([
    roleInAnyAccount(p, props.deployRoleName),
    roleInAnyAccount(p, manager),
    ...props.breakGlassPrincipalArns,
  ]);
  const separateManager = manager !== props.deployRoleName;
  const privileged = [
    ...(separateManager ? [roleInAnyAccount(p, manager)] : []),
    ...props.breakGlassPrincipalArns,
    ...(props.protectedPrincipalArns ?? []),
  ];
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
      Action: [
        'ec2:DeleteTags',
        'ec2:CreateTags',
        'ssm:AddTagsToResource',
        'ssm:RemoveTagsFromResource',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      Resource: [flowLogs, sessionDocument, anyRole],
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
      // Every role this product makes (the recorder's, a trail's, a crawler's, a destination's...)
      // carries its ManagedBy tag: whoever could re-trust, widen or pass one would act as it. The
      // bootstrap role applies deploy-role's stack, whose role is tagged too; it is assumed from the
      // management account, which no SCP binds, so sparing it gives nobody more.
      Sid: 'DenyProtectedRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS],
      Resource: anyRole,
      Condition: { ...(deployRoleManagers.Condition ?? {}), StringEquals: managedByUs },
    },
    {
      // The deploy role is what every exemption here trusts, by name (the default one, made by
      // AWS Organizations, carries no tag of ours). The bootstrap role applies the deploy role's
      // own stack (docs/deploy-role.md), so it may change that role too. The session logs' writer
      // policy too: a version of one's own takes the nodes' upload away (aws-review F23).
      Sid: 'DenyDeployRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS, ...POLICY_CHANGE_ACTIONS],
      Resource: [
        roleInAnyAccount(p, props.deployRoleName),
        ...[deployRolePolicyName(props.deployRoleName, '*'), SESSION_LOGS_WRITER_POLICY_NAME].map((resourceName) =>
          formatArn({ partition: p, service: 'iam', region: '', account: '*', resource: 'policy', resourceName }),
        ),
      ],
      ...deployRoleManagers,
    },
    ...(privileged.length === 0
      ? []
      : [
          {
            // Whoever could re-trust, create or take the credentials of these would hold what they
            // are spared or granted: only the bootstrap role (assumed from the management account)
            // and break-glass change them.
            Sid: 'DenyPrivilegedPrincipalChanges',
            Effect: 'Deny' as const,
            Action: [...PRINCIPAL_TAKEOVER_ACTIONS],
            Resource: [...new Set(privileged)].sort(),
            ...exceptPrincipals([roleInAnyAccount(p, manager), ...props.breakGlassPrincipalArns]),
          },
        ]),
    {
      // Terraform does none of these: only break-glass may.
      Sid: 'DenyLeavingOrganization',
      Effect: 'Deny',
      Action: [...LEAVING_ACTIONS],
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
    | 'partition'
    | 'deployRoleName'
    | 'breakGlassPrincipalArns'
    | 'governedRegions'
    | 'otherRecorderManagers'
    | 'managedByTag'
  > & {
    /**
     * Whether these accounts run the flow-logs rule's remediation (`awsConfig.flowLogsForEveryVpc`):
     * then only the deploy role and break-glass change remediations in the governed Regions.
     * @default false
     */
    readonly remediatesFlowLogs?: boolean;
  },
): PolicyStatement[] {
  const p = props.partition;
  const deployExcept = exceptPrincipals([roleInAnyAccount(p, props.deployRoleName), ...props.breakGlassPrincipalArns]);
  const governed = { 'aws:RequestedRegion': [...props.governedRegions].sort() };
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
        StringEquals: governed,
      },
    },
    {
      // The rules this product made carry its ManagedBy tag: deleted or narrowed, a VPC without a
      // flow log would no longer be reported, nor given one.
      Sid: 'DenyConfigRuleChanges',
      Effect: 'Deny',
      Action: [...CONFIG_RULE_CHANGE_ACTIONS],
      Resource: formatArn({
        partition: p,
        service: 'config',
        region: '*',
        account: '*',
        resource: 'config-rule',
        resourceName: '*',
      }),
      Condition: {
        ...(deployExcept.Condition ?? {}),
        StringEquals: { 'aws:ResourceTag/ManagedBy': props.managedByTag },
      },
    },
    ...(props.remediatesFlowLogs === true
      ? [
          {
            // Deleted, rewritten or given exceptions, the remediation leaves a VPC without a flow log
            // without one (aws-review F15).
            Sid: 'DenyRemediationChanges',
            Effect: 'Deny' as const,
            Action: [...REMEDIATION_CHANGE_ACTIONS],
            Resource: '*',
            Condition: { ...(deployExcept.Condition ?? {}), StringEquals: governed },
          },
        ]
      : []),
  ];
}
