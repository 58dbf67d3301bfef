import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Construct } from 'constructs';
import { terraformLiteral } from '../core/terraform-text';
import { AccountProjection, CLOUDTRAIL_COLUMNS, CLOUDTRAIL_PARTITION_KEYS } from './cloudtrail-schema';
import { validateProps } from '../core/prop-validation';

/** Props of {@link CloudTrailTable}. */
export interface CloudTrailTableProps {
  /** Glue database of the table. */
  readonly databaseName: string;
  /** Name of the table. */
  readonly tableName: string;
  /** What the table holds, shown in the catalog. */
  readonly description: string;
  /** Bucket the trail delivers to. */
  readonly bucketName: string;
  /**
   * Key prefix above the account folders, ending in `/`: `AWSLogs/<org id>/` for an organization
   * trail, `AWSLogs/` for account trails.
   */
  readonly prefix: string;
  /** Accounts whose logs are under `prefix` (the `accountid` enum). */
  readonly accountIds: readonly string[];
  /**
   * `enum` lists `accountIds`; `injected` lists none, and every query must name its accounts with
   * `accountid = '...'` or `accountid IN (...)`.
   * @default 'enum'
   */
  readonly accountProjection?: AccountProjection;
  /** Regions the trails record (the `region` enum). */
  readonly regions: readonly string[];
  /** First day projected, `yyyy/MM/dd`. */
  readonly startDate: string;
}

/**
 * An Athena table over CloudTrail log files, defined explicitly (a crawler gets the nested record
 * wrong), with partition projection: `accountid` (an enum from the config, or injected) and
 * `region` (an enum) from the config, and
 * `eventdate` runs from `startDate` to today, so a new day's logs, or a new account's after a
 * deploy, are queryable at once, with no crawler, `MSCK REPAIR` or Lambda. A query that filters on
 * `eventdate` reads only those days' folders.
 */
export class CloudTrailTable extends Construct {
  /** The Glue table. */
  public readonly table: GlueCatalogTable;
  /** The table's `projection.*` and `storage.location.template` parameters, as AWS receives them. */
  public readonly projectionParameters: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: CloudTrailTableProps) {
    super(scope, id);
    validateProps(this, props);
    const location = `s3://${props.bucketName}/${props.prefix}`;
    this.projectionParameters = {
      'projection.enabled': 'true',
      ...(props.accountProjection === 'injected'
        ? { 'projection.accountid.type': 'injected' }
        : { 'projection.accountid.type': 'enum', 'projection.accountid.values': props.accountIds.join(',') }),
      'projection.region.type': 'enum',
      'projection.region.values': props.regions.join(','),
      'projection.eventdate.type': 'date',
      'projection.eventdate.format': 'yyyy/MM/dd',
      'projection.eventdate.range': `${props.startDate},NOW`,
      'projection.eventdate.interval': '1',
      'projection.eventdate.interval.unit': 'DAYS',
      'storage.location.template': `${location}\${accountid}/CloudTrail/\${region}/\${eventdate}`,
    };
    this.table = new GlueCatalogTable(this, 'table', {
      databaseName: props.databaseName,
      name: props.tableName,
      description: props.description,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'cloudtrail',
        ...Object.fromEntries(
          Object.entries(this.projectionParameters).map(([key, value]) => [key, terraformLiteral(value)]),
        ),
      },
      partitionKeys: CLOUDTRAIL_PARTITION_KEYS.map((name) => ({ name, type: 'string' })),
      storageDescriptor: {
        location,
        inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serDeInfo: { serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        columns: CLOUDTRAIL_COLUMNS.map((column) => ({ name: column.name, type: column.type })),
      },
    });
  }
}
