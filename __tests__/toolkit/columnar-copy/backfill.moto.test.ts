import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AthenaClient, CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { COLUMNAR_COPY_COLUMNS } from '../../../modules/analytics/columnar-copy-sql';
import {
  AthenaQueryRunner,
  BackfilledDay,
  BackfillFailed,
  backfillColumnarCopy,
  daysBetween,
  QueryOutcome,
  QueryRunner,
} from '../../../packages/cli/toolkit/columnar-copy';
import { OfflineLogs } from '../../../packages/cli/toolkit/investigate/investigation';
import { duckDbType, parseHiveType } from '../../../packages/cli/toolkit/investigate/table-schema';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { runCli, runCliAsync } from '../../support/cli';
import { resourcesOf, synthStack, tempDir } from '../../support/synth';
import { loadConfig } from '../../../modules/org-config/load';
import { columnarCopyTableName } from '../../../modules/core/naming';
import { deliver, EVENTS } from '../investigate/corpus-logs';

/*
 * columnar-copy (the backfill), with the statements the schedule runs: offline, on DuckDB loaded with
 * the corpus, standing in for Athena (so the days copied, kept and replaced are real rows); the
 * Athena runner on a scripted client; and the command against moto, through the AWS SDK.
 */

const DAYS = [...new Set(EVENTS.map((e) => (e.eventTime as string).slice(0, 10).replace(/-/g, '/')))].sort();

/** Athena, played by DuckDB over the corpus: the database prefix dropped, every statement run. */
class OfflineAthena implements QueryRunner {
  public statements: string[] = [];
  public failOn: RegExp | undefined;
  public constructor(private readonly logs: OfflineLogs) {}
  public async run(sql: string): Promise<QueryOutcome> {
    this.statements.push(sql);
    if (this.failOn?.test(sql))
      return { state: 'FAILED', reason: 'HIVE_BAD_DATA: scripted', bytesScanned: 0, rows: [] };
    const local = sql.replace(/audit_logs\./g, '');
    if (!local.startsWith('SELECT')) {
      await this.logs.execute(local);
      return { state: 'SUCCEEDED', bytesScanned: 1000, rows: [] };
    }
    const answer = await this.logs.run(() => `SELECT * FROM (${local}) WHERE ? <= ?`, []);
    return {
      state: 'SUCCEEDED',
      bytesScanned: 10,
      rows: answer.rows.map((row) => answer.columns.map((c) => String(row[c]))),
    };
  }
}

describe('the backfill, offline on the corpus', () => {
  let logs: OfflineLogs;
  let athena: OfflineAthena;
  const options = { sourceTable: 'audit_logs.cloudtrail', copyTable: 'audit_logs.cloudtrail_copy' };
  const perDay = (day: string) =>
    EVENTS.filter((e) => (e.eventTime as string).startsWith(day.replace(/\//g, '-'))).length;

  beforeAll(async () => {
    const root = tempDir('columnar-backfill');
    deliver(root, EVENTS);
    logs = await OfflineLogs.load(root, [() => 'SELECT * FROM cloudtrail']);
    const columns = COLUMNAR_COPY_COLUMNS.map((c) => `${c.name} ${duckDbType(parseHiveType(c.type))}`);
    await logs.execute(`CREATE TABLE cloudtrail_copy (${columns.join(', ')})`);
    athena = new OfflineAthena(logs);
  }, 120_000);
  afterAll(() => logs?.close());

  test('copies each day once, in order, and reports its records and bytes read', async () => {
    const seen: BackfilledDay[] = [];
    const done = await backfillColumnarCopy(athena, { ...options, days: DAYS.slice(0, 5), onDay: (d) => seen.push(d) });
    expect(done).toEqual(seen);
    expect(done.map((d) => [d.day, d.action, d.records])).toEqual(
      DAYS.slice(0, 5).map((d) => [d, 'copied', perDay(d)]),
    );
    // Count, insert, count: 10 + 1000 + 10 bytes in the stand-in's accounting.
    expect(done.every((d) => d.bytesScanned === 1020)).toBe(true);
  });

  test('a day run again is kept, not doubled, and not read again', async () => {
    athena.statements = [];
    const done = await backfillColumnarCopy(athena, { ...options, days: DAYS.slice(0, 7) });
    expect(done.map((d) => d.action)).toEqual(['kept', 'kept', 'kept', 'kept', 'kept', 'copied', 'copied']);
    expect(done.map((d) => d.records)).toEqual(DAYS.slice(0, 7).map(perDay));
    expect(athena.statements.filter((s) => s.startsWith('INSERT'))).toHaveLength(2);
  });

  test('--replace deletes a day and copies it again, with the same records', async () => {
    const done = await backfillColumnarCopy(athena, { ...options, days: [DAYS[0]], replace: true });
    expect(done).toEqual([expect.objectContaining({ day: DAYS[0], action: 'replaced', records: perDay(DAYS[0]) })]);
  });

  test('a failed statement stops the run, names the day, the step and the reason, and keeps the days before', async () => {
    athena.failOn = new RegExp(`INSERT[^]*eventdate = '${DAYS[8]}'`);
    const error = await backfillColumnarCopy(athena, { ...options, days: DAYS.slice(7, 10) }).catch((e: unknown) => e);
    athena.failOn = undefined;
    expect(error).toBeInstanceOf(BackfillFailed);
    expect((error as Error).message).toBe(`${DAYS[8]}: the insert failed: HIVE_BAD_DATA: scripted`);
    expect((error as BackfillFailed).done.map((d) => d.day)).toEqual([DAYS[7]]);
  });

  test('the days between two days, both included, and bad days refused with the option', () => {
    expect(daysBetween('2026/02/27', '2026/03/02')).toEqual(['2026/02/27', '2026/02/28', '2026/03/01', '2026/03/02']);
    expect(() => daysBetween('2026/02/30', '2026/03/02')).toThrow('--from 2026/02/30 is not a day');
    expect(() => daysBetween('2026/03/02', '2026/03/01')).toThrow('--from 2026/03/02 is after --to 2026/03/01');
    expect(() => daysBetween('2000/01/01', '2026/01/01')).toThrow('copy at most 3660 per run');
  });
});

describe('the Athena runner', () => {
  /** A client that answers with `executions` in turn, and records what it was sent. */
  function scripted(executions: object[], rows: string[][] = []) {
    const sent: { name: string; input: any }[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        if (command.constructor.name === 'StartQueryExecutionCommand') return { QueryExecutionId: 'q-1' };
        if (command.constructor.name === 'GetQueryExecutionCommand') return { QueryExecution: executions.shift() };
        return { ResultSet: { Rows: rows.map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })) } };
      },
    };
    return { client: client as unknown as AthenaClient, sent };
  }
  const target = { region: 'eu-west-1', workgroup: 'audit-columnar-copy', database: 'audit_logs', maxPollMs: 1 };

  test('starts the statement in the workgroup and database, waits for its end, and returns the rows without the header', async () => {
    const { client, sent } = scripted(
      [
        { Status: { State: 'QUEUED' } },
        { Status: { State: 'RUNNING' } },
        { Status: { State: 'SUCCEEDED' }, StatementType: 'DML', Statistics: { DataScannedInBytes: 4096 } },
      ],
      [['records'], ['42']],
    );
    const outcome = await new AthenaQueryRunner(target, client).run('SELECT 42');
    expect(outcome).toEqual({ state: 'SUCCEEDED', reason: undefined, bytesScanned: 4096, rows: [['42']] });
    expect(sent[0]).toEqual({
      name: 'StartQueryExecutionCommand',
      input: {
        QueryString: 'SELECT 42',
        WorkGroup: 'audit-columnar-copy',
        QueryExecutionContext: { Database: 'audit_logs' },
      },
    });
    expect(sent.filter((s) => s.name === 'GetQueryExecutionCommand')).toHaveLength(3);
  });

  test("a failed statement comes back with Athena's reason", async () => {
    const { client } = scripted([
      { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: cloudtrail_columnar' }, Statistics: {} },
    ]);
    expect(await new AthenaQueryRunner(target, client).run('INSERT ...')).toEqual({
      state: 'FAILED',
      reason: 'TABLE_NOT_FOUND: cloudtrail_columnar',
      bytesScanned: 0,
      rows: [],
    });
  });
});

describe('the columnar-copy command', () => {
  const configFile = path.join(__dirname, '..', '..', '..', 'examples', 'e2e.config.json');

  test('--print-sql prints the statements of the first day and runs nothing', () => {
    const result = runCli([
      'columnar-copy',
      '--config',
      configFile,
      '--from',
      '2026/11/24',
      '--to',
      '2026/11/30',
      '--replace',
      '--print-sql',
    ]);
    expect(result.status).toBe(0);
    const statements = result.stdout.trim().split(';\n\n');
    expect(statements.map((s) => s.split(' ')[0])).toEqual(['SELECT', 'DELETE', 'INSERT']);
    expect(result.stdout).toContain("WHERE eventdate = '2026/11/24'");
    expect(result.stdout).not.toContain('2026/11/25');
    // The table it fills is the one the log-archive stack creates.
    const config = loadConfig(configFile);
    const tables = Object.values(resourcesOf(synthStack(config, 'log-archive'), 'aws_glue_catalog_table'));
    const copy = tables.find((t) => t.open_table_format_input !== undefined);
    expect(copy?.name).toBe(columnarCopyTableName(config.analytics.tableName));
    expect(statements[2]).toContain(`INSERT INTO ${config.analytics.databaseName}.${copy?.name} (`);
  });

  test('--help sends the reader to the page that prices the daily insert', () => {
    const help = runCli(['columnar-copy', '--help']).stdout.replace(/\s+/g, ' ');
    const page = /bytes read: see .*?(docs\/[\w-]+\.md)/.exec(help)?.[1];
    expect(page).toBe('docs/log-analytics.md');
    expect(fs.readFileSync(path.join(__dirname, '..', '..', '..', page as string), 'utf8')).toContain(
      '**The daily insert** reads one day',
    );
  });

  test('bad days and a config without the copy are usage errors (exit 2) that say what to do', () => {
    const bad = runCli(['columnar-copy', '--config', configFile, '--from', '2026-11-31']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("option '--from <day>' argument '2026-11-31' is invalid");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'columnar-off-'));
    const off = path.join(dir, 'audit.config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, any>;
    fs.writeFileSync(
      off,
      JSON.stringify({
        ...config,
        analytics: { ...config.analytics, columnarCopy: { enabled: false }, quickSight: false },
      }),
    );
    const disabled = runCli(['columnar-copy', '--config', off, '--from', '2026/11/24']);
    expect(disabled.status).toBe(2);
    expect(disabled.stderr).toContain('analytics.columnarCopy.enabled is false');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('against moto, through the AWS SDK', () => {
    let moto: MotoServer;
    let dir: string;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'columnar-moto-'));
      moto = await startMoto(path.join(dir, 'moto.log'));
    }, 120_000);
    afterAll(async () => {
      await moto?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const env = () => ({
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });

    test('before the log archive is deployed, Athena names the missing workgroup and the command says what to check', async () => {
      const result = await runCliAsync(['columnar-copy', '--config', configFile, '--from', '2026/11/23'], {
        env: env(),
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('columnar-copy: InvalidRequestException: WorkGroup does not exist');
      expect(result.stderr).toContain('Is the log archive deployed with analytics.columnarCopy');
    }, 120_000);

    test('starts each day in the copy workgroup and reports every day', async () => {
      const athena = new AthenaClient({
        endpoint: moto.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      await athena.send(new CreateWorkGroupCommand({ Name: 'audit-columnar-copy' }));
      athena.destroy();
      const result = await runCliAsync(
        ['columnar-copy', '--config', configFile, '--from', '2026/11/23', '--to', '2026/11/24'],
        {
          env: { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
        },
      );
      expect(result.stderr).not.toContain('columnar-copy:');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^2026-11-23 {2}copied /m);
      expect(result.stdout).toMatch(/^2026-11-24 {2}copied /m);
      expect(result.stdout).toContain('2 days: 2 copied, 0 kept');
    }, 120_000);
  });
});
