import {
  type AlarmDefinition,
  CIS_CONTROL_LIST,
  EVASION_DETECTION_LIST,
  namedPatternsOf,
} from '@audit-logging/cdktf/toolkit-api/catalogs';
import { CIS_ALARM_PREFIX, EVASION_ALARM_PREFIX, ORGANIZATION_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf, type SynthesizedStack } from '../stack-json';

/*
 * The rules judged by an alarm: one per CIS alarm control (the Monitoring section) and one per
 * detection of the evasion pack. Each is met where every trail stack has the alarm, its metric
 * filters and a subscriber, and a gap where the config does not select it.
 */

/** The alarm `alarmId` in every trail stack, when the config selects it (in `selectedIn`); else a gap. */
function selectedAlarm(alarmId: string, selectedIn: string): ComplianceRule['judge'] {
  return ({ alarms, trailStacks }) => {
    const alarm = alarms.get(alarmId);
    if (alarm === undefined) return [gap(ORGANIZATION_STACK_NAME, `not selected in ${selectedIn}`)];
    return trailStacks.map(([where, stack]) => alarmVerdict(where, stack, alarm));
  };
}

/** The control's alarm in a trail stack: a filter for each of its texts into its metric, and the alarm, with an action. */
function alarmVerdict(where: string, stack: SynthesizedStack | undefined, alarm: AlarmDefinition): StackVerdict {
  const filters = resourcesOf(stack, 'aws_cloudwatch_log_metric_filter').filter(
    ([, f]) => (f.metric_transformation as { name?: string } | undefined)?.name === alarm.metricName,
  );
  const texts = new Set(filters.map(([, f]) => String(f.pattern)));
  const absent = namedPatternsOf([alarm]).filter((p) => !texts.has(p.pattern));
  const found = resourcesOf(stack, 'aws_cloudwatch_metric_alarm').find(
    ([, a]) =>
      a.alarm_name === alarm.id &&
      a.metric_name === alarm.metricName &&
      ((a.alarm_actions ?? []) as unknown[]).length > 0,
  );
  if (absent.length > 0) {
    return missing(
      where,
      `${alarm.id}: no metric filter with the text ${absent.map((p) => p.filter ?? 'published').join(', ')}`,
    );
  }
  if (found === undefined) return missing(where, `${alarm.id}: no alarm with an action on ${alarm.metricName}`);
  // CIS asks that someone receives the alarm: a topic with no subscriber in the stacks reaches nobody
  // this report can see.
  const actions = new Set(((found[1].alarm_actions ?? []) as unknown[]).map(String));
  const subscriptions = resourcesOf(stack, 'aws_sns_topic_subscription').filter(([, s]) =>
    actions.has(String(s.topic_arn)),
  );
  if (subscriptions.length === 0) {
    return missing(
      where,
      `${alarm.id}: its alarm notifies a topic with no subscriber in the stacks, so it reaches nobody; add alarms.emails (a topic subscribed outside the stacks, such as a pager, is not seen here)`,
    );
  }
  return met(where, [...filters.map(([address]) => address), found[0], ...subscriptions.map(([address]) => address)]);
}

/** One row per CIS alarm control (Monitoring), from the CIS control records, in catalog order. */
export const CIS_ALARM_RULES: readonly ComplianceRule[] = CIS_CONTROL_LIST.map((control): ComplianceRule => ({
  id: control.id,
  title: control.title,
  cis: [control.requirement],
  securityHub: control.securityHubControl === undefined ? [] : [control.securityHubControl],
  judge: selectedAlarm(`${CIS_ALARM_PREFIX}${control.id}`, 'alarms.controls'),
}));

/**
 * The evasion pack's rows, one per detection, after the controls: no CIS number or Security Hub
 * control, the MITRE ATT&CK techniques it detects. `compliance --live` leaves them out (neither
 * Security Hub nor AWS Config evaluates an alarm).
 */
export const EVASION_RULES: readonly ComplianceRule[] = EVASION_DETECTION_LIST.map((detection) => ({
  id: `${EVASION_ALARM_PREFIX}${detection.id}`,
  title: detection.title,
  cis: [],
  securityHub: [],
  attack: detection.attack,
  judge: selectedAlarm(`${EVASION_ALARM_PREFIX}${detection.id}`, 'alarms.evasion'),
}));
