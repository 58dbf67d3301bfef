import { AwsPartition } from '../core/regions';
import { accountRootArn, oneOrMany, PolicyStatement, policyVariable } from '../iam/policy-document';
import { DeliverySources, sourceVariants, withMatches } from './delivery-sources';
import { OWNER_FULL_CONTROL, readerStatements, retentionGuardStatements } from './log-bucket-policy';

/** One role that writes Security Hub's findings: a Firehose stream's, in its account. */
export interface FindingsWriter {
  /** The account of the role (the audit account, or a member outside the organization). */
  readonly accountId: string;
  /** ARN of the role (the Firehose stream's). */
  readonly roleArn: string;
  /**
   * Key prefix, without `/`, the role writes under and nowhere else: the export's `prefix` for the
   * audit account, a folder of its own under it for a member outside the organization, whose
   * administrators no guardrail binds and who must not write among the audit account's findings.
   */
  readonly prefix: string;
}

/**
 * Security Hub's findings, delivered into the member-logs bucket by the audit account's role and by
 * the role of each member outside the organization that runs Security Hub on its own.
 */
export interface FindingsExport {
  /** The roles that write the findings, each named by ARN, each under its own prefix. */
  readonly writers: readonly FindingsWriter[];
  /** Key prefix of all the findings, without `/`: what readers read. */
  readonly prefix: string;
}

/**
 * The principal and condition that admit one writer's role, by account and by ARN in a condition,
 * not as the principal: the role is created in its account after this policy (S3 refuses a
 * principal that does not exist yet). `sid` is numbered after the first writer.
 */
export function findingsWriterStatement(
  partition: AwsPartition,
  writer: FindingsWriter,
  index: number,
  sid: string,
): { Sid: string; Principal: { AWS: string }; roleArn: string } {
  return {
    Sid: index === 0 ? sid : `${sid}${writer.accountId}`,
    Principal: { AWS: accountRootArn(partition, writer.accountId) },
    roleArn: writer.roleArn,
  };
}

/**
 * The role of the log archive account's Firehose streams that write the members' application logs
 * (CloudWatch Logs), and where.
 */
export interface ApplicationLogsWriter {
  /** The log archive account, whose role it is. */
  readonly accountId: string;
  /** ARN of the streams' role. */
  readonly roleArn: string;
  /** Key prefix, without `/`, the role writes under and nowhere else. */
  readonly prefix: string;
}

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
  /** Where AWS Config deliveries may come from. */
  readonly configSources: DeliverySources;
  /** Where Session Manager logs may come from. */
  readonly sessionLogSources: DeliverySources;
  /** Where VPC flow logs may come from. */
  readonly flowLogSources: DeliverySources;
  /** Accounts that may list and read these logs, never write or delete. */
  readonly readerAccountIds: readonly string[];
  /**
   * Security Hub's exported findings: the one role that may write them, and their key prefix
   * (without `/`).
   * @default - none
   */
  readonly findingsExport?: FindingsExport;
  /**
   * The members' application logs: the one role that may write them, and their key prefix.
   * @default - none
   */
  readonly applicationLogs?: ApplicationLogsWriter;
  /** The only principal that may delete objects or change the policy and lifecycle. */
  readonly deployRoleArn: string;
  /**
   * Principals spared, beside the deploy role, from the deletion and retention denies (break-glass).
   * @default []
   */
  readonly breakGlassPrincipalArns?: readonly string[];
}

/**
 * Statements of the member-logs bucket's policy, with stable Sids (the TLS-only deny comes from
 * {@link SecureBucket}). Each kind of delivery may come only from the organization (as a whole, by
 * `aws:SourceOrgID` or `aws:PrincipalOrgID`) and the accounts outside it that the config turns it
 * on for, and each account writes only under its own prefix: the account in the key is a policy
 * variable (`${aws:SourceAccount}` for services, `${aws:PrincipalAccount}` for session loggers). So
 * the policy keeps one size at any number of accounts in the organization.
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
      sources: props.configSources,
    }),
    ...serviceDeliveryStatements({
      sidPrefix: 'FlowLogs',
      service: 'delivery.logs.amazonaws.com',
      bucketArn: bucket,
      keyPattern: `${props.flowLogsPrefix}/AWSLogs/${policyVariable('aws:SourceAccount')}/*`,
      sources: props.flowLogSources,
    }),
  );

  // The SSM Agent on each managed node uploads with the node's own role, so the principals are the
  // member accounts (whose IAM must also allow it: see SessionManagerLogging's writer policy).
  const sessionLogs = `${bucket}/${props.sessionLogsPrefix}/${policyVariable('aws:PrincipalAccount')}/*`;
  const { organizationId, outsideAccountIds } = props.sessionLogSources;
  if (organizationId !== undefined) {
    const fromOrganization = { StringEquals: { 'aws:PrincipalOrgID': organizationId } };
    statements.push(
      {
        // The agent checks that the bucket encrypts before it uploads (s3EncryptionEnabled).
        Sid: 'SessionLogsEncryptionCheck',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetEncryptionConfiguration',
        Resource: bucket,
        Condition: fromOrganization,
      },
      {
        Sid: 'SessionLogsWrite',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: sessionLogs,
        Condition: fromOrganization,
      },
    );
  }
  if (outsideAccountIds.length > 0) {
    const outsiders = { AWS: oneOrMany(outsideAccountIds.map((id) => accountRootArn(props.partition, id))) };
    statements.push(
      {
        Sid: 'SessionLogsEncryptionCheckOutside',
        Effect: 'Allow',
        Principal: outsiders,
        Action: 's3:GetEncryptionConfiguration',
        Resource: bucket,
      },
      {
        Sid: 'SessionLogsWriteOutside',
        Effect: 'Allow',
        Principal: outsiders,
        Action: 's3:PutObject',
        Resource: sessionLogs,
      },
    );
  }

  const findings = props.findingsExport;
  if (findings !== undefined) {
    // Each writer may find the bucket, and write under its own prefix only.
    statements.push({
      Sid: 'SecurityHubFindingsBucket',
      Effect: 'Allow',
      Principal: {
        AWS: oneOrMany([...new Set(findings.writers.map((w) => accountRootArn(props.partition, w.accountId)))]),
      },
      Condition: { ArnEquals: { 'aws:PrincipalArn': oneOrMany(findings.writers.map((w) => w.roleArn)) } },
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: bucket,
    });
    findings.writers.forEach((writer, i) => {
      const { Sid, Principal, roleArn } = findingsWriterStatement(
        props.partition,
        writer,
        i,
        'SecurityHubFindingsWrite',
      );
      statements.push({
        Sid,
        Effect: 'Allow',
        Principal,
        Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: `${bucket}/${writer.prefix}/*`,
      });
    });
  }
  const applicationLogs = props.applicationLogs;
  if (applicationLogs !== undefined) {
    // The streams' role may find the bucket, and write under the application logs' prefix only.
    const principal = {
      Principal: { AWS: accountRootArn(props.partition, applicationLogs.accountId) },
      Condition: { ArnEquals: { 'aws:PrincipalArn': applicationLogs.roleArn } },
    };
    statements.push(
      {
        Sid: 'ApplicationLogsBucket',
        Effect: 'Allow',
        ...principal,
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: bucket,
      },
      {
        Sid: 'ApplicationLogsWrite',
        Effect: 'Allow',
        ...principal,
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: `${bucket}/${applicationLogs.prefix}/*`,
      },
    );
  }
  const prefixes = [
    props.configPrefix,
    props.sessionLogsPrefix,
    props.flowLogsPrefix,
    ...(findings === undefined ? [] : [findings.prefix]),
    ...(applicationLogs === undefined ? [] : [applicationLogs.prefix]),
  ].map((prefix) => `${prefix}/`);
  statements.push(...readerStatements(props.partition, bucket, props.readerAccountIds, prefixes));
  statements.push(...retentionGuardStatements(bucket, props.deployRoleArn, props.breakGlassPrincipalArns));
  return statements;
}

/** A service that delivers objects on behalf of accounts, and where. */
interface ServiceDelivery {
  /** Start of the Sids: `<prefix>BucketCheck` and `<prefix>Write` (plus `Outside` for named accounts). */
  readonly sidPrefix: string;
  /** The delivering service principal. */
  readonly service: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** Object keys the service may write, with the account as `${aws:SourceAccount}`. */
  readonly keyPattern: string;
  /** Whom it may deliver for; none leaves the statements out. */
  readonly sources: DeliverySources;
}

/**
 * The statements a delivering service needs (as AWS documents for AWS Config and for vended logs):
 * check the bucket's ACL and list it, then write with the owner-full-control ACL, only on behalf of
 * the organization's accounts and the named outside accounts.
 */
function serviceDeliveryStatements(delivery: ServiceDelivery): PolicyStatement[] {
  return sourceVariants(delivery.sources, 'aws:SourceOrgID', 'aws:SourceAccount').flatMap(
    (variant): PolicyStatement[] => [
      {
        Sid: `${delivery.sidPrefix}BucketCheck${variant.sidSuffix}`,
        Effect: 'Allow',
        Principal: { Service: delivery.service },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: delivery.bucketArn,
        Condition: withMatches(variant.matches),
      },
      {
        Sid: `${delivery.sidPrefix}Write${variant.sidSuffix}`,
        Effect: 'Allow',
        Principal: { Service: delivery.service },
        Action: 's3:PutObject',
        Resource: `${delivery.bucketArn}/${delivery.keyPattern}`,
        Condition: withMatches(variant.matches, { StringEquals: OWNER_FULL_CONTROL }),
      },
    ],
  );
}
