import { symmetric } from '../../../compliance/rules/kms-rotation';
import type { ScanRule } from '../../scan-rule';

/** A symmetric customer managed key rotates (an asymmetric one cannot: the matrix's `symmetric`). */
export const KMS_KEY_ROTATION: ScanRule = {
  id: 'kms-key-rotation',
  description: 'Every symmetric customer managed key has automatic rotation on.',
  judges: ['aws_kms_key'],
  check: ({ body }) => (symmetric(body) && body.enable_key_rotation !== true ? 'rotation is off' : undefined),
};
