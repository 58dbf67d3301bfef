import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { IAM_ROLE_ARN, wholeNumberProblem } from '../core/aws-values';
import { numberProblem, validateProps } from '../core/prop-validation';
import { AwsPartition } from '../core/regions';
import { renderPolicy } from '../iam/policy-document';
import { evidenceSigningKeyPolicyStatements } from './evidence-signing-key-policy';

/** Props of {@link EvidenceSigningKey}. */
export interface EvidenceSigningKeyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** The account the key is in (the log archive account): it administers the key. */
  readonly accountId: string;
  /** The organization whose principals may read the public key. */
  readonly organizationId: string;
  /** The roles that may sign evidence manifests, by exact ARN (at least one). */
  readonly signerRoleArns: readonly string[];
  /** Alias name, `alias/...`: `evidence build --sign` names the key by its alias ARN. */
  readonly aliasName: string;
  /**
   * Days KMS waits before deleting the key once deletion is scheduled (7 to 30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

/**
 * The asymmetric KMS key that signs evidence packages' manifests: RSA_3072 for SIGN_VERIFY, its
 * private half never leaves KMS, and an auditor verifies with its public half offline. No
 * automatic rotation: KMS rotates symmetric keys only, and a signature must stay verifiable with
 * the public key an auditor was given. The longest deletion window and `prevent_destroy`: deleting
 * it leaves no way to ask KMS for the public key again.
 */
export class EvidenceSigningKey extends Construct {
  /** ARN of the key. */
  public readonly keyArn: string;
  /** ARN of the alias. */
  public readonly aliasArn: string;
  /** The key policy JSON, as applied. */
  public readonly policyJson: string;

  public constructor(scope: Construct, id: string, props: EvidenceSigningKeyProps) {
    super(scope, id);
    validateProps(this, props, [
      props.signerRoleArns.length === 0
        ? {
            field: 'signerRoleArns',
            message: '[] names no signer: name at least one role that builds evidence packages',
          }
        : undefined,
      ...props.signerRoleArns.map((arn, i) =>
        IAM_ROLE_ARN.test(arn)
          ? undefined
          : {
              field: `signerRoleArns[${i}]`,
              message: `${JSON.stringify(arn)} must be an IAM role ARN such as "arn:aws:iam::012345678901:role/name"`,
            },
      ),
      numberProblem('deletionWindowInDays', props.deletionWindowInDays, (days) =>
        wholeNumberProblem(days, 7, 30) === undefined
          ? undefined
          : 'is not accepted by KMS; use a whole number from 7 to 30',
      ),
    ]);
    this.policyJson = renderPolicy(evidenceSigningKeyPolicyStatements(props));
    const key = new KmsKey(this, 'key', {
      description: 'Signs the manifests of audit evidence packages (cdktf-audit-logging evidence build --sign)',
      customerMasterKeySpec: 'RSA_3072',
      keyUsage: 'SIGN_VERIFY',
      enableKeyRotation: false,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: this.policyJson,
      lifecycle: { preventDestroy: true },
    });
    const alias = new KmsAlias(this, 'alias', { name: props.aliasName, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.aliasArn = alias.arn;
  }
}
