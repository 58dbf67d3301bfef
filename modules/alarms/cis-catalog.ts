import { CIS_CONTROL_LIST, type CisControl, CONSOLE_SIGNIN_IAM_USERS_PATTERN } from '../catalogs/cis-controls';
import { CIS_ALARM_PREFIX, CIS_METRIC_NAMESPACE } from '../core/naming';
import type { AlarmDefinition } from './alarm-definition';

export { CIS_METRIC_NAMESPACE };

/** Which console sign-ins without MFA alarm: every one, or only successful IAM user sign-ins. */
export type ConsoleSigninWithoutMfaVariant = 'all' | 'iam-users';

/** The pattern of a control's main filter: the published text, or the chosen variant of it. */
function patternOf(control: CisControl, consoleSigninWithoutMfa: ConsoleSigninWithoutMfaVariant): string {
  return control.id === 'console-signin-without-mfa' && consoleSigninWithoutMfa === 'iam-users'
    ? CONSOLE_SIGNIN_IAM_USERS_PATTERN
    : control.pattern;
}

/** A control's alarm, tagged with its id, its Security Hub control and its CIS recommendations. */
function alarmOf(control: CisControl, consoleSigninWithoutMfa: ConsoleSigninWithoutMfaVariant): AlarmDefinition {
  const securityHub = control.securityHubControl;
  return {
    id: `${CIS_ALARM_PREFIX}${control.id}`,
    description: `CIS ${control.cisRecommendations.join(', ')}${securityHub === undefined ? '' : ` (Security Hub ${securityHub})`}: ${control.title}. Look at the trail's log group around the alarm time (saved query folder audit/).`,
    pattern: patternOf(control, consoleSigninWithoutMfa),
    additionalFilters: control.scannerFilters.map(({ id, pattern }) => ({ id, pattern })),
    metricName: control.metricName,
    metricNamespace: CIS_METRIC_NAMESPACE,
    tags: {
      Control: control.id,
      // Tag values cannot hold `;`, so lists are space-separated.
      CisRecommendations: control.cisRecommendations.join(' '),
      ...(securityHub === undefined ? {} : { SecurityHubControl: securityHub }),
    },
  };
}

/**
 * Alarm definitions for the selected CIS controls, in catalog order, each tagged with the control
 * id, its Security Hub control and CIS recommendations (tag values cannot hold `;`, so lists are
 * space-separated).
 */
export function cisAlarmDefinitions(
  selected: readonly string[],
  consoleSigninWithoutMfa: ConsoleSigninWithoutMfaVariant = 'all',
): AlarmDefinition[] {
  const alarms: AlarmDefinition[] = [];
  for (const control of CIS_CONTROL_LIST) {
    if (selected.includes(control.id)) alarms.push(alarmOf(control, consoleSigninWithoutMfa));
  }
  return alarms;
}
