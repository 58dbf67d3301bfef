import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';

/*
 * The CloudTrail corpus (fixtures/cloudtrail/events.jsonl) as CloudTrail would deliver it: one log
 * file per account, Region and day, in the AWSLogs layout, for the offline engine's tests.
 */

export type Event = Record<string, any>;

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');
/** The CIS corpus and the network activity events (fixtures/cloudtrail/network-activity/SOURCES.md). */
const CORPORA = [path.join(FIXTURES, 'events.jsonl'), path.join(FIXTURES, 'network-activity', 'events.jsonl')];
/** Every corpus event CloudTrail could deliver: those with a time (a few test fixtures have none, or 'redacted'). */
export const EVENTS: Event[] = CORPORA.flatMap((file) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: Event }).event),
).filter((event) => /^\d{4}-\d{2}-\d{2}/.test(String(event.eventTime)));
const DEFAULT_ACCOUNT = '123456789012';
export const accountOf = (e: Event): string => e.recipientAccountId ?? DEFAULT_ACCOUNT;

/** Writes the events as delivered log files (gzip and plain alternately), one per account, Region and day. */
export function deliver(root: string, events: readonly Event[]): void {
  const files = new Map<string, Event[]>();
  for (const event of events) {
    const day = (event.eventTime as string).slice(0, 10).replace(/-/g, '/');
    const key = `${accountOf(event)} ${event.awsRegion} ${day}`;
    files.set(key, [...(files.get(key) ?? []), { ...event, recipientAccountId: accountOf(event) }]);
  }
  [...files].forEach(([key, records], i) => {
    const [account, region, day] = key.split(' ');
    const dir = path.join(root, 'AWSLogs', 'o-corpus', account, 'CloudTrail', region, ...day.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    const name = `${account}_CloudTrail_${region}_${day.replace(/\//g, '')}T1200Z_corpus${i}.json`;
    const body = Buffer.from(JSON.stringify({ Records: records }));
    if (i % 2 === 0) fs.writeFileSync(path.join(dir, `${name}.gz`), gzipSync(body));
    else fs.writeFileSync(path.join(dir, name), body);
  });
}
