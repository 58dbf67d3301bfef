import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/synth';

/** The labeled CloudTrail corpus, kept in the repository with its sources (see its SOURCES.md). */
export const CORPUS_DIR = path.join(ROOT, '__tests__', 'fixtures', 'cloudtrail');

/** One labeled event of events.jsonl. */
export interface LabeledEvent {
  readonly source: string;
  readonly locator: string;
  readonly commit: string;
  readonly kind: string;
  readonly expect: readonly string[];
  /** Whether an alternative pattern (by key) matches, where it differs from `expect`. */
  readonly variant_expect?: Readonly<Record<string, boolean>>;
  readonly note?: string;
  readonly event: Record<string, unknown>;
}

/** The evasion pack's events: positives and their benign neighbours (see evasion/SOURCES.md). */
export const EVASION_EVENTS_DIR = path.join(CORPUS_DIR, 'evasion');

/** Every labeled event of the CIS corpus. Throws (never skips) when the corpus is missing. */
export function loadCorpus(): LabeledEvent[] {
  return readLabeledEvents(path.join(CORPUS_DIR, 'events.jsonl'));
}

/**
 * Every labeled event of the evasion pack's set; `expect` holds evasion detection ids. Records of kind
 * `derived` are a public record with the changes their `note` names (no public recording exists).
 */
export function loadEvasionEvents(): LabeledEvent[] {
  return readLabeledEvents(path.join(EVASION_EVENTS_DIR, 'events.jsonl'));
}

function readLabeledEvents(file: string): LabeledEvent[] {
  if (!fs.existsSync(file))
    throw new Error(
      `a CloudTrail test corpus is missing: ${file} (it ships with the repository: restore __tests__/fixtures/cloudtrail)`,
    );
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabeledEvent);
}

/** The corpus label of a control id (the corpus names one control differently). */
export function corpusLabel(controlId: string): string {
  return controlId === 'console-authentication-failures' ? 'cis-console-auth-failures' : `cis-${controlId}`;
}
