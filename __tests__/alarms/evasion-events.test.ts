import * as fs from 'fs';
import * as path from 'path';
import { CIS_CONTROL_LIST } from '../../modules/catalogs/cis-controls';
import {
  EVASION_DETECTION_LIST,
  type EvasionDetection,
  evasionFilters,
} from '../../modules/catalogs/evasion-detections';
import { FilterPattern } from '../../modules/core/filter-pattern';
import { EVASION_EVENTS_DIR, type LabeledEvent, loadCorpus, loadEvasionEvents } from './corpus';

/** Detections for which no public recording of a positive event was found: their positives are `derived`. */
const WITHOUT_A_PUBLIC_RECORDING = [
  'threat-detection-disabled',
  'guardduty-lists-changed',
  'guardduty-findings-suppressed',
  'access-analyzer-deleted',
  'config-rules-deleted',
];

/** Each detection with all its filters' patterns: its alarm fires when any of them matches. */
const patterns = EVASION_DETECTION_LIST.map((detection) => ({
  detection,
  filters: evasionFilters(detection).map((filter) => FilterPattern.parse(filter.pattern)),
}));

/** The ids of the detections whose filters match the event, in catalog order. */
function matching(event: Record<string, unknown>): string[] {
  return patterns
    .filter(({ filters }) => filters.some((pattern) => pattern.matches(event)))
    .map(({ detection }) => detection.id);
}

/** Every CIS control with each published text of it (its own and the scanners'). */
const cisPatterns = CIS_CONTROL_LIST.map((control) => ({
  id: control.id,
  filters: [control.pattern, ...control.scannerFilters.map((f) => f.pattern)].map((p) => FilterPattern.parse(p)),
}));

const sourcesOf = (detection: EvasionDetection) => new Set(detection.calls.map((call) => call.eventSource));
const describeEvent = (e: LabeledEvent) => `${e.source} ${e.locator}`;

describe('the evasion pack on recorded attacks and their benign neighbours', () => {
  const events = loadEvasionEvents();

  test('the set has its 255 events, each with a source, a commit and a known kind', () => {
    expect(events).toHaveLength(255);
    for (const e of events) {
      expect(e.source).toMatch(/^[\w.-]+\/[\w.-]+:\S/);
      expect(e.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(['real-log', 'real-detonation-anonymized', 'doc-example', 'test-fixture', 'derived']).toContain(e.kind);
      if (e.kind === 'derived') expect(e.note).toMatch(/derived from the record at source\/locator: /);
    }
  });

  test.each(loadEvasionEvents().map((e, i) => [i, describeEvent(e), e]))(
    'event %i (%s): the pack alarms exactly as labelled',
    (_i, _where, e) => {
      expect(matching(e.event)).toEqual(e.expect);
    },
  );

  test.each(EVASION_DETECTION_LIST.map((d) => [d.id, d]))(
    '%s: fires on a positive and stays quiet on a neighbour of the same service',
    (id, detection) => {
      const positives = events.filter((e) => e.expect.includes(id));
      const neighbours = events.filter(
        (e) => !e.expect.includes(id) && sourcesOf(detection).has(String(e.event.eventSource)),
      );
      expect(positives.length).toBeGreaterThan(0);
      expect(neighbours.length).toBeGreaterThan(0);
      for (const e of positives) expect(matching(e.event)).toContain(id);
      for (const e of neighbours) expect(matching(e.event)).not.toContain(id);
      // A positive from a public recording, or the detection is named as having none (and the note says so).
      const recorded = positives.filter((e) => e.kind !== 'derived');
      expect(recorded.length === 0).toBe(WITHOUT_A_PUBLIC_RECORDING.includes(id));
    },
  );

  test('each call of the pack has a positive event, and each condition a neighbour it leaves quiet', () => {
    for (const { detection } of patterns) {
      for (const call of detection.calls) {
        for (const name of call.eventNames) {
          const of = (e: LabeledEvent) => e.event.eventSource === call.eventSource && e.event.eventName === name;
          expect([detection.id, name, events.some((e) => of(e) && e.expect.includes(detection.id))]).toEqual([
            detection.id,
            name,
            true,
          ]);
          if (call.when !== undefined)
            expect([detection.id, name, events.some((e) => of(e) && !e.expect.includes(detection.id))]).toEqual([
              detection.id,
              name,
              true,
            ]);
        }
      }
    }
  });

  test("no positive fires a CIS alarm but root-account-usage (the root user's) and unauthorized-api-calls (denied)", () => {
    for (const e of events.filter((x) => x.expect.length > 0)) {
      const cis = cisPatterns.filter(({ filters }) => filters.some((p) => p.matches(e.event))).map(({ id }) => id);
      const allowed = [
        ...((e.event.userIdentity as { type?: string } | undefined)?.type === 'Root' ? ['root-account-usage'] : []),
        ...(e.event.errorCode === undefined ? [] : ['unauthorized-api-calls']),
      ];
      expect([describeEvent(e), cis.filter((id) => !allowed.includes(id))]).toEqual([describeEvent(e), []]);
    }
  });

  test('leaving the organization is CIS organizations-changes only: one event, one alarm', () => {
    const leaving = events.filter((e) => e.event.eventName === 'LeaveOrganization');
    expect(leaving.length).toBeGreaterThanOrEqual(3);
    const organizations = cisPatterns.find(({ id }) => id === 'organizations-changes');
    for (const e of leaving) {
      expect(matching(e.event)).toEqual([]);
      expect(organizations?.filters.some((p) => p.matches(e.event))).toBe(true);
    }
  });

  test('a denied attempt alarms like a successful one', () => {
    const denied = events.filter((e) => e.expect.length > 0 && e.event.errorCode !== undefined);
    expect(denied.map((e) => e.event.errorCode)).toContain('AccessDenied');
    for (const e of denied) expect(matching(e.event)).toEqual(e.expect);
  });

  test('the neighbours the issue names stay quiet: a non-root CreateAccessKey, CreateFlowLogs, Describe/Get/List calls', () => {
    const quiet = (name: string) => events.filter((e) => e.event.eventName === name && e.expect.length === 0);
    expect(quiet('CreateAccessKey').length).toBeGreaterThanOrEqual(3);
    expect(quiet('CreateFlowLogs').length).toBeGreaterThan(0);
    const reads = events.filter((e) => /^(Describe|Get|List)/.test(String(e.event.eventName)));
    expect(reads.length).toBeGreaterThanOrEqual(10);
    for (const e of reads) expect(matching(e.event)).toEqual([]);
  });

  test('SOURCES.md names every repository with its commit and licence', () => {
    const sources = fs.readFileSync(path.join(EVASION_EVENTS_DIR, 'SOURCES.md'), 'utf8');
    for (const e of events) {
      const repo = e.source.split(':')[0];
      expect(sources).toContain(repo);
      expect(sources).toContain(e.commit.slice(0, 12));
    }
  });
});

describe('the evasion pack on the CIS corpus', () => {
  const corpus = loadCorpus();
  const labels = JSON.parse(fs.readFileSync(path.join(EVASION_EVENTS_DIR, 'cis-corpus-labels.json'), 'utf8')) as Record<
    string,
    string[]
  >;

  test('the corpus keeps its 198 events, and the pack matches exactly the 8 labelled ones', () => {
    expect(corpus).toHaveLength(198);
    const found: Record<string, string[]> = {};
    for (const e of corpus) {
      const ids = matching(e.event);
      if (ids.length > 0) found[describeEvent(e)] = ids;
    }
    expect(found).toEqual(labels);
    expect(Object.keys(labels)).toHaveLength(8);
  });
});
