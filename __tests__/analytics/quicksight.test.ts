import { ATHENA_QUERIES } from '../../modules/analytics/athena-queries';
import { Testing } from 'cdktf';
import { DASHBOARD_DATASETS, dashboardSql, QuickSightDatasets } from '../../modules/analytics/quicksight-datasets';
import { QUICKSIGHT_PHYSICAL_TABLE_ID } from '../../modules/core/aws-values';
import { AccountStack } from '../../modules/deployment/account-stack';
import { OfflineLogs } from '../../packages/cli/toolkit/investigate/investigation';
import { POLICY_TEST_CONFIG, ARCHIVE } from '../stacks/policy/log-archive-cases';
import { configOf, evaluate, parseTerraformPolicy, role } from '../stacks/policy/simulate';
import { resourceOf, resourcesOf, synthStack, tempDir } from '../support/synth';
import { deliver, EVENTS } from '../toolkit/investigate/corpus-logs';
import { parseTrino } from './trino';
import { succeeds } from '../support/succeeds';

/* QuickSight datasets over the saved queries (analytics.quickSight), off by default. */

const AUDITORS = `arn:aws:quicksight:eu-west-1:${ARCHIVE}:group/default/auditors`;
const ALICE = `arn:aws:quicksight:eu-west-1:${ARCHIVE}:user/default/alice`;
const config = configOf({ ...POLICY_TEST_CONFIG, analytics: { quickSight: { principals: [AUDITORS, ALICE] } } });
const synth = synthStack(config, 'log-archive');

describe('QuickSight datasets', () => {
  test('are off by default', () => {
    const plain = synthStack(configOf(POLICY_TEST_CONFIG), 'log-archive');
    expect(Object.keys(resourcesOf(plain, 'aws_quicksight_data_source'))).toEqual([]);
    expect(Object.keys(resourcesOf(plain, 'aws_quicksight_data_set'))).toEqual([]);
  });

  test("every physical table id is one AWS's model of PhysicalTableId accepts (letters, digits, hyphens; 1 to 64)", () => {
    const sets = Object.values(resourcesOf(synth, 'aws_quicksight_data_set')) as any[];
    const ids = sets.map((set) => set.physical_table_map[0].physical_table_map_id as string);
    expect(ids.length).toBe(Object.keys(DASHBOARD_DATASETS).length);
    for (const id of ids) expect(id).toMatch(QUICKSIGHT_PHYSICAL_TABLE_ID);
    expect(QUICKSIGHT_PHYSICAL_TABLE_ID.test('root_user_activity')).toBe(false);
  });

  test('an Athena data source on the investigations workgroup, shared with the principals only', () => {
    const source = resourceOf(synth, 'aws_quicksight_data_source');
    expect(source.type).toBe('ATHENA');
    expect(source.parameters).toEqual({ athena: { work_group: 'audit-logs' } });
    expect(source.permission.map((p: { principal: string }) => p.principal)).toEqual([AUDITORS, ALICE]);
    for (const permission of source.permission) {
      expect(permission.actions).not.toContain('quicksight:DeleteDataSource');
      expect(permission.actions).not.toContain('quicksight:UpdateDataSourcePermissions');
    }
  });

  test('a direct-query dataset per saved query that asks only for days, over the columnar copy, for the last 30 days', () => {
    const sets = Object.values(resourcesOf(synth, 'aws_quicksight_data_set')) as any[];
    expect(sets.map((s) => s.data_set_id).sort()).toEqual(
      Object.keys(DASHBOARD_DATASETS)
        .map((name) => `audit-logs-${name}`)
        .sort(),
    );
    const askingMore = ATHENA_QUERIES.filter((q) => (q.sql('t').match(/\?/g) ?? []).length > 2).map((q) => q.name);
    expect(askingMore.sort()).toEqual(['actions-by-principal', 'activity-from-ip']);
    expect(Object.keys(DASHBOARD_DATASETS).sort()).toEqual(
      ATHENA_QUERIES.map((q) => q.name)
        .filter((name) => !askingMore.includes(name))
        .sort(),
    );
    for (const set of sets) {
      expect(set.import_mode).toBe('DIRECT_QUERY');
      const sql = set.physical_table_map[0].custom_sql.sql_query as string;
      expect(sql).toContain('FROM audit_logs.cloudtrail_columnar\n');
      expect(sql).toContain("eventdate >= date_format(current_date - INTERVAL '30' DAY, '%Y/%m/%d')");
      expect(sql).not.toContain('?');
      expect(parseTrino(sql)).toBeDefined();
      expect(set.permissions.map((p: { principal: string }) => p.principal)).toEqual([AUDITORS, ALICE]);
    }
  });

  test("each dataset's columns are those its SQL gives, run offline on the corpus", async () => {
    const root = tempDir('quicksight-columns');
    deliver(root, EVENTS);
    const names = Object.keys(DASHBOARD_DATASETS);
    const sqls = names.map((name) => () => dashboardSql(name, 'cloudtrail', 36500));
    const logs = await OfflineLogs.load(root, sqls);
    try {
      const TYPE: Record<string, string> = {
        VARCHAR: 'STRING',
        BIGINT: 'INTEGER',
        HUGEINT: 'INTEGER',
        BOOLEAN: 'BOOLEAN',
      };
      for (const name of names) {
        await logs.execute(`CREATE OR REPLACE TEMP VIEW answer AS ${dashboardSql(name, 'cloudtrail', 36500)}`);
        const described = await logs.run(
          () => 'SELECT column_name, column_type FROM (DESCRIBE answer) WHERE ? <= ?',
          [],
        );
        expect([name, described.rows.map((r) => [r.column_name, TYPE[r.column_type as string]])]).toEqual([
          name,
          DASHBOARD_DATASETS[name].map(([column, type]) => [column, type]),
        ]);
      }
      const rows = await logs.run(
        () => `SELECT count(*) AS n FROM (${dashboardSql('top-callers-and-errors', 'cloudtrail', 36500)}) WHERE ? <= ?`,
        [],
      );
      expect(rows.rows[0].n).toBeGreaterThan(0);
    } finally {
      logs.close();
    }
  });

  test('the plan reads each principal from QuickSight, which fails without a subscription', () => {
    const data = synth.data as Record<string, Record<string, Record<string, string>>>;
    expect(Object.values(data.aws_quicksight_group)).toEqual([
      expect.objectContaining({ aws_account_id: ARCHIVE, namespace: 'default', group_name: 'auditors' }),
    ]);
    expect(Object.values(data.aws_quicksight_user)).toEqual([
      expect.objectContaining({ aws_account_id: ARCHIVE, namespace: 'default', user_name: 'alice' }),
    ]);
  });

  test("each principal is read in its account's identity Region, the one its ARN names", () => {
    const elsewhere = synthStack(
      configOf({
        ...POLICY_TEST_CONFIG,
        analytics: { quickSight: { principals: [`arn:aws:quicksight:us-east-1:${ARCHIVE}:group/default/auditors`] } },
      }),
      'log-archive',
    );
    const group = Object.values((elsewhere.data as any).aws_quicksight_group)[0] as { provider?: string };
    expect(group.provider).toBe('aws.us-east-1');
    expect((elsewhere.provider as any).aws.map((p: { region: string }) => p.region)).toContain('us-east-1');
    const local = Object.values((synth.data as any).aws_quicksight_group)[0] as { provider?: string };
    expect(local.provider).toBe('aws');
  });

  test("the data source and datasets wait for the policy's attachment to QuickSight's service role", () => {
    const attachment = Object.keys(resourcesOf(synth, 'aws_iam_role_policy_attachment')).find((name) =>
      name.includes('service-role-attachment'),
    );
    expect(attachment).toBeDefined();
    const waiters = [
      ...Object.values(resourcesOf(synth, 'aws_quicksight_data_source')),
      ...Object.values(resourcesOf(synth, 'aws_quicksight_data_set')),
    ] as { depends_on?: string[] }[];
    expect(waiters.length).toBeGreaterThan(1);
    for (const waiter of waiters) expect(waiter.depends_on).toContain(`aws_iam_role_policy_attachment.${attachment}`);
  });

  test("QuickSight's service role may run queries in the investigations workgroup and read the copy, nothing else", async () => {
    const policy = parseTerraformPolicy(resourceOf(synth, 'aws_iam_policy', 'quicksight').policy);
    const attachment = resourceOf(synth, 'aws_iam_role_policy_attachment', 'quicksight');
    expect(attachment.role).toBe('aws-quicksight-service-role-v0');
    const quicksight = role(ARCHIVE, 'aws-quicksight-service-role-v0', { identityPolicy: policy });
    const decide = async (action: string, resource: string, context?: Record<string, string>) =>
      (await evaluate(undefined, ARCHIVE, { caller: quicksight, action, resource, context })).decision;
    const athena = (workgroup: string) => `arn:aws:athena:eu-west-1:${ARCHIVE}:workgroup/${workgroup}`;
    expect(await decide('athena:StartQueryExecution', athena('audit-logs'))).toBe('Allowed');
    expect(await decide('athena:StartQueryExecution', athena('audit-columnar-copy'))).toBe('ImplicitlyDenied');
    expect(await decide('s3:GetObject', 'arn:aws:s3:::acme-audit-columnar/cloudtrail/data/x.parquet')).toBe('Allowed');
    expect(await decide('s3:GetObject', `arn:aws:s3:::acme-audit/AWSLogs/o-abcdefghij/${ARCHIVE}/x.json.gz`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide('s3:PutObject', 'arn:aws:s3:::acme-audit-columnar/cloudtrail/data/x.parquet')).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide('s3:PutObject', 'arn:aws:s3:::acme-audit-athena/results/x.csv')).toBe('Allowed');
    expect(
      await decide('glue:UpdateTable', `arn:aws:glue:eu-west-1:${ARCHIVE}:table/audit_logs/cloudtrail_columnar`),
    ).toBe('ImplicitlyDenied');
  });

  test.each([
    [AUDITORS, true],
    [`arn:aws-us-gov:quicksight:us-gov-west-1:${ARCHIVE}:user/default/alice@example.com`, true],
    [`arn:aws:quicksight:eu-west-1:${ARCHIVE}:user/default/federated/alice`, true],
    [`arn:aws:iam::${ARCHIVE}:role/x`, false],
    [`arn:aws:quicksight:eu-west-1:${ARCHIVE}:dashboard/default/x`, false],
    [`arn:aws:quicksight:eu-west-1:2222:group/default/auditors`, false],
    [`arn:aws:quicksight:eu-west-1:${ARCHIVE}:group/auditors`, false],
  ])('the config and the construct agree on the principal %s (accepted: %s)', (arn, accepted) => {
    expect(succeeds(() => configOf({ ...POLICY_TEST_CONFIG, analytics: { quickSight: { principals: [arn] } } }))).toBe(
      accepted,
    );
    const stack = new AccountStack(Testing.app(), 'log-archive', { accountId: ARCHIVE, region: 'eu-west-1' });
    const datasets = () =>
      new QuickSightDatasets(stack, 'quicksight', {
        principalArns: [arn],
        workgroupName: 'audit-logs',
        databaseName: 'audit_logs',
        tableName: 'cloudtrail_columnar',
        logs: [{ bucketArn: 'arn:aws:s3:::acme-audit-columnar', prefixes: ['cloudtrail/'] }],
        resultsBucketArn: 'arn:aws:s3:::acme-audit-athena',
        kmsKeyArn: `arn:aws:kms:eu-west-1:${ARCHIVE}:key/11111111-2222-3333-4444-555555555555`,
      });
    expect(succeeds(() => Testing.synth(datasets().node.scope as AccountStack))).toBe(accepted);
  });

  test('the config refuses principals that are not QuickSight users or groups, and datasets without the copy', () => {
    expect(() =>
      configOf({
        ...POLICY_TEST_CONFIG,
        analytics: { quickSight: { principals: ['arn:aws:iam::222222222222:role/x'] } },
      }),
    ).toThrow(/analytics\.quickSight.*is not a QuickSight/s);
    expect(() => configOf({ ...POLICY_TEST_CONFIG, analytics: { quickSight: { principals: [] } } })).toThrow(
      /analytics\.quickSight/,
    );
    expect(() =>
      configOf({
        ...POLICY_TEST_CONFIG,
        analytics: { columnarCopy: { enabled: false }, quickSight: { principals: [AUDITORS] } },
      }),
    ).toThrow(/analytics\.quickSight.*needs the columnar copy/s);
  });
});
