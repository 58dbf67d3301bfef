import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Construct } from 'constructs';
import { ACCOUNT_ID, regionListProblems } from '../core/aws-values';
import { validateProps } from '../core/prop-validation';
import { terraformLiteral } from '../core/terraform-text';

/**
 * The columns of the application logs table: the CloudWatch Logs envelope as a subscription
 * delivers it (fact `logs-subscription-envelope-names-no-region`), one envelope per line. Hive's
 * JSON SerDe matches the envelope's camelCase keys (`key`, as AWS writes them) to these lower-case
 * names; `investigate` maps them the same way.
 */
export const APPLICATION_LOGS_COLUMNS: readonly {
  readonly name: string;
  readonly key: string;
  readonly type: string;
}[] = [
  { name: 'messagetype', key: 'messageType', type: 'string' },
  { name: 'owner', key: 'owner', type: 'string' },
  { name: 'loggroup', key: 'logGroup', type: 'string' },
  { name: 'logstream', key: 'logStream', type: 'string' },
  { name: 'subscriptionfilters', key: 'subscriptionFilters', type: 'array<string>' },
  { name: 'policylevel', key: 'policyLevel', type: 'string' },
  { name: 'logevents', key: 'logEvents', type: 'array<struct<id:string,timestamp:bigint,message:string>>' },
];

/** Name of the application logs table, unless its props say otherwise. */
export const APPLICATION_LOGS_TABLE_NAME = 'application_logs';

/** The partitions, in the order of the keys' folders: `<account>/<region>/<yyyy>/<MM>/<dd>/`. */
export const APPLICATION_LOGS_PARTITION_KEYS = ['account', 'region', 'day'] as const;

/** Props of {@link ApplicationLogsTable}. */
export interface ApplicationLogsTableProps {
  /** Glue database of the table. */
  readonly databaseName: string;
  /**
   * Name of the table.
   * @default 'application_logs'
   */
  readonly tableName?: string;
  /** Bucket the application logs are written to (the member-logs bucket). */
  readonly bucketName: string;
  /** Key prefix above the account folders, without `/`. */
  readonly prefix: string;
  /** Accounts that send (the `account` enum). */
  readonly accountIds: readonly string[];
  /** Regions whose log groups are sent (the `region` enum). */
  readonly regions: readonly string[];
  /** First day projected, `yyyy/MM/dd`. */
  readonly startDate: string;
}

/**
 * An Athena table over the members' application logs in the archive, with partition projection:
 * `account` and `region` (enums from the config) and `day`, from `startDate` to today, so a new
 * day's logs are queryable at once. A query unnests `logevents` for one row per log event; one that
 * filters on `day` reads only those days' folders.
 */
export class ApplicationLogsTable extends Construct {
  /** The Glue table. */
  public readonly table: GlueCatalogTable;
  /** The table's `projection.*` and `storage.location.template` parameters, as AWS receives them. */
  public readonly projectionParameters: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ApplicationLogsTableProps) {
    super(scope, id);
    validateProps(this, props, [
      ...regionListProblems('regions', props.regions),
      ...(props.accountIds.length === 0 ? [{ field: 'accountIds', message: 'names no account' }] : []),
      ...props.accountIds.flatMap((account, i) =>
        ACCOUNT_ID.test(account)
          ? []
          : [{ field: `accountIds[${i}]`, message: `${JSON.stringify(account)} is not a 12-digit account id` }],
      ),
      /^\d{4}\/\d{2}\/\d{2}$/.test(props.startDate)
        ? undefined
        : { field: 'startDate', message: `${JSON.stringify(props.startDate)} is not a day such as "2026/11/27"` },
    ]);
    const location = `s3://${props.bucketName}/${props.prefix}/`;
    this.projectionParameters = {
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.account.values': [...props.accountIds].sort().join(','),
      'projection.region.type': 'enum',
      'projection.region.values': props.regions.join(','),
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.day.range': `${props.startDate},NOW`,
      'projection.day.interval': '1',
      'projection.day.interval.unit': 'DAYS',
      'storage.location.template': `${location}\${account}/\${region}/\${day}`,
    };
    this.table = new GlueCatalogTable(this, 'table', {
      databaseName: props.databaseName,
      name: props.tableName ?? APPLICATION_LOGS_TABLE_NAME,
      description: "The members' application logs (CloudWatch Logs), one envelope of log events per row",
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'json',
        ...Object.fromEntries(
          Object.entries(this.projectionParameters).map(([key, value]) => [key, terraformLiteral(value)]),
        ),
      },
      partitionKeys: APPLICATION_LOGS_PARTITION_KEYS.map((name) => ({ name, type: 'string' })),
      storageDescriptor: {
        location,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serDeInfo: { serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        columns: APPLICATION_LOGS_COLUMNS.map((column) => ({ name: column.name, type: column.type })),
      },
    });
  }
}
