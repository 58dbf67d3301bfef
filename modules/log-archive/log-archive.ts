import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { s3BucketArn } from '../core/naming';
import { ObjectLockRetention, SecureBucket } from '../storage/secure-bucket';
import { AuditKey } from '../kms/audit-key';
import { AccountTrail, logBucketPolicyStatements, retentionGuardStatements } from './log-bucket-policy';
import { DeliverySources, NO_SOURCES } from './delivery-sources';
import { logKeyPolicyStatements } from './log-key-policy';
import { ApplicationLogsWriter, FindingsExport, memberLogsBucketPolicyStatements } from './member-logs-bucket-policy';
import { LogReplication } from './log-replication';
import { expiryRules, LogRetention, logRetentionRules } from './log-retention';
import { validateProps } from '../core/prop-validation';
import { lifecycleStepProblems } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';

/** A copy of the log bucket in a second Region. */
export interface LogArchiveReplicationProps {
  /** Region of the copy; not the archive's Region. */
  readonly region: string;
  /** Name of the replica bucket. */
  readonly bucketName: string;
  /** Provider in `region`, same account as the archive. */
  readonly provider: TerraformProvider;
}

/** Props of {@link LogArchive}. */
export interface LogArchiveProps {
  /** Name of the central log bucket. */
  readonly bucketName: string;
  /** Name of the bucket that receives the central bucket's server access logs. */
  readonly accessLogBucketName: string;
  /**
   * Name of the member-logs bucket: AWS Config, VPC flow logs and Session Manager logs of the members.
   * It has no Object Lock (AWS Config cannot deliver to a bucket with Object Lock); versioning and
   * the deletion guard protect it instead.
   */
  readonly memberLogsBucketName: string;
  /** Alias of the log key, `alias/...`; the trail refers to the key by this alias. */
  readonly keyAliasName: string;
  /** The organization id. */
  readonly organizationId: string;
  /** The management account, owner of the organization trail. */
  readonly managementAccountId: string;
  /**
   * The account whose stack creates the organization trail, when a delegated administrator does:
   * it may read the log key's ARN from its alias (DescribeKey).
   * @default - managementAccountId
   */
  readonly organizationTrailAccountId?: string;
  /** ARN of the organization trail, the only trail that may write the organization's logs. */
  readonly organizationTrailArn: string;
  /**
   * Account trails of members outside the organization trail, each confined to its own prefix.
   * @default []
   */
  readonly accountTrails?: readonly AccountTrail[];
  /**
   * Where AWS Config deliveries into the member-logs bucket come from; each account is confined to
   * its own prefix.
   * @default - none
   */
  readonly configSources?: DeliverySources;
  /**
   * Where VPC flow logs into the member-logs bucket come from, each account confined to its prefix.
   * @default - none
   */
  readonly flowLogSources?: DeliverySources;
  /**
   * Where Session Manager logs into the member-logs bucket come from, each account confined to its prefix.
   * @default - none
   */
  readonly sessionLogSources?: DeliverySources;
  /** Key prefix of AWS Config deliveries in the member-logs bucket, without a trailing `/`. */
  readonly configPrefix: string;
  /** Key prefix of VPC flow logs in the member-logs bucket, without a trailing `/`. */
  readonly flowLogsPrefix: string;
  /** Key prefix of Session Manager logs in the member-logs bucket, without a trailing `/`. */
  readonly sessionLogsPrefix: string;
  /**
   * Accounts that may read (never write or delete) the logs and decrypt them through S3.
   * @default []
   */
  readonly readerAccountIds?: readonly string[];
  /**
   * Security Hub's findings, exported by the audit account into the member-logs bucket: the one role
   * that may write (and encrypt) them, and their prefix.
   * @default - none
   */
  readonly findingsExport?: FindingsExport;
  /**
   * The members' application logs, written into the member-logs bucket by the Firehose streams of
   * this account: the one role that may write (and encrypt) them, and their prefix.
   * @default - none
   */
  readonly applicationLogs?: ApplicationLogsWriter;
  /** The role that deploys the archive: the only principal that may delete or loosen retention. */
  readonly deployRoleArn: string;
  /**
   * Principals spared, beside the deploy role, from the deletion and retention denies (break-glass).
   * @default []
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /** Lifecycle of the log bucket. */
  readonly retention: LogRetention;
  /** Object Lock default retention of the log bucket. */
  readonly objectLock: ObjectLockRetention;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogExpirationDays?: number;
  /**
   * Other buckets of this account whose server access logs the access-log bucket accepts, each
   * under `<bucket name>/` (the Athena results bucket, for one).
   * @default []
   */
  readonly otherLoggedBucketNames?: readonly string[];
  /**
   * A copy of the log bucket in a second Region.
   * @default - no copy
   */
  readonly replication?: LogArchiveReplicationProps;
}

/**
 * The central store of audit evidence, in the log archive account and Region of its
 * {@link AccountStack}: a KMS key; the log bucket, with Object Lock, that the
 * organization's trails deliver into (and nobody else writes); the member-logs bucket for what
 * members deliver through AWS Config, VPC Flow Logs and Session Manager; a bucket for the server
 * access logs of both; and optionally a copy of the log bucket in another Region.
 *
 * Construct ids here are Terraform addresses of data-bearing resources; renaming one would replace
 * a bucket or a key. A test pins them.
 */
export class LogArchive extends Construct {
  /** Name of the log bucket. */
  public readonly bucketName: string;
  /** ARN of the log bucket. */
  public readonly bucketArn: string;
  /** ARN of the log key. */
  public readonly keyArn: string;
  /** ARN of the log key's alias. */
  public readonly keyAliasArn: string;
  /** The log key. */
  public readonly key: AuditKey;
  /** The log bucket. */
  public readonly logBucket: SecureBucket;
  /** The bucket of the log bucket's server access logs. */
  public readonly accessLogBucket: SecureBucket;
  /** The member-logs bucket. */
  public readonly memberLogsBucket: SecureBucket;
  /** Name of the member-logs bucket. */
  public readonly memberLogsBucketName: string;
  /** The copy in another Region, when asked for. */
  public readonly replication: LogReplication | undefined;

  public constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    validateProps(
      this,
      props,
      lifecycleStepProblems(props.retention, props.objectLock).map((p) => ({ ...p, field: `retention.${p.field}` })),
    );
    const { partition, region, accountId } = AccountStack.of(this);
    const accountTrails = props.accountTrails ?? [];
    const configSources = props.configSources ?? NO_SOURCES;
    const flowLogSources = props.flowLogSources ?? NO_SOURCES;
    const sessionLogSources = props.sessionLogSources ?? NO_SOURCES;
    const memberLogsBucketArn = s3BucketArn(partition, props.memberLogsBucketName);
    const readerAccountIds = props.readerAccountIds ?? [];

    this.key = new AuditKey(this, 'key', {
      description: `Encrypts the organization's audit logs in ${props.bucketName}`,
      aliasName: props.keyAliasName,
      policyStatements: logKeyPolicyStatements({
        partition,
        region,
        accountId,
        organizationTrailArn: props.organizationTrailArn,
        organizationTrailOwnerAccountId: props.managementAccountId,
        organizationTrailAccountId: props.organizationTrailAccountId,
        accountTrails,
        configSources,
        flowLogSources,
        sessionLogSources,
        memberLogsBucketArn,
        readerAccountIds,
        findingsExport: props.findingsExport,
        applicationLogs: props.applicationLogs,
      }),
    });

    const accessLogBucketArn = s3BucketArn(partition, props.accessLogBucketName);
    const logBucketArn = s3BucketArn(partition, props.bucketName);
    // Each bucket logs under its own name, so one access-log bucket serves both.
    const accessLogPrefix = `${props.bucketName}/`;
    const memberLogsAccessLogPrefix = `${props.memberLogsBucketName}/`;
    const otherLogged = props.otherLoggedBucketNames ?? [];
    this.accessLogBucket = new SecureBucket(this, 'access-logs', {
      bucketName: props.accessLogBucketName,
      // S3 server access logging writes only into SSE-S3 buckets without Object Lock retention.
      lifecycleRules: expiryRules('access-log-expiry', props.accessLogExpirationDays ?? 365),
      policyStatements: [
        {
          Sid: 'ServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: [
            `${accessLogBucketArn}/${accessLogPrefix}*`,
            `${accessLogBucketArn}/${memberLogsAccessLogPrefix}*`,
            ...otherLogged.map((name) => `${accessLogBucketArn}/${name}/*`),
          ],
          Condition: {
            ArnLike: {
              'aws:SourceArn': [
                logBucketArn,
                memberLogsBucketArn,
                ...otherLogged.map((name) => s3BucketArn(partition, name)),
              ],
            },
            StringEquals: { 'aws:SourceAccount': accountId },
          },
        },
        ...retentionGuardStatements(accessLogBucketArn, props.deployRoleArn, props.breakGlassPrincipalArns),
      ],
    });

    this.logBucket = new SecureBucket(this, 'logs', {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.keyArn,
      objectLock: props.objectLock,
      lifecycleRules: logRetentionRules(props.retention),
      accessLogs: {
        bucketName: props.accessLogBucketName,
        prefix: accessLogPrefix,
        dependsOn: [this.accessLogBucket.bucket, this.accessLogBucket.policy],
      },
      policyStatements: logBucketPolicyStatements({
        partition,
        bucketArn: logBucketArn,
        organizationId: props.organizationId,
        managementAccountId: props.managementAccountId,
        organizationTrailArn: props.organizationTrailArn,
        accountTrails,
        readerAccountIds,
        deployRoleArn: props.deployRoleArn,
        breakGlassPrincipalArns: props.breakGlassPrincipalArns,
      }),
    });

    this.memberLogsBucket = new SecureBucket(this, 'member-logs', {
      bucketName: props.memberLogsBucketName,
      kmsKeyArn: this.key.keyArn,
      lifecycleRules: logRetentionRules(props.retention),
      accessLogs: {
        bucketName: props.accessLogBucketName,
        prefix: memberLogsAccessLogPrefix,
        dependsOn: [this.accessLogBucket.bucket, this.accessLogBucket.policy],
      },
      policyStatements: memberLogsBucketPolicyStatements({
        partition,
        bucketArn: memberLogsBucketArn,
        configPrefix: props.configPrefix,
        sessionLogsPrefix: props.sessionLogsPrefix,
        flowLogsPrefix: props.flowLogsPrefix,
        configSources,
        sessionLogSources,
        flowLogSources,
        readerAccountIds,
        findingsExport: props.findingsExport,
        applicationLogs: props.applicationLogs,
        deployRoleArn: props.deployRoleArn,
        breakGlassPrincipalArns: props.breakGlassPrincipalArns,
      }),
    });

    this.replication =
      props.replication === undefined
        ? undefined
        : new LogReplication(this, 'replication', {
            source: this.logBucket,
            sourceKeyArn: this.key.keyArn,
            replicaBucketName: props.replication.bucketName,
            replicaRegion: props.replication.region,
            replicaProvider: props.replication.provider,
            replicaKeyAliasName: props.keyAliasName,
            retention: props.retention,
            objectLock: props.objectLock,
            deployRoleArn: props.deployRoleArn,
            breakGlassPrincipalArns: props.breakGlassPrincipalArns,
          });

    this.bucketName = props.bucketName;
    this.bucketArn = logBucketArn;
    this.keyArn = this.key.keyArn;
    this.keyAliasArn = this.key.aliasArn;
    this.memberLogsBucketName = props.memberLogsBucketName;
  }
}
