import type { OrgConfig } from '../org-config/schema';
import { selectedAlarms } from '../org-config/selected-alarms';
import { cisAlarmDefinitions } from './cis-catalog';
import { evasionAlarmDefinitions } from './evasion-catalog';
import type { AlarmDefinition } from './security-alarms';
import { CUSTOM_METRIC_NAMESPACE } from '../core/naming';

export { CUSTOM_METRIC_NAMESPACE };

/**
 * Every alarm the config asks for: the selected CIS controls (with the chosen console sign-in
 * variant), the selected evasion detections, then `alarms.custom`. The organization stack deploys these; `npm run test-filters`
 * tries the same ones, so what a team tries is what it deploys.
 */
export function configuredAlarms(alarms: OrgConfig['alarms']): AlarmDefinition[] {
  const selected = selectedAlarms(alarms);
  return [
    ...cisAlarmDefinitions(selected.cisControls, alarms.consoleSigninWithoutMfa),
    ...evasionAlarmDefinitions(selected.evasionDetections),
    ...alarms.custom.map((custom) => ({
      id: custom.id,
      description: custom.description,
      pattern: custom.pattern,
      metricName: custom.id,
      metricNamespace: CUSTOM_METRIC_NAMESPACE,
      tags: { Control: custom.id },
    })),
  ];
}
