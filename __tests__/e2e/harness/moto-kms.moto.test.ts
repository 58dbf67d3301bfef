import * as path from 'path';
import {
  CreateKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { tempDir } from '../../support/synth';

/*
 * e2e/harness/moto_server.py item 33: EnableKeyRotation of an asymmetric key is refused, as AWS
 * refuses it [kms-asymmetric-keys-do-not-rotate]; a symmetric key's is accepted, as before.
 */

jest.setTimeout(120_000);

let moto: MotoServer;
let kms: KMSClient;
beforeAll(async () => {
  moto = await startMoto(path.join(tempDir('moto-kms-'), 'moto.log'));
  kms = new KMSClient({
    region: 'eu-west-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  kms?.destroy();
  await moto?.stop();
});

test('an asymmetric key: EnableKeyRotation is refused with UnsupportedOperationException; a symmetric one rotates', async () => {
  const signing = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' }));
  const signingKey = signing.KeyMetadata?.KeyId;
  await expect(kms.send(new EnableKeyRotationCommand({ KeyId: signingKey }))).rejects.toMatchObject({
    name: 'UnsupportedOperationException',
  });
  expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: signingKey }))).KeyRotationEnabled).toBe(false);

  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId;
  await kms.send(new EnableKeyRotationCommand({ KeyId: symmetric }));
  expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: symmetric }))).KeyRotationEnabled).toBe(true);
});
