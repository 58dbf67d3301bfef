import {
  EVASION_DETECTION_LIST,
  EVASION_METRIC_NAMESPACE,
  type EvasionDetection,
  evasionFilters,
} from '../catalogs/evasion-detections';
import { EVASION_ALARM_PREFIX } from '../core/naming';
import type { AlarmDefinition } from './alarm-definition';

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
  return EVASION_DETECTION_LIST.filter((detection) => selected.includes(detection.id)).map(alarmOf);
}
