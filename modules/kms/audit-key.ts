import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountRootArn, PolicyStatement, renderPolicy } from '../iam/policy-document';
import { numberProblem, validateProps } from '../core/prop-validation';
import { wholeNumberProblem } from '../core/aws-values';

/** Props of {@link AuditKey}. */
export interface AuditKeyProps {
  /** What the key is for, shown in the KMS console. */
  readonly description: string;
  /** Alias name, `alias/...`: deterministic, because other accounts refer to the key by it. */
  readonly aliasName: string;
  /** The key policy's statements, with stable Sids. */
  readonly policyStatements: readonly PolicyStatement[];
  /**
   * Days KMS waits before deleting the key once deletion is scheduled (7 to 30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Provider for a key in another Region than the stack's.
   * @default - the stack's provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A customer managed KMS key for audit data (logs, alarms): automatic yearly rotation, the longest deletion window,
 * `prevent_destroy` (deleting it makes every object it encrypted unreadable), and an alias.
 */
export class AuditKey extends Construct {
  /** ARN of the key. */
  public readonly keyArn: string;
  /** Id of the key. */
  public readonly keyId: string;
  /** ARN of the alias. */
  public readonly aliasArn: string;
  /** The key policy JSON, as applied. */
  public readonly policyJson: string;

  public constructor(scope: Construct, id: string, props: AuditKeyProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('deletionWindowInDays', props.deletionWindowInDays, (days) =>
        wholeNumberProblem(days, 7, 30) === undefined
          ? undefined
          : 'is not accepted by KMS; use a whole number from 7 to 30',
      ),
    ]);
    const window = props.deletionWindowInDays ?? 30;
    this.policyJson = renderPolicy(props.policyStatements);
    const key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: this.policyJson,
      lifecycle: { preventDestroy: true },
    });
    const alias = new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: props.aliasName,
      targetKeyId: key.keyId,
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasArn = alias.arn;
  }
}

/**
 * The first statement of every key policy here: the owning account administers the key through
 * IAM. Without it, no principal of the account can manage the key, and it cannot be recovered.
 */
export function keyAdministrationStatement(partition: string, accountId: string): PolicyStatement {
  return {
    Sid: 'KeyAdministration',
    Effect: 'Allow',
    Principal: { AWS: accountRootArn(partition, accountId) },
    Action: 'kms:*',
    Resource: '*',
  };
}

/**
 * Lets CloudWatch Logs in `region` use a key for the log groups `logGroupArn` names (an ARN, or an
 * ARN pattern with `*`), and for nothing else: the encryption context CloudWatch Logs sends names
 * the log group.
 */
export function cloudWatchLogsKeyStatement(sid: string, region: string, logGroupArn: string): PolicyStatement {
  const operator = logGroupArn.includes('*') ? 'ArnLike' : 'ArnEquals';
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { [operator]: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
  };
}
