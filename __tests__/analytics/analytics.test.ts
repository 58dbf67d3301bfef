import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Testing } from 'cdktf';
import { ATHENA_QUERIES, savedQueries } from '../../modules/analytics/athena-queries';
import { accountProjectionFor, ENUM_ACCOUNT_LIMIT } from '../../modules/analytics/cloudtrail-schema';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_JSON_TEXT_FIELDS } from '../../modules/analytics/cloudtrail-schema';
import { REGIONS_17, configWithAccounts } from './large-config';
import { enumConfigOf300Accounts } from './analytics-fixtures';
import { CORPUS_DIR, loadCorpus } from '../alarms/corpus';
import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, evaluate, parseTerraformPolicy, policyOf, role } from '../stacks/policy/simulate';
import { resourceOf, resourcesOf, StackJson, synthStack } from '../support/synth';
import { LogArchiveStack } from '../../stacks/log-archive';
import { datePartitionPredicates, parseTrino, partitionPredicates } from './trino';
import { synthJson } from '../support/stack-json';

const config = configOf(POLICY_TEST_CONFIG);
const synth = synthStack(config, 'log-archive');
/** The table whose address contains `part`. */
const table = (s: StackJson, part: string) => resourceOf(s, 'aws_glue_catalog_table', part);
/** Table parameters as AWS receives them (Terraform turns $${ into ${). */
const parametersOf = (t: any): Record<string, string> =>
  Object.fromEntries(
    Object.entries(t.parameters as Record<string, string>).map(([k, v]) => [k, v.replace(/\$\$\{/g, '${')]),
  );

describe('the CloudTrail table', () => {
  const organizationTable = table(synth, 'analytics_cloudtrail_table_');

  test('is an explicit external table over the organization prefix, read by the CloudTrail input format and JSON SerDe', () => {
    expect(organizationTable).toMatchObject({
      database_name: expect.stringMatching(/^\$\{aws_glue_catalog_database\.analytics_database_\w+\.name\}$/),
      name: 'cloudtrail',
      table_type: 'EXTERNAL_TABLE',
      partition_keys: [
        { name: 'accountid', type: 'string' },
        { name: 'region', type: 'string' },
        { name: 'eventdate', type: 'string' },
      ],
      storage_descriptor: {
        location: 's3://acme-audit/AWSLogs/o-abcdefghij/',
        input_format: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
        output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        ser_de_info: { serialization_library: 'org.apache.hive.hcatalog.data.JsonSerDe' },
      },
    });
  });

  test('projects account, Region and day, from the start date to today, into the delivery layout', () => {
    expect(parametersOf(organizationTable)).toEqual({
      EXTERNAL: 'TRUE',
      classification: 'cloudtrail',
      'projection.enabled': 'true',
      'projection.accountid.type': 'enum',
      'projection.accountid.values': '111111111111,222222222222,333333333333,444444444444,666666666666',
      'projection.region.type': 'enum',
      'projection.region.values': 'eu-west-1,us-east-1',
      'projection.eventdate.type': 'date',
      'projection.eventdate.format': 'yyyy/MM/dd',
      'projection.eventdate.range': '2024/01/01,NOW',
      'projection.eventdate.interval': '1',
      'projection.eventdate.interval.unit': 'DAYS',
      'storage.location.template':
        's3://acme-audit/AWSLogs/o-abcdefghij/${accountid}/CloudTrail/${region}/${eventdate}',
    });
  });

  test('the template reaches AWS literally: Terraform sees $${accountid}, not an interpolation', () => {
    expect(organizationTable.parameters['storage.location.template']).toBe(
      's3://acme-audit/AWSLogs/o-abcdefghij/$${accountid}/CloudTrail/$${region}/$${eventdate}',
    );
  });

  test('the enums follow the config: a new member and a new Region appear, sorted; the start date is configurable', () => {
    const grown = synthStack(
      configOf({
        ...POLICY_TEST_CONFIG,
        governedRegions: ['eu-west-1', 'us-east-1', 'ap-south-1'],
        analytics: { projectionStartDate: '2025/06/01' },
        members: [...POLICY_TEST_CONFIG.members, { name: 'new', accountId: '100000000001' }],
      }),
      'log-archive',
    );
    const parameters = parametersOf(table(grown, 'analytics_cloudtrail_table_'));
    expect(parameters['projection.accountid.values']).toBe(
      '100000000001,111111111111,222222222222,333333333333,444444444444,666666666666',
    );
    expect(parameters['projection.region.values']).toBe('eu-west-1,us-east-1,ap-south-1');
    expect(parameters['projection.eventdate.range']).toBe('2025/06/01,NOW');
  });

  test('standalone account trails get their own table over AWSLogs/, with only their accounts', () => {
    const standalone = table(synth, 'analytics_cloudtrail-standalone_table_');
    expect(standalone.name).toBe('cloudtrail_standalone');
    expect(standalone.storage_descriptor.location).toBe('s3://acme-audit/AWSLogs/');
    expect(parametersOf(standalone)['projection.accountid.values']).toBe('555555555555,777777777777');
    expect(parametersOf(standalone)['storage.location.template']).toBe(
      's3://acme-audit/AWSLogs/${accountid}/CloudTrail/${region}/${eventdate}',
    );
    const without = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, members: [{ name: 'payments', accountId: '444444444444' }] }),
      'log-archive',
    );
    expect(Object.keys(resourcesOf(without, 'aws_glue_catalog_table')).filter((t) => !t.includes('columnar'))).toEqual([
      expect.stringMatching(/^analytics_cloudtrail_table_/),
    ]);
  });

  test('has a column for every field of real CloudTrail records (log files and corpus events)', () => {
    const records = [
      ...fs
        .readdirSync(path.join(CORPUS_DIR, 'log-files'))
        .filter((name) => name.includes('_CloudTrail_'))
        .flatMap((name) => JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'log-files', name), 'utf8')).Records),
      ...loadCorpus()
        .filter((e) => e.kind !== 'test-fixture')
        .map((e) => e.event),
    ] as Record<string, unknown>[];
    expect(records.length).toBeGreaterThan(100);
    const known = schemaPaths();
    const missing = new Set<string>();
    for (const record of records) {
      for (const field of fieldPaths(record)) {
        // Panther enrichment (p_*) is not CloudTrail; Insights events are delivered under CloudTrail-Insight/.
        if (field.startsWith('p_') || field.startsWith('insightdetails')) continue;
        if (!known.has(field)) missing.add(field);
      }
    }
    expect([...missing].sort()).toEqual([]);
  });
});

describe('a config with 300 accounts and 17 Regions', () => {
  // The enum at its largest likely use: auto would switch to injected here. (Terraform validates its
  // log-archive stack in analytics.integration.test.ts.)
  const big = enumConfigOf300Accounts();

  test('still produces a table within the Glue limits (512000 bytes per parameter, about 1 MB of gzip metadata)', () => {
    const t = table(synthJson(new LogArchiveStack(Testing.app(), big)), 'analytics_cloudtrail_table_');
    const values = parametersOf(t)['projection.accountid.values'].split(',');
    expect(values).toHaveLength(302);
    expect(parametersOf(t)['projection.region.values'].split(',')).toEqual(REGIONS_17);
    for (const value of Object.values(t.parameters as Record<string, string>))
      expect(Buffer.byteLength(value)).toBeLessThan(512000);
    const metadata = zlib.gzipSync(JSON.stringify(t)).length;
    expect(metadata).toBeLessThan(1024 * 1024);
  });
});

describe('the accountid projection', () => {
  test('auto is enum up to 100 accounts in a table and injected above; enum and injected are kept', () => {
    expect(accountProjectionFor('auto', ENUM_ACCOUNT_LIMIT)).toBe('enum');
    expect(accountProjectionFor('auto', ENUM_ACCOUNT_LIMIT + 1)).toBe('injected');
    expect(accountProjectionFor('enum', 1000)).toBe('enum');
    expect(accountProjectionFor('injected', 1)).toBe('injected');
  });

  const injected = synthStack(configWithAccounts(300, { outside: 10, allFeatures: true }), 'log-archive');
  const organizationTable = parametersOf(table(injected, 'analytics_cloudtrail_table_'));

  test('with 300 accounts (auto) the organization table lists no account and stays small', () => {
    expect(organizationTable['projection.accountid.type']).toBe('injected');
    expect(organizationTable['projection.accountid.values']).toBeUndefined();
    expect(organizationTable['storage.location.template']).toContain('${accountid}/CloudTrail/${region}/${eventdate}');
    // The 10 outside accounts of that config keep their enum.
    const standalone = parametersOf(table(injected, 'analytics_cloudtrail-standalone_table_'));
    expect(standalone['projection.accountid.type']).toBe('enum');
  });

  test('and every saved query names the account by equality, as Athena requires, after the days', () => {
    const saved = Object.values(resourcesOf(injected, 'aws_athena_named_query')) as {
      query: string;
      description: string;
    }[];
    // Each saved over the table and over its columnar copy.
    expect(saved).toHaveLength(2 * ATHENA_QUERIES.length);
    for (const query of saved) {
      const ast = parseTrino(query.query);
      expect(partitionPredicates(ast, 'accountid')).toEqual([{ operator: '=', column: 'accountid' }]);
      expect(datePartitionPredicates(ast)).toEqual([{ operator: 'BETWEEN', column: 'eventdate' }]);
      expect(query.query).toContain('eventdate BETWEEN ? AND ? AND accountid = ?');
      expect(query.description).toContain('then the account id');
    }
  });

  test('the shipped config stays enum, with queries that need no account', () => {
    expect(parametersOf(table(synth, 'analytics_cloudtrail_table_'))['projection.accountid.type']).toBe('enum');
    for (const query of savedQueries('enum')) expect(query.sql('t')).not.toContain('accountid = ?');
  });

  test('injected can be chosen for a small organization', () => {
    const small = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, analytics: { accountProjection: 'injected' } }),
      'log-archive',
    );
    expect(parametersOf(table(small, 'analytics_cloudtrail_table_'))['projection.accountid.type']).toBe('injected');
  });

  test('a wrong value names the choices', () => {
    expect(() => configOf({ ...POLICY_TEST_CONFIG, analytics: { accountProjection: 'list' } })).toThrow(
      '"list" is not an account projection; use "auto", "enum" or "injected"',
    );
  });
});

describe('the Glue crawler of AWS Config deliveries', () => {
  const crawler = resourceOf(synth, 'aws_glue_crawler');

  test('crawls config-logs/ of the member-logs bucket, skipping digests and Config check files, on the configured schedule', () => {
    expect(crawler).toMatchObject({
      name: 'audit-member-logs',
      schedule: 'cron(0 3 * * ? *)',
      table_prefix: 'crawled_',
      s3_target: [
        {
          path: 's3://acme-audit-member-logs/config-logs/',
          exclusions: ['**/CloudTrail-Digest/**', '**ConfigWritabilityCheckFile*'],
        },
      ],
    });
    const custom = resourceOf(
      synthStack(
        configOf({
          ...POLICY_TEST_CONFIG,
          analytics: { crawlerSchedule: 'cron(15 1 * * ? *)', crawlerPrefixes: ['config-logs/', 'vpc-flow-logs/'] },
        }),
        'log-archive',
      ),
      'aws_glue_crawler',
    );
    expect(custom.schedule).toBe('cron(15 1 * * ? *)');
    expect(custom.s3_target.map((t: { path: string }) => t.path)).toEqual([
      's3://acme-audit-member-logs/config-logs/',
      's3://acme-audit-member-logs/vpc-flow-logs/',
    ]);
  });

  test('logs schema changes and deletions instead of changing or deleting tables, crawling new folders only', () => {
    expect(crawler.schema_change_policy).toEqual({ delete_behavior: 'LOG', update_behavior: 'LOG' });
    expect(crawler.recrawl_policy).toEqual({ recrawl_behavior: 'CRAWL_NEW_FOLDERS_ONLY' });
  });

  test('encrypts its CloudWatch logs and job bookmarks with a KMS key of its own', () => {
    const security = resourceOf(synth, 'aws_glue_security_configuration');
    expect(crawler.security_configuration).toMatch(/^\$\{aws_glue_security_configuration\./);
    const encryption = security.encryption_configuration;
    expect(encryption.cloudwatch_encryption).toEqual({
      cloudwatch_encryption_mode: 'SSE-KMS',
      kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.analytics_config-crawler_key_/),
    });
    expect(encryption.job_bookmarks_encryption).toEqual({
      job_bookmarks_encryption_mode: 'CSE-KMS',
      kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.analytics_config-crawler_key_/),
    });
  });

  // [glue-crawler-trust-names-the-principal-alone] Glue documents no condition key it sends when it
  // assumes a crawler's role: a condition on one could stop every crawl.
  test('its role is for Glue (in the form its guide gives), reads only the crawled prefixes and decrypts through S3', () => {
    const role = resourceOf(synth, 'aws_iam_role', 'config-crawler');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: 'GlueCrawls', Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const policy = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role_policy', 'config-crawler').policy) as any;
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.ReadCrawledPrefixes.Resource).toEqual(['arn:aws:s3:::acme-audit-member-logs/config-logs/*']);
    expect(bySid.ListCrawledPrefixes.Condition).toEqual({ StringLike: { 's3:prefix': ['config-logs/*'] } });
    expect(bySid.DecryptThroughS3).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: expect.stringMatching(/^\$\{aws_kms_key\.archive_key_/),
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
    const actions = policy.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).not.toContain('s3:PutObject');
    expect(actions).not.toContain('glue:DeleteTable');
  });
});

describe('the Glue Data Catalog encryption', () => {
  test('metadata at rest and connection passwords are encrypted with a key of their own', () => {
    const settings = resourceOf(synth, 'aws_glue_data_catalog_encryption_settings');
    const keyReference = expect.stringMatching(/^\$\{aws_kms_key\.analytics_catalog-encryption_key_\w+\.arn\}$/);
    expect(settings).toMatchObject({
      catalog_id: '222222222222',
      data_catalog_encryption_settings: {
        encryption_at_rest: { catalog_encryption_mode: 'SSE-KMS', sse_aws_kms_key_id: keyReference },
        connection_password_encryption: { return_connection_password_encrypted: true, aws_kms_key_id: keyReference },
      },
    });
    expect(resourceOf(synth, 'aws_kms_alias', 'catalog-encryption').name).toBe('alias/audit-glue-catalog');
    // The database waits for the settings, so that its metadata is encrypted from the start.
    expect(resourceOf(synth, 'aws_glue_catalog_database').depends_on).toEqual([
      expect.stringMatching(/^aws_glue_data_catalog_encryption_settings\.analytics_catalog-encryption_settings_\w+$/),
    ]);
  });

  test('the crawler and the investigator may use the catalog key, through Glue only', () => {
    for (const part of ['crawler_role-policy', 'investigator_policy']) {
      const policy = JSON.parse(resourceOf(synth, 'aws_iam_role_policy', part).policy);
      expect(policy.Statement).toContainEqual({
        Sid: 'UseCatalogKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: expect.stringMatching(/^\$\{aws_kms_key\.analytics_catalog-encryption_key_\w+\.arn\}$/),
        Condition: { StringEquals: { 'kms:ViaService': 'glue.eu-west-1.amazonaws.com' } },
      });
    }
  });
});

describe('the Athena workgroup', () => {
  const workgroup = resourceOf(synth, 'aws_athena_workgroup', 'investigations');

  test('runs engine version 3 with its configuration enforced, CloudWatch metrics on and the configured cutoff', () => {
    expect(workgroup.name).toBe('audit-logs');
    expect(workgroup.configuration).toMatchObject({
      enforce_workgroup_configuration: true,
      publish_cloudwatch_metrics_enabled: true,
      bytes_scanned_cutoff_per_query: 107374182400,
      engine_version: { selected_engine_version: 'Athena engine version 3' },
    });
    const cheap = resourceOf(
      synthStack(
        configOf({ ...POLICY_TEST_CONFIG, analytics: { bytesScannedCutoffPerQuery: 10000000 } }),
        'log-archive',
      ),
      'aws_athena_workgroup',
      'investigations',
    );
    expect(cheap.configuration.bytes_scanned_cutoff_per_query).toBe(10000000);
  });

  test('writes results, SSE-KMS with the log key, into the results bucket of this account', () => {
    expect(workgroup.configuration.result_configuration).toEqual({
      output_location: 's3://acme-audit-athena/results/',
      expected_bucket_owner: '222222222222',
      encryption_configuration: {
        encryption_option: 'SSE_KMS',
        kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.archive_key_/),
      },
    });
  });

  test('the results bucket is KMS-encrypted, private, TLS only, and forgets results after the configured days', () => {
    expect(resourceOf(synth, 'aws_s3_bucket', 'results').bucket).toBe('acme-audit-athena');
    expect(resourceOf(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'results').rule[0]).toMatchObject({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' },
    });
    expect(resourceOf(synth, 'aws_s3_bucket_public_access_block', 'results')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(resourceOf(synth, 'aws_s3_bucket_policy', 'results').policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyInsecureTransport']);
    expect(resourceOf(synth, 'aws_s3_bucket_lifecycle_configuration', 'results').rule[0].expiration).toEqual([
      { days: 30 },
    ]);
    const week = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, analytics: { resultsExpirationDays: 7 } }),
      'log-archive',
    );
    expect(resourceOf(week, 'aws_s3_bucket_lifecycle_configuration', 'results').rule[0].expiration).toEqual([
      { days: 7 },
    ]);
  });

  test('the results bucket logs its accesses into the access-log bucket, after that bucket and its policy exist', () => {
    expect(resourceOf(synth, 'aws_s3_bucket_logging', 'results')).toMatchObject({
      target_bucket: 'acme-audit-access-logs',
      target_prefix: 'acme-audit-athena/',
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      depends_on: [
        expect.stringMatching(/^aws_s3_bucket\.archive_access-logs_bucket_\w+$/),
        expect.stringMatching(/^aws_s3_bucket_policy\.archive_access-logs_policy_\w+$/),
      ],
    });
  });

  test('saves every catalog query in the workgroup and database, on the configured table and on its columnar copy', () => {
    const saved = Object.values(resourcesOf(synth, 'aws_athena_named_query')) as any[];
    expect(saved.map((q) => q.name).sort()).toEqual(
      ATHENA_QUERIES.flatMap((q) => [q.name, `${q.name}-columnar`]).sort(),
    );
    for (const query of saved) {
      expect(query.workgroup).toMatch(/^\$\{aws_athena_workgroup\.analytics_investigations_/);
      expect(query.database).toMatch(/^\$\{aws_glue_catalog_database\./);
      const columnar = (query.name as string).endsWith('-columnar');
      expect(query.query).toContain(columnar ? 'FROM cloudtrail_columnar\n' : 'FROM cloudtrail\n');
      expect(query.description.endsWith(' On the columnar copy.')).toBe(columnar);
    }
    const without = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, analytics: { columnarCopy: { enabled: false } } }),
      'log-archive',
    );
    expect(Object.keys(resourcesOf(without, 'aws_athena_named_query'))).toHaveLength(ATHENA_QUERIES.length);
  });
});

describe('the saved queries', () => {
  const required = [
    'actions-by-principal',
    'root-user-activity',
    'denied-calls-by-principal',
    'console-signins-without-mfa',
    'evidence-deletions',
    'iam-policy-changes',
    'audit-tampering',
    'network-changes',
    'top-callers-and-errors',
    'activity-from-ip',
  ];

  test('cover every question the product promises, each with a unique kebab-case name and a description', () => {
    expect(ATHENA_QUERIES.map((q) => q.name)).toEqual(expect.arrayContaining(required));
    expect(new Set(ATHENA_QUERIES.map((q) => q.name)).size).toBe(ATHENA_QUERIES.length);
    for (const query of ATHENA_QUERIES) {
      expect(query.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(query.description.length).toBeGreaterThan(30);
      expect(query.description.length).toBeLessThanOrEqual(1024);
      expect(query.description).toContain('first and last day');
    }
  });

  test.each(ATHENA_QUERIES.map((q) => [q.name, q] as const))(
    '%s parses as Trino SQL and filters on the eventdate partition',
    (_name, query) => {
      const ast = parseTrino(query.sql('cloudtrail'));
      expect(datePartitionPredicates(ast)).toEqual([{ operator: 'BETWEEN', column: 'eventdate' }]);
    },
  );

  test('the checks can fail: bad SQL does not parse, and a query without the date predicate has none', () => {
    expect(() => parseTrino('SELEC eventname FROM cloudtrail')).toThrow();
    expect(datePartitionPredicates(parseTrino("SELECT * FROM cloudtrail WHERE eventname = 'x'"))).toEqual([]);
    expect(
      datePartitionPredicates(
        parseTrino("SELECT * FROM cloudtrail WHERE eventname = 'x' OR eventdate BETWEEN ? AND ?"),
      ),
    ).toEqual([]);
  });
});

describe('the investigator role for reader accounts', () => {
  test('is trusted by the reader accounts only', () => {
    const role = resourceOf(synth, 'aws_iam_role', 'investigator');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'ReaderAccountsAssume',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(synth.output.investigator_role_arn.value).toMatch(/^\$\{aws_iam_role\.analytics_investigator_role_/);
  });

  test('may query in the one workgroup, read the catalog and the logs, and write only results', () => {
    const policy = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role_policy', 'investigator').policy) as any;
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.RunQueriesInWorkgroup.Resource).toBe('arn:aws:athena:eu-west-1:222222222222:workgroup/audit-logs');
    expect(bySid.ReadLogs0.Resource).toEqual(['arn:aws:s3:::acme-audit/AWSLogs/*']);
    expect(bySid.ReadLogs1.Resource).toEqual([
      'arn:aws:s3:::acme-audit-member-logs/config-logs/*',
      'arn:aws:s3:::acme-audit-member-logs/vpc-flow-logs/*',
      'arn:aws:s3:::acme-audit-member-logs/ssm-logs/*',
    ]);
    for (const statement of policy.Statement) {
      const actions = [statement.Action].flat() as string[];
      const resources = [statement.Resource].flat() as string[];
      if (actions.some((a) => a === 's3:PutObject'))
        expect(resources.every((r) => r.includes('acme-audit-athena'))).toBe(true);
      expect(actions.some((a) => /^(glue|athena):(Create|Update|Delete)/.test(a) || a.endsWith(':*'))).toBe(false);
    }
  });

  test('is left out when there are no reader accounts', () => {
    const alone = synthStack(
      configOf({ ...POLICY_TEST_CONFIG, logArchive: { ...POLICY_TEST_CONFIG.logArchive, readerAccountIds: [] } }),
      'log-archive',
    );
    expect(Object.keys(resourcesOf(alone, 'aws_iam_role')).filter((n) => n.includes('investigator'))).toEqual([]);
    expect(alone.output.investigator_role_arn).toBeUndefined();
  });
});

test('the log-archive stack outputs the database, table, workgroup and results bucket', () => {
  expect(synth.output.glue_database_name.value).toMatch(/^\$\{aws_glue_catalog_database\./);
  expect(synth.output.cloudtrail_table_name.value).toMatch(/^\$\{aws_glue_catalog_table\.analytics_cloudtrail_table_/);
  expect(synth.output.athena_workgroup_name.value).toMatch(/^\$\{aws_athena_workgroup\./);
  expect(synth.output.athena_results_bucket_name.value).toBe('acme-audit-athena');
});

/** Every field path of the table schema, lowercase, dotted (`useridentity.sessioncontext.attributes`). */
function schemaPaths(): Set<string> {
  const paths = new Set<string>();
  const walk = (prefix: string, type: string): void => {
    const inner = /^array<(.*)>$/.exec(type)?.[1] ?? type;
    const fields = /^struct<(.*)>$/.exec(inner)?.[1];
    if (fields === undefined) return;
    for (const [name, fieldType] of splitStructFields(fields)) {
      paths.add(`${prefix}.${name}`);
      walk(`${prefix}.${name}`, fieldType);
    }
  };
  for (const column of CLOUDTRAIL_COLUMNS) {
    paths.add(column.name);
    walk(column.name, column.type);
  }
  return paths;
}

/** `a:string,b:struct<c:string>` into its top-level [name, type] pairs. */
function splitStructFields(fields: string): [string, string][] {
  const result: [string, string][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= fields.length; i++) {
    const ch = fields[i];
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    if ((ch === ',' && depth === 0) || i === fields.length) {
      const part = fields.slice(start, i);
      const colon = part.indexOf(':');
      result.push([part.slice(0, colon), part.slice(colon + 1)]);
      start = i + 1;
    }
  }
  return result;
}

/** Field paths of a record, lowercase; JSON-text fields and maps are not descended into. */
function fieldPaths(record: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const name = `${prefix}${key.toLowerCase()}`;
    const opaque =
      (CLOUDTRAIL_JSON_TEXT_FIELDS as readonly string[]).includes(name) ||
      name.endsWith('webidfederationdata.attributes');
    if (opaque || value === null || typeof value !== 'object') return [name];
    if (Array.isArray(value))
      return [
        name,
        ...value.filter((v) => typeof v === 'object' && v !== null).flatMap((v) => fieldPaths(v, `${name}.`)),
      ];
    return [name, ...fieldPaths(value as Record<string, unknown>, `${name}.`)];
  });
}

describe('the investigator role, evaluated as AWS would', () => {
  const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const policyText = resourceOf(synth, 'aws_iam_role_policy', 'investigator').policy as string;
  const identityPolicy = parseTerraformPolicy(policyText.replace(/\$\{aws_kms_key\.archive_key_\w+\.arn\}/, KEY));
  const investigator = role('222222222222', 'audit-log-investigator', { identityPolicy, orgId: 'o-abcdefghij' });
  const resourcePolicies: Record<string, unknown> = {
    'log bucket': policyOf(synth, 'aws_s3_bucket_policy', 'archive_logs_'),
    'member-logs bucket': policyOf(synth, 'aws_s3_bucket_policy', 'archive_member-logs_'),
    'log key': policyOf(synth, 'aws_kms_key', 'archive_key_'),
    none: undefined,
  };
  const trailLog =
    'arn:aws:s3:::acme-audit/AWSLogs/o-abcdefghij/444444444444/CloudTrail/eu-west-1/2026/11/21/x.json.gz';
  const configLog = 'arn:aws:s3:::acme-audit-member-logs/config-logs/AWSLogs/444444444444/Config/x.json.gz';
  const workgroup = (name: string) => `arn:aws:athena:eu-west-1:222222222222:workgroup/${name}`;
  const table = (path: string) => `arn:aws:glue:eu-west-1:222222222222:table/${path}`;
  const viaS3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': '222222222222' };

  // prettier-ignore
  const cases: readonly (readonly [string, string, string, string, string, Record<string, string>?])[] = [
    ['reads a trail log',                 'log bucket',         's3:GetObject',               trailLog,                'Allowed'],
    ['reads a Config log',                'member-logs bucket', 's3:GetObject',               configLog,               'Allowed'],
    ['writes a trail log',                'log bucket',         's3:PutObject',               trailLog,                'ImplicitlyDenied'],
    ['deletes a trail log',               'log bucket',         's3:DeleteObject',            trailLog,                'ExplicitlyDenied'],
    ['runs a query in the workgroup',     'none',               'athena:StartQueryExecution', workgroup('audit-logs'), 'Allowed'],
    ['runs a query in another workgroup', 'none',               'athena:StartQueryExecution', workgroup('primary'),    'ImplicitlyDenied'],
    ['deletes a saved query',             'none',               'athena:DeleteNamedQuery',    workgroup('audit-logs'), 'ImplicitlyDenied'],
    ['changes the workgroup',             'none',               'athena:UpdateWorkGroup',     workgroup('audit-logs'), 'ImplicitlyDenied'],
    ['reads the CloudTrail table',        'none',               'glue:GetTable',              table('audit_logs/cloudtrail'), 'Allowed'],
    ['deletes the CloudTrail table',      'none',               'glue:DeleteTable',           table('audit_logs/cloudtrail'), 'ImplicitlyDenied'],
    ['reads a table of another database', 'none',               'glue:GetTable',              table('finance/ledger'), 'ImplicitlyDenied'],
    ['decrypts a log through S3',         'log key',            'kms:Decrypt',                KEY,                     'Allowed', viaS3],
    ['decrypts directly',                 'log key',            'kms:Decrypt',                KEY,                     'ImplicitlyDenied', { 'kms:CallerAccount': '222222222222' }],
  ];

  for (const [title, policy, action, resource, expected, context] of cases) {
    test(title, async () => {
      const { decision, ignoredContextKeys } = await evaluate(resourcePolicies[policy], '222222222222', {
        caller: investigator,
        action,
        resource,
        context,
      });
      expect(ignoredContextKeys).toEqual([]);
      expect(decision).toBe(expected);
    });
  }
});
