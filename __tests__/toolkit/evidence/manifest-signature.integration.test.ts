import { createHash, createPublicKey, generateKeyPairSync, sign } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildEvidencePackage } from '../../../packages/cli/toolkit/evidence/evidence-package';
import { verificationText, verifyEvidencePackage } from '../../../packages/cli/toolkit/evidence/package-verification';
import { KmsManifestSigner } from '../../../packages/cli/toolkit/evidence/kms-manifest-signer';
import {
  type ManifestSigner,
  signingKeyOf,
  signManifest,
} from '../../../packages/cli/toolkit/evidence/manifest-signature';
import { runCliInProcess } from '../../support/cli';
import { endpointEnv } from '../../support/fake-live-endpoint';
import { fakeKms, type FakeKms } from '../../support/fake-kms';
import {
  SAMPLE_CONFIG_FILE,
  SAMPLE_LOGS,
  SAMPLE_PERIOD_ARGS,
  copyPackage,
  sampleBuildCommand,
  sampleInputs,
  sampleSynth,
} from '../../support/evidence-sample';
import { tempDir } from '../../support/synth';

/*
 * The manifest signed with the log archive's evidence signing key, through the AWS SDK against a
 * stand-in of KMS's Sign and GetPublicKey (support/fake-kms.ts, which follows the API Reference),
 * and checked offline with the public key an auditor is given.
 * [kms-sign-digest-skips-hashing] [kms-public-key-is-spki-der]
 */

const CONFIG_FILE = SAMPLE_CONFIG_FILE;
const SIGNER = 'arn:aws:iam::218007301253:role/evidence-builder';
const sample = sampleSynth();

let kms: FakeKms;
let savedEnv: NodeJS.ProcessEnv;
beforeAll(async () => {
  kms = await fakeKms('218007301254', 'us-east-1', 'alias/audit-evidence-signing');
  savedEnv = { ...process.env };
  Object.assign(process.env, endpointEnv(kms.url));
});
afterAll(async () => {
  process.env = savedEnv;
  await kms.close();
});

/** The sample's package signed through the stand-in, and unsigned, each built once for the file. */
let signedOnce: ReturnType<typeof build> | undefined;
let unsignedOnce: ReturnType<typeof build> | undefined;
const signedPackage = () => (signedOnce ??= build(new KmsManifestSigner(kms.aliasArn)));
const unsignedPackage = () => (unsignedOnce ??= build());

async function build(signer?: ManifestSigner, keyId = kms.aliasArn) {
  const inputs = sampleInputs(sample, signer === undefined ? {} : { sign: { keyId, signer } });
  return { output: inputs.output, summary: await buildEvidencePackage(inputs) };
}

/** The public key as each form an auditor may hold it: PEM, DER, and the base64 the AWS CLI prints. */
function publicKeyFiles(der: Buffer): { pem: string; der: string; base64: string } {
  const dir = tempDir('public-key');
  const files = { pem: path.join(dir, 'key.pem'), der: path.join(dir, 'key.der'), base64: path.join(dir, 'key.b64') };
  fs.writeFileSync(
    files.pem,
    createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }),
  );
  fs.writeFileSync(files.der, der);
  fs.writeFileSync(files.base64, `${der.toString('base64')}\n`);
  return files;
}

describe('evidence build --sign', () => {
  test('KMS signs the SHA-256 of manifest.json as a DIGEST, and the public key verifies it in every form', async () => {
    const { output, summary } = await signedPackage();
    expect(summary.signedBy).toBe(kms.keyArn);
    expect(kms.signRequests.at(-1)).toEqual({
      KeyId: kms.aliasArn,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    const manifest = fs.readFileSync(path.join(output, 'manifest.json'));
    const signature = JSON.parse(fs.readFileSync(path.join(output, 'manifest.signature.json'), 'utf8'));
    // The manifest names its key before it is signed, so the signature covers the name.
    const key = { keyArn: kms.keyArn, publicKeySha256: createHash('sha256').update(kms.publicKeyDer).digest('hex') };
    expect(JSON.parse(manifest.toString('utf8')).signingKey).toEqual(key);
    expect(signature).toMatchObject({
      format: 1,
      messageType: 'DIGEST',
      signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      manifestSha256: createHash('sha256').update(manifest).digest('hex'),
    });
    // The manifest does not list its signature, and the guide names the key.
    expect(Object.keys(JSON.parse(manifest.toString('utf8')).files)).not.toContain('manifest.signature.json');
    expect(fs.readFileSync(path.join(output, 'README.md'), 'utf8')).toContain(`signed with the KMS key ${kms.keyArn}`);

    for (const [form, file] of Object.entries(publicKeyFiles(kms.publicKeyDer))) {
      const result = await verifyEvidencePackage(output, { logs: SAMPLE_LOGS, publicKey: file });
      expect([form, result.signature, result.ok]).toEqual([form, { status: 'verified', key }, true]);
    }
    // The archive carries the signature too.
    const archived = await verifyEvidencePackage(`${output}.tar.gz`, {
      logs: SAMPLE_LOGS,
      publicKey: publicKeyFiles(kms.publicKeyDer).pem,
    });
    expect(archived.signature).toEqual({ status: 'verified', key });
    // Without the key, verify says whose signature it is and that it was not checked.
    const unchecked = await verifyEvidencePackage(output, { logs: SAMPLE_LOGS });
    expect(unchecked.signature).toEqual({ status: 'not-checked', key });
    expect(verificationText(unchecked, output)).toContain(
      `the manifest names ${kms.keyArn} as its signer: give that key's public half, from the organization, with --public-key`,
    );
  });

  test('a manifest changed after signing, another key, and an unsigned package given a key are refused', async () => {
    const keys = publicKeyFiles(kms.publicKeyDer);
    const output = copyPackage((await signedPackage()).output);
    const manifestFile = path.join(output, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(
      manifestFile,
      `${JSON.stringify({ ...manifest, createdAt: '2023-07-12T00:00:00.000Z' }, null, 2)}\n`,
    );
    const changed = await verifyEvidencePackage(output, { manifestOnly: true, publicKey: keys.pem });
    expect(changed.mismatches).toEqual([]);
    expect(changed.signature).toEqual({
      status: 'refused',
      reason: `manifest.json is not what ${kms.keyArn} signed: it was changed after signing`,
    });
    expect(changed.ok).toBe(false);
    expect(verificationText(changed, output)).toContain('REFUSED manifest.signature.json: manifest.json is not what');

    const other = path.join(tempDir('other-key'), 'other.pem');
    fs.writeFileSync(
      other,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }),
    );
    const { output: intact } = await signedPackage();
    expect((await verifyEvidencePackage(intact, { manifestOnly: true, publicKey: other })).signature).toEqual({
      status: 'refused',
      reason: expect.stringMatching(
        new RegExp(
          `^manifest.json names ${kms.keyArn} \\(public key SHA-256 [0-9a-f]{64}\\), and ${other} is another key`,
        ),
      ),
    });

    // A package that names the archive's key for a signature of another key: refused with the
    // archive's public key, as the signature does not verify with it.
    const forged = copyPackage((await unsignedPackage()).output);
    const forgedManifest = JSON.parse(fs.readFileSync(path.join(forged, 'manifest.json'), 'utf8'));
    const named = {
      ...forgedManifest,
      signingKey: { keyArn: kms.keyArn, publicKeySha256: createHash('sha256').update(kms.publicKeyDer).digest('hex') },
    };
    const forgedBytes = Buffer.from(`${JSON.stringify(named, null, 2)}\n`);
    fs.writeFileSync(path.join(forged, 'manifest.json'), forgedBytes);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(
      path.join(forged, 'manifest.signature.json'),
      JSON.stringify({ format: 1, signature: sign('sha256', forgedBytes, privateKey).toString('base64') }),
    );
    expect((await verifyEvidencePackage(forged, { manifestOnly: true, publicKey: keys.pem })).signature).toEqual({
      status: 'refused',
      reason: `manifest.json is not what ${kms.keyArn} signed: it was changed after signing`,
    });
    // An Ed25519 key cannot check it: refused, not a crash.
    const edKey = path.join(tempDir('ed-key'), 'ed.pem');
    const ed = generateKeyPairSync('ed25519').publicKey;
    fs.writeFileSync(edKey, ed.export({ format: 'pem', type: 'spki' }));
    forgedManifest.signingKey = {
      keyArn: kms.keyArn,
      publicKeySha256: createHash('sha256')
        .update(ed.export({ format: 'der', type: 'spki' }))
        .digest('hex'),
    };
    fs.writeFileSync(path.join(forged, 'manifest.json'), `${JSON.stringify(forgedManifest, null, 2)}\n`);
    expect((await verifyEvidencePackage(forged, { manifestOnly: true, publicKey: edKey })).signature).toEqual({
      status: 'refused',
      reason: expect.stringContaining('cannot check a PKCS #1 v1.5 signature'),
    });

    const { output: unsigned } = await unsignedPackage();
    expect((await verifyEvidencePackage(unsigned, { manifestOnly: true, publicKey: keys.pem })).signature).toEqual({
      status: 'refused',
      reason: 'the package is not signed: it holds no manifest.signature.json',
    });
    expect(fs.readFileSync(path.join(unsigned, 'README.md'), 'utf8')).toContain('The manifest is not signed');
    const notAKey = path.join(tempDir('not-a-key'), 'key.pem');
    fs.writeFileSync(notAKey, '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n');
    await expect(verifyEvidencePackage(intact, { manifestOnly: true, publicKey: notAKey })).rejects.toThrow(
      'is not a public key (',
    );
  });

  test('what changed is named in a signed package: the manifest edited since signing, or a file under the signed manifest', async () => {
    const keys = publicKeyFiles(kms.publicKeyDer);
    // A manifest line edited: without the key, the digest the signature file records names the manifest.
    const lineEdited = copyPackage((await signedPackage()).output);
    const manifestFile = path.join(lineEdited, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.files['integrity/public-keys.json'] = '0'.repeat(64);
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const unchecked = await verifyEvidencePackage(lineEdited, { logs: SAMPLE_LOGS });
    expect(unchecked.signature).toEqual({
      status: 'refused',
      reason:
        'manifest.json was changed since it was signed: its SHA-256 is not the one manifest.signature.json records (give --public-key to check the signature itself)',
    });
    expect(unchecked.findings).toEqual([
      {
        subject: 'integrity/public-keys.json',
        problem:
          'not as manifest.json lists it: the file or its line in the manifest was edited (and the manifest is not as it was signed)',
      },
    ]);
    expect(unchecked.ok).toBe(false);

    // A file edited under a manifest whose signature verifies: the file.
    const fileEdited = copyPackage((await signedPackage()).output);
    fs.appendFileSync(path.join(fileEdited, 'integrity', 'public-keys.json'), ' ');
    const checked = await verifyEvidencePackage(fileEdited, { logs: SAMPLE_LOGS, publicKey: keys.pem });
    expect(checked.signature?.status).toBe('verified');
    expect(checked.findings).toEqual([
      {
        subject: 'integrity/public-keys.json',
        problem: 'not as manifest.json lists it: the file was edited (the signed manifest lists another SHA-256)',
      },
    ]);
    const text = verificationText(checked, fileEdited);
    expect(text.startsWith('UNSIGNED')).toBe(false);
    expect(text).toMatch(/\nNOT VERIFIED\n$/);
  });

  test('a signer that hashes the digest again (as moto 5.2.1 does) is refused before anything is written', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const hashesAgain: ManifestSigner = {
      key: async () => ({ keyArn: kms.keyArn, publicKey: publicKey.export({ format: 'der', type: 'spki' }) }),
      sign: async (digest) => sign('sha256', digest, privateKey),
    };
    await expect(signManifest(Buffer.from('{}'), hashesAgain, await signingKeyOf(hashesAgain))).rejects.toThrow(
      'did it skip hashing the DIGEST?',
    );
    const dir = tempDir('signed-refused');
    await expect(
      buildEvidencePackage(
        sampleInputs(sample, { output: path.join(dir, 'package'), sign: { keyId: kms.keyArn, signer: hashesAgain } }),
      ),
    ).rejects.toThrow('did it skip hashing the DIGEST?');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('the command: --sign takes the config key alias; without one in the config it says what to turn on', async () => {
    const dir = tempDir('sign-cli');
    const signing = path.join(dir, 'signing.config.json');
    const raw = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8'));
    raw.$schema = undefined;
    raw.logArchive.evidenceSigning = { signerRoleArns: [SIGNER] };
    fs.writeFileSync(signing, JSON.stringify(raw));
    const args = [...(await sampleBuildCommand(dir, signing)), ...SAMPLE_PERIOD_ARGS];
    const built = await runCliInProcess([...args, '--sign', '--output', path.join(dir, 'package')], {
      env: endpointEnv(kms.url),
    });
    expect(built.status).toBe(0);
    expect(built.stdout).toContain(`manifest.json signed by ${kms.keyArn}`);
    expect(kms.signRequests.at(-1)?.KeyId).toBe('arn:aws:kms:us-east-1:218007301254:alias/audit-evidence-signing');
    const keyFile = publicKeyFiles(kms.publicKeyDer).base64;
    const verified = await runCliInProcess([
      'evidence',
      'verify',
      path.join(dir, 'package'),
      '--logs',
      SAMPLE_LOGS,
      '--public-key',
      keyFile,
    ]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain(
      `the manifest is signed by ${kms.keyArn}, as it names it: verified with the public key given`,
    );

    const plain = [...(await sampleBuildCommand(dir, CONFIG_FILE, 'plain-synth')), ...SAMPLE_PERIOD_ARGS];
    const unsigned = await runCliInProcess([...plain, '--sign', '--output', path.join(dir, 'p2')]);
    expect(unsigned.status).toBe(2);
    expect(unsigned.stderr).toContain('turn on logArchive.evidenceSigning');
    expect(fs.existsSync(path.join(dir, 'p2'))).toBe(false);
  });
});
