import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { accountRootArn, oneOrMany, PolicyStatement, renderPolicy } from '../iam/policy-document';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { glueCatalogResources } from './glue-catalog-arns';
import { INVESTIGATOR_ROLE_NAME } from '../core/naming';

/** Read access to part of a bucket. */
export interface ReadableLogs {
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** Key prefixes that may be listed and read, each ending in `/`. */
  readonly prefixes: readonly string[];
}

/** Props of {@link InvestigatorRole}. */
export interface InvestigatorRoleProps {
  /** Accounts whose principals may assume the role (their own IAM must allow sts:AssumeRole). */
  readonly trustedAccountIds: readonly string[];
  /**
   * Name of the role.
   * @default 'audit-log-investigator'
   */
  readonly roleName?: string;
  /** The workgroup the role runs queries in. */
  readonly workgroupName: string;
  /** The Glue database of the tables. */
  readonly databaseName: string;
  /** The logs the queries read. */
  readonly logs: readonly ReadableLogs[];
  /** ARN of the results bucket. */
  readonly resultsBucketArn: string;
  /** ARN of the key that encrypts the logs and the results. */
  readonly kmsKeyArn: string;
  /**
   * The statement that lets the role use the Data Catalog's key, when the catalog is encrypted
   * ({@link CatalogEncryption.useKeyStatement}).
   * @default - none
   */
  readonly catalogKeyStatement?: PolicyStatement;
  /**
   * Whether the role also runs Logs Insights over the log groups that source accounts link to this
   * account's sinks (CloudWatch cross-account observability, `applicationLogs.liveSearch`).
   * @default false
   */
  readonly searchesLinkedLogGroups?: boolean;
}

/**
 * The role auditors in the reader accounts assume to run the saved queries: use of the one
 * workgroup (queries, results, saved queries), read-only use of the audit log database, reading the
 * logs, writing and reading results, and the log key through S3. It cannot change the workgroup,
 * the catalog or any object, and it cannot use any other workgroup.
 */
export class InvestigatorRole extends Construct {
  /** The role. */
  public readonly role: IamRole;

  public constructor(scope: Construct, id: string, props: InvestigatorRoleProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AccountStack.of(this);
    const { partition, region } = stack;
    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? INVESTIGATOR_ROLE_NAME,
      description: 'Auditors of the reader accounts run the saved audit log queries with this role',
      maxSessionDuration: 4 * 3600,
      assumeRolePolicy: renderPolicy([
        {
          Sid: 'ReaderAccountsAssume',
          Effect: 'Allow',
          Principal: { AWS: oneOrMany(props.trustedAccountIds.map((id) => accountRootArn(partition, id))) },
          Action: 'sts:AssumeRole',
        },
      ]),
    });

    const readLogs: PolicyStatement[] = props.logs.flatMap((logs, i) => [
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
    ]);

    new IamRolePolicy(this, 'policy', {
      role: this.role.name,
      name: 'investigate-audit-logs',
      policy: renderPolicy([
        {
          Sid: 'RunQueriesInWorkgroup',
          Effect: 'Allow',
          Action: [
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetQueryRuntimeStatistics',
            'athena:BatchGetQueryExecution',
            'athena:ListQueryExecutions',
            'athena:GetWorkGroup',
            'athena:GetNamedQuery',
            'athena:BatchGetNamedQuery',
            'athena:ListNamedQueries',
          ],
          Resource: stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroupName }),
        },
        {
          Sid: 'ListWorkgroupsAndCatalogs',
          Effect: 'Allow',
          Action: ['athena:ListWorkGroups', 'athena:ListDataCatalogs', 'athena:ListEngineVersions'],
          Resource: '*',
        },
        {
          Sid: 'ReadAuditCatalog',
          Effect: 'Allow',
          Action: [
            'glue:GetDatabase',
            'glue:GetDatabases',
            'glue:GetTable',
            'glue:GetTables',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
          ],
          Resource: glueCatalogResources(stack, props.databaseName),
        },
        ...(props.catalogKeyStatement === undefined ? [] : [props.catalogKeyStatement]),
        ...readLogs,
        {
          Sid: 'WriteAndReadResults',
          Effect: 'Allow',
          Action: [
            's3:GetBucketLocation',
            's3:ListBucket',
            's3:GetObject',
            's3:PutObject',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ],
          Resource: [props.resultsBucketArn, `${props.resultsBucketArn}/*`],
        },
        ...(props.searchesLinkedLogGroups === true ? linkedLogGroupStatements(stack) : []),
        {
          Sid: 'UseLogKeyThroughS3',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        },
      ]),
    });
  }
}

/**
 * Logs Insights over the log groups linked to this account's sinks. A linked account's log group is
 * authorized by its own ARN, which names that account, so StartQuery is granted on every log group
 * as AWS's own example for cross-account log groups does ([logs-insights-linked-log-groups-any-account]);
 * the sinks' links are this account's to list.
 */
function linkedLogGroupStatements(stack: AccountStack): PolicyStatement[] {
  return [
    {
      Sid: 'SearchLinkedLogGroups',
      Effect: 'Allow',
      Action: [
        'logs:StartQuery',
        'logs:StopQuery',
        'logs:GetQueryResults',
        'logs:GetLogGroupFields',
        'logs:DescribeQueries',
        'logs:DescribeQueryDefinitions',
        'logs:DescribeLogGroups',
        'oam:ListSinks',
      ],
      Resource: '*',
    },
    {
      Sid: 'ListLinkedAccounts',
      Effect: 'Allow',
      Action: ['oam:GetSink', 'oam:ListAttachedLinks'],
      Resource: stack.formatArn({ service: 'oam', region: '*', resource: 'sink', resourceName: '*' }),
    },
  ];
}
