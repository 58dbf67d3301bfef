/**
 * Ids of the CIS AWS Foundations controls that this product alarms on, as users name them in
 * `alarms.controls`. The ids, like each control's patterns and numbers, come from the one record per
 * control in `modules/core/cis-controls.ts`; they are a public contract.
 */
export { CIS_CONTROL_IDS, type CisControlId } from '../core/cis-controls';
