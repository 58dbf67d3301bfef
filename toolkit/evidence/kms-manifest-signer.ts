import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { EVIDENCE_SIGNING_ALGORITHM } from '@audit-logging/cdktf/toolkit-api/core';
import { sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import { ManifestSignatureError, type ManifestSigner } from './manifest-signature';

/**
 * Signs with a KMS key of the log archive, named by its key ARN or alias ARN (KMS takes either
 * from another account: "To specify a KMS key in a different AWS account, you must use the key ARN
 * or alias ARN", API_Sign), in the key's Region, with the environment's credentials.
 */
export class KmsManifestSigner implements ManifestSigner {
  private readonly client: KMSClient;

  public constructor(private readonly keyId: string) {
    const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\/.+$/.exec(keyId)?.[1];
    if (region === undefined) {
      throw new ManifestSignatureError(
        `--sign ${keyId} is not a KMS key ARN or alias ARN such as arn:aws:kms:eu-west-1:222222222222:alias/audit-evidence-signing`,
      );
    }
    this.client = new KMSClient(sdkClientOptions(region));
  }

  public async sign(digest: Buffer): Promise<{ keyArn: string; signature: Buffer }> {
    try {
      const answer = await this.client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: EVIDENCE_SIGNING_ALGORITHM,
        }),
      );
      if (answer.Signature === undefined || answer.KeyId === undefined) {
        throw new ManifestSignatureError(`KMS answered Sign with ${this.keyId} without a signature or key`);
      }
      return { keyArn: answer.KeyId, signature: Buffer.from(answer.Signature) };
    } catch (error) {
      if (error instanceof ManifestSignatureError) throw error;
      throw new ManifestSignatureError(
        `KMS did not sign with ${this.keyId}: ${sdkErrorMessage(error)} (the key policy lets only logArchive.evidenceSigning.signerRoleArns sign; a signer in another account also needs kms:Sign on the key in its own IAM policy)`,
      );
    }
  }

  public async publicKey(): Promise<Buffer> {
    try {
      const answer = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
      if (answer.PublicKey === undefined) throw new Error('no PublicKey in the answer');
      return Buffer.from(answer.PublicKey);
    } catch (error) {
      throw new ManifestSignatureError(`KMS did not give the public key of ${this.keyId}: ${sdkErrorMessage(error)}`);
    }
  }
}
