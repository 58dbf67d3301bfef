import { AuditLoggingError } from '../core/errors';
import { FilterPattern } from '../core/filter-pattern';
import type { AlarmDefinition } from './alarm-definition';

/** A named filter pattern to try. */
export interface NamedPattern {
  readonly id: string;
  readonly pattern: string;
  /** The additional filter of the alarm it belongs to; none for the alarm's main filter. */
  readonly filter?: string;
}

/**
 * Every filter pattern of some alarms, each with its alarm's id: what each alarm's metric counts
 * (its main filter and the additional ones), and so what `test-filters` tries.
 */
export function namedPatternsOf(alarms: readonly AlarmDefinition[]): NamedPattern[] {
  return alarms.flatMap((alarm) => [
    { id: alarm.id, pattern: alarm.pattern },
    ...(alarm.additionalFilters ?? []).map((extra) => ({ id: alarm.id, pattern: extra.pattern, filter: extra.id })),
  ]);
}

/** What a set of patterns does with one event. */
export interface EventVerdict {
  /** Where the event is in the input: `line 3` or `Records[2]`. */
  readonly at: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  /** Ids of the patterns that match the event. */
  readonly triggered: readonly string[];
}

/**
 * CloudTrail events from a file's text: a log file as delivered to S3 (`{"Records": [...]}`), a
 * JSON array of events, or JSON Lines of events or of `{ "event": ... }` records (the labeled
 * corpus format).
 */
export function readEvents(text: string, file: string): { at: string; event: Record<string, unknown> }[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new AuditLoggingError(`${file}: the file is empty`);
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const object = whole as { Records?: unknown; event?: unknown };
    if (!Array.isArray(whole) && object.Records === undefined) {
      return [{ at: 'line 1', event: asEvent(object.event ?? whole, file, 'line 1') }];
    }
    const records = Array.isArray(whole) ? whole : object.Records;
    if (!Array.isArray(records)) {
      throw new AuditLoggingError(
        `${file}: expected a CloudTrail log file ({"Records": [...]}), a JSON array, or JSON Lines`,
      );
    }
    return records.map((event, i) => ({ at: `Records[${i}]`, event: asEvent(event, file, `Records[${i}]`) }));
  }
  return trimmed.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new AuditLoggingError(`${file}: line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    const labeled = value as { event?: unknown };
    return [{ at: `line ${i + 1}`, event: asEvent(labeled.event ?? value, file, `line ${i + 1}`) }];
  });
}

/** Fields of which every CloudTrail record (management, data or Insights event) has at least one. */
const CLOUDTRAIL_RECORD_FIELDS = ['eventVersion', 'eventName', 'eventSource', 'eventType'];

function asEvent(value: unknown, file: string, at: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AuditLoggingError(`${file}: ${at} is not a CloudTrail event (a JSON object)`);
  }
  const record = value as Record<string, unknown>;
  if (!CLOUDTRAIL_RECORD_FIELDS.some((field) => field in record)) {
    throw new AuditLoggingError(
      `${file}: ${at} is not a CloudTrail event (it has none of ${CLOUDTRAIL_RECORD_FIELDS.join(', ')})${notEventsHint(record)}`,
    );
  }
  return record;
}

/** What a JSON object that is not an event probably is, and where it belongs. */
function notEventsHint(record: Record<string, unknown>): string {
  if ('digestStartTime' in record || 'logFiles' in record) {
    return '; this is a CloudTrail digest file: check it with verify-logs, and give test-filters the log files';
  }
  if ('organization' in record || 'logArchive' in record) {
    return '; this looks like an organization config: pass it with --config, and give the events as the file';
  }
  return '; give a CloudTrail log file ({"Records": [...]}), a JSON array of events, or JSON Lines';
}

/** Which of `patterns` each event triggers. Patterns are parsed first, so a bad one fails fast. */
export function tryFilters(events: ReturnType<typeof readEvents>, patterns: readonly NamedPattern[]): EventVerdict[] {
  const compiled = patterns.map((p) => {
    try {
      return { id: p.id, pattern: FilterPattern.parse(p.pattern) };
    } catch (error) {
      throw new AuditLoggingError(`${p.id}: invalid filter pattern: ${(error as Error).message}`);
    }
  });
  return events.map(({ at, event }) => ({
    at,
    eventTime: String(event.eventTime ?? '-'),
    eventSource: String(event.eventSource ?? '-'),
    eventName: String(event.eventName ?? '-'),
    // An alarm with several filters (one per published text) triggers once.
    triggered: [...new Set(compiled.filter((c) => c.pattern.matches(event)).map((c) => c.id))],
  }));
}
