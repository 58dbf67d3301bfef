import { APPLICATION_LOGS_QUERIES } from './application-logs-queries';
import { APPLICATION_LOGS_TABLE_NAME, ApplicationLogsTable } from './application-logs-table';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { Construct } from 'constructs';
import { columnarCopyTableName, MEMBER_LOGS_CRAWLER_NAME, s3BucketArn } from '../core/naming';
import { savedQueries } from './athena-queries';
import { AccountProjection, accountProjectionFor } from './cloudtrail-schema';
import { CloudTrailTable } from './cloudtrail-table';
import { ConfigCrawler } from './config-crawler';
import { CloudTrailColumnarCopy, COLUMNAR_COPY_PREFIX } from './cloudtrail-columnar-copy';
import { QuickSightDatasets } from './quicksight-datasets';
import { CatalogEncryption } from './catalog-encryption';
import { InvestigationWorkgroup } from './investigation-workgroup';
import { InvestigatorRole } from './investigator-role';
import type { AccessLogTarget } from '../storage/secure-bucket';
import { numberProblem, validateProps } from '../core/prop-validation';
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, wholeNumberProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';

/** Props of {@link LogAnalytics}. */
export interface LogAnalyticsProps {
  /** The organization id: the organization trail writes under `AWSLogs/<id>/`. */
  readonly organizationId: string;
  /** Name of the central log bucket. */
  readonly logBucketName: string;
  /** Name of the member-logs bucket (AWS Config, flow logs, session logs). */
  readonly memberLogsBucketName: string;
  /** ARN of the key that encrypts both buckets (and the query results). */
  readonly logKeyArn: string;
  /** Accounts the organization trail records. */
  readonly organizationAccountIds: readonly string[];
  /** Accounts with a standalone trail, under `AWSLogs/<account>/`; none leaves out their table. */
  readonly standaloneAccountIds: readonly string[];
  /** Regions the trails record. */
  readonly regions: readonly string[];
  /**
   * `accountid` projection of each CloudTrail table: `enum`, `injected`, or `auto` (enum up to
   * `ENUM_ACCOUNT_LIMIT` (100) accounts in that table, injected above). The saved queries follow
   * the organization table's.
   * @default 'auto'
   */
  readonly accountProjection?: AccountProjection | 'auto';
  /** Glue database name. */
  readonly databaseName: string;
  /** Name of the organization trail table; the standalone trails' table adds `_standalone`. */
  readonly tableName: string;
  /** First projected day, `yyyy/MM/dd`. */
  readonly projectionStartDate: string;
  /** Name of the Athena workgroup. */
  readonly workgroupName: string;
  /** Name of the results bucket. */
  readonly resultsBucketName: string;
  /** Days query results are kept. */
  readonly resultsExpirationDays: number;
  /** Per-query scan limit, bytes. */
  readonly bytesScannedCutoffPerQuery: number;
  /** Prefixes of the member-logs bucket the crawler catalogs. */
  readonly crawlerPrefixes: readonly string[];
  /** Crawler schedule, `cron(...)`. */
  readonly crawlerSchedule: string;
  /**
   * Where the Athena results bucket's server access logs go.
   * @default - no server access logging
   */
  readonly resultsAccessLogs?: AccessLogTarget;
  /** Prefixes of the member-logs bucket an investigator may read (each ending in `/`). */
  readonly memberLogPrefixes: readonly string[];
  /** Accounts whose auditors may assume the investigator role; none leaves the role out. */
  readonly readerAccountIds: readonly string[];
  /**
   * The columnar copy of the organization trail table ({@link CloudTrailColumnarCopy}), named
   * `<tableName>_columnar`: its bucket and when the day before is added.
   * @default - no copy
   */
  readonly columnarCopy?: { readonly bucketName: string; readonly schedule?: string };
  /**
   * The members' application logs in the member-logs bucket: a table over them (`application_logs`)
   * and their saved queries. `undefined` leaves both out.
   * @default - none
   */
  readonly applicationLogs?: {
    /** Key prefix of the application logs, without `/`. */
    readonly prefix: string;
    /** The accounts that send. */
    readonly accountIds: readonly string[];
    /**
     * Whether this account is their monitoring account too (`applicationLogs.liveSearch`): the
     * investigator role then runs Logs Insights over their linked log groups.
     * @default false
     */
    readonly liveSearch?: boolean;
  };
  /**
   * QuickSight datasets over the saved queries, read from the columnar copy (which they need), shared
   * with `principalArns` ({@link QuickSightDatasets}).
   * @default - none
   */
  readonly quickSight?: {
    readonly principalArns: readonly string[];
    readonly days?: number;
    readonly serviceRoleName?: string;
  };
}

/**
 * Log analytics over the archive: a Glue database; the CloudTrail table of the organization trail
 * (and one for standalone account trails) with partition projection; a crawler for AWS Config
 * deliveries; the investigation workgroup with its results bucket and saved queries; optionally a
 * columnar copy of the organization trail table that Athena keeps itself; and the role auditors of
 * the reader accounts assume to use them.
 */
export class LogAnalytics extends Construct {
  /** The Glue database. */
  public readonly database: GlueCatalogDatabase;
  /** The organization trail table. */
  public readonly cloudTrailTable: CloudTrailTable;
  /** The table over the members' application logs, when they are delivered. */
  public readonly applicationLogsTable: ApplicationLogsTable | undefined;
  /** The standalone account trails table, when there are standalone trails. */
  public readonly standaloneTrailTable: CloudTrailTable | undefined;
  /** The crawler of AWS Config deliveries. */
  public readonly crawler: ConfigCrawler;
  /** The workgroup and its results bucket. */
  public readonly workgroup: InvestigationWorkgroup;
  /** Encryption of the account's Glue Data Catalog, and its key. */
  public readonly catalogEncryption: CatalogEncryption;
  /** The investigator role, when there are reader accounts. */
  public readonly investigator: InvestigatorRole | undefined;
  /** The columnar copy of the organization trail table, when there is one. */
  public readonly columnarCopy: CloudTrailColumnarCopy | undefined;
  /** The QuickSight data source and datasets, when there are. */
  public readonly quickSight: QuickSightDatasets | undefined;

  public constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('bytesScannedCutoffPerQuery', props.bytesScannedCutoffPerQuery, (bytes) =>
        wholeNumberProblem(bytes, ATHENA_MIN_BYTES_SCANNED_CUTOFF),
      ),
      props.quickSight !== undefined && props.columnarCopy === undefined
        ? { field: 'quickSight', message: 'needs columnarCopy: the datasets read the columnar copy' }
        : undefined,
    ]);
    const { partition } = AccountStack.of(this);
    this.catalogEncryption = new CatalogEncryption(this, 'catalog-encryption');
    this.database = new GlueCatalogDatabase(this, 'database', {
      name: props.databaseName,
      description: `Audit logs of organization ${props.organizationId}`,
      // Metadata written after the settings is encrypted at rest.
      dependsOn: [this.catalogEncryption.settings],
    });
    const databaseName = this.database.name;

    const projection = props.accountProjection ?? 'auto';
    const organizationProjection = accountProjectionFor(projection, props.organizationAccountIds.length);
    this.cloudTrailTable = new CloudTrailTable(this, 'cloudtrail', {
      databaseName,
      tableName: props.tableName,
      description: `CloudTrail events of organization ${props.organizationId}, from the organization trail`,
      bucketName: props.logBucketName,
      prefix: `AWSLogs/${props.organizationId}/`,
      accountIds: props.organizationAccountIds,
      accountProjection: organizationProjection,
      regions: props.regions,
      startDate: props.projectionStartDate,
    });
    this.standaloneTrailTable =
      props.standaloneAccountIds.length === 0
        ? undefined
        : new CloudTrailTable(this, 'cloudtrail-standalone', {
            databaseName,
            tableName: `${props.tableName}_standalone`,
            description: 'CloudTrail events of accounts outside the organization, from their own trails',
            bucketName: props.logBucketName,
            prefix: 'AWSLogs/',
            accountIds: props.standaloneAccountIds,
            accountProjection: accountProjectionFor(projection, props.standaloneAccountIds.length),
            regions: props.regions,
            startDate: props.projectionStartDate,
          });

    const applicationLogs = props.applicationLogs;
    this.applicationLogsTable =
      applicationLogs === undefined
        ? undefined
        : new ApplicationLogsTable(this, 'application-logs', {
            databaseName,
            tableName: APPLICATION_LOGS_TABLE_NAME,
            bucketName: props.memberLogsBucketName,
            prefix: applicationLogs.prefix,
            accountIds: applicationLogs.accountIds,
            regions: props.regions,
            startDate: props.projectionStartDate,
          });

    this.crawler = new ConfigCrawler(this, 'config-crawler', {
      crawlerName: MEMBER_LOGS_CRAWLER_NAME,
      databaseName,
      bucketName: props.memberLogsBucketName,
      prefixes: props.crawlerPrefixes,
      bucketKeyArn: props.logKeyArn,
      catalogKeyStatement: this.catalogEncryption.useKeyStatement(),
      schedule: props.crawlerSchedule,
    });

    const copy = props.columnarCopy;
    this.columnarCopy =
      copy === undefined
        ? undefined
        : new CloudTrailColumnarCopy(this, 'columnar-copy', {
            databaseName: props.databaseName,
            dependsOn: [this.database],
            sourceTableName: props.tableName,
            sourceAccountIds: organizationProjection === 'injected' ? props.organizationAccountIds : undefined,
            source: { bucketName: props.logBucketName, prefix: `AWSLogs/${props.organizationId}/` },
            tableName: columnarCopyTableName(props.tableName),
            bucketName: copy.bucketName,
            kmsKeyArn: props.logKeyArn,
            schedule: copy.schedule,
            resultsExpirationDays: props.resultsExpirationDays,
            catalogKeyStatement: this.catalogEncryption.useKeyStatement(),
            accessLogs:
              props.resultsAccessLogs === undefined
                ? undefined
                : { ...props.resultsAccessLogs, prefix: `${copy.bucketName}/` },
          });

    this.workgroup = new InvestigationWorkgroup(this, 'investigations', {
      workgroupName: props.workgroupName,
      resultsBucketName: props.resultsBucketName,
      kmsKeyArn: props.logKeyArn,
      resultsExpirationDays: props.resultsExpirationDays,
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
      databaseName,
      tableName: props.tableName,
      queries: savedQueries(organizationProjection),
      columnarTableName: this.columnarCopy?.tableName,
      otherTables:
        this.applicationLogsTable === undefined
          ? []
          : // The name as text: a saved query's SQL is a literal, never a Terraform reference.
            [{ tableName: APPLICATION_LOGS_TABLE_NAME, queries: APPLICATION_LOGS_QUERIES }],
      accessLogs: props.resultsAccessLogs,
    });

    const quickSight = props.quickSight;
    this.quickSight =
      quickSight === undefined || this.columnarCopy === undefined || copy === undefined
        ? undefined
        : new QuickSightDatasets(this, 'quicksight', {
            principalArns: quickSight.principalArns,
            days: quickSight.days,
            serviceRoleName: quickSight.serviceRoleName,
            workgroupName: props.workgroupName,
            dependsOn: [this.workgroup.workgroup],
            databaseName: props.databaseName,
            tableName: this.columnarCopy.tableName,
            logs: [{ bucketArn: s3BucketArn(partition, copy.bucketName), prefixes: [COLUMNAR_COPY_PREFIX] }],
            resultsBucketArn: this.workgroup.resultsBucket.bucketArn,
            kmsKeyArn: props.logKeyArn,
            catalogKeyStatement: this.catalogEncryption.useKeyStatement(),
          });

    this.investigator =
      props.readerAccountIds.length === 0
        ? undefined
        : new InvestigatorRole(this, 'investigator', {
            trustedAccountIds: props.readerAccountIds,
            searchesLinkedLogGroups: props.applicationLogs?.liveSearch === true,
            workgroupName: props.workgroupName,
            databaseName: props.databaseName,
            logs: [
              { bucketArn: s3BucketArn(partition, props.logBucketName), prefixes: ['AWSLogs/'] },
              { bucketArn: s3BucketArn(partition, props.memberLogsBucketName), prefixes: props.memberLogPrefixes },
              ...(copy === undefined
                ? []
                : [{ bucketArn: s3BucketArn(partition, copy.bucketName), prefixes: [COLUMNAR_COPY_PREFIX] }]),
            ],
            resultsBucketArn: this.workgroup.resultsBucket.bucketArn,
            kmsKeyArn: props.logKeyArn,
            catalogKeyStatement: this.catalogEncryption.useKeyStatement(),
          });
  }
}
