import { EVIDENCE_SIGNING_ALGORITHM } from '../core/naming';
import { AwsPartition } from '../core/regions';
import { accountRootArn, oneOrMany, PolicyStatement } from '../iam/policy-document';
import { keyAdministrationStatement } from './audit-key';

/** Who may sign with the evidence signing key, and who may read its public key. */
export interface EvidenceSigningKeyPolicyProps {
  /** ARN partition of the organization. */
  readonly partition: AwsPartition;
  /** The account that owns and administers the key (the log archive account). */
  readonly accountId: string;
  /** The organization whose principals may read the public key (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** The roles that may sign, by exact ARN; in any account. */
  readonly signerRoleArns: readonly string[];
}

/**
 * Statements of the evidence signing key's policy, with stable Sids. The owning account
 * administers the key through IAM, but signs nothing with it; the named roles, and only they, may sign, only a SHA-256 digest
 * (`kms:MessageType` DIGEST) with {@link EVIDENCE_SIGNING_ALGORITHM} (`kms:SigningAlgorithm`);
 * the organization's principals may read the public key and describe the key, to verify. Nobody
 * else has any use of it.
 *
 * A signer is admitted through its account (Principal) and its ARN (`aws:PrincipalArn`), so the
 * policy can name a role created after the key. A signer in another account also needs kms:Sign
 * in its own IAM policy: KMS allows Sign across accounts only with both.
 */
export function evidenceSigningKeyPolicyStatements(props: EvidenceSigningKeyPolicyProps): PolicyStatement[] {
  const signerAccounts = [...new Set(props.signerRoleArns.map((arn) => arn.split(':')[4]))].sort();
  return [
    keyAdministrationStatement(props.partition, props.accountId),
    {
      // The administration above would let any principal of the owning account with kms:Sign in
      // its IAM policy sign: an explicit deny keeps signing to the named roles.
      Sid: 'NobodyElseSigns',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:Sign',
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': oneOrMany([...props.signerRoleArns]) } },
    },
    {
      Sid: 'SignersSignManifestDigests',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(signerAccounts.map((id) => accountRootArn(props.partition, id))) },
      Action: 'kms:Sign',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': oneOrMany([...props.signerRoleArns]) },
        StringEquals: { 'kms:SigningAlgorithm': EVIDENCE_SIGNING_ALGORITHM, 'kms:MessageType': 'DIGEST' },
      },
    },
    {
      Sid: 'SignersReadThePublicKey',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(signerAccounts.map((id) => accountRootArn(props.partition, id))) },
      Action: ['kms:GetPublicKey', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': oneOrMany([...props.signerRoleArns]) } },
    },
    {
      Sid: 'OrganizationReadsThePublicKey',
      Effect: 'Allow',
      Principal: '*',
      Action: ['kms:GetPublicKey', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    },
  ];
}
