import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { readEvents, tryFilters } from '../../modules/alarms/try-filters';
import { runCliInProcess } from '../support/cli';
import { ROOT } from '../support/root';
import { tempDir } from '../support/temp';
import { CORPUS_DIR } from './corpus';

const LOG_FILE = path.join(
  CORPUS_DIR,
  'log-files',
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_SjF3IkuNXJkoHyar.json',
);

const DIGEST_FILE = path.join(
  CORPUS_DIR,
  'log-files',
  '111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.awsdocs-example.json',
);

describe('readEvents', () => {
  test('reads a CloudTrail log file as delivered to S3', () => {
    const events = readEvents(fs.readFileSync(LOG_FILE, 'utf8'), 'log.json');
    expect(events).toHaveLength(26);
    expect(events[1].at).toBe('Records[1]');
  });

  test('reads the labeled corpus, taking the event of each line', () => {
    const events = readEvents(fs.readFileSync(path.join(CORPUS_DIR, 'events.jsonl'), 'utf8'), 'events.jsonl');
    expect(events).toHaveLength(198);
    expect(events[0].event.eventVersion).toBeDefined();
  });

  test('reads JSON Lines of bare events and a JSON array', () => {
    expect(readEvents('{"eventName":"A"}\n\n{"eventName":"B"}\n', 'f').map((e) => e.at)).toEqual(['line 1', 'line 3']);
    expect(readEvents('[{"eventName":"A"}]', 'f')).toHaveLength(1);
  });

  test.each([
    ['', 'f: the file is empty'],
    ['{"eventName":"A"}\nnot json', 'f: line 2 is not JSON'],
    ['{"Records": 3}', 'f: expected a CloudTrail log file'],
    ['[1]', 'f: Records[0] is not a CloudTrail event'],
  ])('rejects %j', (text, message) => {
    expect(() => readEvents(text, 'f')).toThrow(message);
  });
});

describe('tryFilters', () => {
  test('names the patterns each event triggers', () => {
    const verdicts = tryFilters(
      readEvents('{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"}', 'f'),
      [
        { id: 'stop', pattern: '{ $.eventName = StopLogging }' },
        { id: 'other', pattern: '{ $.eventName = Other }' },
      ],
    );
    expect(verdicts).toEqual([
      {
        at: 'line 1',
        eventTime: '-',
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        triggered: ['stop'],
      },
    ]);
  });

  test('a bad pattern fails with its id and column', () => {
    expect(() => tryFilters([], [{ id: 'mine', pattern: '{ $.a = }' }])).toThrow(
      'mine: invalid filter pattern: expected a value',
    );
  });
});

describe('cdktf-audit-logging test-filters', () => {
  const run = (args: string[], cwd = ROOT) => runCliInProcess(['test-filters', ...args], { cwd });

  test('reports the alarms a delivered log file would trigger', async () => {
    const result = await run([LOG_FILE, '--config', 'examples/starter.config.json']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Records[5]  2023-07-10T12:01:27Z  cloudtrail.amazonaws.com StopLogging  -> cis-cloudtrail-config-changes',
    );
    expect(result.stdout).toMatch(/26 event\(s\); alarms triggered:\n(.*\n)*\s+3 {2}cis-cloudtrail-config-changes/);
  });

  test('tries a single pattern', async () => {
    const result = await run([LOG_FILE, '--pattern', '{ $.eventName = "CreateTrail" }']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\s+1 {2}--pattern/);
  });

  test('uses every CIS control and the evasion pack when there is no config', async () => {
    const result = await run([LOG_FILE], tempDir('filters'));
    expect(result.stdout).toContain(
      '29 alarm(s), 36 filter pattern(s), from every CIS control and the evasion pack (no config found)',
    );
  });

  test('a bad pattern exits 2 with the problem', async () => {
    const result = await run([LOG_FILE, '--pattern', '{ $.eventName = }']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--pattern: invalid filter pattern: expected a value: a "quoted string", a word or a number (column 17)',
    );
  });

  test('no file exits 2 with the usage', async () => {
    const result = await run([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: missing required argument 'files'");
    expect(result.stderr).toContain('cdktf-audit-logging test-filters --help');
  });

  test('a config file given as events exits 2 and says to pass it with --config', async () => {
    const result = await run(['__tests__/fixtures/bare.config.json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '__tests__/fixtures/bare.config.json: line 1 is not a CloudTrail event (it has none of eventVersion, eventName, eventSource, eventType); this looks like an organization config: pass it with --config',
    );
    expect(result.stdout).not.toContain('event(s)');
  });

  test('an invalid config says no pattern was tried, with its problems', async () => {
    const file = path.join(tempDir('filters-config'), 'audit.json');
    fs.writeFileSync(file, '{ "homeRegion": "eu-wset-1" }');
    const result = await run([LOG_FILE, '--config', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: 4 problems; no pattern was tried.`);
    expect(result.stderr).toContain('"eu-wset-1" is not an AWS Region');
  });

  test('a digest file given as events exits 2 and points at verify-logs', async () => {
    const result = await run([DIGEST_FILE]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('this is a CloudTrail digest file: check it with verify-logs');
  });

  test('reads a gzipped log file as CloudTrail delivers it', async () => {
    const gz = path.join(tempDir('filters-gz'), 'log.json.gz');
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(LOG_FILE)));
    const result = await run([gz, '--pattern', '{ $.eventName = "StopLogging" }']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('26 event(s)');
    expect(result.stdout).toMatch(/\s+1 {2}--pattern/);
  });
});
