import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { Construct } from 'constructs';
import { ACCOUNT_ID } from '../core/aws-values';
import { FINDINGS_DELIVERY_ROLE_NAME, FINDINGS_EXPORT_NAME, findingsEventsRoleName } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { prefixWriterStatements, renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { keyAdministrationStatement } from '../kms/audit-key';

/** Props of {@link SecurityHubFindingsExport}. */
export interface SecurityHubFindingsExportProps {
  /** ARN of the bucket the findings go to (the archive's member-logs bucket, in another account). */
  readonly bucketArn: string;
  /** Key prefix of the findings in that bucket, without `/`. */
  readonly prefix: string;
  /**
   * The account of the bucket and of its KMS key (the log archive): the role may use a key of that
   * account, in this Region, only through S3 and only for objects under `prefix`.
   */
  readonly archiveAccountId: string;
  /**
   * Name of the role the Firehose stream writes with; the archive's bucket and key policies admit
   * this role by ARN.
   * @default 'audit-securityhub-findings-delivery'
   */
  readonly roleName?: string;
  /**
   * Name of the Firehose stream.
   * @default 'audit-securityhub-findings'
   */
  readonly streamName?: string;
  /**
   * Seconds Firehose gathers findings before it writes an object (60 to 900).
   * @default 300
   */
  readonly bufferingSeconds?: number;
  /**
   * Alias of the customer managed key the stream encrypts the findings it buffers with.
   * @default 'alias/<streamName>'
   */
  readonly keyAliasName?: string;
}

/**
 * Security Hub's findings kept as evidence: an EventBridge rule on the default bus of the stack's
 * account and Region takes every finding Security Hub imports there ("Security Hub Findings -
 * Imported", which in the finding aggregator's Region includes the findings of every linked Region)
 * and sends it to a Firehose stream, which writes them, gzipped and one JSON document per line, into
 * the archive under `<prefix>/<yyyy>/<MM>/<dd>/` (failures under `<prefix>/errors/`). The objects are
 * encrypted by the bucket's default key (the archive's), through S3. While Firehose buffers them
 * (up to 24 hours when the archive cannot be reached), they are encrypted with a customer managed
 * key of this account ({@link key}): Firehose uses it through a grant the stream's creator makes
 * (the deploy role's kms:CreateGrant), and EventBridge's role may generate data keys with it and
 * decrypt, on that key alone, which Firehose checks when records are put.
 *
 * Each role can do one thing: EventBridge's may put records into this stream; the stream's may list
 * the bucket and write (and abort uploads) under the prefix, and use the archive account's keys in
 * this Region only through S3 for objects there. The bucket's and key's policies must admit the
 * stream's role (LogArchive's `findingsExport`).
 */
export class SecurityHubFindingsExport extends Construct {
  /** The rule that takes the findings. */
  public readonly rule: CloudwatchEventRule;
  /** The stream that writes them. */
  public readonly stream: KinesisFirehoseDeliveryStream;
  /** The role the stream writes with. */
  public readonly deliveryRole: IamRole;
  /** The key the stream encrypts what it buffers with. */
  public readonly key: KmsKey;

  public constructor(scope: Construct, id: string, props: SecurityHubFindingsExportProps) {
    super(scope, id);
    const buffering = props.bufferingSeconds ?? 300;
    validateProps(this, props, [
      ACCOUNT_ID.test(props.archiveAccountId)
        ? undefined
        : {
            field: 'archiveAccountId',
            message: `${JSON.stringify(props.archiveAccountId)} is not a 12-digit account id`,
          },
      /^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$/.test(props.prefix)
        ? undefined
        : {
            field: 'prefix',
            message: `${JSON.stringify(props.prefix)} must be a key prefix without a leading or trailing "/"`,
          },
      Number.isInteger(buffering) && buffering >= 60 && buffering <= 900
        ? undefined
        : {
            field: 'bufferingSeconds',
            message: `${buffering} must be a whole number of seconds from 60 to 900 (Firehose's range)`,
          },
    ]);
    const stack = AccountStack.of(this);
    const streamName = props.streamName ?? FINDINGS_EXPORT_NAME;
    const streamArn = stack.formatArn({ service: 'firehose', resource: 'deliverystream', resourceName: streamName });
    const sameAccount = { StringEquals: { 'aws:SourceAccount': stack.accountId } };
    // Firehose assumes its role with the stream's account as the external id, which its guide's
    // trust policy names; it documents no aws:SourceAccount for it.
    const firehoseOfThisAccount = { StringEquals: { 'sts:ExternalId': stack.accountId } };

    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: props.roleName ?? FINDINGS_DELIVERY_ROLE_NAME,
      description: "Firehose writes Security Hub's findings into the log archive with this role",
      assumeRolePolicy: serviceTrustPolicy('FirehoseDelivers', 'firehose.amazonaws.com', firehoseOfThisAccount),
    });
    new IamRolePolicy(this, 'delivery-policy', {
      role: this.deliveryRole.id,
      name: 'write-findings',
      policy: renderPolicy(
        prefixWriterStatements({
          bucketArn: props.bucketArn,
          prefix: props.prefix,
          writeSid: 'WriteFindings',
          keyArns: stack.formatArn({
            service: 'kms',
            account: props.archiveAccountId,
            resource: 'key',
            resourceName: '*',
          }),
          region: stack.region,
        }),
      ),
    });

    // The account's IAM policies decide who uses it: the deploy role (to create the stream's grant)
    // and EventBridge's role below; Firehose itself through that grant.
    // Not evidence (the archive's key encrypts what is kept): no prevent_destroy, so removing the
    // export removes it, after KMS's 30-day wait.
    this.key = new KmsKey(this, 'key', {
      description: 'Encrypts the Security Hub findings the Firehose stream buffers',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy([keyAdministrationStatement(stack.partition, stack.accountId)]),
    });
    new KmsAlias(this, 'key-alias', { name: props.keyAliasName ?? `alias/${streamName}`, targetKeyId: this.key.keyId });
    this.stream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: streamName,
      destination: 'extended_s3',
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: this.key.arn },
      extendedS3Configuration: {
        roleArn: this.deliveryRole.arn,
        bucketArn: props.bucketArn,
        prefix: `${props.prefix}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        errorOutputPrefix: `${props.prefix}/errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        bufferingInterval: buffering,
        bufferingSize: 5,
        compressionFormat: 'GZIP',
        // One finding per line, so that Athena and DuckDB read the objects as JSON lines.
        processingConfiguration: {
          enabled: true,
          processors: [{ type: 'AppendDelimiterToRecord' }],
        },
      },
    });

    const eventsRole = new IamRole(this, 'events-role', {
      name: findingsEventsRoleName(streamName),
      description: "EventBridge sends Security Hub's findings to the Firehose stream with this role",
      assumeRolePolicy: serviceTrustPolicy('EventBridgeSends', 'events.amazonaws.com', sameAccount),
    });
    new IamRolePolicy(this, 'events-policy', {
      role: eventsRole.id,
      name: 'put-findings',
      policy: renderPolicy([
        {
          Sid: 'PutFindings',
          Effect: 'Allow',
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          Resource: streamArn,
        },
        {
          // Firehose checks that the caller of PutRecord may use the stream's key.
          Sid: 'UseStreamKey',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: this.key.arn,
        },
      ]),
    });
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: streamName,
      description: 'Every Security Hub finding imported here, kept in the log archive',
      eventPattern: JSON.stringify({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
      }),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'log-archive',
      arn: this.stream.arn,
      roleArn: eventsRole.arn,
    });
  }
}
