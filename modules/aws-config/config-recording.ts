import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { awsManagedPolicyArn, PolicyStatement, renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { s3BucketArn } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { CONFIG_RECORDER_ROLE_NAME } from '../core/naming';

/** Name of the recorder and delivery channel this product creates: the one the console uses. */
const DEFAULT_NAME = 'default';

/** One Region where AWS Config records, with the provider that deploys there. */
export interface RecordingRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for that Region, in the same account. */
  readonly provider: TerraformProvider;
}

/** A recorder (and channel) that exists already in a Region: adopted under its own name. */
export interface ExistingRecorder {
  /** The Region it is in. */
  readonly region: string;
  /** Its name: the recorder of that Region keeps it, since AWS Config cannot rename a recorder. */
  readonly recorderName: string;
  /** The name of the existing delivery channel, if there is one; it is adopted the same way. */
  readonly deliveryChannelName?: string;
}

/** Props of {@link ConfigRecording}. */
export interface ConfigRecordingProps {
  /**
   * The Region that records global resources (IAM users, roles, policies); the other Regions do not.
   * @default - the stack's Region
   */
  readonly homeRegion?: string;
  /** Every Region to record in, including `homeRegion`. */
  readonly regions: readonly RecordingRegion[];
  /** Name of the bucket AWS Config delivers to (in another account: its policy must allow this one). */
  readonly bucketName: string;
  /** Key prefix of the deliveries, without `/`; Config adds `/AWSLogs/<account>/Config/...`. */
  readonly keyPrefix: string;
  /** How often a configuration snapshot is delivered, as the Config API names it (`TwentyFour_Hours`). */
  readonly snapshotDeliveryFrequency: string;
  /**
   * The KMS key the bucket encrypts deliveries with by default (SSE-KMS), for a bucket in this
   * account, where AWS Config delivers with this role and not as its service principal: a key ARN,
   * or `arn:<partition>:kms:<region>:<account>:key/*` where the key's id is not known here. The role
   * may use it only through S3 in the key's Region.
   * @default - no use of a key (a bucket in another account, or one encrypted with SSE-S3)
   */
  readonly bucketKeyArn?: string;
  /**
   * Name of the IAM role AWS Config uses to read the account's configuration.
   * @default 'audit-config-recorder'
   */
  readonly roleName?: string;
  /**
   * Recorders and delivery channels that exist already (set up by hand or by another tool). In each
   * of their Regions the recorder and channel take the existing names and carry a Terraform import
   * block, so that the first apply takes them over (and the plan shows it) instead of failing on
   * AWS's one-recorder-per-Region limit.
   * @default [] (recorder and channel named `default`)
   */
  readonly existing?: readonly ExistingRecorder[];
}

/**
 * AWS Config in one account: a configuration recorder in every listed Region (all supported
 * resource types; global resources in the home Region only, so each is recorded once), a delivery
 * channel to the central member-logs bucket, and the recorder turned on.
 *
 * The recorder and channel are named `default`, the name the console uses: an account where Config
 * was set up by hand is taken over, not duplicated (AWS allows one recorder per Region). AWS Config
 * delivers with the recorder's role first, so the role may write this account's prefix of the bucket
 * (and use `bucketKeyArn` through S3): in the bucket's own account that is the only way in. Delivery
 * to another account's bucket, whose policy does not admit the role, falls back to the
 * `config.amazonaws.com` principal, which that policy allows for this account's prefix only. Objects
 * are encrypted by the bucket's default key, so the channel names no key.
 */
export class ConfigRecording extends Construct {
  /** The role AWS Config records with. */
  public readonly role: IamRole;
  /** The recorder of each Region, by Region code. */
  public readonly recorders: ReadonlyMap<string, ConfigConfigurationRecorder>;

  public constructor(scope: Construct, id: string, props: ConfigRecordingProps) {
    super(scope, id);
    validateProps(
      this,
      props,
      (props.existing ?? []).map((existing, i) =>
        props.regions.some((r) => r.region === existing.region)
          ? undefined
          : {
              field: `existing[${i}].region`,
              message: `${JSON.stringify(existing.region)} is not one of the Regions this construct records in (props.regions)`,
            },
      ),
    );
    const stack = AccountStack.of(this);
    const homeRegion = props.homeRegion ?? stack.region;
    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? CONFIG_RECORDER_ROLE_NAME,
      description: 'AWS Config reads resource configurations with this role',
      assumeRolePolicy: serviceTrustPolicy('ConfigRecords', 'config.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': stack.accountId },
      }),
    });
    new IamRolePolicyAttachment(this, 'role-policy', {
      role: this.role.name,
      policyArn: awsManagedPolicyArn(stack.partition, 'service-role/AWS_ConfigRole'),
    });
    new IamRolePolicy(this, 'delivery-policy', {
      role: this.role.id,
      name: 'deliver-to-bucket',
      policy: renderPolicy(
        configDeliveryStatements(
          stack.partition,
          stack.accountId,
          props.bucketName,
          props.keyPrefix,
          props.bucketKeyArn,
        ),
      ),
    });

    const recorders = new Map<string, ConfigConfigurationRecorder>();
    for (const { region, provider } of props.regions) {
      const existing = props.existing?.find((e) => e.region === region);
      const recorder = new ConfigConfigurationRecorder(this, `recorder-${region}`, {
        provider,
        name: existing?.recorderName ?? DEFAULT_NAME,
        roleArn: this.role.arn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === homeRegion },
      });
      const channel = new ConfigDeliveryChannel(this, `delivery-${region}`, {
        provider,
        name: existing?.deliveryChannelName ?? DEFAULT_NAME,
        s3BucketName: props.bucketName,
        s3KeyPrefix: props.keyPrefix,
        snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency },
        // The channel needs a recorder to exist first.
        dependsOn: [recorder],
      });
      const status = new ConfigConfigurationRecorderStatus(this, `recording-${region}`, {
        provider,
        name: recorder.name,
        isEnabled: true,
        // Recording starts only once there is somewhere to deliver to.
        dependsOn: [channel],
      });
      if (existing !== undefined) {
        recorder.importFrom(existing.recorderName, provider);
        status.importFrom(existing.recorderName, provider);
        if (existing.deliveryChannelName !== undefined) channel.importFrom(existing.deliveryChannelName, provider);
      }
      recorders.set(region, recorder);
    }
    this.recorders = recorders;
  }
}

/**
 * What the recorder's role needs to deliver into a bucket of its own account, as the AWS Config guide
 * lists it: check the bucket's ACL and that it exists, write under `<prefix>/AWSLogs/<account>/`
 * with the owner-full-control ACL and, for an SSE-KMS bucket, use its key through S3.
 */
export function configDeliveryStatements(
  partition: string,
  accountId: string,
  bucketName: string,
  keyPrefix: string,
  bucketKeyArn: string | undefined,
): PolicyStatement[] {
  const bucket = s3BucketArn(partition, bucketName);
  const statements: PolicyStatement[] = [
    {
      Sid: 'ConfigBucketCheck',
      Effect: 'Allow',
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: bucket,
    },
    {
      Sid: 'ConfigDelivery',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${bucket}/${keyPrefix}/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
  if (bucketKeyArn !== undefined) {
    const keyRegion = bucketKeyArn.split(':')[3];
    statements.push({
      Sid: 'ConfigEncryptThroughS3',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: bucketKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${keyRegion}.amazonaws.com` } },
    });
  }
  return statements;
}
