import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals, roleInAnyAccount } from './principals';

/** What the audit account's protection keeps, and who it spares. */
export interface AuditProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The deploy role, by name: Terraform must still apply updates. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
  /**
   * Name of the Security Hub findings export (its EventBridge rule and Firehose stream), when the
   * audit account exports findings to the archive.
   * @default - none: no export to protect
   */
  readonly findingsExportName?: string;
  /**
   * Name of the role EventBridge delivers findings to the stream with: the one writer of the stream.
   * @default - none: only break-glass may write to the stream
   */
  readonly findingsEventsRoleName?: string;
  /** Value of the `ManagedBy` tag on the keys this product creates. */
  readonly managedByTag: string;
}

/**
 * What the audit account's administrators could do once, for every account: delete or narrow an
 * organization AWS Config rule (with it, its copy in every member) or the aggregator, and switch the
 * Security Hub configuration policy off, point accounts at another one, or narrow the organization's
 * configuration, turn a control off or change its parameters, or make an automation rule that
 * suppresses findings. Config and Security Hub take these on their own resources, which carry no tag
 * of ours, so the policy binds by where it is attached: the audit account only. Triage
 * (securityhub:BatchUpdateFindings) stays the audit team's: it keeps a finding's history, and each
 * update reaches the export as a finding of its own ([securityhub-findings-imported-on-every-update]).
 * Taking a member out of the administrator's view (DisassociateMembers) is denied: its findings would
 * stop reaching the export; DeleteMembers takes no account of the organization (AWS refuses it).
 */
export const ORGANIZATION_SECURITY_ACTIONS = [
  'config:DeleteOrganizationConfigRule',
  'config:PutOrganizationConfigRule',
  'config:DeleteConfigurationAggregator',
  'config:PutConfigurationAggregator',
  'securityhub:DeleteConfigurationPolicy',
  'securityhub:UpdateConfigurationPolicy',
  'securityhub:StartConfigurationPolicyAssociation',
  'securityhub:StartConfigurationPolicyDisassociation',
  'securityhub:UpdateOrganizationConfiguration',
  'securityhub:DeleteFindingAggregator',
  'securityhub:UpdateFindingAggregator',
  'securityhub:BatchDisableStandards',
  'securityhub:UpdateSecurityControl',
  'securityhub:UpdateStandardsControl',
  'securityhub:BatchUpdateStandardsControlAssociations',
  'securityhub:CreateAutomationRule',
  'securityhub:BatchUpdateAutomationRules',
  // A member taken out of the administrator's view: its findings no longer reach the export (aws-review F29).
  'securityhub:DisassociateMembers',
  // The organization's control findings' form, and whether new controls start (aws-review F30).
  'securityhub:UpdateSecurityHubConfiguration',
  // Security Hub's own (V2) rules, aggregation and switch: their reference does not say they leave
  // Security Hub CSPM's findings alone, so they are held as their CSPM twins are (aws-review F30).
  'securityhub:CreateAutomationRuleV2',
  'securityhub:UpdateAutomationRuleV2',
  'securityhub:UpdateAggregatorV2',
  'securityhub:DeleteAggregatorV2',
  'securityhub:DisableSecurityHubV2',
] as const;

/**
 * What stops, redirects or re-keys the findings export; the default event bus's key too, which
 * encrypts each rule's pattern and targets ([eventbridge-bus-key-encrypts-rules]).
 */
export const FINDINGS_EXPORT_CHANGE_ACTIONS = [
  'events:UpdateEventBus',
  'events:DeleteRule',
  'events:DisableRule',
  'events:PutRule',
  'events:PutTargets',
  'events:RemoveTargets',
  'firehose:DeleteDeliveryStream',
  'firehose:UpdateDestination',
  'firehose:StartDeliveryStreamEncryption',
  'firehose:StopDeliveryStreamEncryption',
] as const;

/**
 * The service control policy of the audit account: only the deploy role and break-glass change the
 * organization's AWS Config rules and aggregator, Security Hub's central configuration, and the
 * export of findings to the archive.
 */
export function auditProtectionStatements(props: AuditProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const except = exceptPrincipals([roleInAnyAccount(p, props.deployRoleName), ...props.breakGlassPrincipalArns]);
  const anywhere = (service: string, resource: string, resourceName: string) =>
    formatArn({ partition: p, service, region: '*', account: '*', resource, resourceName });
  const exportStatements = (exportName: string): PolicyStatement[] => {
    const stream = anywhere('firehose', 'deliverystream', exportName);
    return [
      {
        Sid: 'DenyFindingsExportChanges',
        Effect: 'Deny',
        Action: [...FINDINGS_EXPORT_CHANGE_ACTIONS],
        Resource: [anywhere('events', 'rule', exportName), anywhere('events', 'event-bus', 'default'), stream],
        ...except,
      },
      {
        // Findings written by anyone but EventBridge's role would land in the archive as evidence.
        Sid: 'DenyFindingsForgery',
        Effect: 'Deny',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: stream,
        ...exceptPrincipals([
          ...(props.findingsEventsRoleName === undefined ? [] : [roleInAnyAccount(p, props.findingsEventsRoleName)]),
          ...props.breakGlassPrincipalArns,
        ]),
      },
    ];
  };
  return [
    {
      Sid: 'DenyOrganizationSecurityChanges',
      Effect: 'Deny',
      Action: [...ORGANIZATION_SECURITY_ACTIONS],
      Resource: '*',
      ...except,
    },
    ...(props.findingsExportName === undefined ? [] : exportStatements(props.findingsExportName)),
    {
      // The findings stream's key (and any other key this product made here): disabled, deleted or
      // re-policied, it stops the export; a revoked grant stops Firehose.
      Sid: 'DenyAuditKeyChanges',
      Effect: 'Deny',
      Action: [
        'kms:DisableKey',
        'kms:ScheduleKeyDeletion',
        'kms:PutKeyPolicy',
        'kms:DisableKeyRotation',
        'kms:RevokeGrant',
        'kms:RetireGrant',
        // The statement keys on the ManagedBy tag ([kms-tags-decide-access]).
        'kms:TagResource',
        'kms:UntagResource',
      ],
      Resource: anywhere('kms', 'key', '*'),
      Condition: { ...(except.Condition ?? {}), StringEquals: { 'aws:ResourceTag/ManagedBy': props.managedByTag } },
    },
  ];
}
