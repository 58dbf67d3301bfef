import { LOG_ARCHIVE_STACK_NAME } from '../../../modules/core/naming';
import { parseConfig } from '../../../modules/org-config/load';
import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import type { StackVerdict } from '../../../packages/cli/toolkit/compliance/rule';
import { KMS_ROTATION } from '../../../packages/cli/toolkit/compliance/rules/kms-rotation';
import { BASE } from '../../org-config/bad-configs';

/*
 * The key rule (CIS 4.6, KMS.4) on the keys the mutation run found untested (BENCHMARKS.md,
 * "Mutation testing"): an asymmetric key that encrypts, and a stack with more than one key that
 * does not rotate. rules.test.ts has the met, missing and signing-key cases.
 */

/** The rule's verdicts on a log archive stack holding `keys` (name -> aws_kms_key arguments). */
const verdicts = (keys: Record<string, Record<string, unknown>>): StackVerdict[] =>
  KMS_ROTATION.judge(
    complianceEvidence(parseConfig(JSON.stringify(BASE)), [
      { name: LOG_ARCHIVE_STACK_NAME, json: { resource: { aws_kms_key: keys } } },
    ]),
  );

describe('the key rule (kms-rotation)', () => {
  test('an asymmetric key that encrypts is not judged, as a signing key is not [kms-asymmetric-keys-do-not-rotate]', () => {
    expect(
      verdicts({
        archive: { enable_key_rotation: true },
        exchange: { enable_key_rotation: false, customer_master_key_spec: 'RSA_2048', key_usage: 'ENCRYPT_DECRYPT' },
      }),
    ).toEqual([{ where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_kms_key.archive' }]);
  });

  test('missing names every key that does not rotate, each once', () => {
    expect(
      verdicts({
        archive: { enable_key_rotation: true },
        first: { enable_key_rotation: false },
        second: {},
      }),
    ).toEqual([
      {
        where: LOG_ARCHIVE_STACK_NAME,
        status: 'missing',
        detail: 'no rotation on aws_kms_key.first, aws_kms_key.second',
      },
    ]);
  });

  test('a key whose usage is not ENCRYPT_DECRYPT is not judged, whatever its spec says (KMS rotates symmetric encryption keys only)', () => {
    expect(
      verdicts({
        archive: { enable_key_rotation: true },
        mac: { enable_key_rotation: false, key_usage: 'GENERATE_VERIFY_MAC' },
      }),
    ).toEqual([{ where: LOG_ARCHIVE_STACK_NAME, status: 'met', detail: 'aws_kms_key.archive' }]);
  });
});
