import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { s3BucketArn } from '../core/naming';
import { formatArn } from '../core/arn';
import { schedulerSourceConditions } from '../core/aws-facts';
import { numberProblem, validateProps } from '../core/prop-validation';
import { SCHEDULER_CRON, wholeNumberProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';
import { PolicyStatement, renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { ABORT_INCOMPLETE_UPLOAD_DAYS } from '../log-archive/log-retention';
import { AccessLogTarget, SecureBucket } from '../storage/secure-bucket';
import { terraformLiteral } from '../core/terraform-text';
import { COLUMNAR_COPY_COLUMNS, columnarCopySql, SCHEDULED_DAY } from './columnar-copy-sql';
import { glueCatalogResources } from './glue-catalog-arns';
import { DEFAULT_COLUMNAR_COPY_NAME } from '../core/naming';

/** Where the copy's data lives in its bucket; the copy workgroup's results go beside it. */
export const COLUMNAR_COPY_PREFIX = 'cloudtrail/';
/** Where the copy workgroup keeps its query results (the insert's own small output). */
export const COLUMNAR_COPY_RESULTS_PREFIX = 'athena-results/';

/** Props of {@link CloudTrailColumnarCopy}. */
export interface CloudTrailColumnarCopyProps {
  /** Glue database of both tables, by name (the SQL the schedule sends names it). */
  readonly databaseName: string;
  /**
   * What the copy's table must wait for: the Glue database, when it is created in the same stack.
   * @default - nothing
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The CloudTrail table copied (the organization trail's). */
  readonly sourceTableName: string;
  /**
   * The accounts of the source table when it projects `accountid` as `injected`: the daily insert
   * then names them, as Athena requires.
   * @default - none (an `enum` projection lists them itself)
   */
  readonly sourceAccountIds?: readonly string[];
  /** The bucket and key prefix (ending in `/`) of the log files the source table reads. */
  readonly source: { readonly bucketName: string; readonly prefix: string };
  /** Name of the copy's table. */
  readonly tableName: string;
  /** Name of the copy's bucket (a derived copy: no Object Lock; the raw logs stay the evidence). */
  readonly bucketName: string;
  /** KMS key (ARN) that encrypts the raw logs, the copy and its query results. */
  readonly kmsKeyArn: string;
  /**
   * Name of the workgroup the daily insert runs in (the schedule may use no other), of the schedule
   * group that holds only the copy's schedule, of the schedule (`<name>-daily`) and of its role
   * (`<name>-schedule`).
   * @default 'audit-columnar-copy'
   */
  readonly name?: string;
  /**
   * When the day before is copied: an EventBridge Scheduler `cron(...)` expression in UTC. Late
   * enough that CloudTrail has delivered the day's last files (usually within 15 minutes).
   * @default 'cron(30 5 * * ? *)'
   */
  readonly schedule?: string;
  /**
   * Days the copy workgroup's query results are kept (the inserts' own output, not the copy).
   * @default 30
   */
  readonly resultsExpirationDays?: number;
  /**
   * The statement that lets the schedule's role use the Data Catalog's key, when the catalog is
   * encrypted ({@link CatalogEncryption.useKeyStatement}).
   * @default - none
   */
  readonly catalogKeyStatement?: PolicyStatement;
  /**
   * Where the copy bucket's server access logs go.
   * @default - no server access logging
   */
  readonly accessLogs?: AccessLogTarget;
}

/**
 * A columnar copy of the CloudTrail table that Athena keeps itself: an Apache Iceberg table
 * (Parquet files) in a bucket of its own, and a daily EventBridge Scheduler schedule that calls
 * Athena's StartQueryExecution directly (a universal target, no Lambda) to add the day before, in
 * a workgroup of its own. Each day is one Iceberg commit, added only if the copy holds none of
 * that day: a retried or repeated run never duplicates it.
 *
 * The copy has the source table's columns and its partition columns as plain columns, so the
 * saved queries read it unchanged. Glue creates the Iceberg table unpartitioned (AWS provider 5.x
 * cannot give a Glue-created Iceberg table partitions); each day lands in files of its own, whose
 * column statistics let Athena skip every file outside a query's days.
 *
 * The schedule's role may start queries in the copy workgroup only, read the source's log files
 * and the catalog, and write only the copy's bucket. Scheduler may assume it only for the schedule
 * group that holds the copy's schedule alone: Scheduler names the group, not the schedule, in
 * `aws:SourceArn` (fact `scheduler-source-arn-is-schedule-group`, modules/core/aws-facts.ts).
 */
export class CloudTrailColumnarCopy extends Construct {
  /** The copy's bucket. */
  public readonly bucket: SecureBucket;
  /** The Iceberg table. */
  public readonly table: GlueCatalogTable;
  /** The Iceberg table's name, as the SQL that reads it names it. */
  public readonly tableName: string;
  /** The workgroup the daily insert runs in. */
  public readonly workgroup: AthenaWorkgroup;
  /** The role EventBridge Scheduler assumes to start the insert. */
  public readonly scheduleRole: IamRole;
  /** The schedule group that holds the daily schedule, and nothing else. */
  public readonly scheduleGroup: SchedulerScheduleGroup;
  /** The daily schedule. */
  public readonly schedule: SchedulerSchedule;
  /** The daily insert, as the schedule sends it (`<aws.scheduler.scheduled-time>` still in it). */
  public readonly dailyInsertSql: string;

  public constructor(scope: Construct, id: string, props: CloudTrailColumnarCopyProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_COLUMNAR_COPY_NAME;
    const schedule = props.schedule ?? 'cron(30 5 * * ? *)';
    const resultsDays = props.resultsExpirationDays ?? 30;
    validateProps(this, props, [
      SCHEDULER_CRON.test(schedule)
        ? undefined
        : {
            field: 'schedule',
            message: `${JSON.stringify(schedule)} is not an EventBridge Scheduler cron expression; use cron() with six fields, such as "cron(30 5 * * ? *)"`,
          },
      /^[A-Za-z0-9._-]{1,55}$/.test(name)
        ? undefined
        : {
            field: 'name',
            message: `${JSON.stringify(name)} must be 1 to 55 letters, digits, ".", "_" or "-" (its role adds "-schedule" within IAM's 64)`,
          },
      numberProblem('resultsExpirationDays', resultsDays, (days) => wholeNumberProblem(days, 1)),
      props.source.prefix.endsWith('/')
        ? undefined
        : { field: 'source.prefix', message: `${JSON.stringify(props.source.prefix)} must end in "/"` },
    ]);
    const stack = AccountStack.of(this);
    const { partition, region, accountId } = stack;

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      lifecycleRules: [
        {
          // Iceberg removes data files itself (DELETE, VACUUM); an expiry here would break the table.
          id: 'noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
        {
          id: 'results-expiry',
          status: 'Enabled',
          filter: [{ prefix: COLUMNAR_COPY_RESULTS_PREFIX }],
          expiration: [{ days: resultsDays }],
        },
      ],
      policyStatements: [],
      accessLogs: props.accessLogs,
      // A derived copy: it can be made again from the logs, but a year of it costs a year of scans.
      preventDestroy: true,
    });
    this.tableName = props.tableName;
    const location = `s3://${props.bucketName}/${COLUMNAR_COPY_PREFIX}`;

    this.table = new GlueCatalogTable(this, 'table', {
      databaseName: props.databaseName,
      name: props.tableName,
      description: `Columnar copy (Apache Iceberg) of ${props.sourceTableName}, one day added daily`,
      tableType: 'EXTERNAL_TABLE',
      openTableFormatInput: { icebergInput: { metadataOperation: 'CREATE', version: '2' } },
      storageDescriptor: {
        location,
        columns: COLUMNAR_COPY_COLUMNS.map((column) => ({ name: column.name, type: column.type })),
      },
      // Every Iceberg commit moves the table's metadata_location (a parameter) and rewrites its
      // columns: Terraform must not put them back. Change the schema with ALTER TABLE in Athena.
      lifecycle: { ignoreChanges: ['parameters', 'storage_descriptor'] },
      dependsOn: [this.bucket.policy, ...(props.dependsOn ?? [])],
    });

    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: name,
      description: `Keeps the columnar copy ${props.tableName}: the daily insert runs here`,
      state: 'ENABLED',
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.bucketName}/${COLUMNAR_COPY_RESULTS_PREFIX}`,
          expectedBucketOwner: accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
        },
      },
      dependsOn: [this.bucket.bucket],
    });

    this.dailyInsertSql = columnarCopySql({
      sourceTable: `${props.databaseName}.${props.sourceTableName}`,
      copyTable: `${props.databaseName}.${props.tableName}`,
      day: SCHEDULED_DAY,
      accountIds: props.sourceAccountIds,
    });

    const scheduleName = `${name}-daily`;
    // A group of its own: Scheduler sends the schedule group's ARN as aws:SourceArn when it assumes
    // the role (never the schedule's), so the trust can name no schedule narrower than its group.
    this.scheduleGroup = new SchedulerScheduleGroup(this, 'schedule-group', { name });
    this.scheduleRole = new IamRole(this, 'schedule-role', {
      name: `${name}-schedule`,
      description: `EventBridge Scheduler starts the daily insert of ${props.tableName} with this role`,
      assumeRolePolicy: serviceTrustPolicy(
        'SchedulerStartsTheCopy',
        'scheduler.amazonaws.com',
        schedulerSourceConditions({ partition, region, accountId, scheduleGroup: name }),
      ),
    });
    const sourceBucketArn = s3BucketArn(partition, props.source.bucketName);
    const copyBucketArn = this.bucket.bucketArn;
    new IamRolePolicy(this, 'schedule-policy', {
      role: this.scheduleRole.name,
      name: 'keep-columnar-copy',
      policy: renderPolicy([
        {
          Sid: 'StartQueriesInCopyWorkgroup',
          Effect: 'Allow',
          Action: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetWorkGroup'],
          Resource: stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: name }),
        },
        {
          Sid: 'ReadCatalog',
          Effect: 'Allow',
          Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
          Resource: glueCatalogResources(stack, props.databaseName),
        },
        {
          Sid: 'CommitToCopyTable',
          Effect: 'Allow',
          Action: ['glue:UpdateTable'],
          Resource: stack.formatArn({
            service: 'glue',
            resource: 'table',
            resourceName: `${props.databaseName}/${props.tableName}`,
          }),
        },
        ...(props.catalogKeyStatement === undefined ? [] : [props.catalogKeyStatement]),
        {
          Sid: 'ListSourceLogs',
          Effect: 'Allow',
          Action: ['s3:ListBucket', 's3:GetBucketLocation'],
          Resource: sourceBucketArn,
          Condition: { StringLike: { 's3:prefix': `${props.source.prefix}*` } },
        },
        {
          Sid: 'ReadSourceLogs',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${sourceBucketArn}/${props.source.prefix}*`,
        },
        {
          Sid: 'WriteCopyBucket',
          Effect: 'Allow',
          Action: [
            's3:ListBucket',
            's3:GetBucketLocation',
            's3:GetObject',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ],
          Resource: [copyBucketArn, `${copyBucketArn}/*`],
        },
        {
          Sid: 'UseLogKeyThroughS3',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        },
      ]),
    });

    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: scheduleName,
      groupName: this.scheduleGroup.name,
      description: `Adds the day before to ${props.tableName}`,
      scheduleExpression: schedule,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        // A universal target: the service and API action Scheduler calls.
        arn: formatArn({
          partition,
          service: 'scheduler',
          region: '',
          account: '',
          resource: 'aws-sdk:athena:startQueryExecution',
        }),
        roleArn: this.scheduleRole.arn,
        input: terraformLiteral(
          JSON.stringify({
            QueryString: this.dailyInsertSql,
            WorkGroup: name,
            QueryExecutionContext: { Database: props.databaseName },
            // One query per scheduled run, however often Scheduler retries the call.
            ClientRequestToken: 'columnar-copy-run-<aws.scheduler.scheduled-time>',
          }),
        ),
        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 6 * 3600 },
      },
      dependsOn: [this.workgroup, this.table],
    });
  }
}
