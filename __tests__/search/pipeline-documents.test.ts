import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { LOG_EVENT_FIELD } from '../../modules/search/pipeline-configuration';
import { ROOT } from '../support/root';
import { documentsOf, sampleConfiguration } from './pipeline-model';

/*
 * The documents the pipeline writes, by its body's own processors run in a model of them
 * (pipeline-model.ts) over objects laid out as the archive holds them: the application logs'
 * envelopes of the fixture (written to the format CloudWatch Logs documents), a Firehose object that
 * `npm run local` delivered, and real CloudTrail log files.
 */

const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');
const BUCKET = 'acme-audit-member-logs';

const body = sampleConfiguration();

interface Envelope {
  readonly messageType: string;
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly logEvents: readonly { id: string; timestamp: number; message: string }[];
}
const OBJECTS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'application-logs', 'objects.json'), 'utf8')) as {
  key: string;
  envelopes: Envelope[];
}[];

/** The fixture's objects as a stream writes them: gzip, an envelope a line, each line ended. */
const written = OBJECTS.map(({ key, envelopes }) => ({
  bucket: BUCKET,
  key,
  body: zlib.gzipSync(envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join('')),
}));
const documents = documentsOf(body['application-logs-pipeline'], written);

test("[osis-split-event-supported] each log event of a data message is a document, with its envelope's owner, log group and stream", () => {
  const expected = OBJECTS.flatMap(({ key, envelopes }) =>
    envelopes
      .filter((envelope) => envelope.messageType === 'DATA_MESSAGE')
      .flatMap(({ logEvents, ...envelope }) =>
        logEvents.map((event) => ({
          ...envelope,
          [LOG_EVENT_FIELD]: event,
          s3: { bucket: BUCKET, key },
          '@timestamp': new Date(event.timestamp).toISOString(),
        })),
      ),
  );
  expect(expected).toHaveLength(10);
  expect(documents).toEqual(expected);
});

test('a control message is no document; nor is the raw line, nor the array', () => {
  expect(OBJECTS.some(({ envelopes }) => envelopes.some((e) => e.messageType === 'CONTROL_MESSAGE'))).toBe(true);
  for (const document of documents) {
    expect(document.messageType).toBe('DATA_MESSAGE');
    expect(Object.keys(document)).not.toEqual(expect.arrayContaining(['message']));
    expect(Object.keys(document)).not.toEqual(expect.arrayContaining(['logEvents']));
  }
});

test("Firehose's error output is dropped before it is parsed", () => {
  const errors = [
    { bucket: BUCKET, key: 'application-logs/errors/2026/11/26/failed.gz', body: zlib.gzipSync('not json\n') },
  ];
  expect(documentsOf(body['application-logs-pipeline'], errors)).toEqual([]);
});

test('a Firehose object that npm run local delivered is a document per log event', () => {
  const folder = path.join(FIXTURES, 'application-logs', 'local');
  const objects = fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return {
        bucket: BUCKET,
        key: path.relative(folder, file).split(path.sep).join('/'),
        body: fs.readFileSync(file),
      };
    });
  expect(objects).toHaveLength(1);
  const [document, ...more] = documentsOf(body['application-logs-pipeline'], objects);
  expect(more).toEqual([]);
  expect(document).toMatchObject({
    owner: '900000000004',
    logGroup: '/local/payments-api',
    logStream: 'web-1',
    [LOG_EVENT_FIELD]: { message: expect.stringMatching(/^POST \/payments 201 requestId=local-\d+$/) },
  });
  expect(document['@timestamp']).toBe(
    new Date((document[LOG_EVENT_FIELD] as { timestamp: number }).timestamp).toISOString(),
  );
});

test('a CloudTrail log file is a document per record, as CloudTrail wrote it, timed by its eventTime', () => {
  const folder = path.join(FIXTURES, 'cloudtrail', 'log-files');
  const files = fs.readdirSync(folder).filter((name) => /_CloudTrail_.*\.json$/.test(name));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) {
    const text = fs.readFileSync(path.join(folder, name));
    const records = (JSON.parse(text.toString('utf8')) as { Records: { eventTime: string }[] }).Records;
    const key = `AWSLogs/o-abcdefghij/218007301253/CloudTrail/us-east-1/2023/07/10/${name}.gz`;
    const docs = documentsOf(body['cloudtrail-pipeline'], [{ bucket: 'acme-audit', key, body: zlib.gzipSync(text) }]);
    expect(docs).toEqual(
      records.map((record) => ({
        ...record,
        s3: { bucket: 'acme-audit', key },
        '@timestamp': new Date(record.eventTime).toISOString(),
      })),
    );
  }
});
