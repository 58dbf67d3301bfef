import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCliInProcess } from '../../support/cli';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';
import { findLogFiles, partitionOfName, readRecords } from '../../../packages/cli/toolkit/investigate/log-files';
import { DuckDbEngine } from '../../../packages/cli/toolkit/investigate/duckdb-engine';
import {
  CLOUDTRAIL_KEYS,
  cloudTrailKey,
  parseHiveType,
  TABLE_COLUMNS,
} from '../../../packages/cli/toolkit/investigate/table-schema';
import { loadCorpus } from '../../alarms/corpus';
import { formatResult } from '../../../packages/cli/toolkit/investigate/result-format';
import { investigate, loadedColumns, OfflineLogs } from '../../../packages/cli/toolkit/investigate/investigation';
import { CLOUDTRAIL_COLUMNS } from '../../../modules/analytics/cloudtrail-schema';

/*
 * investigate: the log files it reads and leaves out, the Trino it translates, the table it builds,
 * and the command as a user runs it on the sample copy (examples/evidence) and on bad input.
 */

const EVIDENCE = path.join(ROOT, 'examples', 'evidence');

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    eventTime: '2026-11-20T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    eventType: 'AwsApiCall',
    readOnly: false,
    requestParameters: { userName: 'mallory' },
    recipientAccountId: '111122223333',
    ...overrides,
  };
}

/**
 * A copy of the member-logs bucket's application logs: the fixture's objects (fixtures/
 * application-logs), gzipped as the archive's streams write them.
 */
function applicationLogsCopy(): string {
  const root = tempDir('investigate-application-logs');
  const objects = JSON.parse(
    fs.readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'application-logs', 'objects.json'), 'utf8'),
  ) as { key: string; envelopes: unknown[] }[];
  for (const { key, envelopes } of objects) {
    fs.mkdirSync(path.dirname(path.join(root, key)), { recursive: true });
    fs.writeFileSync(path.join(root, key), gzipSync(envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n'));
  }
  return root;
}

/** A copy with one delivered file per day from 2026/11/18 to 2026/11/22, and the noise beside it. */
function copy(): string {
  const root = tempDir('investigate-copy');
  for (let day = 18; day <= 22; day += 1) {
    const dir = path.join(root, 'AWSLogs', 'o-abc', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', `${day}`);
    fs.mkdirSync(dir, { recursive: true });
    const body = JSON.stringify({ Records: [record({ eventTime: `2026-11-${day}T10:00:00Z` })] });
    fs.writeFileSync(
      path.join(dir, `111122223333_CloudTrail_us-east-1_202611${day}T1000Z_abc${day}.json.gz`),
      gzipSync(body),
    );
  }
  const digests = path.join(root, 'AWSLogs', 'o-abc', '111122223333', 'CloudTrail-Digest', 'us-east-1');
  fs.mkdirSync(digests, { recursive: true });
  fs.writeFileSync(
    path.join(digests, '111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261120T100000Z.json.gz'),
    gzipSync('{}'),
  );
  fs.writeFileSync(path.join(root, 'public-keys.json'), '{"PublicKeyList":[]}');
  return root;
}

describe('the log files of a copy', () => {
  test('carry their partition in the name CloudTrail gives them', () => {
    expect(partitionOfName('111122223333_CloudTrail_eu-west-1_20261121T1205Z_AbC123.json.gz')).toEqual({
      accountid: '111122223333',
      region: 'eu-west-1',
      eventdate: '2026/11/21',
    });
    expect(partitionOfName('111122223333_CloudTrail-Digest_eu-west-1_t_eu-west-1_20261121T120500Z.json.gz')).toBe(
      undefined,
    );
    expect(partitionOfName('export.json')).toBeUndefined();
  });

  test('are found in any folder, digests and keys left out, and days outside the range before reading', async () => {
    const root = copy();
    expect((await findLogFiles(root)).files).toHaveLength(5);
    const bounded = await findLogFiles(root, { from: '2026/11/20', to: '2026/11/21' });
    expect(bounded.files.map((f) => f.partition?.eventdate)).toEqual(['2026/11/20', '2026/11/21']);
    expect(bounded.outsideRange).toBe(3);
  });

  test('that are not CloudTrail records are refused with their name', async () => {
    const root = tempDir('investigate-bad');
    fs.writeFileSync(path.join(root, 'a.json'), '{"not":"records"}');
    fs.writeFileSync(path.join(root, 'b.json'), 'not json');
    await expect(readRecords(path.join(root, 'a.json'))).rejects.toThrow(
      /a\.json is not a CloudTrail log file: it has no "Records" list/,
    );
    await expect(readRecords(path.join(root, 'b.json'))).rejects.toThrow(
      /b\.json is not a readable CloudTrail log file/,
    );
    // DuckDB reading them says the same, naming the file.
    for (const [file, reason] of [
      ['a.json', /a\.json is not a CloudTrail log file: it has no "Records" list/],
      ['b.json', /b\.json is not a readable CloudTrail log file: Invalid Input Error: Malformed JSON/],
    ] as const) {
      const only = tempDir('investigate-bad-one');
      fs.copyFileSync(path.join(root, file), path.join(only, file));
      await expect(OfflineLogs.load(only, [() => 'SELECT eventname FROM cloudtrail'])).rejects.toThrow(reason);
    }
  });
});

describe('the offline table', () => {
  test("has the Athena table's columns, then the partitions", () => {
    expect(TABLE_COLUMNS.map((c) => c.name)).toEqual([
      ...CLOUDTRAIL_COLUMNS.map((c) => c.name),
      'accountid',
      'region',
      'eventdate',
    ]);
  });

  test('parses the Hive types of the Glue table and refuses others', () => {
    expect(parseHiveType('array<struct<arn:string,type:string>>')).toEqual({
      kind: 'array',
      element: {
        kind: 'struct',
        fields: [
          { name: 'arn', type: { kind: 'string' } },
          { name: 'type', type: { kind: 'string' } },
        ],
      },
    });
    expect(() => parseHiveType('struct<a:int>')).toThrow(/unknown type int/);
    expect(() => parseHiveType('map<int,string>')).toThrow(/only string map keys/);
    expect(() => parseHiveType('struct<a:string')).toThrow(/expected ">"/);
  });

  test('reads values as the JSON SerDe does: scalars and objects in text columns as text, fields by their keys', async () => {
    const root = tempDir('investigate-shapes');
    const event = record({
      readOnly: false,
      requestParameters: { userName: 'x', tags: [1] },
      resources: [{ ARN: 'arn:aws:iam::111122223333:user/x', accountId: '111122223333', type: 'AWS::IAM::User' }],
      userIdentity: { type: 'Root', sessionContext: { sessionIssuer: { arn: 'x' } } },
    });
    fs.writeFileSync(path.join(root, 'any-name.json'), JSON.stringify({ Records: [event] }));
    const answer = await investigate(
      () =>
        'SELECT readonly, requestparameters, resources, useridentity.sessioncontext.sessionissuer.arn AS issuer, useridentity.arn AS arn, accountid, eventdate FROM cloudtrail WHERE eventdate BETWEEN ? AND ?',
      { logs: root },
    );
    expect(answer.rows).toEqual([
      {
        readonly: 'false',
        requestparameters: '{"userName":"x","tags":[1]}',
        resources: [{ arn: 'arn:aws:iam::111122223333:user/x', accountid: '111122223333', type: 'AWS::IAM::User' }],
        issuer: 'x',
        arn: null,
        // A file not named as CloudTrail names it: the partition comes from the record.
        accountid: '111122223333',
        eventdate: '2026/11/20',
      },
    ]);
  });

  test('takes the partitions from a delivered name and, for a file named otherwise, from its records', async () => {
    const root = tempDir('investigate-partitions');
    // The record says another account, Region and day than the name: Athena's projection reads the key.
    const elsewhere = record({
      recipientAccountId: '999988887777',
      awsRegion: 'eu-west-1',
      eventTime: '2026-11-21T00:00:00Z',
    });
    const delivered = '111122223333_CloudTrail_us-east-1_20261120T1000Z_named.json';
    fs.writeFileSync(path.join(root, delivered), JSON.stringify({ Records: [elsewhere] }));
    const partitions = () =>
      'SELECT accountid, region, eventdate FROM cloudtrail WHERE eventdate BETWEEN ? AND ? ORDER BY ALL';
    const named = { accountid: '111122223333', region: 'us-east-1', eventdate: '2026/11/20' };
    expect((await investigate(partitions, { logs: root })).rows).toEqual([named]);
    fs.writeFileSync(path.join(root, 'copied-by-hand.json'), JSON.stringify({ Records: [elsewhere] }));
    expect((await investigate(partitions, { logs: root })).rows).toEqual([
      named,
      { accountid: '999988887777', region: 'eu-west-1', eventdate: '2026/11/21' },
    ]);
  });

  test('reads a log file larger than DuckDB reads by default (16 MiB) in a second pass', async () => {
    const root = tempDir('investigate-large');
    const records = Array.from({ length: 30_000 }, (_, i) =>
      record({ eventName: 'GetObject', requestParameters: { key: `${i}`.padStart(600, 'k') } }),
    );
    const file = path.join(root, '111122223333_CloudTrail_us-east-1_20261120T1000Z_large.json');
    fs.writeFileSync(file, JSON.stringify({ Records: records }));
    expect(fs.statSync(file).size).toBeGreaterThan(16 * 2 ** 20);
    const answer = await investigate(() => 'SELECT count(*) AS n FROM cloudtrail WHERE eventdate BETWEEN ? AND ?', {
      logs: root,
    });
    expect(answer.rows).toEqual([{ n: 30_000 }]);
  });

  test('knows every key as the real records in the corpus write it', () => {
    const seen = new Set<string>();
    const walk = (value: unknown, type: ReturnType<typeof parseHiveType>, at: string) => {
      if (value === null || typeof value !== 'object') return;
      if (type.kind === 'array' && Array.isArray(value)) for (const item of value) walk(item, type.element, at);
      if (type.kind !== 'struct' || Array.isArray(value)) return;
      for (const [written, inner] of Object.entries(value as Record<string, unknown>)) {
        const field = type.fields.find((f) => f.name === written.toLowerCase());
        if (field === undefined) continue;
        const fieldPath = at === '' ? field.name : `${at}.${field.name}`;
        expect(`${fieldPath}: ${cloudTrailKey(fieldPath)}`).toBe(`${fieldPath}: ${written}`);
        seen.add(fieldPath);
        walk(inner, field.type, fieldPath);
      }
    };
    const table = { kind: 'struct' as const, fields: TABLE_COLUMNS };
    for (const e of loadCorpus().filter((c) => c.kind === 'real-log' || c.kind === 'real-detonation-anonymized')) {
      walk(e.event, table, '');
    }
    expect(seen.size).toBeGreaterThan(40);
    expect(Object.keys(CLOUDTRAIL_KEYS).length).toBeGreaterThan(seen.size - 5);
  });
});

describe('the columns loaded for a query', () => {
  const identity = TABLE_COLUMNS.find((c) => c.name === 'useridentity')?.type;
  const sessionContext =
    identity?.kind === 'struct' ? identity.fields.find((f) => f.name === 'sessioncontext') : undefined;

  test('are those it names; a struct it reaches into holds only the fields at the paths it names', () => {
    const loaded = loadedColumns([
      "SELECT useridentity.arn, eventname, accountid FROM cloudtrail WHERE eventdate BETWEEN ? AND ? AND useridentity . type = 'Root'",
    ]);
    expect([...loaded.keys()].sort()).toEqual(['accountid', 'eventdate', 'eventname', 'useridentity']);
    // By paths, not words: accountid (a partition) and the arn of sessioncontext.sessionissuer are left out.
    expect(loaded.get('useridentity')).toEqual({
      kind: 'struct',
      fields: [
        { name: 'type', type: { kind: 'string' } },
        { name: 'arn', type: { kind: 'string' } },
      ],
    });
  });

  test('keep a field a path ends on or reaches past whole, and a struct whose path names no field of it', () => {
    expect(
      loadedColumns([
        'SELECT UserIdentity.SessionContext, useridentity.sessioncontext.sessionissuer.arn FROM cloudtrail',
      ]).get('useridentity'),
    ).toEqual({ kind: 'struct', fields: [sessionContext] });
    const resources = TABLE_COLUMNS.find((c) => c.name === 'resources')?.type;
    expect(loadedColumns(['SELECT resources.arn FROM cloudtrail']).get('resources')).toEqual(resources);
    expect(loadedColumns(['SELECT useridentity.nosuchfield FROM cloudtrail']).get('useridentity')).toEqual(identity);
    expect(
      loadedColumns(['SELECT useridentity.sessioncontext.nosuchfield FROM cloudtrail']).get('useridentity'),
    ).toEqual({
      kind: 'struct',
      fields: [sessionContext],
    });
  });

  test('keep a struct whole when a quoted field follows its dot, and a field whole at its first quoted segment', () => {
    expect(loadedColumns(['SELECT useridentity."arn" FROM cloudtrail']).get('useridentity')).toEqual(identity);
    expect(loadedColumns(['SELECT useridentity.type, useridentity."arn" FROM cloudtrail']).get('useridentity')).toEqual(
      identity,
    );
    expect(
      loadedColumns(['SELECT useridentity.sessioncontext."sessionissuer" FROM cloudtrail']).get('useridentity'),
    ).toEqual({ kind: 'struct', fields: [sessionContext] });
  });

  test('a query reaching a field through a quoted name runs offline', async () => {
    const answer = await investigate(
      () => 'SELECT useridentity.type AS t, useridentity."arn" AS a FROM cloudtrail WHERE eventdate BETWEEN ? AND ?',
      { logs: EVIDENCE },
    );
    expect(answer.rows.length).toBeGreaterThan(0);
    expect(answer.rows.every((row) => typeof row.t === 'string')).toBe(true);
  });

  test('are all of them, whole, for SELECT * or a struct named whole', () => {
    expect(loadedColumns(['SELECT * FROM cloudtrail']).size).toBe(TABLE_COLUMNS.length);
    expect(loadedColumns(['SELECT useridentity FROM cloudtrail']).get('useridentity')).toEqual(identity);
  });
});

describe('Trino on DuckDB', () => {
  test('json_extract_scalar takes the value at the path as Trino does: text of a scalar, null otherwise', async () => {
    const engine = await DuckDbEngine.open();
    try {
      const { rows } = await engine.query(
        `SELECT json_extract_scalar('{"a":{"b":true}}', '$.a.b') AS t, json_extract_scalar('{"a":7}', '$.a') AS n,
           json_extract_scalar('{"a":{"b":1}}', '$.a') AS o, json_extract_scalar('{"a":[1]}', '$.a') AS l,
           json_extract_scalar('{"a":null}', '$.a') AS z, json_extract_scalar('{}', '$.a') AS m,
           json_extract_scalar('not json', '$.a') AS x, approx_distinct(1) AS d`,
      );
      expect(rows).toEqual([{ t: 'true', n: '7', o: null, l: null, z: null, m: null, x: null, d: 1 }]);
    } finally {
      engine.close();
    }
  });
});

describe('DuckDB started ahead', () => {
  test('preload starts one instance, which the next open takes, and the open after starts its own', async () => {
    // Whatever an earlier test preloaded is taken first.
    (await DuckDbEngine.open()).close();
    const create = jest.spyOn(DuckDBInstance, 'create');
    const engines: DuckDbEngine[] = [];
    try {
      await DuckDbEngine.preload();
      await DuckDbEngine.preload();
      expect(create).toHaveBeenCalledTimes(1);
      engines.push(await DuckDbEngine.open());
      expect(create).toHaveBeenCalledTimes(1);
      engines.push(await DuckDbEngine.open());
      expect(create).toHaveBeenCalledTimes(2);
      expect((await engines[0].query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      for (const engine of engines) engine.close();
      create.mockRestore();
    }
  });
});

describe('the Trino macros', () => {
  test('are defined at the first statement that names them, in any case, and not before', async () => {
    const engine = await DuckDbEngine.open();
    const defined = async () =>
      (
        await engine.query(
          // Names none of them, so it defines none.
          "SELECT function_name AS f FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal ORDER BY 1",
        )
      ).rows.map((row) => row.f);
    try {
      expect(await defined()).toEqual([]);
      await engine.run("CREATE VIEW formatted AS SELECT DATE_FORMAT(TIMESTAMP '2026-11-20 10:00:00', '%Y') AS y");
      expect(await defined()).toEqual(['date_format']);
      expect((await engine.query('SELECT y, Approx_Distinct(y) AS d FROM formatted GROUP BY y')).rows).toEqual([
        { y: '2026', d: 1 },
      ]);
      expect(await defined()).toEqual(['approx_distinct', 'date_format']);
    } finally {
      engine.close();
    }
  });
});

describe('the answer', () => {
  const columns = ['eventname', 'n', 'identity'];
  const rows = [{ eventname: 'Put,"x"', n: 2, identity: { type: 'Root' } }];

  test('as CSV quotes what needs it, with a header', () => {
    expect(formatResult(columns, rows, 'csv')).toBe('eventname,n,identity\r\n"Put,""x""",2,"{""type"":""Root""}"\r\n');
  });

  test('as JSON is the rows whole; as a table, aligned', () => {
    expect(JSON.parse(formatResult(columns, rows, 'json'))).toEqual(rows);
    expect(formatResult(columns, rows, 'table').split('\n')[0]).toBe('eventname  n  identity');
  });
});

describe('investigate, as a user runs it', () => {
  test('answers "what did the root user do last week" from a folder, reading only those days', async () => {
    const root = copy();
    const result = await runCliInProcess([
      'investigate',
      'root-user-activity',
      '--logs',
      root,
      '--from',
      '2026/11/20',
      '--to',
      '2026/11/21',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { eventtime: string; identity_type: string; accountid: string }[];
    expect(rows.map((r) => r.eventtime)).toEqual(['2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z']);
    expect(rows.every((r) => r.identity_type === 'Root' && r.accountid === '111122223333')).toBe(true);
    expect(result.stderr).toContain('2 rows; 2 records from 2 files (3 left out by the days)');
  });

  test('runs on the sample copy that ships with the repository', async () => {
    const result = await runCliInProcess([
      'investigate',
      'denied-calls-by-principal',
      '--logs',
      EVIDENCE,
      '--format',
      'csv',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\r\n')[0]).toBe(
      'accountid,identity_arn,eventsource,eventname,errorcode,access_denied,calls,first_seen,last_seen',
    );
    expect(result.stdout).toContain('ce.amazonaws.com,GetCostForecast,AccessDenied,true,1');
  });

  test('runs a query from a file, with its values', async () => {
    const file = path.join(tempDir('investigate-sql'), 'q.sql');
    fs.writeFileSync(
      file,
      'SELECT eventname, count(*) AS calls FROM cloudtrail WHERE eventdate BETWEEN ? AND ? AND eventsource = ? GROUP BY eventname ORDER BY eventname;\n',
    );
    const result = await runCliInProcess([
      'investigate',
      '--logs',
      copy(),
      '--sql',
      file,
      'iam.amazonaws.com',
      '--format',
      'csv',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('eventname,calls\r\nCreateUser,5\r\n');
  });

  test('answers an application-* query over a copy of the application logs: one request id in two accounts', async () => {
    const root = applicationLogsCopy();
    const result = await runCliInProcess([
      'investigate',
      'application-request-across-accounts',
      'req-7c1d',
      '--logs',
      root,
      '--from',
      '2026/11/26',
      '--to',
      '2026/11/26',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { account: string; loggroup: string; message: string }[];
    expect(rows.map((r) => `${r.account} ${r.loggroup}`)).toEqual([
      '210000000006 /aws/lambda/payments-api',
      '210000000007 /ecs/ingest',
    ]);
    expect(rows.every((r) => r.message.includes('req-7c1d'))).toBe(true);
    // The day before holds the same id and is left out by its key; the control message's folder
    // (application-logs/CloudwatchLogs/) is no account's and is not read.
    expect(result.stderr).toMatch(/^2 rows; 9 log events in 3 envelopes from 2 objects \(1 left out by the days\)/);
  });

  test('runs --sql on the application logs with --table application_logs', async () => {
    const file = path.join(tempDir('investigate-app-sql'), 'q.sql');
    fs.writeFileSync(
      file,
      'SELECT account, count(*) AS envelopes FROM application_logs WHERE day BETWEEN ? AND ? AND loggroup LIKE ? GROUP BY account ORDER BY account',
    );
    const args = ['investigate', '--logs', applicationLogsCopy(), '--sql', file, '/ecs/%', '--format', 'csv'];
    const result = await runCliInProcess([...args, '--table', 'application_logs']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('account,envelopes\r\n210000000007,2\r\n');
    // The same file on the CloudTrail table: no such folder of log files.
    const cloudtrail = await runCliInProcess(args);
    expect(cloudtrail.status).toBe(2);
    expect(cloudtrail.stderr).toMatch(/no CloudTrail log files under/);
  });

  test('lists the saved queries', async () => {
    const result = await runCliInProcess(['investigate', '--list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('root-user-activity\n  Every call made with the root user');
    expect(result.stdout).toContain(
      'Over the application logs (table application_logs):\napplication-errors-by-log-group\n',
    );
  });

  test.each([
    [['investigate', 'nope', '--logs', EVIDENCE], /no saved query nope; the saved queries are actions-by-principal/],
    [['investigate', 'root-user-activity'], /--logs <folder> is required/],
    [
      ['investigate', 'root-user-activity', '--logs', path.join(ROOT, 'docs')],
      /no CloudTrail log files under .*docs: give the folder/,
    ],
    [['investigate', 'root-user-activity', '--logs', '/nonexistent'], /--logs \/nonexistent is not a folder/],
    [
      ['investigate', 'root-user-activity', '--logs', EVIDENCE, '--from', '2026-11-31'],
      /option '--from <day>' argument '2026-11-31' is invalid. 2026-11-31 is not a day; give yyyy-MM-dd/,
    ],
    [
      ['investigate', 'root-user-activity', '--logs', EVIDENCE, '--from', '2026/11/22', '--to', '2026/11/01'],
      /--from 2026-11-22 is after --to 2026-11-01/,
    ],
    [['investigate', 'activity-from-ip', '--logs', EVIDENCE], /asks for 1 value\(s\) after the days and 0 were given/],
    [
      ['investigate', 'application-loudest-log-groups', '--logs', EVIDENCE],
      /no application logs under .*evidence: give a copy of the member-logs bucket/,
    ],
    [
      ['investigate', 'application-loudest-log-groups', '--logs', EVIDENCE, '--table', 'application_logs'],
      /--table goes with --sql: a saved query knows its table/,
    ],
    [
      ['investigate', '--logs', EVIDENCE, '--sql', __filename, '--table', 'vpc'],
      /--table vpc is not one of cloudtrail, application_logs/,
    ],
    [
      ['investigate', '--logs', EVIDENCE, '--table', 'application_logs', '--export', 'parquet', '/tmp/x'],
      /--export parquet writes the CloudTrail table only/,
    ],
    [
      ['investigate', 'root-user-activity', '--logs', EVIDENCE, '--format', 'xml'],
      /--format xml is not one of table, csv, json/,
    ],
  ])('refuses %j with the field and the fix (exit 2)', async (args, message) => {
    const result = await runCliInProcess(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  test('says which query DuckDB cannot run offline, and which file is not a log file', async () => {
    const file = path.join(tempDir('investigate-bad-sql'), 'q.sql');
    fs.writeFileSync(file, 'SELECT no_such_column FROM cloudtrail WHERE eventdate BETWEEN ? AND ?');
    const unknown = await runCliInProcess(['investigate', '--logs', EVIDENCE, '--sql', file]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/the query does not run offline: Binder Error: .*no_such_column/);
    const bad = tempDir('investigate-not-logs');
    fs.writeFileSync(path.join(bad, '111122223333_CloudTrail_us-east-1_20261120T1000Z_x.json'), '[]');
    const broken = await runCliInProcess(['investigate', 'root-user-activity', '--logs', bad]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/_x\.json is not a CloudTrail log file: it has no "Records" list/);
  });
});
