import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the evidence signing key of the log archive
 * (logArchive.evidenceSigning) and `evidence build --sign`: what KMS signs, the form it gives the
 * public key in, what it refuses asymmetric keys, and what a key policy can pin. Each is cited and
 * pinned by a test.
 */

const KMS_API = 'https://docs.aws.amazon.com/kms/latest/APIReference';
const KMS_GUIDE = 'https://docs.aws.amazon.com/kms/latest/developerguide';
const SIGNATURE_TEST = '__tests__/toolkit/evidence/manifest-signature.integration.test.ts';
const KEY_TEST = '__tests__/log-archive/evidence-signing-key.test.ts';
const RULES_TEST = '__tests__/toolkit/compliance/rules.test.ts';
const GUARDRAIL_CASES = '__tests__/stacks/policy/guardrails-cases.ts';

export const EVIDENCE_SIGNING_FACTS: readonly AwsFact[] = [
  {
    id: 'kms-sign-digest-skips-hashing',
    kind: 'read-back',
    subject: 'kms:Sign with MessageType DIGEST',
    fact: "With MessageType DIGEST, KMS signs the message as a digest and does not hash it again; the digest's length must be the algorithm's (32 bytes for SHA-256). With RAW, KMS hashes the message first.",
    consequence:
      'evidence build --sign sends SHA-256(manifest.json) as a DIGEST, so the signature is PKCS #1 v1.5 over SHA-256 of the file itself: evidence verify, or openssl dgst -sha256 -verify, checks it by hashing the file once. The build checks the signature with the public key before writing it, so a service that hashed again (moto 5.2.1 does) is refused there.',
    source: {
      url: `${KMS_API}/API_Sign.html`,
      sentence: 'When the value is DIGEST, KMS skips the hashing step in the signing algorithm.',
    },
    reliedOnBy: [
      'packages/cli/toolkit/evidence/kms-manifest-signer.ts',
      'packages/cli/toolkit/evidence/manifest-signature.ts',
    ],
    testedBy: [SIGNATURE_TEST],
  },
  {
    id: 'kms-public-key-is-spki-der',
    kind: 'read-back',
    subject: 'kms:GetPublicKey',
    fact: 'GetPublicKey returns the public key as DER-encoded X.509 SubjectPublicKeyInfo (RFC 5280), base64 over HTTP and in the AWS CLI.',
    consequence:
      'evidence verify --public-key reads the key as the AWS CLI prints it (base64 of DER), as DER, or as PEM; the manifest names the signing key by its ARN and the SHA-256 of that DER before it is signed, so a key that is not the signer is named as another key.',
    source: {
      url: `${KMS_API}/API_GetPublicKey.html`,
      sentence:
        'The value is a DER-encoded X.509 public key, also known as SubjectPublicKeyInfo (SPKI), as defined in RFC 5280.',
    },
    reliedOnBy: ['packages/cli/toolkit/evidence/manifest-signature.ts'],
    testedBy: [SIGNATURE_TEST],
  },
  {
    id: 'kms-asymmetric-keys-do-not-rotate',
    kind: 'default',
    subject: 'kms:EnableKeyRotation on an asymmetric key',
    fact: 'KMS rotates symmetric encryption keys only: automatic rotation cannot be turned on for an asymmetric key.',
    consequence:
      "The evidence signing key (RSA_3072, SIGN_VERIFY) is written with enable_key_rotation false (true would make the apply fail), and the kms-rotation rule (CIS 4.6, which names symmetric keys) judges symmetric keys only. The harness's moto refuses the call as AWS does (item 33).",
    source: {
      url: `${KMS_API}/API_EnableKeyRotation.html`,
      sentence:
        'You cannot enable automatic rotation of asymmetric KMS keys, HMAC KMS keys, KMS keys with imported key material, or KMS keys in a custom key store.',
    },
    reliedOnBy: [
      'modules/kms/evidence-signing-key.ts',
      'packages/cli/toolkit/compliance/rules/kms-rotation.ts',
      'e2e/harness/moto_server.py',
    ],
    testedBy: [KEY_TEST, RULES_TEST, '__tests__/e2e/harness/moto-kms.moto.test.ts'],
  },
  {
    id: 'kms-sign-condition-keys',
    kind: 'condition-keys',
    subject: 'kms:Sign',
    fact: 'A Sign request carries kms:SigningAlgorithm (the SigningAlgorithm parameter) and kms:MessageType (RAW or DIGEST): a key policy can allow signing with one algorithm and one message type only.',
    consequence:
      "The key policy lets the named signers sign only a DIGEST with RSASSA_PKCS1_V1_5_SHA_256, what evidence build --sign sends; a raw message or another algorithm is refused, and an explicit deny keeps everyone else, the key's own account included, from signing.",
    source: {
      url: `${KMS_GUIDE}/conditions-kms.html`,
      sentence:
        'Many AWS KMS condition keys control access to a KMS key based on the value of a parameter in the request for an AWS KMS operation.',
    },
    reliedOnBy: ['modules/kms/evidence-signing-key-policy.ts'],
    testedBy: [GUARDRAIL_CASES],
  },
];
