import { evasionAlarmDefinitions } from '../../modules/alarms/evasion-catalog';
import {
  CIS_ALARM_PREFIX,
  DEFAULT_ALARM_TOPIC_NAME,
  DEFAULT_HEARTBEAT_ALARM_NAME,
  EVASION_ALARM_PREFIX,
} from '../../modules/core/naming';
import { configuredAlarms } from '../../modules/alarms/configured-alarms';
import {
  callsPattern,
  EVASION_DETECTION_IDS,
  EVASION_DETECTION_LIST,
  EVASION_DETECTIONS,
  EVASION_METRIC_NAMESPACE,
  type EvasionDetection,
  evasionFilters,
  evasionPattern,
  type GuardrailBinding,
} from '../../modules/catalogs/evasion-detections';
import { FILTER_PATTERN_MAX_CHARACTERS, METRIC_FILTERS_PER_LOG_GROUP } from '../../modules/core/aws-limits';
import { FilterPattern } from '../../modules/core/filter-pattern';
import { namedPatternsOf } from '../../modules/alarms/try-filters';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, resourcesOf, shippedConfig, synthStack } from '../support/synth';
import { recordsConfig } from '../../modules/org-config/schema';
import { applicationLogSenders } from '../../modules/org-config/accounts';

describe('the evasion pack, as data', () => {
  test('one record per id, filed under its id, each with its own metric', () => {
    expect(EVASION_DETECTION_LIST.map((d) => d.id)).toEqual([...EVASION_DETECTION_IDS]);
    for (const [key, detection] of Object.entries(EVASION_DETECTIONS)) expect(detection.id).toBe(key);
    const metrics = EVASION_DETECTION_LIST.map((d) => d.metricName);
    expect(new Set(metrics).size).toBe(metrics.length);
  });

  test.each(EVASION_DETECTION_LIST.map((d) => [d.id, d]))(
    '%s: valid patterns within 1,024 characters, ATT&CK ids, an alarm description within 1,024',
    (_id, detection) => {
      const filters = evasionFilters(detection);
      const pattern = filters.map((f) => f.pattern).join(' ');
      for (const filter of filters) {
        expect(() => FilterPattern.parse(filter.pattern)).not.toThrow();
        expect(filter.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX_CHARACTERS);
      }
      // The detection's own filter has calls; an additional filter's id is kebab-case.
      expect(detection.calls[0].filter).toBeUndefined();
      for (const filter of filters.slice(1)) expect(filter.filter).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(detection.attack.length).toBeGreaterThan(0);
      for (const technique of detection.attack) expect(technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      for (const technique of detection.stratusRedTeam) expect(technique).toMatch(/^aws\.[a-z-]+\.[a-z0-9-]+$/);
      const [alarm] = evasionAlarmDefinitions([detection.id]);
      expect(alarm.description.length).toBeLessThanOrEqual(1024);
      expect(alarm.id).toBe(`${EVASION_ALARM_PREFIX}${detection.id}`);
      expect([alarm.pattern, ...(alarm.additionalFilters ?? []).map((f) => f.pattern)]).toEqual(
        filters.map((f) => f.pattern),
      );
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
      {
        eventSource: 'b.amazonaws.com',
        eventNames: ['Z'],
        when: { term: '($.k IS FALSE)', means: 'k false', example: { k: false } },
      },
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

  test('calls with a filter id go into an additional filter into the same metric', () => {
    const detection: EvasionDetection = {
      ...EVASION_DETECTIONS['flow-logs-deleted'],
      calls: [
        { eventSource: 'a.amazonaws.com', eventNames: ['X'] },
        { eventSource: 'b.amazonaws.com', eventNames: ['Y'], filter: 'more' },
        { eventSource: 'c.amazonaws.com', eventNames: ['Z'] },
      ],
    };
    expect(evasionFilters(detection)).toEqual([
      { filter: undefined, pattern: callsPattern([detection.calls[0], detection.calls[2]]) },
      { filter: 'more', pattern: callsPattern([detection.calls[1]]) },
    ]);
    expect(evasionPattern(detection)).toBe(callsPattern([detection.calls[0], detection.calls[2]]));
  });

  test("the conditions on this product's names catch the names the alarms capability gives its filters, alarms and topic", () => {
    const caught = (id: keyof typeof EVASION_DETECTIONS, eventSource: string, eventName: string, params: object) =>
      evasionFilters(EVASION_DETECTIONS[id]).some((f) =>
        FilterPattern.parse(f.pattern).matches({ eventSource, eventName, requestParameters: params }),
      );
    for (const prefix of [CIS_ALARM_PREFIX, EVASION_ALARM_PREFIX]) {
      const filterName = `${prefix}root-account-usage`;
      expect(caught('log-pipeline-deleted', 'logs.amazonaws.com', 'PutMetricFilter', { filterName })).toBe(true);
      const alarmName = `${prefix}root-account-usage`;
      expect(caught('alarm-silenced', 'monitoring.amazonaws.com', 'PutMetricAlarm', { alarmName })).toBe(true);
    }
    const heartbeat = { alarmName: DEFAULT_HEARTBEAT_ALARM_NAME };
    expect(caught('alarm-silenced', 'monitoring.amazonaws.com', 'PutMetricAlarm', heartbeat)).toBe(true);
    const topicArn = `arn:aws:sns:eu-west-1:111122223333:${DEFAULT_ALARM_TOPIC_NAME}`;
    expect(caught('alarm-silenced', 'sns.amazonaws.com', 'SetTopicAttributes', { topicArn })).toBe(true);
    expect(caught('alarm-silenced', 'sns.amazonaws.com', 'SetTopicAttributes', { topicArn: `${topicArn}-x` })).toBe(
      false,
    );
  });

  test('with the CIS set, the shipped configs stay well within the metric filters of one log group', () => {
    const count = (file: string) => namedPatternsOf(configuredAlarms(shippedConfig(file).alarms)).length;
    // 17 CIS texts (15 controls, two with a second text for scanners) and 19 evasion patterns (14
    // detections; threat-detection-disabled and log-pipeline-deleted in three filters, alarm-silenced in two).
    expect(count('examples/starter.config.json')).toBe(36);
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

  test('on by default: its filters on the trail log group and one alarm per detection, to the encrypted topic', () => {
    const nameOf = (detection: EvasionDetection, filter: string | undefined) =>
      `evasion-${detection.id}${filter === undefined ? '' : `-${filter}`}`;
    expect(filters.map((f: any) => f.name).sort()).toEqual(
      EVASION_DETECTION_LIST.flatMap((d) => evasionFilters(d).map((f) => nameOf(d, f.filter))).sort(),
    );
    for (const detection of EVASION_DETECTION_LIST) {
      for (const { filter: id, pattern } of evasionFilters(detection)) {
        const filter = filters.find((f: any) => f.name === nameOf(detection, id)) as any;
        expect(filter.pattern).toBe(pattern);
        expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/);
        expect(filter.metric_transformation).toEqual({
          name: detection.metricName,
          namespace: EVASION_METRIC_NAMESPACE,
          value: '1',
        });
      }
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

/** What the docs say of where a denial binds: the same words in every section. */
const BINDS_IN_WORDS: Record<GuardrailBinding, string> = {
  'guardrail-targets': 'in every account the guardrails are attached to (never the management account)',
  'recorded-accounts':
    'only in the members of the organization whose AWS Config this product records (never the management account)',
  'application-logs-archive':
    'in every account the guardrails are attached to, when applicationLogs is on (never the management account)',
  'sending-members':
    'only in the members of the organization that send their application logs (never the management account)',
  'trail-administrator':
    "only in the trail's account, and only when trail.accountId is a delegated administrator (with the trail in the management account nothing denies it)",
  'audit-account':
    'only in the audit account, and only when it is an account of the organization other than the management account',
  'search-archive': 'only in the log archive account, and only when logArchive.search is on',
};

/** The docs' line of one denial. */
const denialLine = (denial: EvasionDetection['deniedBy'][number]) =>
  `\`${denial.sid}\` denies ${denial.eventNames.map((n) => `\`${n}\``).join(', ')} ${denial.on}, ${BINDS_IN_WORDS[denial.binds]}`;

describe('the guardrails a detection names', () => {
  type Statement = { Sid: string; Effect: string; Action: string | string[] };
  /** The SCP statements of a config's guardrails stack, by Sid, with the accounts their policy is attached to. */
  const scpsOf = (config: ReturnType<typeof shippedConfig>) => {
    const stack = synthStack(config, 'guardrails');
    const attachments = Object.values(resourcesOf(stack, 'aws_organizations_policy_attachment')) as any[];
    const entries = Object.entries(resourcesOf(stack, 'aws_organizations_policy'))
      .filter(([, policy]: [string, any]) => policy.type === 'SERVICE_CONTROL_POLICY')
      .flatMap(([name, policy]: [string, any]) => {
        const targets = attachments
          .filter((a) => a.policy_id === `\${aws_organizations_policy.${name}.id}`)
          .map((a) => String(a.target_id));
        return (JSON.parse(policy.content) as { Statement: Statement[] }).Statement.map(
          (statement) =>
            [statement.Sid, { actions: [statement.Action].flat(), effect: statement.Effect, targets }] as const,
        );
      });
    return new Map(entries);
  };
  // The starter config: the trail in the management account. The full one: a delegated administrator owns it.
  const starter = shippedConfig('examples/starter.config.json');
  const full = shippedConfig('examples/full.config.json');
  const underStarter = scpsOf(starter);
  const underFull = scpsOf(full);
  /** The IAM action prefix of a CloudTrail event source. */
  const prefixOf = (source: string) => (source === 'monitoring.amazonaws.com' ? 'cloudwatch' : source.split('.')[0]);
  /** IAM's action for an event: S3 authorizes deleting a public access block with its Put action. */
  const actionOf = (source: string, name: string) =>
    `${prefixOf(source)}:${name.replace(/^Delete(Bucket|Account)PublicAccessBlock$/, 'Put$1PublicAccessBlock')}`;
  const actionsOf = (detection: EvasionDetection, names?: readonly string[], source?: string) =>
    detection.calls
      .filter((call) => source === undefined || call.eventSource === source)
      .flatMap((call) =>
        call.eventNames.filter((n) => names?.includes(n) ?? true).map((n) => actionOf(call.eventSource, n)),
      );

  test('the starter trail is in the management account and the full one is not (the two cases below)', () => {
    expect(starter.trail.accountId ?? starter.organization.managementAccountId).toBe(
      starter.organization.managementAccountId,
    );
    expect(full.trail.accountId).toBeDefined();
    expect(full.trail.accountId).not.toBe(full.organization.managementAccountId);
  });

  test.each(EVASION_DETECTION_LIST.flatMap((d) => d.deniedBy.map((denial) => [d.id, denial.sid, d, denial] as const)))(
    '%s: %s denies each call it is named for, where it says it binds',
    (_id, _sid, detection, denial) => {
      expect(denial.eventNames.length).toBeGreaterThan(0);
      const calls = detection.calls.flatMap((call) => call.eventNames);
      for (const name of denial.eventNames) expect(calls).toContain(name);
      const statement = underFull.get(denial.sid);
      expect(statement?.effect).toBe('Deny');
      for (const action of actionsOf(detection, denial.eventNames, denial.eventSource)) {
        expect(statement?.actions).toContain(action);
      }
      if (denial.binds === 'guardrail-targets') {
        // In the starter config too, attached to the organization root.
        expect(underStarter.get(denial.sid)?.targets).toEqual([expect.stringMatching(/\.roots\[0\]\.id\}$/)]);
      } else if (denial.binds === 'recorded-accounts') {
        // Attached to each recorded member of the organization, and to nothing else.
        const recorded = full.members
          .filter((m) => recordsConfig(m) && m.inOrganization && m.accountId !== full.organization.managementAccountId)
          .map((m) => m.accountId)
          .sort();
        expect([...(statement?.targets ?? [])].sort()).toEqual(recorded);
      } else if (denial.binds === 'application-logs-archive') {
        // Only with applicationLogs (the starter has it off), in the evidence policy, where it is attached.
        expect(underStarter.has(denial.sid)).toBe(false);
        expect(statement?.targets).toEqual(underFull.get('DenyEvidenceDestruction')?.targets);
      } else if (denial.binds === 'sending-members') {
        // Attached to each sending member of the organization, and to nothing else.
        expect(underStarter.has(denial.sid)).toBe(false);
        const sending = applicationLogSenders(full)
          .filter((m) => m.inOrganization && m.accountId !== full.organization.managementAccountId)
          .map((m) => m.accountId)
          .sort();
        expect(sending.length).toBeGreaterThan(0);
        expect([...(statement?.targets ?? [])].sort()).toEqual(sending);
      } else if (denial.binds === 'search-archive') {
        // Only with the search tier (the starter has it off), attached to the log archive account alone.
        expect(underStarter.has(denial.sid)).toBe(false);
        expect(statement?.targets).toEqual([full.logArchive.accountId]);
      } else if (denial.binds === 'audit-account') {
        // Attached to the audit account alone, in the starter config too.
        expect(statement?.targets).toEqual([(full.audit as { accountId: string }).accountId]);
        expect(underStarter.get(denial.sid)?.targets).toEqual([(starter.audit as { accountId: string }).accountId]);
      } else {
        // Only with a delegated administrator, and attached to that account only.
        expect(underStarter.has(denial.sid)).toBe(false);
        expect(statement?.targets).toEqual([full.trail.accountId]);
      }
    },
  );

  test.each(EVASION_DETECTION_LIST.map((d) => [d.id, d] as const))(
    '%s: every SCP statement that denies one of its calls is named, with all the calls it denies',
    (_id, detection) => {
      for (const [sid, statement] of underFull) {
        const denied = detection.calls.flatMap((call) =>
          call.eventNames.filter((n) => statement.actions.includes(actionOf(call.eventSource, n))),
        );
        const named = detection.deniedBy.find((denial) => denial.sid === sid);
        expect([sid, [...(named?.eventNames ?? [])].sort()]).toEqual([sid, [...new Set(denied)].sort()]);
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
      for (const denial of detection.deniedBy) expect(section).toContain(denialLine(denial));
      if (detection.deniedBy.length === 0) expect(section).toContain('no SCP of this product denies these calls');
    },
  );
});
