import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals, roleInAnyAccount } from './principals';
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

/** Changes that delete or redirect the log archive's destinations and streams. */
export const DELIVERY_CHANGE_ACTIONS = [
  'logs:DeleteDestination',
  'logs:PutDestination',
  'logs:PutDestinationPolicy',
  'firehose:DeleteDeliveryStream',
  'firehose:UpdateDestination',
  'firehose:StopDeliveryStreamEncryption',
] as const;

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
 * change who may send to it, delete or redirect a stream, or change the roles they deliver with.
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
