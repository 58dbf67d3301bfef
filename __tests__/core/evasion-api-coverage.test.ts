import { AUDIT_SYSTEM_CIS_CALLS, CIS_CONTROLS } from '../../modules/catalogs/cis-controls';
import { FilterPattern, type PatternNode } from '../../modules/core/filter-pattern';
import {
  caughtOperations,
  coveredServices,
  coverageProblems,
  EVASION_API_COVERAGE,
  EVASION_COVERAGE_BOTOCORE_VERSION,
  type EvasionApiCoverage,
  type LeftOutOperations,
  placedOperations,
  type ServiceCoverage,
  watchedCalls,
} from '../../modules/catalogs/evasion-api-coverage';
import {
  EVASION_DETECTION_IDS,
  EVASION_DETECTION_LIST,
  EVASION_DETECTIONS,
  type EvasionDetection,
  evasionFilters,
} from '../../modules/catalogs/evasion-detections';

/*
 * The committed coverage of the evasion pack's APIs (modules/catalogs/evasion-api-coverage.ts) against
 * the detections' own filter patterns: each detection has a record, each operation is placed once,
 * what a record says a detection catches its filters catch, and what it leaves to another alarm
 * that alarm catches. Whether botocore's models still have the same operations is the
 * evasion-api-coverage.moto.test.ts's question (it reads the installed botocore).
 */

/** A CloudTrail management event of a call, with the fields a condition reads. */
function eventOf(eventSource: string, eventName: string, fields: Readonly<Record<string, unknown>> = {}) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AssumedRole' },
    eventType: 'AwsApiCall',
    eventSource,
    eventName,
    requestParameters: null,
    ...fields,
  };
}

/** Whether any filter of a detection catches the event. */
function catches(detection: EvasionDetection, event: unknown): boolean {
  return evasionFilters(detection).some((filter) => FilterPattern.parse(filter.pattern).matches(event));
}

/** Whether the other alarm a group names fires on the event: any of its published texts. */
function otherAlarmCatches(group: LeftOutOperations, event: unknown): boolean {
  const by = group.coveredBy;
  if (by === undefined) return false;
  if ('evasion' in by) return catches(EVASION_DETECTIONS[by.evasion], event);
  const control = CIS_CONTROLS[by.cis];
  return [control.pattern, ...control.scannerFilters.map((f) => f.pattern)].some((p) =>
    FilterPattern.parse(p).matches(event),
  );
}

const records = EVASION_DETECTION_LIST.map(
  (detection) => [detection.id, detection, EVASION_API_COVERAGE[detection.id]] as const,
);
const services = records.flatMap(([id, detection, coverage]) =>
  coverage.map((service) => [`${id} ${service.service}`, detection, service, coverage] as const),
);

describe('the evasion pack API coverage, as data', () => {
  test('names the botocore release it was made from', () => {
    expect(EVASION_COVERAGE_BOTOCORE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('has one record per detection, each with the services of all its calls and none other', () => {
    expect(Object.keys(EVASION_API_COVERAGE).sort()).toEqual([...EVASION_DETECTION_IDS].sort());
    for (const [id, detection, coverage] of records) {
      const watched = [...new Set(detection.calls.map((call) => call.eventSource))].sort();
      expect([id, [...new Set(coverage.map((s) => s.eventSource))].sort()]).toEqual([id, watched]);
      expect([id, coverage.map((s) => s.service)]).toEqual([id, [...new Set(coverage.map((s) => s.service))]]);
    }
  });

  test.each(services)(
    '%s: every operation placed once, by its botocore name, in groups with a reason',
    (_n, detection, service, siblings) => {
      const placed = placedOperations(detection, service, siblings);
      const twice = placed.filter((operation, i) => placed.indexOf(operation) !== i);
      expect(twice).toEqual([]);
      for (const operation of placed) expect(operation).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      for (const group of service.leftOut) {
        expect(group.reason.trim().length).toBeGreaterThan(0);
        expect(group.operations.length).toBeGreaterThan(0);
      }
    },
  );

  test.each(services)(
    "%s: each operation it says the detection catches, the detection's filters catch",
    (_n, detection, service, siblings) => {
      for (const caught of caughtOperations(detection, service, siblings)) {
        const name = caught.eventName ?? caught.operation;
        const event = eventOf(service.eventSource, name, caught.event);
        expect([caught.operation, catches(detection, event)]).toEqual([caught.operation, true]);
        // A call with a condition is caught only under it, and the record gives the fields that meet it.
        const call = detection.calls.find((c) => c.eventSource === service.eventSource && c.eventNames.includes(name));
        expect([caught.operation, call?.when !== undefined]).toEqual([caught.operation, caught.event !== undefined]);
      }
    },
  );

  test.each(records)(
    '%s: every call the detection lists is an operation of exactly one of its services',
    (_id, detection, coverage) => {
      for (const call of detection.calls) {
        const caught = coverage
          .filter((service) => service.eventSource === call.eventSource)
          .flatMap((service) => caughtOperations(detection, service, coverage))
          .map((c) => c.eventName ?? c.operation);
        for (const name of call.eventNames)
          expect([call.eventSource, name, caught.filter((c) => c === name).length]).toEqual([
            call.eventSource,
            name,
            1,
          ]);
      }
    },
  );

  test('caughtOperations reads the calls, by event name as the operation, and a shared event source by recordedAs', () => {
    const detection = {
      calls: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
        },
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketPolicy'],
          when: { term: '($.x IS TRUE)', means: 'x', example: { x: true } },
        },
      ],
    };
    const s3: ServiceCoverage = {
      service: 's3',
      eventSource: 's3.amazonaws.com',
      recordedAs: { DeletePublicAccessBlock: 'DeleteBucketPublicAccessBlock' },
      leftOut: [],
    };
    const s3control: ServiceCoverage = {
      service: 's3control',
      eventSource: 's3.amazonaws.com',
      recordedAs: { DeletePublicAccessBlock: 'DeleteAccountPublicAccessBlock' },
      leftOut: [],
    };
    expect(caughtOperations(detection, s3, [s3, s3control])).toEqual([
      { operation: 'DeletePublicAccessBlock', eventName: 'DeleteBucketPublicAccessBlock' },
      { operation: 'PutBucketPolicy', event: { x: true } },
    ]);
    expect(caughtOperations(detection, s3control, [s3, s3control])).toEqual([
      { operation: 'DeletePublicAccessBlock', eventName: 'DeleteAccountPublicAccessBlock' },
      { operation: 'PutBucketPolicy', event: { x: true } },
    ]);
  });

  test.each(services)(
    '%s: what it leaves out the detection does not catch, and another alarm named catches',
    (_n, detection, service) => {
      for (const group of service.leftOut) {
        for (const operation of group.operations) {
          const event = eventOf(service.eventSource, operation, group.event);
          expect([operation, catches(detection, event)]).toEqual([operation, false]);
          if (group.coveredBy !== undefined)
            expect([operation, otherAlarmCatches(group, event)]).toEqual([operation, true]);
        }
        // Fields in the event are for the other alarm only.
        if (group.event !== undefined) expect(group.coveredBy).toBeDefined();
      }
    },
  );
});

describe('coverageProblems, the check against botocore', () => {
  const coverage: EvasionApiCoverage = {
    ...EVASION_API_COVERAGE,
    'flow-logs-deleted': [
      {
        service: 'ec2',
        eventSource: 'ec2.amazonaws.com',
        leftOut: [{ reason: 'reads only', operations: ['DescribeFlowLogs'] }],
      } satisfies ServiceCoverage,
    ],
  };
  /** The detections, the flow-logs one catching DeleteFlowLogs alone. */
  const detections = {
    ...EVASION_DETECTIONS,
    'flow-logs-deleted': { calls: [{ eventSource: 'ec2.amazonaws.com', eventNames: ['DeleteFlowLogs'] }] },
  };
  /** The models as the coverage places them: every service with exactly its placed operations. */
  const agreeing = (of: EvasionApiCoverage) =>
    Object.fromEntries(
      coveredServices(of).map((name) => [
        name,
        [
          ...new Set(
            (Object.entries(of) as [keyof typeof detections, readonly ServiceCoverage[]][]).flatMap(([id, records]) =>
              records.filter((c) => c.service === name).flatMap((c) => placedOperations(detections[id], c, records)),
            ),
          ),
        ],
      ]),
    );

  test('given models that agree, then nothing', () => {
    expect(coverageProblems(agreeing(coverage), '9.9.9', coverage, detections)).toEqual([]);
  });

  test('given a model with an operation nobody placed, then it names the operation, the detection and where to place it', () => {
    const models = { ...agreeing(coverage), ec2: ['DeleteFlowLogs', 'DescribeFlowLogs', 'PauseFlowLogs'] };
    const problems = coverageProblems(models, '9.9.9', coverage, detections);
    expect(problems).toEqual([
      expect.stringMatching(
        /^flow-logs-deleted: ec2 PauseFlowLogs is in botocore 9\.9\.9's model but placed nowhere: .*add it to the detection's calls.*a leftOut group with the reason, in modules\/catalogs\/evasion-api-coverage\.ts$/,
      ),
    ]);
  });

  test('given a model without an operation that is placed, then it says to remove it', () => {
    const models = { ...agreeing(coverage), ec2: ['DeleteFlowLogs'] };
    expect(coverageProblems(models, '9.9.9', coverage, detections)).toEqual([
      expect.stringMatching(
        /^flow-logs-deleted: ec2 DescribeFlowLogs is placed in .* but botocore 9\.9\.9's model has no such operation: remove it/,
      ),
    ]);
  });

  test('given models without a watched service, then it names the service', () => {
    const models = Object.fromEntries(Object.entries(agreeing(coverage)).filter(([name]) => name !== 'ec2'));
    expect(coverageProblems(models, '9.9.9', coverage, detections)).toEqual([
      'flow-logs-deleted: botocore 9.9.9 has no service ec2: remove or rename its record in modules/catalogs/evasion-api-coverage.ts',
    ]);
  });
});

describe('watchedCalls: what the saved query audit-system-changes asks the logs for', () => {
  const pairs = (calls: readonly { eventSource: string; eventNames: readonly string[] }[]) =>
    calls.flatMap(({ eventSource, eventNames }) => eventNames.map((name) => `${eventSource} ${name}`));
  const watched = pairs(watchedCalls());

  test('every call a detection catches, every operation its coverage leaves to another alarm, every call of the CIS alarms on the audit system: no more', () => {
    const expected = new Set([
      ...EVASION_DETECTION_LIST.flatMap((detection) => pairs(detection.calls)),
      ...Object.values(EVASION_API_COVERAGE)
        .flat()
        .flatMap((service) => [
          ...service.leftOut
            .filter((group) => group.coveredBy !== undefined)
            .flatMap((group) => group.operations.map((operation) => `${service.eventSource} ${operation}`)),
        ]),
      ...Object.values(AUDIT_SYSTEM_CIS_CALLS).flatMap((calls) => pairs([calls])),
    ]);
    expect([...watched].sort()).toEqual([...expected].sort());
    expect(new Set(watched).size).toBe(watched.length);
  });

  test('holds the calls that blind the audit system, and none that only reads', () => {
    for (const call of [
      'cloudtrail.amazonaws.com StopLogging',
      'cloudtrail.amazonaws.com StartLogging',
      'cloudtrail.amazonaws.com DeleteTrail',
      'cloudtrail.amazonaws.com PutEventSelectors',
      'config.amazonaws.com StopConfigurationRecorder',
      'ec2.amazonaws.com DeleteFlowLogs',
      'kms.amazonaws.com ScheduleKeyDeletion',
      'organizations.amazonaws.com DetachPolicy',
      'oam.amazonaws.com DeleteLink',
    ])
      expect([call, watched.includes(call)]).toEqual([call, true]);
    expect(watched.filter((call) => / (Describe|Get|List)[A-Z]/.test(call))).toEqual([]);
  });
});

describe('AUDIT_SYSTEM_CIS_CALLS: the calls of the CIS alarms on the audit system', () => {
  /** The event names a pattern compares with `=`, from its syntax tree. */
  const comparedNames = (node: PatternNode): string[] =>
    node.kind === 'compare'
      ? node.path.join('.') === 'eventName' && node.op === '=' && node.value.kind === 'string'
        ? [node.value.text]
        : []
      : node.kind === 'test'
        ? []
        : node.operands.flatMap(comparedNames);

  test.each(Object.entries(AUDIT_SYSTEM_CIS_CALLS))(
    '%s: every call listed matches the alarm, and every name it compares is listed',
    (id, calls) => {
      const pattern = FilterPattern.parse(CIS_CONTROLS[id as keyof typeof AUDIT_SYSTEM_CIS_CALLS].pattern);
      for (const eventName of calls.eventNames)
        expect([eventName, pattern.matches({ eventSource: calls.eventSource, eventName })]).toEqual([eventName, true]);
      expect([...calls.eventNames].sort()).toEqual([...new Set(comparedNames(pattern.root))].sort());
    },
  );
});
