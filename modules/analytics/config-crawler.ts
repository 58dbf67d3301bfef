import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { s3BucketArn } from '../core/naming';
import { PolicyStatement, renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { AuditKey, cloudWatchLogsKeyStatement, keyAdministrationStatement } from '../kms/audit-key';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { glueCatalogResources } from './glue-catalog-arns';

/** Props of {@link ConfigCrawler}. */
export interface ConfigCrawlerProps {
  /** Name of the crawler (also names its role, key alias and security configuration). */
  readonly crawlerName: string;
  /** Glue database the crawler writes its tables into. */
  readonly databaseName: string;
  /** Bucket the crawled prefixes are in. */
  readonly bucketName: string;
  /** Key prefixes to crawl, each ending in `/`. */
  readonly prefixes: readonly string[];
  /** ARN of the key that encrypts the bucket: the crawler may decrypt with it, through S3 only. */
  readonly bucketKeyArn: string;
  /**
   * The statement that lets the crawler use the Data Catalog's key, when the catalog is encrypted
   * ({@link CatalogEncryption.useKeyStatement}).
   * @default - none
   */
  readonly catalogKeyStatement?: PolicyStatement;
  /** When the crawler runs: a Glue `cron(...)` expression, UTC. */
  readonly schedule: string;
  /**
   * Prefix of the tables the crawler creates.
   * @default 'crawled_'
   */
  readonly tablePrefix?: string;
}

/** Files a crawl must skip: CloudTrail digests and the files AWS Config writes to test the bucket. */
export const CRAWLER_EXCLUSIONS = ['**/CloudTrail-Digest/**', '**ConfigWritabilityCheckFile*'] as const;

/**
 * A Glue crawler for logs without a fixed schema, such as AWS Config snapshots and history: it
 * catalogs the given prefixes on a schedule, new folders only, and logs schema changes and deleted
 * objects instead of changing or deleting tables. Its CloudWatch logs and job bookmarks are
 * encrypted with a key of its own (a Glue security configuration), and its role may read only those
 * prefixes, decrypt them through S3, and write only into its database.
 */
export class ConfigCrawler extends Construct {
  /** The crawler. */
  public readonly crawler: GlueCrawler;
  /** Its role. */
  public readonly role: IamRole;

  public constructor(scope: Construct, id: string, props: ConfigCrawlerProps) {
    super(scope, id);
    validateProps(this, props);
    const stack = AccountStack.of(this);
    const { partition, region, accountId } = stack;
    const bucketArn = s3BucketArn(partition, props.bucketName);
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws-glue/crawlers*',
      arnFormat: 'colon',
    });

    const key = new AuditKey(this, 'key', {
      description: `Encrypts the CloudWatch logs and job bookmarks of Glue crawler ${props.crawlerName}`,
      aliasName: `alias/${props.crawlerName}`,
      policyStatements: [
        keyAdministrationStatement(partition, accountId),
        cloudWatchLogsKeyStatement('CloudWatchLogsEncryptCrawlerLogs', region, logGroupArn),
      ],
    });

    const securityConfiguration = new GlueSecurityConfiguration(this, 'security-configuration', {
      name: props.crawlerName,
      encryptionConfiguration: {
        cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: key.keyArn },
        s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
      },
    });

    this.role = new IamRole(this, 'role', {
      name: props.crawlerName,
      description: `Glue crawler ${props.crawlerName} reads ${props.prefixes.join(', ')} of ${props.bucketName}`,
      // The trust Glue's guide gives its crawler roles names the principal alone: Glue documents no
      // condition key it sends. Only this account can pass the role to a crawler (iam:PassRole).
      assumeRolePolicy: serviceTrustPolicy('GlueCrawls', 'glue.amazonaws.com', undefined),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      role: this.role.name,
      name: 'crawl-member-logs',
      policy: renderPolicy([
        {
          Sid: 'ListCrawledPrefixes',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: bucketArn,
          Condition: { StringLike: { 's3:prefix': props.prefixes.map((prefix) => `${prefix}*`) } },
        },
        {
          Sid: 'ReadCrawledPrefixes',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: props.prefixes.map((prefix) => `${bucketArn}/${prefix}*`),
        },
        {
          Sid: 'DecryptThroughS3',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.bucketKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        },
        {
          Sid: 'CatalogItsDatabase',
          Effect: 'Allow',
          Action: [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetTables',
            'glue:CreateTable',
            'glue:UpdateTable',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
            'glue:CreatePartition',
            'glue:BatchCreatePartition',
            'glue:UpdatePartition',
            'glue:BatchUpdatePartition',
          ],
          Resource: glueCatalogResources(stack, props.databaseName),
        },
        ...(props.catalogKeyStatement === undefined ? [] : [props.catalogKeyStatement]),
        {
          Sid: 'UseSecurityConfiguration',
          Effect: 'Allow',
          Action: 'glue:GetSecurityConfiguration',
          Resource: '*',
        },
        {
          Sid: 'WriteEncryptedLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
          Resource: [logGroupArn, `${logGroupArn}:log-stream:*`],
        },
        {
          Sid: 'UseCrawlerKey',
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: key.keyArn,
        },
      ]),
    });

    this.crawler = new GlueCrawler(this, 'crawler', {
      name: props.crawlerName,
      description: `Catalogs ${props.prefixes.join(', ')} of ${props.bucketName}`,
      role: this.role.arn,
      databaseName: props.databaseName,
      tablePrefix: props.tablePrefix ?? 'crawled_',
      schedule: props.schedule,
      securityConfiguration: securityConfiguration.name,
      s3Target: props.prefixes.map((prefix) => ({
        path: `s3://${props.bucketName}/${prefix}`,
        exclusions: [...CRAWLER_EXCLUSIONS],
      })),
      // Crawling new folders only requires both behaviours to be LOG: tables are never changed or
      // deleted by a crawl, changes are only logged.
      recrawlPolicy: { recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      schemaChangePolicy: { deleteBehavior: 'LOG', updateBehavior: 'LOG' },
      dependsOn: [rolePolicy],
    });
  }
}
