import { type ApplicationLogsWriter, type FindingsExport, findingsWriterStatement } from './member-logs-bucket-policy';
import { formatArn } from '../core/arn';
import { AwsPartition } from '../core/regions';
import { accountRootArn, oneOrMany, PolicyStatement } from '../iam/policy-document';
import { keyAdministrationStatement } from '../kms/audit-key';
import { DeliverySources, sourceVariants, withMatches } from './delivery-sources';
import { AccountTrail } from './log-bucket-policy';

/** Who may use the log key, computed from the config. */
export interface LogKeyPolicyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** Region of the key (and the bucket): reader decryption must come through S3 here. */
  readonly region: string;
  /** The log archive account, which owns and administers the key. */
  readonly accountId: string;
  /** ARN of the organization trail. */
  readonly organizationTrailArn: string;
  /** The account in the organization trail's ARN (the management account). */
  readonly organizationTrailOwnerAccountId: string;
  /**
   * The account whose stack creates the organization trail (a delegated administrator, or the
   * management account): it reads the key's ARN from its alias.
   * @default - organizationTrailOwnerAccountId
   */
  readonly organizationTrailAccountId?: string;
  /** Account trails of members outside the organization trail. */
  readonly accountTrails: readonly AccountTrail[];
  /** Where AWS Config deliveries into the member-logs bucket come from. */
  readonly configSources: DeliverySources;
  /** Where VPC flow logs delivered into the member-logs bucket come from. */
  readonly flowLogSources: DeliverySources;
  /** Where the managed nodes that upload session logs into the member-logs bucket are. */
  readonly sessionLogSources: DeliverySources;
  /** ARN of the member-logs bucket: session loggers may use the key only for objects there. */
  readonly memberLogsBucketArn: string;
  /** Accounts that may decrypt logs, through S3 only. */
  readonly readerAccountIds: readonly string[];
  /** Security Hub's exported findings: the one role that may encrypt them through S3. @default - none */
  readonly findingsExport?: FindingsExport;
  /** The members' application logs: the one role that may encrypt them through S3. @default - none */
  readonly applicationLogs?: ApplicationLogsWriter;
}

/**
 * Statements of the log key's policy, with stable Sids. The archive account's root delegates
 * administration to IAM in that account (without it the key becomes unmanageable); CloudTrail may
 * encrypt only for this organization's trails; Config and log delivery only for the organization and
 * the outside accounts that deliver; session loggers only through S3 for the member-logs bucket; readers may decrypt only through S3 in
 * the key's Region. Nobody else has any use of the key.
 */
export function logKeyPolicyStatements(props: LogKeyPolicyProps): PolicyStatement[] {
  const trailArns = [props.organizationTrailArn, ...props.accountTrails.map((t) => t.trailArn)];
  const trailAccounts = [props.organizationTrailOwnerAccountId, ...props.accountTrails.map((t) => t.accountId)];
  const statements: PolicyStatement[] = [
    keyAdministrationStatement(props.partition, props.accountId),
    {
      Sid: 'CloudTrailEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': oneOrMany(
            [...new Set(trailAccounts)].map((account) =>
              formatArn({
                partition: props.partition,
                service: 'cloudtrail',
                region: '*',
                account,
                resource: 'trail',
                resourceName: '*',
              }),
            ),
          ),
        },
        StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) },
      },
    },
    {
      Sid: 'CloudTrailDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
    {
      // The trails' stacks read the key's ARN from its alias, the form CloudTrail reads the key
      // back in ([cloudtrail-kms-key-read-back-as-key-arn]): DescribeKey only, for those accounts.
      Sid: 'TrailAccountsDescribeKey',
      Effect: 'Allow',
      Principal: {
        AWS: oneOrMany(
          [
            ...new Set([
              props.organizationTrailAccountId ?? props.organizationTrailOwnerAccountId,
              ...props.accountTrails.map((t) => t.accountId),
            ]),
          ].map((account) => accountRootArn(props.partition, account)),
        ),
      },
      Action: 'kms:DescribeKey',
      Resource: '*',
    },
  ];
  const serviceDeliveries = [
    {
      sid: 'ConfigEncryptDeliveries',
      service: 'config.amazonaws.com',
      generate: 'kms:GenerateDataKey',
      sources: props.configSources,
    },
    {
      sid: 'LogDeliveryEncryptFlowLogs',
      service: 'delivery.logs.amazonaws.com',
      generate: 'kms:GenerateDataKey*',
      sources: props.flowLogSources,
    },
  ];
  for (const delivery of serviceDeliveries) {
    for (const variant of sourceVariants(delivery.sources, 'aws:SourceOrgID', 'aws:SourceAccount')) {
      statements.push({
        Sid: `${delivery.sid}${variant.sidSuffix}`,
        Effect: 'Allow',
        Principal: { Service: delivery.service },
        Action: ['kms:Decrypt', delivery.generate],
        Resource: '*',
        Condition: withMatches(variant.matches),
      });
    }
  }
  // Uploads by the SSM Agent: GenerateDataKey for each object, Decrypt for multipart uploads. With
  // the S3 Bucket Key the encryption context is the bucket ARN, without it the object ARN.
  for (const variant of sourceVariants(props.sessionLogSources, 'aws:PrincipalOrgID', 'kms:CallerAccount')) {
    const outside = props.sessionLogSources.outsideAccountIds;
    statements.push({
      Sid: `SessionLoggersEncryptThroughS3${variant.sidSuffix}`,
      Effect: 'Allow',
      Principal:
        variant.sidSuffix === '' ? '*' : { AWS: oneOrMany(outside.map((id) => accountRootArn(props.partition, id))) },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: withMatches(variant.matches, {
        StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [props.memberLogsBucketArn, `${props.memberLogsBucketArn}/*`],
        },
      }),
    });
  }
  const findings = props.findingsExport;
  for (const [i, writer] of (findings?.writers ?? []).entries()) {
    const { Sid, Principal, roleArn } = findingsWriterStatement(
      props.partition,
      writer,
      i,
      'SecurityHubFindingsEncryptThroughS3',
    );
    statements.push({
      Sid,
      Effect: 'Allow',
      Principal,
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': roleArn },
        StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [
            props.memberLogsBucketArn,
            `${props.memberLogsBucketArn}/${writer.prefix}/*`,
          ],
        },
      },
    });
  }
  const applicationLogs = props.applicationLogs;
  if (applicationLogs !== undefined) {
    statements.push({
      Sid: 'ApplicationLogsEncryptThroughS3',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(props.partition, applicationLogs.accountId) },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': applicationLogs.roleArn },
        StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [
            props.memberLogsBucketArn,
            `${props.memberLogsBucketArn}/${applicationLogs.prefix}/*`,
          ],
        },
      },
    });
  }
  if (props.readerAccountIds.length > 0) {
    statements.push({
      Sid: 'ReadersDecryptThroughS3',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(props.readerAccountIds.map((id) => accountRootArn(props.partition, id))) },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${props.region}.amazonaws.com`,
          'kms:CallerAccount': oneOrMany(props.readerAccountIds),
        },
      },
    });
  }
  return statements;
}
