import { DataAwsQuicksightGroup } from '@cdktf/provider-aws/lib/data-aws-quicksight-group';
import { DataAwsQuicksightUser } from '@cdktf/provider-aws/lib/data-aws-quicksight-user';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { QuicksightDataSet } from '@cdktf/provider-aws/lib/quicksight-data-set';
import { QuicksightDataSource } from '@cdktf/provider-aws/lib/quicksight-data-source';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { numberProblem, validateProps } from '../core/prop-validation';
import { QUICKSIGHT_PRINCIPAL_ARN, wholeNumberProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';
import { PolicyStatement, renderPolicy } from '../iam/policy-document';
import { terraformLiteral } from '../core/terraform-text';
import { ATHENA_QUERIES } from './athena-queries';
import { glueCatalogResources } from './glue-catalog-arns';
import type { ReadableLogs } from './investigator-role';
import {
  AUDIT_TAMPERING_QUERY_NAME,
  QUICKSIGHT_DATA_SOURCE_ID,
  QUICKSIGHT_SERVICE_ROLE_POLICY_NAME,
  SYSTEM_CHANGES_QUERY_NAME,
} from '../core/naming';

/** The QuickSight column types the datasets use. */
export type QuickSightColumnType = 'STRING' | 'INTEGER' | 'BOOLEAN';

/** Columns of the event-list queries (`SELECT eventtime, accountid, region, ...`), all text. */
const EVENT_COLUMNS = [
  'eventtime',
  'accountid',
  'region',
  'eventsource',
  'eventname',
  'identity_type',
  'identity_arn',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'requestparameters',
];
const text = (names: readonly string[]) => names.map((name) => [name, 'STRING'] as const);

/**
 * The saved queries a dashboard shows, each with the columns of its result: those that ask only
 * for days (a dashboard's window). `actions-by-principal` and `activity-from-ip` ask for a caller
 * or an address, which a dashboard filters instead.
 */
export const DASHBOARD_DATASETS: Readonly<Record<string, readonly (readonly [string, QuickSightColumnType])[]>> = {
  'root-user-activity': text(EVENT_COLUMNS),
  'denied-calls-by-principal': [
    ...text(['accountid', 'identity_arn', 'eventsource', 'eventname', 'errorcode']),
    ['access_denied', 'BOOLEAN'],
    ['calls', 'INTEGER'],
    ...text(['first_seen', 'last_seen']),
  ],
  'console-signins-without-mfa': text([
    'eventtime',
    'accountid',
    'identity_type',
    'identity_arn',
    'sourceipaddress',
    'useragent',
  ]),
  'evidence-deletions': text(EVENT_COLUMNS),
  'iam-policy-changes': text(EVENT_COLUMNS),
  [AUDIT_TAMPERING_QUERY_NAME]: text(EVENT_COLUMNS),
  [SYSTEM_CHANGES_QUERY_NAME]: text(EVENT_COLUMNS),
  'network-changes': text(EVENT_COLUMNS),
  'top-callers-and-errors': [
    ...text(['accountid', 'identity_arn']),
    ['calls', 'INTEGER'],
    ['errors', 'INTEGER'],
    ['distinct_calls', 'INTEGER'],
  ],
  'vpc-endpoint-denials': text([
    'eventtime',
    'accountid',
    'region',
    'eventsource',
    'eventname',
    'caller_account',
    'identity_arn',
    'vpcendpointid',
    'vpcendpointaccountid',
    'sourceipaddress',
    'errormessage',
  ]),
};

/**
 * The SQL of a dashboard dataset: the saved query over the last `days` days up to today (UTC)
 * instead of the two days Athena asks for.
 */
export function dashboardSql(name: string, table: string, days: number): string {
  const query = ATHENA_QUERIES.find((q) => q.name === name);
  if (query === undefined) throw new Error(`no saved query ${name}`);
  return query
    .sql(table)
    .replace(
      'eventdate BETWEEN ? AND ?',
      `eventdate >= date_format(current_date - INTERVAL '${days}' DAY, '%Y/%m/%d')`,
    );
}

/** What the principals may do with the data source: use it in their own datasets. */
const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
];
/** What the principals may do with each dataset: read it and build analyses and dashboards on it. */
const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
];

/** Props of {@link QuickSightDatasets}. */
export interface QuickSightDatasetsProps {
  /** QuickSight users or groups (ARNs) the data source and datasets are shared with, and only they. */
  readonly principalArns: readonly string[];
  /** The Athena workgroup the datasets' queries run in (its scan limit and results apply). */
  readonly workgroupName: string;
  /**
   * What the data source must wait for: the workgroup, when it is created in the same stack.
   * @default - nothing
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The Glue database of the table. */
  readonly databaseName: string;
  /** The CloudTrail table the datasets read: the columnar copy where there is one. */
  readonly tableName: string;
  /**
   * Days each dataset shows, up to today.
   * @default 30
   */
  readonly days?: number;
  /**
   * The role QuickSight uses to reach Athena and S3 in this account (its console's "Security &
   * permissions"); it exists once the account has a QuickSight subscription.
   * @default 'aws-quicksight-service-role-v0'
   */
  readonly serviceRoleName?: string;
  /** The log files and copies the queries read. */
  readonly logs: readonly ReadableLogs[];
  /** ARN of the results bucket of the workgroup. */
  readonly resultsBucketArn: string;
  /** ARN of the key that encrypts the logs and the results. */
  readonly kmsKeyArn: string;
  /**
   * The statement that lets QuickSight's role use the Data Catalog's key.
   * @default - none
   */
  readonly catalogKeyStatement?: PolicyStatement;
}

/**
 * QuickSight datasets over the saved queries: an Athena data source on the investigations
 * workgroup, and a direct-query dataset (no SPICE copy) for each saved query a dashboard shows,
 * over the last days, shared with the given QuickSight users or groups and no one else. QuickSight
 * reaches Athena, the catalog, the logs and the key through its own service role: a policy for
 * exactly that is attached to it. The account must have a QuickSight subscription (Enterprise
 * edition, for the permissions), which this product does not create: the plan reads each principal
 * from QuickSight, and stops with QuickSight's error when there is none.
 */
export class QuickSightDatasets extends Construct {
  /** The Athena data source. */
  public readonly dataSource: QuicksightDataSource;
  /** The datasets, by saved query name. */
  public readonly dataSets: Readonly<Record<string, QuicksightDataSet>>;

  public constructor(scope: Construct, id: string, props: QuickSightDatasetsProps) {
    super(scope, id);
    const days = props.days ?? 30;
    validateProps(this, props, [
      props.principalArns.length === 0
        ? { field: 'principalArns', message: 'is empty; name the QuickSight users or groups to share with' }
        : undefined,
      ...props.principalArns.map((arn, i) =>
        QUICKSIGHT_PRINCIPAL_ARN.test(arn)
          ? undefined
          : {
              field: `principalArns[${i}]`,
              message: `${JSON.stringify(arn)} is not a QuickSight user or group ARN, such as "arn:aws:quicksight:eu-west-1:222222222222:group/default/auditors"`,
            },
      ),
      numberProblem('days', days, (value) => wholeNumberProblem(value, 1, 3660)),
    ]);
    const stack = AccountStack.of(this);
    const { region } = stack;
    const serviceRoleName = props.serviceRoleName ?? 'aws-quicksight-service-role-v0';

    // The plan reads each principal: without a QuickSight subscription in the account, or with a
    // user or group it does not have, the plan stops here with QuickSight's own error. Users and
    // groups live in the account's identity Region, the one their ARN names, and are read there.
    props.principalArns.forEach((arn, i) => {
      const [, identityRegion, awsAccountId, kind, namespace, name] = QUICKSIGHT_PRINCIPAL_ARN.exec(arn) ?? [];
      const provider = stack.providerForRegion(identityRegion);
      if (kind === 'user') {
        new DataAwsQuicksightUser(this, `principal-${i}`, { provider, awsAccountId, namespace, userName: name });
      } else {
        new DataAwsQuicksightGroup(this, `principal-${i}`, { provider, awsAccountId, namespace, groupName: name });
      }
    });

    const policy = new IamPolicy(this, 'service-role-policy', {
      name: QUICKSIGHT_SERVICE_ROLE_POLICY_NAME,
      description: "QuickSight's service role runs the audit log datasets in the investigations workgroup",
      policy: renderPolicy([
        {
          Sid: 'RunQueriesInWorkgroup',
          Effect: 'Allow',
          Action: [
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetQueryResultsStream',
            'athena:GetWorkGroup',
          ],
          Resource: stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroupName }),
        },
        {
          Sid: 'ReadAuditCatalog',
          Effect: 'Allow',
          Action: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
          Resource: glueCatalogResources(stack, props.databaseName),
        },
        ...(props.catalogKeyStatement === undefined ? [] : [props.catalogKeyStatement]),
        ...props.logs.flatMap((logs, i): PolicyStatement[] => [
          {
            Sid: `ListLogs${i}`,
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetBucketLocation'],
            Resource: logs.bucketArn,
            Condition: { StringLike: { 's3:prefix': logs.prefixes.map((prefix) => `${prefix}*`) } },
          },
          {
            Sid: `ReadLogs${i}`,
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: logs.prefixes.map((prefix) => `${logs.bucketArn}/${prefix}*`),
          },
        ]),
        {
          Sid: 'WriteAndReadResults',
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          Resource: [props.resultsBucketArn, `${props.resultsBucketArn}/*`],
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
    // QuickSight runs with its service role as soon as a data source or dataset exists: they wait for
    // the policy's attachment to the role, not only for the policy.
    const attachment = new IamRolePolicyAttachment(this, 'service-role-attachment', {
      role: serviceRoleName,
      policyArn: policy.arn,
    });

    this.dataSource = new QuicksightDataSource(this, 'data-source', {
      dataSourceId: QUICKSIGHT_DATA_SOURCE_ID,
      name: 'Audit logs (Athena)',
      type: 'ATHENA',
      parameters: { athena: { workGroup: props.workgroupName } },
      permission: props.principalArns.map((principal) => ({ principal, actions: DATA_SOURCE_ACTIONS })),
      dependsOn: [...(props.dependsOn ?? []), attachment],
    });

    const dataSets: Record<string, QuicksightDataSet> = {};
    for (const [name, columns] of Object.entries(DASHBOARD_DATASETS)) {
      dataSets[name] = new QuicksightDataSet(this, `data-set-${name}`, {
        dataSetId: `audit-logs-${name}`,
        name: `Audit logs: ${name} (last ${days} days)`,
        importMode: 'DIRECT_QUERY',
        physicalTableMap: [
          {
            // QuickSight's ids take letters, digits and hyphens, never underscores (AWS's model of
            // PhysicalTableId); 'sql-' keeps it apart from the saved query of the same name.
            physicalTableMapId: `sql-${name}`,
            customSql: {
              dataSourceArn: this.dataSource.arn,
              name: `${name} query`,
              sqlQuery: terraformLiteral(dashboardSql(name, `${props.databaseName}.${props.tableName}`, days)),
              columns: columns.map(([column, type]) => ({ name: column, type })),
            },
          },
        ],
        permissions: props.principalArns.map((principal) => ({ principal, actions: DATA_SET_ACTIONS })),
        dependsOn: [attachment],
      });
    }
    this.dataSets = dataSets;
  }
}
