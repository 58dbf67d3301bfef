import { EVASION_ALARM_PREFIX, evasionAlarmDefinitions } from '../../modules/alarms/evasion-catalog';
import { configuredAlarms } from '../../modules/alarms/configured-alarms';
import {
  callsPattern,
  EVASION_DETECTION_IDS,
  EVASION_DETECTION_LIST,
  EVASION_DETECTIONS,
  EVASION_METRIC_NAMESPACE,
  evasionPattern,
} from '../../modules/core/evasion-detections';
import { METRIC_FILTERS_PER_LOG_GROUP } from '../../modules/core/aws-limits';
import { FilterPattern } from '../../modules/core/filter-pattern';
import { namedPatternsOf } from '../../modules/alarms/try-filters';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, resourcesOf, shippedConfig, synthStack } from '../support/synth';

describe('the evasion pack, as data', () => {
  test('one record per id, filed under its id, each with its own metric', () => {
    expect(EVASION_DETECTION_LIST.map((d) => d.id)).toEqual([...EVASION_DETECTION_IDS]);
    for (const [key, detection] of Object.entries(EVASION_DETECTIONS)) expect(detection.id).toBe(key);
    const metrics = EVASION_DETECTION_LIST.map((d) => d.metricName);
    expect(new Set(metrics).size).toBe(metrics.length);
  });

  test.each(EVASION_DETECTION_LIST.map((d) => [d.id, d]))(
    '%s: a valid pattern within 1,024 characters, ATT&CK ids, an alarm description within 1,024',
    (_id, detection) => {
      const pattern = evasionPattern(detection);
      expect(() => FilterPattern.parse(pattern)).not.toThrow();
      expect(pattern.length).toBeLessThanOrEqual(1024);
      expect(detection.attack.length).toBeGreaterThan(0);
      for (const technique of detection.attack) expect(technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      for (const technique of detection.stratusRedTeam) expect(technique).toMatch(/^aws\.[a-z-]+\.[a-z0-9-]+$/);
      const [alarm] = evasionAlarmDefinitions([detection.id]);
      expect(alarm.description.length).toBeLessThanOrEqual(1024);
      expect(alarm.id).toBe(`${EVASION_ALARM_PREFIX}${detection.id}`);
      // No pattern looks at the error code: a denied attempt alarms like a successful one.
      expect(pattern).not.toContain('errorCode');
      // Every call is named with its event source: the same API name exists in several services.
      for (const call of detection.calls) expect(call.eventSource).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
    },
  );

  test('callsPattern joins names with || inside a service and services with ||, conditions with &&', () => {
    expect(callsPattern([{ eventSource: 'a.amazonaws.com', eventNames: ['X'] }])).toBe(
      '{ ($.eventSource = "a.amazonaws.com") && ($.eventName = "X") }',
    );
    const two = callsPattern([
      { eventSource: 'a.amazonaws.com', eventNames: ['X', 'Y'] },
      { eventSource: 'b.amazonaws.com', eventNames: ['Z'], when: { term: '($.k IS FALSE)', means: 'k false' } },
    ]);
    expect(two).toBe(
      '{ (($.eventSource = "a.amazonaws.com") && (($.eventName = "X") || ($.eventName = "Y"))) || (($.eventSource = "b.amazonaws.com") && ($.eventName = "Z") && ($.k IS FALSE)) }',
    );
    const pattern = FilterPattern.parse(two);
    expect(pattern.matches({ eventSource: 'a.amazonaws.com', eventName: 'Y' })).toBe(true);
    expect(pattern.matches({ eventSource: 'b.amazonaws.com', eventName: 'Z', k: false })).toBe(true);
    expect(pattern.matches({ eventSource: 'b.amazonaws.com', eventName: 'Z', k: true })).toBe(false);
    expect(pattern.matches({ eventSource: 'b.amazonaws.com', eventName: 'X' })).toBe(false);
  });

  test('with the CIS set, the shipped configs stay well within the metric filters of one log group', () => {
    const count = (file: string) => namedPatternsOf(configuredAlarms(shippedConfig(file).alarms)).length;
    // 17 CIS texts (15 controls, two with a second text for scanners) and 12 evasion patterns.
    expect(count('examples/starter.config.json')).toBe(29);
    expect(count('examples/full.config.json')).toBeLessThanOrEqual(METRIC_FILTERS_PER_LOG_GROUP / 2);
  });
});

describe('the evasion pack in the stacks', () => {
  const config = shippedConfig('examples/starter.config.json');
  const organization = synthStack(config, 'organization');
  const filters = Object.values(resourcesOf(organization, 'aws_cloudwatch_log_metric_filter')).filter((f: any) =>
    f.name.startsWith(EVASION_ALARM_PREFIX),
  );
  const alarms = Object.values(resourcesOf(organization, 'aws_cloudwatch_metric_alarm')).filter(
    (a: any) => a.namespace === EVASION_METRIC_NAMESPACE,
  );

  test('on by default: one filter on the trail log group and one alarm per detection, to the encrypted topic', () => {
    expect(filters.map((f: any) => f.name).sort()).toEqual(EVASION_DETECTION_IDS.map((id) => `evasion-${id}`).sort());
    for (const detection of EVASION_DETECTION_LIST) {
      const filter = filters.find((f: any) => f.name === `evasion-${detection.id}`) as any;
      expect(filter.pattern).toBe(evasionPattern(detection));
      expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/);
      expect(filter.metric_transformation).toEqual({
        name: detection.metricName,
        namespace: EVASION_METRIC_NAMESPACE,
        value: '1',
      });
      const alarm = alarms.find((a: any) => a.alarm_name === `evasion-${detection.id}`) as any;
      expect(alarm).toMatchObject({
        metric_name: detection.metricName,
        statistic: 'Sum',
        period: 300,
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/)],
      });
      expect(alarm.tags.Control).toBe(detection.id);
      expect(alarm.tags.MitreAttack).toBe(detection.attack.join(' '));
      expect(alarm.alarm_description).toContain(detection.title);
    }
  });

  test("each outside account's own trail gets the pack too", () => {
    const sandbox = synthStack(config, 'member-sandbox');
    const names = Object.values(resourcesOf(sandbox, 'aws_cloudwatch_metric_alarm')).map((a: any) => a.alarm_name);
    expect(names.filter((name) => name.startsWith('evasion-'))).toHaveLength(EVASION_DETECTION_IDS.length);
  });

  test('alarms.evasion chooses detections; [] leaves the pack out', () => {
    const some = synthStack(
      { ...config, alarms: { ...config.alarms, evasion: ['alarm-silenced', 'flow-logs-deleted'] } },
      'organization',
    );
    expect(
      Object.values(resourcesOf(some, 'aws_cloudwatch_metric_alarm'))
        .map((a: any) => a.alarm_name)
        .filter((name) => name.startsWith('evasion-'))
        .sort(),
    ).toEqual(['evasion-alarm-silenced', 'evasion-flow-logs-deleted']);
    const none = synthStack({ ...config, alarms: { ...config.alarms, evasion: [] } }, 'organization');
    expect(
      Object.values(resourcesOf(none, 'aws_cloudwatch_log_metric_filter')).filter((f: any) =>
        f.name.startsWith('evasion-'),
      ),
    ).toEqual([]);
  });
});

describe('the guardrails a detection names', () => {
  const full = shippedConfig('examples/full.config.json');
  const policies = Object.values(resourcesOf(synthStack(full, 'guardrails'), 'aws_organizations_policy')).map(
    (policy: any) => JSON.parse(policy.content) as { Statement: { Sid: string; Action: string | string[] }[] },
  );
  const statements = new Map(policies.flatMap((p) => p.Statement).map((s) => [s.Sid, [s.Action].flat()]));
  /** The IAM action prefix of a CloudTrail event source. */
  const prefixOf = (source: string) => (source === 'monitoring.amazonaws.com' ? 'cloudwatch' : source.split('.')[0]);
  /** IAM's action for an event: S3 authorizes deleting a public access block with its Put action. */
  const actionOf = (source: string, name: string) =>
    `${prefixOf(source)}:${name.replace(/^Delete(Bucket|Account)PublicAccessBlock$/, 'Put$1PublicAccessBlock')}`;

  test.each(EVASION_DETECTION_LIST.filter((d) => d.deniedBy.length > 0).map((d) => [d.id, d]))(
    '%s: each statement it names is in the SCPs and denies one of its calls',
    (_id, detection) => {
      const actions = detection.calls.flatMap((call) =>
        call.eventNames.map((name) => actionOf(call.eventSource, name)),
      );
      for (const sid of detection.deniedBy) {
        expect(statements.has(sid) ? sid : `${sid} is not a statement of the guardrails`).toBe(sid);
        expect(statements.get(sid)?.some((action) => actions.includes(action))).toBe(true);
      }
    },
  );
});

describe('docs/detections.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'detections.md'), 'utf8');
  const sections = doc.split(/^### /m).slice(1);

  test('has one section per detection, in catalog order', () => {
    expect(sections.map((section) => section.split('\n')[0])).toEqual(EVASION_DETECTION_IDS.map((id) => `\`${id}\``));
  });

  test.each(EVASION_DETECTION_LIST.map((d, i) => [d.id, d, i]))(
    '%s: its title, every call, its techniques, what to do first and the guardrails it names',
    (_id, detection, i) => {
      const section = sections[i].replace(/\s+/g, ' ');
      const flat = (text: string) => text.replace(/\s+/g, ' ');
      expect(section).toContain(flat(detection.title));
      for (const call of detection.calls) {
        expect(section).toContain(call.eventSource);
        for (const name of call.eventNames) expect(section).toContain(`\`${name}\``);
      }
      for (const technique of detection.attack) expect(section).toContain(technique);
      expect(section).toContain(flat(detection.firstResponse));
      for (const sid of detection.deniedBy) expect(section).toContain(`\`${sid}\``);
    },
  );
});
