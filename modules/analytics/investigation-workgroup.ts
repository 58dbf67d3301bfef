import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { Construct } from 'constructs';
import { terraformLiteral } from '../core/terraform-text';
import { expiryRules } from '../log-archive/log-retention';
import { AccessLogTarget, SecureBucket } from '../storage/secure-bucket';
import { AthenaQuery } from './athena-queries';
import { numberProblem, validateProps } from '../core/prop-validation';
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, wholeNumberProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';

/** Props of {@link InvestigationWorkgroup}. */
export interface InvestigationWorkgroupProps {
  /** Name of the workgroup. */
  readonly workgroupName: string;
  /** Name of the bucket that keeps query results. */
  readonly resultsBucketName: string;
  /** KMS key (ARN) that encrypts the results. */
  readonly kmsKeyArn: string;
  /** Days results are kept. */
  readonly resultsExpirationDays: number;
  /** Athena cancels a query that would scan more bytes than this (at least 10 MB). */
  readonly bytesScannedCutoffPerQuery: number;
  /** Database the saved queries run in. */
  readonly databaseName: string;
  /** The CloudTrail table the saved queries read. */
  readonly tableName: string;
  /** The saved queries. */
  readonly queries: readonly AthenaQuery[];
  /**
   * Other tables and their own saved queries (the application logs'); each query's name is its own.
   * @default []
   */
  readonly otherTables?: readonly { readonly tableName: string; readonly queries: readonly AthenaQuery[] }[];
  /**
   * The columnar copy's table (`CloudTrailColumnarCopy`): each saved query is saved again
   * over it, named `<name>-columnar`.
   * @default - no copy, each query saved once
   */
  readonly columnarTableName?: string;
  /**
   * Where the results bucket's server access logs go.
   * @default - no server access logging
   */
  readonly accessLogs?: AccessLogTarget;
}

/**
 * Where investigations run: an Athena workgroup on engine version 3 whose settings clients cannot
 * override (results location and encryption, the per-query scan limit), publishing CloudWatch
 * metrics; a results bucket encrypted with SSE-KMS, TLS only, that forgets results after
 * `resultsExpirationDays`; and the saved queries.
 */
export class InvestigationWorkgroup extends Construct {
  /** The workgroup. */
  public readonly workgroup: AthenaWorkgroup;
  /** The results bucket. */
  public readonly resultsBucket: SecureBucket;

  public constructor(scope: Construct, id: string, props: InvestigationWorkgroupProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('bytesScannedCutoffPerQuery', props.bytesScannedCutoffPerQuery, (bytes) =>
        wholeNumberProblem(bytes, ATHENA_MIN_BYTES_SCANNED_CUTOFF),
      ),
    ]);
    this.resultsBucket = new SecureBucket(this, 'results', {
      bucketName: props.resultsBucketName,
      kmsKeyArn: props.kmsKeyArn,
      lifecycleRules: expiryRules('results-expiry', props.resultsExpirationDays),
      policyStatements: [],
      accessLogs: props.accessLogs,
      // Results can be produced again from the logs; the bucket may go when the workgroup goes.
      preventDestroy: false,
    });

    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: props.workgroupName,
      description: 'Investigations over the organization audit logs',
      state: 'ENABLED',
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucketName}/results/`,
          expectedBucketOwner: AccountStack.of(this).accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
        },
      },
      dependsOn: [this.resultsBucket.bucket],
    });

    const tables = [
      { tableName: props.tableName, suffix: '', note: '' },
      ...(props.columnarTableName === undefined
        ? []
        : [{ tableName: props.columnarTableName, suffix: '-columnar', note: ' On the columnar copy.' }]),
    ];
    const queriesByTable = [
      ...tables.map((t) => ({ ...t, queries: props.queries })),
      ...(props.otherTables ?? []).map((t) => ({ ...t, suffix: '', note: '' })),
    ];
    for (const { tableName, suffix, note, queries } of queriesByTable) {
      for (const query of queries) {
        new AthenaNamedQuery(this, `query-${query.name}${suffix}`, {
          name: `${query.name}${suffix}`,
          description: `${query.description}${note}`,
          workgroup: this.workgroup.name,
          database: props.databaseName,
          query: terraformLiteral(query.sql(tableName)),
        });
      }
    }
  }
}
