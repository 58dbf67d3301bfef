import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { archiveKeyResource, exceptPrincipals, roleInAnyAccount } from './principals';
import { ROLE_CHANGE_ACTIONS } from './recording-protection';

/** What the application logs protection keeps, and who it spares. */
export interface ApplicationLogsProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The deploy role, by name (the same in every account): Terraform must still apply updates. */
  readonly deployRoleName: string;
  /** Principals spared as well. */
  readonly breakGlassPrincipalArns: readonly string[];
  /** The log archive account, which holds the destinations, the streams and their roles. */
  readonly archiveAccountId: string;
  /** Name of the destinations (the same in each Region), and the start of the streams' and roles' names. */
  readonly destinationName: string;
}

/**
 * Changes to a sender's account-level policies. The Service Authorization Reference gives
 * logs:PutAccountPolicy and logs:DeleteAccountPolicy no resource type and no condition key, so an
 * SCP cannot tell a subscription filter policy from the account's other account-level policies
 * (data protection, field index, transformer): the statement holds for all of them
 * ([logs-account-policy-actions-unscoped]).
 */
export const ACCOUNT_POLICY_CHANGE_ACTIONS = ['logs:PutAccountPolicy', 'logs:DeleteAccountPolicy'] as const;

/**
 * Changes that delete, redirect or re-key the log archive's destinations and streams: of Firehose's
 * operations, each that deletes a stream or changes its destination or encryption (a stream moved to
 * a key of one's own goes silent when that key's grant is revoked).
 */
export const DELIVERY_CHANGE_ACTIONS = [
  'logs:DeleteDestination',
  'logs:PutDestination',
  'logs:PutDestinationPolicy',
  'firehose:DeleteDeliveryStream',
  'firehose:UpdateDestination',
  'firehose:StartDeliveryStreamEncryption',
  'firehose:StopDeliveryStreamEncryption',
] as const;

/**
 * Changes that take Firehose's use of the streams' key away: revoking or retiring its grant. Firehose
 * drops records it cannot decrypt after 24 hours ([firehose-cmk-undecryptable-records-dropped]).
 */
export const STREAM_KEY_GRANT_ACTIONS = ['kms:RevokeGrant', 'kms:RetireGrant'] as const;

/**
 * The statement of the sending members' service control policy: nobody but the deploy role and the
 * break-glass principals may delete or replace an account-level policy there, so the members'
 * administrators cannot stop their application logs from reaching the archive.
 */
export function accountPolicyProtectionStatements(
  props: Pick<ApplicationLogsProtectionProps, 'partition' | 'deployRoleName' | 'breakGlassPrincipalArns'>,
): PolicyStatement[] {
  return [
    {
      Sid: 'DenyAccountPolicyChanges',
      Effect: 'Deny',
      Action: [...ACCOUNT_POLICY_CHANGE_ACTIONS],
      Resource: '*',
      ...exceptPrincipals([roleInAnyAccount(props.partition, props.deployRoleName), ...props.breakGlassPrincipalArns]),
    },
  ];
}

/**
 * The statements of the evidence protection policy for the delivery in the log archive account:
 * nobody but the deploy role and the break-glass principals may delete or redirect a destination,
 * change who may send to it, delete, redirect or re-key a stream, take Firehose's grant off the
 * archive's keys (the streams encrypt with the log key), or change the roles they deliver with.
 */
export function deliveryProtectionStatements(props: ApplicationLogsProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const archive = props.archiveAccountId;
  const except = exceptPrincipals([roleInAnyAccount(p, props.deployRoleName), ...props.breakGlassPrincipalArns]);
  return [
    {
      Sid: 'DenyApplicationLogsDeliveryChanges',
      Effect: 'Deny',
      Action: [...DELIVERY_CHANGE_ACTIONS],
      Resource: [
        formatArn({
          partition: p,
          service: 'logs',
          region: '*',
          account: archive,
          resource: 'destination',
          resourceName: props.destinationName,
          arnFormat: 'colon',
        }),
        formatArn({
          partition: p,
          service: 'firehose',
          region: '*',
          account: archive,
          resource: 'deliverystream',
          resourceName: `${props.destinationName}-*`,
        }),
      ],
      ...except,
    },
    {
      // Only the destinations' roles (CloudWatch Logs writes with them) put records in the streams:
      // anyone else's would land in the archive as a member's application logs.
      Sid: 'DenyApplicationLogsForgery',
      Effect: 'Deny',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      Resource: formatArn({
        partition: p,
        service: 'firehose',
        region: '*',
        account: archive,
        resource: 'deliverystream',
        resourceName: `${props.destinationName}-*`,
      }),
      ...exceptPrincipals([
        formatArn({
          partition: p,
          service: 'iam',
          region: '',
          account: archive,
          resource: 'role',
          resourceName: `${props.destinationName}-*`,
        }),
        ...props.breakGlassPrincipalArns,
      ]),
    },
    {
      Sid: 'DenyApplicationLogsKeyGrantRemoval',
      Effect: 'Deny',
      Action: [...STREAM_KEY_GRANT_ACTIONS],
      Resource: archiveKeyResource(p, archive),
      ...except,
    },
    {
      Sid: 'DenyApplicationLogsRoleChanges',
      Effect: 'Deny',
      Action: [...ROLE_CHANGE_ACTIONS],
      Resource: formatArn({
        partition: p,
        service: 'iam',
        region: '',
        account: archive,
        resource: 'role',
        resourceName: `${props.destinationName}-*`,
      }),
      ...except,
    },
  ];
}

/** Changes that remove or narrow a member's link to the log archive's sink (live search). */
export const LINK_CHANGE_ACTIONS = ['oam:DeleteLink', 'oam:UpdateLink'] as const;

/** Changes that delete the log archive's sinks or rewrite who may link to them (live search). */
export const SINK_CHANGE_ACTIONS = ['oam:DeleteSink', 'oam:PutSinkPolicy'] as const;

/**
 * The statements of the sending members' service control policy for live search: nobody but the
 * deploy role and the break-glass principals may delete or narrow a link this product made (tagged
 * `ManagedBy`: a member's own links to its own monitoring accounts stay its own), or take the tag
 * off one to escape the statement.
 */
export function linkProtectionStatements(
  props: Pick<ApplicationLogsProtectionProps, 'partition' | 'deployRoleName' | 'breakGlassPrincipalArns'> & {
    /** Value of the `ManagedBy` tag on the resources this product creates. */
    readonly managedByTag: string;
  },
): PolicyStatement[] {
  const except = exceptPrincipals([
    roleInAnyAccount(props.partition, props.deployRoleName),
    ...props.breakGlassPrincipalArns,
  ]);
  const links = formatArn({
    partition: props.partition,
    service: 'oam',
    region: '*',
    account: '*',
    resource: 'link',
    resourceName: '*',
  });
  const managedByUs = { 'aws:ResourceTag/ManagedBy': props.managedByTag };
  return [
    {
      Sid: 'DenyLiveSearchLinkChanges',
      Effect: 'Deny',
      Action: [...LINK_CHANGE_ACTIONS],
      Resource: links,
      Condition: { ...(except.Condition ?? {}), StringEquals: managedByUs },
    },
    {
      Sid: 'DenyLiveSearchLinkUntagging',
      Effect: 'Deny',
      Action: ['oam:TagResource', 'oam:UntagResource'],
      Resource: links,
      Condition: {
        ...(except.Condition ?? {}),
        StringEquals: managedByUs,
        'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ManagedBy' },
      },
    },
  ];
}

/**
 * The statement of the evidence protection policy for live search in the log archive account:
 * nobody but the deploy role and the break-glass principals may delete a sink or rewrite its policy
 * (an account holds one sink per Region: every sink of the account is this product's).
 */
export function sinkProtectionStatements(
  props: Pick<
    ApplicationLogsProtectionProps,
    'partition' | 'deployRoleName' | 'breakGlassPrincipalArns' | 'archiveAccountId'
  >,
): PolicyStatement[] {
  return [
    {
      Sid: 'DenyLiveSearchSinkChanges',
      Effect: 'Deny',
      Action: [...SINK_CHANGE_ACTIONS],
      Resource: formatArn({
        partition: props.partition,
        service: 'oam',
        region: '*',
        account: props.archiveAccountId,
        resource: 'sink',
        resourceName: '*',
      }),
      ...exceptPrincipals([roleInAnyAccount(props.partition, props.deployRoleName), ...props.breakGlassPrincipalArns]),
    },
  ];
}
