import { constants, generateKeyPairSync, KeyObject, privateEncrypt, sign as signRaw } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

/*
 * KMS's Sign and GetPublicKey on loopback (JSON 1.1, target TrentService), for one RSA_3072
 * SIGN_VERIFY key, as the KMS API Reference describes them; moto 5.2.1 cannot stand in, as it hashes
 * a DIGEST message again (its KMS Verify says DIGEST "is not yet implemented").
 * - Sign's required members are KeyId, Message and SigningAlgorithm; Message is 1 to 4,096 bytes
 *   (botocore 1.43.11's kms model: SignRequest, PlaintextType).
 * - "When the value is DIGEST, KMS skips the hashing step in the signing algorithm", and the
 *   message's length must be the algorithm's hash length (API_Sign): 32 bytes for SHA-256. With RAW
 *   (the default), KMS hashes the message.
 * - The key is named by its key ARN or alias ARN; the answer's KeyId is the key ARN (API_Sign,
 *   API_GetPublicKey); GetPublicKey's PublicKey is DER SubjectPublicKeyInfo (base64 in JSON).
 * Only RSASSA_PKCS1_V1_5_SHA_256 signs here; another algorithm of the key's is refused as this
 * stand-in does not implement it.
 */

/** The DER prefix of a PKCS #1 v1.5 DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface FakeKms {
  readonly url: string;
  readonly keyArn: string;
  readonly aliasArn: string;
  /** The key's public half, DER (SPKI). */
  readonly publicKeyDer: Buffer;
  /** Each Sign request's parameters but the message, in order (for the key policy's conditions). */
  readonly signRequests: { KeyId: string; MessageType: string; SigningAlgorithm: string }[];
  close(): Promise<void>;
}

let keyPair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** Starts the stand-in for a key of `accountId` in `region`, with the alias `aliasName`. */
export async function fakeKms(accountId: string, region: string, aliasName: string): Promise<FakeKms> {
  keyPair ??= generateKeyPairSync('rsa', { modulusLength: 3072 });
  const { privateKey, publicKey } = keyPair;
  const keyArn = `arn:aws:kms:${region}:${accountId}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
  const aliasArn = `arn:aws:kms:${region}:${accountId}:${aliasName}`;
  const publicKeyDer = publicKey.export({ format: 'der', type: 'spki' });
  const signRequests: FakeKms['signRequests'] = [];
  const error = (response: http.ServerResponse, type: string, message: string) => {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify({ __type: type, message }));
  };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const input = JSON.parse(body) as Record<string, string | undefined>;
      if (input.KeyId !== keyArn && input.KeyId !== aliasArn) {
        error(response, 'NotFoundException', `Key '${input.KeyId}' does not exist`);
        return;
      }
      const ok = (answer: unknown) => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer));
      };
      if (target === 'TrentService.GetPublicKey') {
        ok({
          KeyId: keyArn,
          PublicKey: publicKeyDer.toString('base64'),
          KeySpec: 'RSA_3072',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'],
        });
        return;
      }
      if (target !== 'TrentService.Sign') {
        error(response, 'UnknownOperationException', `${target} is not served by this stand-in`);
        return;
      }
      const messageType = input.MessageType ?? 'RAW';
      signRequests.push({
        KeyId: input.KeyId,
        MessageType: messageType,
        SigningAlgorithm: String(input.SigningAlgorithm),
      });
      const message = Buffer.from(input.Message ?? '', 'base64');
      if (message.length < 1 || message.length > 4096) {
        error(response, 'ValidationException', 'Message must be 1 to 4096 bytes');
        return;
      }
      if (input.SigningAlgorithm !== 'RSASSA_PKCS1_V1_5_SHA_256') {
        error(response, 'InvalidKeyUsageException', `${input.SigningAlgorithm} is not implemented by this stand-in`);
        return;
      }
      if (messageType === 'DIGEST' && message.length !== 32) {
        error(response, 'ValidationException', 'Digest is invalid length for algorithm RSASSA_PKCS1_V1_5_SHA_256.');
        return;
      }
      const signature =
        messageType === 'DIGEST'
          ? privateEncrypt(
              { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
              Buffer.concat([SHA256_DIGEST_INFO, message]),
            )
          : signRaw('sha256', message, privateKey);
      ok({ KeyId: keyArn, Signature: signature.toString('base64'), SigningAlgorithm: input.SigningAlgorithm });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keyArn,
    aliasArn,
    publicKeyDer,
    signRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
