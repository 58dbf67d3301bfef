import { CIS_CONTROL_IDS } from '../catalogs/cis-controls';
import { EVASION_DETECTION_IDS } from '../catalogs/evasion-detections';
import type { OrgConfig } from './schema';

/** What `alarms` selects: the CIS controls and evasion detections that get an alarm, and the custom alarms. */
export interface SelectedAlarms {
  /** Every control for `alarms.controls: "cis"`, else the listed ones, in the order given. */
  readonly cisControls: readonly string[];
  /** Every detection for `alarms.evasion: "all"`, else the listed ones, in the order given. */
  readonly evasionDetections: readonly string[];
  /** How many custom alarms `alarms.custom` adds. */
  readonly customCount: number;
}

/**
 * Which alarms `alarms` selects: the one place that reads `"cis"` and `"all"`, for the organization
 * stack, `test-filters`, the config warnings and `compliance`.
 */
export function selectedAlarms(alarms: Pick<OrgConfig['alarms'], 'controls' | 'evasion' | 'custom'>): SelectedAlarms {
  return {
    cisControls: alarms.controls === 'cis' ? CIS_CONTROL_IDS : alarms.controls,
    evasionDetections: alarms.evasion === 'all' ? EVASION_DETECTION_IDS : alarms.evasion,
    customCount: alarms.custom.length,
  };
}

/** Whether `alarms` selects any alarm at all. */
export function selectsAnyAlarm(alarms: Pick<OrgConfig['alarms'], 'controls' | 'evasion' | 'custom'>): boolean {
  const selected = selectedAlarms(alarms);
  return selected.cisControls.length > 0 || selected.evasionDetections.length > 0 || selected.customCount > 0;
}
