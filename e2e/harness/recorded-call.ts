/**
 * One distinct call the harness's moto answered (e2e/harness/moto_call_record.py): who signed it,
 * where, which operation, and the input's members that name a resource.
 */
export interface RecordedCall {
  readonly accessKey: string;
  /** The account of the role session that signed it; null for a key that is not a role session. */
  readonly accountId: string | null;
  readonly roleArn: string | null;
  /** The provider's session name, `cdktf-audit-<stack>` for a stack's deploy role. */
  readonly sessionName: string | null;
  /** The Region of the request's signature. */
  readonly region: string;
  /** The SigV4 signing name (`monitoring` for CloudWatch). */
  readonly signingName: string;
  /** botocore's service name. */
  readonly service: string;
  /** The API operation, as AWS's model names it. */
  readonly operation: string;
  /** Top-level string members of the input that name a resource (Bucket, Key, RoleName, ...Arn, ...Id). */
  readonly hints: Readonly<Record<string, string>>;
  /** How many times this same call was made. */
  readonly count: number;
}
