import { AwsPartition } from '../core/regions';
import { accountRootArn, oneOrMany, PolicyStatement } from '../iam/policy-document';
import { keyAdministrationStatement } from './audit-key';

/** Who uses a key that Firehose streams of its account encrypt what they buffer with. */
export interface FirehoseStreamKeyPolicyProps {
  /** ARN partition. */
  readonly partition: AwsPartition;
  /** The account of the key and of the streams. */
  readonly accountId: string;
  /** The Region of the key and of the streams (`kms:ViaService` firehose.<region>.amazonaws.com). */
  readonly region: string;
  /** The roles that create or re-key the streams (the deploy role), by ARN: Firehose makes its grant with their credentials. */
  readonly grantorRoleArns: readonly string[];
  /** The roles that put records into the streams, by ARN (a pattern with `*` allowed). */
  readonly producerRoleArns: readonly string[];
}

/**
 * Statements of the policy of a key that Firehose streams are encrypted with (server-side encryption
 * with a customer managed key), with stable Sids. The account administers the key through IAM.
 * Firehose itself is named nowhere: it uses the key through the grant it creates, with the
 * credentials of whoever creates or re-keys a stream ([firehose-cmk-grant-made-by-caller]), so that
 * caller may create grants and describe the key, only through Firehose of this Region
 * ([kms-via-service-forward-access]); the roles that put records may generate data keys and decrypt,
 * only through Firehose too ([firehose-put-records-need-the-stream-key]).
 */
export function firehoseStreamKeyPolicyStatements(props: FirehoseStreamKeyPolicyProps): PolicyStatement[] {
  const principal = { AWS: accountRootArn(props.partition, props.accountId) };
  const viaFirehose = { 'kms:ViaService': `firehose.${props.region}.amazonaws.com` };
  return [
    keyAdministrationStatement(props.partition, props.accountId),
    {
      Sid: 'StreamCreatorsGrantFirehose',
      Effect: 'Allow',
      Principal: principal,
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': oneOrMany(props.grantorRoleArns) }, StringEquals: viaFirehose },
    },
    {
      Sid: 'ProducersEncryptThroughFirehose',
      Effect: 'Allow',
      Principal: principal,
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': oneOrMany(props.producerRoleArns) }, StringEquals: viaFirehose },
    },
  ];
}
