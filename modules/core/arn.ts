/**
 * How the resource part of an ARN separates the resource type from its name.
 * - `slash`: `role/deploy`, `trail/organization-trail`, `key/*`
 * - `colon`: `log-group:/aws/cloudtrail`, `alarm:root-usage`
 */
export type ArnFormat = 'slash' | 'colon';

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>[/|:<resourceName>]`. */
export interface ArnComponents {
  /** ARN partition: `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** Service namespace, as `iam`, `s3`, `kms`, `cloudtrail`. */
  readonly service: string;
  /**
   * Region, `*` for any, or empty for services whose ARNs have none (IAM, S3).
   */
  readonly region: string;
  /**
   * Account id, `*` for any, `aws` for AWS managed IAM policies, or empty for services whose ARNs
   * have none (S3).
   */
  readonly account: string;
  /**
   * The resource, or its type when `resourceName` follows: `role`, `key`, `log-group`, a bucket name,
   * an SNS topic name.
   */
  readonly resource: string;
  /**
   * Name of the resource, after `resource` and the separator `arnFormat` says.
   * @default - none: `resource` is the whole resource part
   */
  readonly resourceName?: string;
  /**
   * The separator between `resource` and `resourceName`.
   * @default 'slash'
   */
  readonly arnFormat?: ArnFormat;
}

/**
 * An ARN from its parts: the one place in this library where an ARN string is put together.
 *
 * `formatArn({ partition: 'aws', service: 'iam', region: '', account: '012345678901', resource: 'role', resourceName: 'deploy' })`
 * is `arn:aws:iam::012345678901:role/deploy`. Inside a stack, use `AccountStack.of(this).formatArn`,
 * which fills in the stack's partition, Region and account.
 */
export function formatArn(components: ArnComponents): string {
  const { partition, service, region, account, resource, resourceName } = components;
  const separator = components.arnFormat === 'colon' ? ':' : '/';
  const resourcePart = resourceName === undefined ? resource : [resource, resourceName].join(separator);
  return ['arn', partition, service, region, account, resourcePart].join(':');
}
