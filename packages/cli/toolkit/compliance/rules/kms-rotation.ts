import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';

/**
 * Whether a key is symmetric, the only kind KMS rotates ("You cannot enable automatic rotation of
 * asymmetric KMS keys": EnableKeyRotation, KMS API Reference) and the only kind CIS 4.6 and
 * KMS.4 judge: no key spec, or SYMMETRIC_DEFAULT, and ENCRYPT_DECRYPT.
 */
export function symmetric(key: Record<string, unknown>): boolean {
  const spec = key.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT';
  return spec === 'SYMMETRIC_DEFAULT' && (key.key_usage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT';
}

/** Every customer managed symmetric key of every stack rotates; an asymmetric one (the evidence signing key) is not judged. */
function keysRotate({ stacks }: ComplianceEvidence): StackVerdict[] {
  return stacks.map((stack) => {
    const keys = resourcesOf(stack, 'aws_kms_key').filter(([, key]) => symmetric(key));
    const still = keys.filter(([, key]) => key.enable_key_rotation !== true);
    if (still.length > 0) return missing(stack.name, `no rotation on ${still.map(([address]) => address).join(', ')}`);
    return keys.length === 0
      ? met(stack.name, ['(no keys)'])
      : met(
          stack.name,
          keys.map(([address]) => address),
        );
  });
}

/** CIS 4.6: every customer managed symmetric key of every stack rotates. */
export const KMS_ROTATION: ComplianceRule = {
  id: 'kms-rotation',
  title: 'Every customer managed symmetric key rotates',
  cis: ['4.6'],
  securityHub: ['KMS.4'],
  judge: keysRotate,
};
