import { policySize } from '../core/aws-limits';
import { accountRootArn, oneOrMany, renderPolicy, type PolicyStatement } from '../iam/policy-document';

/*
 * How the log archive's destinations admit their senders: one decision, which the log archive's
 * access policies and the members' subscription policies both read, so that they agree.
 */

/** CloudWatch Logs' limit on a destination's access policy, in bytes (PutDestinationPolicy). */
export const DESTINATION_POLICY_MAX_BYTES = 5120;

/**
 * How a destination's access policy admits senders: each `accounts` by id while they fit in
 * {@link DESTINATION_POLICY_MAX_BYTES}; beyond, the whole `organization` by aws:PrincipalOrgID (and
 * those outside it by id), which AWS accepts only from senders that name a role of their own
 * ([logs-destination-organization-grant-needs-sender-role]).
 */
export type DestinationGrant = 'accounts' | 'organization';

/** The senders of the destinations and the organization of the log archive. */
export interface DestinationSenders {
  /** The accounts whose subscription policies send to the destinations. */
  readonly senderAccountIds: readonly string[];
  /** Those of them outside the organization. */
  readonly outsideSenderAccountIds: readonly string[];
  /** The log archive's organization. */
  readonly organizationId: string;
}

const SUBSCRIBE = ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'];

/** The partition an ARN names. */
const partitionOf = (arn: string): string => /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';

/** The access policy that admits every sender by id. */
function accountsPolicy(destinationArn: string, senderAccountIds: readonly string[]): string {
  const partition = partitionOf(destinationArn);
  return renderPolicy([
    {
      Sid: 'SendersSubscribe',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany([...senderAccountIds].sort().map((account) => accountRootArn(partition, account))) },
      Action: SUBSCRIBE,
      Resource: destinationArn,
    },
  ]);
}

/** Whether the senders, by id, fit every destination's access policy; else the organization is granted. */
export function destinationGrant(
  destinationArns: readonly string[],
  senderAccountIds: readonly string[],
): DestinationGrant {
  return destinationArns.every(
    (arn) => policySize(accountsPolicy(arn, senderAccountIds)) <= DESTINATION_POLICY_MAX_BYTES,
  )
    ? 'accounts'
    : 'organization';
}

/** The access policy of the destination `destinationArn`, as `grant` admits the senders. */
export function destinationAccessPolicy(
  destinationArn: string,
  grant: DestinationGrant,
  senders: DestinationSenders,
): string {
  if (grant === 'accounts') return accountsPolicy(destinationArn, senders.senderAccountIds);
  const partition = partitionOf(destinationArn);
  const outside = [...senders.outsideSenderAccountIds].sort();
  const statements: PolicyStatement[] = [
    {
      Sid: 'OrganizationSendersSubscribe',
      Effect: 'Allow',
      Principal: '*',
      Action: SUBSCRIBE,
      Resource: destinationArn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': senders.organizationId } },
    },
  ];
  if (outside.length > 0) {
    statements.push({
      Sid: 'OutsideSendersSubscribe',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(outside.map((account) => accountRootArn(partition, account))) },
      Action: SUBSCRIBE,
      Resource: destinationArn,
    });
  }
  return renderPolicy(statements);
}
