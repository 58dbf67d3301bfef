import { Testing } from 'cdktf';
import { AccountStack } from '../../modules/deployment/account-stack';
import { EvidenceSigningKey } from '../../modules/kms/evidence-signing-key';
import { parseConfig } from '../../modules/org-config/load';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, synthLogArchive } from '../stacks/policy/simulate';

/*
 * The evidence signing key of the log archive (logArchive.evidenceSigning): an asymmetric key for
 * SIGN_VERIFY that does not rotate [kms-asymmetric-keys-do-not-rotate], off unless asked, and its
 * props and config checked. Who may sign and read it, through every policy layer, is in
 * stacks/policy/guardrails-cases.ts.
 */

const SIGNER = 'arn:aws:iam::111111111111:role/evidence-builder';
const withSigning = (evidenceSigning: unknown) =>
  configOf({ ...POLICY_TEST_CONFIG, logArchive: { ...POLICY_TEST_CONFIG.logArchive, evidenceSigning } });

test('off by default: no key, no alias, no output', () => {
  const synth = synthLogArchive(configOf(POLICY_TEST_CONFIG));
  expect(Object.keys(synth.resource.aws_kms_key).filter((k) => k.includes('signing'))).toEqual([]);
  expect(synth.output?.evidence_signing_key_arn).toBeUndefined();
  expect(configOf(POLICY_TEST_CONFIG).logArchive.evidenceSigning).toBeNull();
});

test('on: RSA_3072 for SIGN_VERIFY, no rotation, the longest deletion window, never destroyed by Terraform; its alias and output', () => {
  const synth = synthLogArchive(withSigning({ signerRoleArns: [SIGNER] }));
  const [name, key] = Object.entries(synth.resource.aws_kms_key as Record<string, any>).find(([k]) =>
    k.startsWith('evidence-signing-key_'),
  ) ?? ['', {}];
  expect(key).toMatchObject({
    customer_master_key_spec: 'RSA_3072',
    key_usage: 'SIGN_VERIFY',
    enable_key_rotation: false,
    deletion_window_in_days: 30,
    lifecycle: { prevent_destroy: true },
  });
  const statements = JSON.parse(key.policy).Statement as { Sid: string }[];
  expect(statements.map((s) => s.Sid)).toEqual([
    'KeyAdministration',
    'NobodyElseSigns',
    'SignersSignManifestDigests',
    'SignersReadThePublicKey',
    'OrganizationReadsThePublicKey',
  ]);
  const alias = Object.values(synth.resource.aws_kms_alias as Record<string, any>).find(
    (a) => a.name === 'alias/audit-evidence-signing',
  );
  expect(alias?.target_key_id).toBe(`\${aws_kms_key.${name}.key_id}`);
  expect(synth.output.evidence_signing_key_arn.value).toBe(`\${aws_kms_key.${name}.arn}`);
});

test('the config names each signer by exact role ARN, at least one', () => {
  const parse = (evidenceSigning: unknown) => () =>
    parseConfig(
      JSON.stringify({ ...POLICY_TEST_CONFIG, logArchive: { ...POLICY_TEST_CONFIG.logArchive, evidenceSigning } }),
    );
  expect(parse({ signerRoleArns: [] })).toThrow('must name at least one role that builds evidence packages');
  expect(parse({ signerRoleArns: ['arn:aws:iam::111111111111:role/*'] })).toThrow(
    'is not an IAM role ARN such as "arn:aws:iam::012345678901:role/evidence-builder" (no wildcards: each signer is named)',
  );
  expect(parse({ signers: [SIGNER] })).toThrow('logArchive.evidenceSigning');
});

test('the construct refuses no signer, a signer that is not a role ARN, and a deletion window KMS refuses', () => {
  const stack = new AccountStack(Testing.app(), 'test', { accountId: '222222222222', region: 'eu-west-1' });
  const props = {
    partition: 'aws',
    accountId: '222222222222',
    organizationId: 'o-abcdefghij',
    aliasName: 'alias/x',
  } as const;
  expect(() => new EvidenceSigningKey(stack, 'none', { ...props, signerRoleArns: [] })).toThrow(
    'props.signerRoleArns [] names no signer',
  );
  expect(
    () => new EvidenceSigningKey(stack, 'user', { ...props, signerRoleArns: ['arn:aws:iam::111111111111:user/alice'] }),
  ).toThrow('props.signerRoleArns[0] "arn:aws:iam::111111111111:user/alice" must be an IAM role ARN');
  expect(
    () => new EvidenceSigningKey(stack, 'window', { ...props, signerRoleArns: [SIGNER], deletionWindowInDays: 5 }),
  ).toThrow('props.deletionWindowInDays 5 is not accepted by KMS');
});
