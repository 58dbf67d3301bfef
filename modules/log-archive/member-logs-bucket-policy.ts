import { AwsPartition } from '../config/regions';
import { accountRootArn, oneOrMany, PolicyStatement, policyVariable } from '../iam/policy-document';
import { OWNER_FULL_CONTROL, readerStatements, retentionGuardStatements } from './log-bucket-policy';

/** What the member-logs bucket's policy allows, computed from the config. */
export interface MemberLogsBucketPolicyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** ARN of the member-logs bucket. */
  readonly bucketArn: string;
  /** Key prefix of AWS Config deliveries, without `/` (Config adds `/AWSLogs/<account>/Config/`). */
  readonly configPrefix: string;
  /** Key prefix of Session Manager logs, without `/` (each account writes `<prefix>/<account>/`). */
  readonly sessionLogsPrefix: string;
  /** Key prefix of VPC flow logs, without `/` (the delivery service adds `/AWSLogs/<account>/`). */
  readonly flowLogsPrefix: string;
  /** Accounts whose AWS Config delivers here. */
  readonly configAccountIds: readonly string[];
  /** Accounts whose Session Manager writes session logs here. */
  readonly sessionLogAccountIds: readonly string[];
  /** Accounts whose VPC flow logs are delivered here. */
  readonly flowLogAccountIds: readonly string[];
  /** Accounts that may list and read these logs, never write or delete. */
  readonly readerAccountIds: readonly string[];
  /** The only principal that may delete objects or change the policy and lifecycle. */
  readonly deployRoleArn: string;
}

/**
 * Statements of the member-logs bucket's policy, with stable Sids (the TLS-only deny comes from
 * {@link SecureBucket}). Each kind of delivery may come only from the accounts the config turns it
 * on for, and each writes only under its own account's prefix: the account in the key is a policy
 * variable (`${aws:SourceAccount}` for services, `${aws:PrincipalAccount}` for session loggers), so
 * the statements do not grow with the number of accounts, only their account lists do.
 */
export function memberLogsBucketPolicyStatements(props: MemberLogsBucketPolicyProps): PolicyStatement[] {
  const bucket = props.bucketArn;
  const statements: PolicyStatement[] = [];

  statements.push(
    ...serviceDeliveryStatements({
      sidPrefix: 'Config',
      service: 'config.amazonaws.com',
      bucketArn: bucket,
      keyPattern: `${props.configPrefix}/AWSLogs/${policyVariable('aws:SourceAccount')}/Config/*`,
      accountIds: props.configAccountIds,
    }),
    ...serviceDeliveryStatements({
      sidPrefix: 'FlowLogs',
      service: 'delivery.logs.amazonaws.com',
      bucketArn: bucket,
      keyPattern: `${props.flowLogsPrefix}/AWSLogs/${policyVariable('aws:SourceAccount')}/*`,
      accountIds: props.flowLogAccountIds,
    }),
  );

  if (props.sessionLogAccountIds.length > 0) {
    // The SSM Agent on each managed node uploads with the node's own role, so the principals are the
    // member accounts (whose IAM must also allow it: see SessionManagerLogging's writer policy).
    const sessionLoggers = {
      AWS: oneOrMany(props.sessionLogAccountIds.map((id) => accountRootArn(props.partition, id))),
    };
    statements.push(
      {
        // The agent checks that the bucket encrypts before it uploads (s3EncryptionEnabled).
        Sid: 'SessionLogsEncryptionCheck',
        Effect: 'Allow',
        Principal: sessionLoggers,
        Action: 's3:GetEncryptionConfiguration',
        Resource: bucket,
      },
      {
        Sid: 'SessionLogsWrite',
        Effect: 'Allow',
        Principal: sessionLoggers,
        Action: 's3:PutObject',
        Resource: `${bucket}/${props.sessionLogsPrefix}/${policyVariable('aws:PrincipalAccount')}/*`,
      },
    );
  }

  const prefixes = [props.configPrefix, props.sessionLogsPrefix, props.flowLogsPrefix].map((prefix) => `${prefix}/`);
  statements.push(...readerStatements(props.partition, bucket, props.readerAccountIds, prefixes));
  statements.push(...retentionGuardStatements(bucket, props.deployRoleArn));
  return statements;
}

/** A service that delivers objects on behalf of accounts, and where. */
interface ServiceDelivery {
  /** Start of the two Sids: `<prefix>BucketCheck` and `<prefix>Write`. */
  readonly sidPrefix: string;
  /** The delivering service principal. */
  readonly service: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** Object keys the service may write, with the account as `${aws:SourceAccount}`. */
  readonly keyPattern: string;
  /** Accounts it may deliver for; none leaves both statements out. */
  readonly accountIds: readonly string[];
}

/**
 * The two statements a delivering service needs (as AWS documents for AWS Config and for vended
 * logs): check the bucket's ACL and list it, then write with the owner-full-control ACL, both only
 * on behalf of the listed accounts.
 */
function serviceDeliveryStatements(delivery: ServiceDelivery): PolicyStatement[] {
  if (delivery.accountIds.length === 0) return [];
  const fromListedAccounts = { 'aws:SourceAccount': oneOrMany(delivery.accountIds) };
  return [
    {
      Sid: `${delivery.sidPrefix}BucketCheck`,
      Effect: 'Allow',
      Principal: { Service: delivery.service },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: delivery.bucketArn,
      Condition: { StringEquals: fromListedAccounts },
    },
    {
      Sid: `${delivery.sidPrefix}Write`,
      Effect: 'Allow',
      Principal: { Service: delivery.service },
      Action: 's3:PutObject',
      Resource: `${delivery.bucketArn}/${delivery.keyPattern}`,
      Condition: { StringEquals: { ...OWNER_FULL_CONTROL, ...fromListedAccounts } },
    },
  ];
}
