import {
  type AttackTechniqueId,
  callsPattern,
  type DetectedCalls,
  EVASION_DETECTION_IDS,
  EVASION_DETECTION_LIST,
  EVASION_METRIC_NAMESPACE,
  type EvasionDetection,
  type EvasionDetectionId,
  type EvasionFilter,
  evasionFilters,
  evasionPattern,
  type GuardrailBinding,
  type GuardrailDenial,
} from '../core/evasion-detections';
import type { AlarmDefinition } from './alarm-definition';

export {
  type AttackTechniqueId,
  callsPattern,
  type DetectedCalls,
  EVASION_DETECTION_IDS,
  EVASION_METRIC_NAMESPACE,
  type EvasionDetection,
  type EvasionDetectionId,
  type EvasionFilter,
  evasionFilters,
  evasionPattern,
  type GuardrailBinding,
  type GuardrailDenial,
};

/**
 * The evasion pack, as data: one record per detection (`modules/core/evasion-detections.ts`), in
 * the order of the detection ids.
 */
export const EVASION_CATALOG: readonly EvasionDetection[] = EVASION_DETECTION_LIST;

/** The prefix of every evasion alarm id (and so of its filter's and alarm's names). */
export const EVASION_ALARM_PREFIX = 'evasion-';

/** A detection's alarm, tagged with its id and its MITRE ATT&CK techniques; its calls' further filters count into the same metric. */
function alarmOf(detection: EvasionDetection): AlarmDefinition {
  const [own, ...additional] = evasionFilters(detection);
  const stratus =
    detection.stratusRedTeam.length === 0 ? '' : `; Stratus Red Team ${detection.stratusRedTeam.join(', ')}`;
  return {
    id: `${EVASION_ALARM_PREFIX}${detection.id}`,
    description: `Evasion (MITRE ATT&CK ${detection.attack.join(', ')}${stratus}): ${detection.title}. Denied attempts count. First: ${detection.firstResponse}`,
    pattern: own.pattern,
    additionalFilters: additional.map(({ filter, pattern }) => ({ id: String(filter), pattern })),
    metricName: detection.metricName,
    metricNamespace: EVASION_METRIC_NAMESPACE,
    tags: {
      Control: detection.id,
      // Tag values cannot hold `;` or `,`, so lists are space-separated.
      MitreAttack: detection.attack.join(' '),
      ...(detection.stratusRedTeam.length === 0 ? {} : { StratusRedTeam: detection.stratusRedTeam.join(' ') }),
    },
  };
}

/** Alarm definitions for the selected evasion detections, in catalog order. */
export function evasionAlarmDefinitions(selected: readonly string[]): AlarmDefinition[] {
  return EVASION_CATALOG.filter((detection) => selected.includes(detection.id)).map(alarmOf);
}
