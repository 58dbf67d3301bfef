import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { EVIDENCE_SIGNING_ALGORITHM, OperationFailed } from '@audit-logging/cdktf/toolkit-api/core';
import { sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import { ManifestSignatureError, type ManifestSigner } from './manifest-signature';

/**
 * Signs with a KMS key of the log archive, named by its key ARN or alias ARN (KMS takes either
 * from another account: "To specify a KMS key in a different AWS account, you must use the key ARN
 * or alias ARN", API_Sign), in the key's Region, with the environment's credentials. A call KMS
 * refuses is an operation that failed (exit 1), with the reason and where the permission comes from.
 */
export class KmsManifestSigner implements ManifestSigner {
  private readonly client: KMSClient;
  /** The key's ARN, from GetPublicKey: Sign must answer with the same key (an alias may move). */
  private keyArn: string | undefined;

  public constructor(private readonly keyId: string) {
    const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\/.+$/.exec(keyId)?.[1];
    if (region === undefined) {
      throw new ManifestSignatureError(
        `--sign ${keyId} is not a KMS key ARN or alias ARN such as arn:aws:kms:eu-west-1:222222222222:alias/audit-evidence-signing`,
      );
    }
    this.client = new KMSClient(sdkClientOptions(region));
  }

  public async key(): Promise<{ keyArn: string; publicKey: Buffer }> {
    try {
      const answer = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
      if (answer.PublicKey === undefined || answer.KeyId === undefined)
        throw new Error('no PublicKey or KeyId in the answer');
      this.keyArn = answer.KeyId;
      return { keyArn: answer.KeyId, publicKey: Buffer.from(answer.PublicKey) };
    } catch (error) {
      throw new OperationFailed(`KMS did not give the public key of ${this.keyId}: ${sdkErrorMessage(error)}`);
    }
  }

  public async sign(digest: Buffer): Promise<Buffer> {
    let answer;
    try {
      answer = await this.client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: EVIDENCE_SIGNING_ALGORITHM,
        }),
      );
    } catch (error) {
      throw new OperationFailed(
        `KMS did not sign with ${this.keyId}: ${sdkErrorMessage(error)} (the key policy lets only logArchive.evidenceSigning.signerRoleArns sign; a signer in another account also needs kms:Sign on the key in its own IAM policy)`,
      );
    }
    if (answer.Signature === undefined)
      throw new OperationFailed(`KMS answered Sign with ${this.keyId} without a signature`);
    if (this.keyArn !== undefined && answer.KeyId !== this.keyArn) {
      throw new OperationFailed(
        `KMS signed with ${answer.KeyId ?? 'no key'}, not ${this.keyArn}, the key the manifest names: did ${this.keyId} move?`,
      );
    }
    return Buffer.from(answer.Signature);
  }
}
