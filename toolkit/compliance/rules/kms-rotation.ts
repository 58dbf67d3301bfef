import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';

/** Every customer managed key of every stack rotates. */
function keysRotate({ stacks }: ComplianceEvidence): StackVerdict[] {
  return stacks.map((stack) => {
    const keys = resourcesOf(stack, 'aws_kms_key');
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

/** CIS 4.6: every customer managed key of every stack rotates. */
export const KMS_ROTATION: ComplianceRule = {
  id: 'kms-rotation',
  title: 'Every customer managed key rotates',
  cis: ['4.6'],
  securityHub: ['KMS.4'],
  judge: keysRotate,
};
