/**
 * Ids of the evasion detections, as users name them in `alarms.evasion`. The ids, like each
 * detection's calls and techniques, come from the one record per detection in
 * `modules/core/evasion-detections.ts`; they are a public contract.
 */
export { EVASION_DETECTION_IDS, type EvasionDetectionId } from '../core/evasion-detections';
