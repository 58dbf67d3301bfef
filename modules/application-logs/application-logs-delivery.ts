import { CloudwatchLogDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-destination';
import { CloudwatchLogDestinationPolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-destination-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { formatArn } from '../core/arn';
import type { AwsPartition } from '../core/regions';
import { logsDestinationSourceArns } from '../core/aws-facts';
import { AWS_DOCUMENT_LIMITS, policySize } from '../core/aws-limits';
import { ACCOUNT_ID, type FieldProblem, ORGANIZATION_ID, regionListProblems } from '../core/aws-values';
import { APPLICATION_LOGS_DELIVERY_ROLE_NAME, APPLICATION_LOGS_DESTINATION_NAME } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { firehoseStreamKeyPolicyStatements } from '../kms/firehose-stream-key-policy';
import { destinationAccessPolicy, destinationGrant, type DestinationGrant } from './destination-grant';
import { prefixWriterStatements, renderPolicy, serviceTrustPolicy } from '../iam/policy-document';

/** One Region whose sending accounts deliver, with the log archive's provider of that Region. */
export interface DeliveryRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for the Region, in the log archive account (the destination is created there). */
  readonly provider: TerraformProvider;
}

/** Props of {@link ApplicationLogsDelivery}. */
export interface ApplicationLogsDeliveryProps {
  /** The Regions whose log groups are sent: a destination in each, a stream for each in the stack's Region. */
  readonly regions: readonly DeliveryRegion[];
  /** The accounts whose account-level subscription policies send to the destinations (never this account). */
  readonly senderAccountIds: readonly string[];
  /**
   * The organization of this account. CloudWatch Logs may assume the destinations' roles for any
   * account of it (`aws:SourceOrgID`), and for the senders outside it by their ARNs.
   */
  readonly organizationId: string;
  /**
   * The senders outside the organization (a subset of `senderAccountIds`).
   * @default []
   */
  readonly outsideSenderAccountIds?: readonly string[];
  /** ARN of the bucket the streams write to (the archive's member-logs bucket, in this account). */
  readonly bucketArn: string;
  /** Key prefix of the application logs in that bucket, without `/`. */
  readonly prefix: string;
  /**
   * Seconds a stream gathers events of one account before it writes an object (60 to 900).
   * @default 300
   */
  readonly bufferingSeconds?: number;
  /**
   * Name of the destinations (one per Region), and the start of the names of the streams and the
   * destinations' roles (`<name>-<region>`).
   * @default 'audit-application-logs'
   */
  readonly name?: string;
  /**
   * What the streams must wait for when they are in the bucket's stack: the bucket, and its and the
   * key's policies that admit their role.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Name of the role the streams write with; the archive's bucket and key policies admit this role
   * by ARN.
   * @default 'audit-application-logs-delivery'
   */
  readonly deliveryRoleName?: string;
  /**
   * ARN of the role that creates and updates the streams (the deploy role): Firehose makes its grant
   * on the streams' key with that role's credentials, which the key's policy admits through Firehose.
   */
  readonly deployRoleArn: string;
}

/** The name of the Firehose stream and of the destination role of `region`. */
export function applicationLogsStreamName(name: string, region: string): string {
  return `${name}-${region}`;
}

/**
 * Where the members' application logs arrive in the log archive account. In each Region, a
 * CloudWatch Logs destination, opened to the sending accounts by id (to the organization, and those
 * outside it by id, when they do not fit its access policy), takes what their account-level
 * subscription policies send (a destination takes log events of its own Region only), and puts it,
 * with a role CloudWatch Logs may assume for the organization's accounts and the senders outside it
 * alone, into a Firehose stream of that Region
 * in the stack's Region. Each stream unzips the CloudWatch Logs envelopes, partitions them by the
 * envelope's `owner` (the sending account), and writes them, one envelope per line and gzipped, to
 * `<prefix>/<account>/<region>/<yyyy>/<MM>/<dd>/` in the archive's member-logs bucket; what it cannot
 * deliver goes to `<prefix>/errors/<region>/`. The envelope names no Region, which is why there is a
 * stream per Region.
 *
 * What a stream buffers is encrypted with a customer managed key of this account ({@link key}), which
 * Firehose uses through the grant it makes with the deploy role's credentials.
 *
 * The bucket's and key's policies must admit the streams' role (`LogArchive`'s `applicationLogs`).
 */
export class ApplicationLogsDelivery extends Construct {
  /** The destination of each Region, by Region. */
  public readonly destinations: ReadonlyMap<string, CloudwatchLogDestination>;
  /** The stream of each Region's events, by Region. */
  public readonly streams: ReadonlyMap<string, KinesisFirehoseDeliveryStream>;
  /** The role the streams write with. */
  public readonly deliveryRole: IamRole;
  /** The customer managed key the streams encrypt what they buffer with. */
  public readonly key: KmsKey;
  /** How the destinations' access policies admit the senders (by id while they fit, else the organization). */
  public readonly grant: DestinationGrant;

  public constructor(scope: Construct, id: string, props: ApplicationLogsDeliveryProps) {
    super(scope, id);
    const stack = AccountStack.of(this);
    const name = props.name ?? APPLICATION_LOGS_DESTINATION_NAME;
    const buffering = props.bufferingSeconds ?? 300;
    const problems: FieldProblem[] = [
      ...regionListProblems(
        'regions',
        props.regions.map((r) => r.region),
      ),
      ...props.senderAccountIds.flatMap((account, i) =>
        ACCOUNT_ID.test(account) && account !== stack.accountId
          ? []
          : [
              {
                field: `senderAccountIds[${i}]`,
                message: ACCOUNT_ID.test(account)
                  ? `${account} is this stack's account: a destination serves other accounts (PutAccountPolicy names a destination of another account)`
                  : `${JSON.stringify(account)} is not a 12-digit account id`,
              },
            ],
      ),
      ...(Number.isInteger(buffering) && buffering >= 60 && buffering <= 900
        ? []
        : [{ field: 'bufferingSeconds', message: `${buffering} must be a whole number of seconds from 60 to 900` }]),
    ];
    if (props.senderAccountIds.length === 0) problems.push({ field: 'senderAccountIds', message: 'names no account' });
    if (!ORGANIZATION_ID.test(props.organizationId)) {
      problems.push({
        field: 'organizationId',
        message: `${JSON.stringify(props.organizationId)} is not an organization id such as "o-a1b2c3d4e5"`,
      });
    }
    (props.outsideSenderAccountIds ?? []).forEach((account, i) => {
      if (!props.senderAccountIds.includes(account)) {
        problems.push({
          field: `outsideSenderAccountIds[${i}]`,
          message: `${JSON.stringify(account)} is not one of senderAccountIds`,
        });
      }
    });
    // Each Region's trust and access policy, written once: measured here, applied below.
    const destinationArn = (region: string) =>
      stack.formatArn({ service: 'logs', region, resource: 'destination', resourceName: name, arnFormat: 'colon' });
    // By id while the senders fit the access policy, else the organization ([logs-destination-policy-limit]).
    const grant = destinationGrant(
      props.regions.map(({ region }) => destinationArn(region)),
      props.senderAccountIds,
    );
    this.grant = grant;
    const regions = props.regions.map(({ region, provider }) => ({
      region,
      provider,
      trust: destinationRoleTrustPolicy({
        partition: stack.partition,
        region,
        organizationId: props.organizationId,
        outsideSenderAccountIds: props.outsideSenderAccountIds ?? [],
      }),
      access: destinationAccessPolicy(destinationArn(region), grant, {
        senderAccountIds: props.senderAccountIds,
        outsideSenderAccountIds: props.outsideSenderAccountIds ?? [],
        organizationId: props.organizationId,
      }),
    }));
    for (const { region, trust } of regions) {
      const size = policySize(trust);
      if (size > AWS_DOCUMENT_LIMITS['iam-trust-policy']) {
        problems.push({
          field: 'senderAccountIds',
          message: `${(props.outsideSenderAccountIds ?? []).length} senders outside the organization make the trust policy of the destination role in ${region} ${size} characters, over IAM's ${AWS_DOCUMENT_LIMITS['iam-trust-policy']}: opt members out (applicationLogs.optedOutMembers)`,
        });
        break;
      }
    }
    // The access policies fit: by id only while the senders do, else the organization and the
    // senders outside it, whom the trust above holds to fewer ([logs-destination-policy-limit]).
    validateProps(this, props, problems);

    // Firehose assumes its role with the stream's account as the external id (as the findings export's).
    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: props.deliveryRoleName ?? APPLICATION_LOGS_DELIVERY_ROLE_NAME,
      description: "Firehose writes the members' application logs into the log archive with this role",
      assumeRolePolicy: serviceTrustPolicy('FirehoseDelivers', 'firehose.amazonaws.com', {
        StringEquals: { 'sts:ExternalId': stack.accountId },
      }),
    });
    new IamRolePolicy(this, 'delivery-policy', {
      role: this.deliveryRole.id,
      name: 'write-application-logs',
      policy: renderPolicy(
        prefixWriterStatements({
          bucketArn: props.bucketArn,
          prefix: props.prefix,
          writeSid: 'WriteApplicationLogs',
          keyArns: stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' }),
          region: stack.region,
        }),
      ),
    });

    // What the streams buffer (up to 24 hours when the archive cannot be reached) is under a key of
    // this account, not an AWS owned one. Not evidence (the log key encrypts what is kept): no
    // prevent_destroy; the guardrails keep its deletion, policy and Firehose's grant from the account's administrators.
    this.key = new KmsKey(this, 'key', {
      description: "Encrypts the members' application logs the Firehose streams buffer",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(
        firehoseStreamKeyPolicyStatements({
          partition: stack.partition,
          accountId: stack.accountId,
          region: stack.region,
          grantorRoleArns: [props.deployRoleArn],
          producerRoleArns: [
            stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${name}-*` }),
          ],
        }),
      ),
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${name}`, targetKeyId: this.key.keyId });
    const viaFirehose = { StringEquals: { 'kms:ViaService': `firehose.${stack.region}.amazonaws.com` } };

    const destinations = new Map<string, CloudwatchLogDestination>();
    const streams = new Map<string, KinesisFirehoseDeliveryStream>();
    for (const { region, provider, trust, access } of regions) {
      const streamName = applicationLogsStreamName(name, region);
      const stream = new KinesisFirehoseDeliveryStream(this, `stream-${region}`, {
        name: streamName,
        destination: 'extended_s3',
        serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: this.key.arn },
        dependsOn: props.dependsOn === undefined ? undefined : [...props.dependsOn],
        extendedS3Configuration: {
          roleArn: this.deliveryRole.arn,
          bucketArn: props.bucketArn,
          prefix: `${props.prefix}/!{partitionKeyFromQuery:account}/${region}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
          errorOutputPrefix: `${props.prefix}/errors/${region}/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
          bufferingInterval: buffering,
          // The provider's example of dynamic partitioning buffers 64 MB; each partition (account) has its own buffer.
          bufferingSize: 64,
          compressionFormat: 'GZIP',
          // Dynamic partitioning can be turned on only when a stream is created (the provider replaces it).
          dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
          processingConfiguration: {
            enabled: true,
            processors: [
              // CloudWatch Logs sends each envelope gzipped; unzipped, its fields can be read.
              { type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] },
              {
                type: 'MetadataExtraction',
                parameters: [
                  { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
                  { parameterName: 'MetadataExtractionQuery', parameterValue: '{account:.owner}' },
                ],
              },
              // One envelope per line, so that Athena and DuckDB read the objects as JSON lines.
              { type: 'AppendDelimiterToRecord' },
            ],
          },
        },
      });
      streams.set(region, stream);

      const role = new IamRole(this, `destination-role-${region}`, {
        name: streamName,
        description: `CloudWatch Logs puts the application logs sent to the ${region} destination into their stream with this role`,
        assumeRolePolicy: trust,
      });
      const rolePolicy = new IamRolePolicy(this, `destination-policy-${region}`, {
        role: role.id,
        name: 'put-application-logs',
        policy: renderPolicy([
          {
            Sid: 'PutRecords',
            Effect: 'Allow',
            Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
            Resource: stream.arn,
          },
          {
            // Firehose authorizes the stream key's use against whoever puts the records.
            Sid: 'UseStreamKeyThroughFirehose',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: this.key.arn,
            Condition: viaFirehose,
          },
        ]),
      });
      // CloudWatch Logs sends a test message through the role when the destination is created.
      const destination = new CloudwatchLogDestination(this, `destination-${region}`, {
        provider,
        name,
        roleArn: role.arn,
        targetArn: stream.arn,
        dependsOn: [rolePolicy],
      });
      new CloudwatchLogDestinationPolicy(this, `access-policy-${region}`, {
        provider,
        destinationName: destination.name,
        accessPolicy: access,
        // Moving a policy from accounts to the organization needs it ([logs-destination-policy-force-update]).
        ...(grant === 'organization' ? { forceUpdate: true } : {}),
      });
      destinations.set(region, destination);
    }
    this.destinations = destinations;
    this.streams = streams;
  }
}

/** Who sends to the destination of one Region, as its role's trust names them. */
export interface DestinationTrustProps {
  /** ARN partition. */
  readonly partition: AwsPartition;
  /** The destination's Region: the log groups it takes are of this Region only. */
  readonly region: string;
  /** The organization of the log archive. */
  readonly organizationId: string;
  /** The senders outside the organization, by account. */
  readonly outsideSenderAccountIds: readonly string[];
}

/**
 * The trust of the destination role of a Region: CloudWatch Logs, acting for a CloudWatch Logs
 * resource of that Region (aws:SourceArn, as AWS's cross-account Firehose example) of an account of
 * the organization (aws:SourceOrgID: one condition at any number of members), the receiver's test
 * message included; and for each sender outside the organization, by its ARN in that Region.
 */
export function destinationRoleTrustPolicy(props: DestinationTrustProps): string {
  const principal = { Principal: { Service: 'logs.amazonaws.com' }, Action: 'sts:AssumeRole' };
  const outside = props.outsideSenderAccountIds;
  const where = { partition: props.partition, region: props.region };
  return renderPolicy([
    {
      Sid: 'CloudWatchLogsDeliversForTheOrganization',
      Effect: 'Allow',
      ...principal,
      Condition: {
        StringEquals: { 'aws:SourceOrgID': props.organizationId },
        // [logs-destination-role-source-arn-and-org-id] any account's resource of the Region, held to the organization above.
        ArnLike: { 'aws:SourceArn': formatArn({ ...where, service: 'logs', account: '*', resource: '*' }) },
      },
    },
    ...(outside.length === 0
      ? []
      : [
          {
            Sid: 'CloudWatchLogsDeliversForOutsideSenders',
            Effect: 'Allow' as const,
            ...principal,
            Condition: { StringLike: { 'aws:SourceArn': logsDestinationSourceArns(where, outside) } },
          },
        ]),
  ]);
}
