import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { checkTrailAlarms, Checklist } from '../../../e2e/harness/checks';
import { configuredAlarms } from '../../../modules/alarms/configured-alarms';
import { namedPatternsOf } from '../../../modules/alarms/try-filters';
import { shippedConfig } from '../../support/synth';

const TOPIC = 'arn:aws:sns:eu-west-1:444444444444:audit-security-alarms';
const expected = configuredAlarms(shippedConfig('examples/starter.config.json').alarms);

/** What CloudWatch would hold for the expected alarms: each filter into its alarm's metric, each alarm to `TOPIC`. */
function deployed(): { filters: MetricFilter[]; alarms: MetricAlarm[] } {
  return {
    filters: expected.flatMap((alarm) =>
      namedPatternsOf([alarm]).map((p) => ({
        filterName: p.filter === undefined ? alarm.id : `${alarm.id}-${p.filter}`,
        filterPattern: p.pattern,
        metricTransformations: [
          { metricName: alarm.metricName, metricNamespace: alarm.metricNamespace, metricValue: '1' },
        ],
      })),
    ),
    alarms: expected.map((alarm) => ({
      AlarmName: alarm.id,
      MetricName: alarm.metricName,
      Namespace: alarm.metricNamespace,
      AlarmActions: [TOPIC],
    })),
  };
}

/** The failed checks' names. */
function failures(filters: MetricFilter[], alarms: MetricAlarm[], topicArn = TOPIC): string[] {
  const checks = new Checklist();
  checkTrailAlarms(checks, 'sandbox', expected, filters, alarms, topicArn);
  return checks.failures.map((f) => f.name);
}

describe("checkTrailAlarms: an outside account's trail log group read back", () => {
  test('given every filter and alarm as synthesized, when checked, then every check passes, each named for the account', () => {
    const { filters, alarms } = deployed();
    const checks = new Checklist();
    checkTrailAlarms(checks, 'sandbox', expected, filters, alarms, TOPIC);
    expect(checks.failures).toEqual([]);
    expect(checks.results.length).toBe(2 * expected.length + 2);
    expect(checks.results.every((r) => r.name.startsWith('sandbox: '))).toBe(true);
  });

  test('given one evasion filter missing, then its alarm and the count fail, not the others', () => {
    const { filters, alarms } = deployed();
    const rest = filters.filter((f) => f.filterName !== 'evasion-threat-detection-disabled-security-hub');
    expect(rest).toHaveLength(filters.length - 1);
    expect(failures(rest, alarms)).toEqual([
      'sandbox: metric filters: one per published text of each control',
      'sandbox: evasion-threat-detection-disabled: metric filter patterns',
    ]);
  });

  test('given a filter whose pattern differs (the same count), then that pattern fails', () => {
    const { filters, alarms } = deployed();
    const changed = filters.map((f) =>
      f.filterName === 'evasion-flow-logs-deleted' ? { ...f, filterPattern: '{ $.eventName = "DeleteFlowLogs" }' } : f,
    );
    expect(failures(changed, alarms)).toEqual(['sandbox: evasion-flow-logs-deleted: metric filter patterns']);
  });

  test('given an evasion alarm missing, then its topic check and the evasion alarm list fail', () => {
    const { filters, alarms } = deployed();
    const rest = alarms.filter((a) => a.AlarmName !== 'evasion-alarm-silenced');
    expect(failures(filters, rest)).toEqual([
      'sandbox: evasion-alarm-silenced: alarm notifies the topic',
      'sandbox: evasion pack: one alarm per selected detection',
    ]);
  });

  test("given the alarms notifying another topic, then every alarm's topic check fails", () => {
    const { filters, alarms } = deployed();
    expect(failures(filters, alarms, `${TOPIC}-other`)).toHaveLength(expected.length);
  });

  test("with where '' the check names are the organization's, unprefixed", () => {
    const { filters, alarms } = deployed();
    const checks = new Checklist();
    checkTrailAlarms(checks, '', expected, filters, alarms, TOPIC);
    expect(checks.results.map((r) => r.name)).toContain('evasion pack: one alarm per selected detection');
  });
});
