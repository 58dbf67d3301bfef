import { AuditLoggingError } from '../core/errors';
import { formatArn } from '../core/arn';

/** Who a resource-policy statement applies to: everyone (`*`), AWS principals, or AWS services. */
export type PolicyPrincipal =
  | '*'
  | { readonly AWS: string | readonly string[] }
  | { readonly Service: string | readonly string[] };

/** The IAM condition operators this library uses. */
export type ConditionOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringNotEqualsIfExists'
  | 'StringLike'
  | 'ForAnyValue:StringEquals'
  | 'ForAllValues:StringEquals'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Bool'
  | 'BoolIfExists'
  | 'Null';

/** `Condition` block: operator, then context key, then the value or values it must match. */
export type PolicyCondition = Partial<Record<ConditionOperator, Readonly<Record<string, string | readonly string[]>>>>;

/** One statement of an IAM policy, as AWS reads it. */
export interface PolicyStatement {
  /** Stable id: reviewers and tests find statements by it. Letters and digits only. */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  /** Only in resource policies (bucket, key, topic and trust policies); absent in identity policies. */
  readonly Principal?: PolicyPrincipal;
  /** The actions it applies to; a statement has this or {@link NotAction}. */
  readonly Action?: string | readonly string[];
  /** Every action but these (a deny of everything outside a list of exempt services). */
  readonly NotAction?: string | readonly string[];
  /** The resources it applies to; a statement has this or {@link NotResource} (or neither, in a trust policy). */
  readonly Resource?: string | readonly string[];
  /** Every resource but these (a deny of every Session document but ours, an SCP since full IAM language). */
  readonly NotResource?: string | readonly string[];
  readonly Condition?: PolicyCondition;
}

/** A whole policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/**
 * A policy document from typed statements, checked for what AWS would reject late (at apply):
 * a `Sid` that is not alphanumeric, or two statements with the same `Sid`.
 */
export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  const seen = new Set<string>();
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid)) {
      throw new AuditLoggingError(`policy statement Sid ${JSON.stringify(statement.Sid)} must be letters and digits`);
    }
    if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
      throw new AuditLoggingError(`policy statement ${statement.Sid} must have either Action or NotAction`);
    }
    if (seen.has(statement.Sid)) {
      throw new AuditLoggingError(`policy statement Sid ${JSON.stringify(statement.Sid)} is used twice`);
    }
    seen.add(statement.Sid);
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The JSON text of a policy, as Terraform and AWS take it. Rendered at synth time (every value is
 * known from the config), so the plan shows the whole policy and tests evaluate the exact text.
 */
export function renderPolicy(statements: readonly PolicyStatement[]): string {
  return escapePolicyVariables(JSON.stringify(policyDocument(statements)));
}

/**
 * IAM policy variables (`${aws:SourceAccount}`) written as Terraform reads them: `$${...}`, or
 * Terraform would take them for its own interpolation. cdktf tokens (`${TfToken[...]}`) have no
 * `service:` prefix and stay as they are.
 */
export function escapePolicyVariables(json: string): string {
  return json.replace(/\$\{(?=[A-Za-z0-9-]+:)/g, () => '$${');
}

/** An IAM policy variable: the value of `key` in the request, such as `${aws:SourceAccount}`. */
export function policyVariable(key: string): string {
  return `\${${key}}`;
}

/**
 * The trust policy of a service role: only `service` may assume it, and only when `condition` holds
 * (the confused-deputy guard: the account, resource or trail it acts for, in the condition keys and
 * value forms the service sends: modules/core/aws-facts.ts). `undefined` only where the service is
 * documented to send no such key (CloudTrail's role for CloudWatch Logs): a condition on a key the
 * service does not send never holds, and the service could never assume the role.
 */
export function serviceTrustPolicy(sid: string, service: string, condition: PolicyCondition | undefined): string {
  return renderPolicy([
    {
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(condition === undefined ? {} : { Condition: condition }),
    },
  ]);
}

/** One value as a string, several as a list: the shape AWS returns, so plans stay quiet. */
export function oneOrMany(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0] : values;
}

/** The principal that stands for a whole account (`arn:<partition>:iam::<account>:root`). */
export function accountRootArn(partition: string, accountId: string): string {
  return formatArn({ partition, service: 'iam', region: '', account: accountId, resource: 'root' });
}

/** The ARN of an AWS managed policy (`arn:<partition>:iam::aws:policy/<name>`), such as `service-role/AWS_ConfigRole`. */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return formatArn({ partition, service: 'iam', region: '', account: 'aws', resource: 'policy', resourceName: name });
}

/**
 * What a role that writes objects under one prefix of a bucket needs (a Firehose stream's, say): find
 * the bucket, put and abort uploads under `<prefix>/` only, and use the keys `keyArns` names only
 * through S3 in `region` and only for that bucket and prefix (with S3 Bucket Keys the encryption
 * context is the bucket's ARN). The write statement's Sid is `writeSid`.
 */
export function prefixWriterStatements(props: {
  readonly bucketArn: string;
  readonly prefix: string;
  readonly writeSid: string;
  readonly keyArns: string;
  readonly region: string;
}): PolicyStatement[] {
  return [
    {
      Sid: 'FindBucket',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: props.bucketArn,
    },
    {
      Sid: props.writeSid,
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: `${props.bucketArn}/${props.prefix}/*`,
    },
    {
      Sid: 'EncryptThroughS3',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: props.keyArns,
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [props.bucketArn, `${props.bucketArn}/${props.prefix}/*`] },
      },
    },
  ];
}
