import type { ComplianceRule } from '../rule';
import { eachTrail } from '../each-trail';

/** CIS 4.5: a trail whose logs a KMS key encrypts. */
export const TRAIL_KMS: ComplianceRule = {
  id: 'trail-kms',
  title: 'CloudTrail logs encrypted with a KMS key',
  cis: ['4.5'],
  securityHub: ['CloudTrail.2'],
  judge: eachTrail((trail) => typeof trail.kms_key_id === 'string' && trail.kms_key_id !== '', 'with a KMS key'),
};
