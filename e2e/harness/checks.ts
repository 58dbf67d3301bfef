import { AthenaClient, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import {
  DescribeDataSetCommand,
  DescribeDataSetPermissionsCommand,
  DescribeDataSourceCommand,
  QuickSightClient,
} from '@aws-sdk/client-quicksight';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DASHBOARD_DATASETS } from '../../modules/analytics/quicksight-datasets';
import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CloudWatchClient, MetricAlarm, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, MetricFilter, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDataCatalogEncryptionSettingsCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  PolicyType,
} from '@aws-sdk/client-organizations';
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AlarmDefinition } from '../../modules/alarms/alarm-definition';
import { configuredAlarms } from '../../modules/alarms/configured-alarms';
import { DEFAULT_ALARM_TOPIC_NAME, DEFAULT_HEARTBEAT_ALARM_NAME, trailLogGroupName } from '../../modules/core/naming';
import { EVASION_ALARM_PREFIX } from '../../modules/core/naming';
import { namedPatternsOf } from '../../modules/alarms/try-filters';
import { type OrgConfig, recordsConfig } from '../../modules/org-config/schema';
import { AuditNaming, MEMBER_TRAIL_NAME, REGION_DENY_POLICY_NAME } from '../../modules/core/naming';
import type { ClientConfig } from './aws';
import type { MotoAccounts } from './setup';

/** Stack outputs, as `terraform output -json` prints them. */
export type Outputs = Record<string, { value: unknown }>;

/** One check's outcome. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Collects checks: each compares what moto holds with what the config asks for. */
export class Checklist {
  public readonly results: CheckResult[] = [];

  public equal(name: string, actual: unknown, expected: unknown): void {
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    this.results.push({
      name,
      ok,
      detail: ok ? '' : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    });
  }

  public includes(name: string, actual: readonly unknown[] | undefined, expected: readonly unknown[]): void {
    const missing = expected.filter((item) => !(actual ?? []).includes(item));
    this.results.push({
      name,
      ok: missing.length === 0,
      detail: missing.length === 0 ? '' : `missing ${JSON.stringify(missing)}`,
    });
  }

  /** A check that `made` checks were made where at least `floor` must be: a loop over nothing fails. */
  public atLeast(name: string, made: number, floor: number): void {
    this.results.push({ name, ok: made >= floor, detail: made >= floor ? '' : `only ${made} made, ${floor} at least` });
  }

  public get failures(): CheckResult[] {
    return this.results.filter((result) => !result.ok);
  }
}

/** One part of the read-back: what it checks, and the fewest checks it must make. */
export interface ReadBackSection {
  readonly name: string;
  readonly atLeast: number;
  readonly run: (checks: Checklist) => Promise<void>;
}

/** Runs each section; one that made fewer checks than it must is itself a failed check. */
export async function runSections(checks: Checklist, sections: readonly ReadBackSection[]): Promise<void> {
  for (const section of sections) {
    const before = checks.results.length;
    await section.run(checks);
    checks.atLeast(`${section.name}: checks made`, checks.results.length - before, section.atLeast);
  }
}

/** The Sids of a policy document. */
function sidsOf(policy: string | undefined): string[] {
  const statements = (JSON.parse(policy ?? '{"Statement":[]}') as { Statement: { Sid?: string }[] }).Statement;
  return statements.map((statement) => statement.Sid ?? '');
}

function output(outputs: Outputs, name: string): string {
  const value = outputs[name]?.value;
  if (typeof value !== 'string') throw new Error(`stack output ${name} is missing`);
  return value;
}

/** The log-archive account: the three buckets, Athena and Glue. */
export async function checkLogArchive(
  checks: Checklist,
  config: OrgConfig,
  accounts: MotoAccounts,
  outputs: Outputs,
): Promise<void> {
  const naming = AuditNaming.fromConfig(config);
  const client = await accounts.of(config.logArchive.accountId).client(config.homeRegion);
  const s3 = new S3Client(client);
  const keyArn = output(outputs, 'log_key_arn');

  for (const bucket of [naming.logBucketName, naming.memberLogsBucketName]) {
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    checks.equal(`${bucket}: versioning`, versioning.Status, 'Enabled');
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rule = encryption.ServerSideEncryptionConfiguration?.Rules?.[0];
    checks.equal(`${bucket}: SSE-KMS with the log key`, rule?.ApplyServerSideEncryptionByDefault, {
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: keyArn,
    });
    checks.equal(`${bucket}: bucket key`, rule?.BucketKeyEnabled, true);
    const logging = await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }));
    checks.equal(`${bucket}: access logging`, logging.LoggingEnabled?.TargetBucket, naming.accessLogBucketName);
  }
  for (const bucket of [naming.logBucketName, naming.memberLogsBucketName, naming.accessLogBucketName]) {
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    checks.equal(`${bucket}: public access block`, block.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    checks.includes(`${bucket}: policy guards`, sidsOf(policy.Policy), ['DenyInsecureTransport', 'DenyObjectDeletion']);
  }
  const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: naming.logBucketName }));
  const retention = lock.ObjectLockConfiguration?.Rule?.DefaultRetention;
  checks.equal(
    `${naming.logBucketName}: object lock`,
    [lock.ObjectLockConfiguration?.ObjectLockEnabled, retention?.Mode, retention?.Days],
    ['Enabled', config.logArchive.objectLock.mode, config.logArchive.objectLock.days],
  );
  const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: naming.logBucketName }));
  checks.includes(`${naming.logBucketName}: policy statements`, sidsOf(policy.Policy), [
    'CloudTrailAclCheck',
    'CloudTrailOrganizationWrite',
    'ReadersLocateBucket',
    'DenyRetentionChanges',
  ]);

  const athena = new AthenaClient(client);
  const workgroup = await athena.send(new GetWorkGroupCommand({ WorkGroup: output(outputs, 'athena_workgroup_name') }));
  const settings = workgroup.WorkGroup?.Configuration;
  checks.equal('Athena workgroup: configuration enforced', settings?.EnforceWorkGroupConfiguration, true);
  checks.equal(
    'Athena workgroup: bytes scanned cutoff',
    settings?.BytesScannedCutoffPerQuery,
    config.analytics.bytesScannedCutoffPerQuery,
  );
  const resultsLogging = await s3.send(
    new GetBucketLoggingCommand({ Bucket: output(outputs, 'athena_results_bucket_name') }),
  );
  checks.equal(
    'Athena results bucket: access logging',
    [resultsLogging.LoggingEnabled?.TargetBucket, resultsLogging.LoggingEnabled?.TargetPrefix],
    [naming.accessLogBucketName, `${naming.athenaResultsBucketName}/`],
  );

  const glue = new GlueClient(client);
  const catalog = (await glue.send(new GetDataCatalogEncryptionSettingsCommand({}))).DataCatalogEncryptionSettings;
  checks.equal(
    'Glue Data Catalog: metadata and connection passwords encrypted',
    [
      catalog?.EncryptionAtRest?.CatalogEncryptionMode,
      catalog?.ConnectionPasswordEncryption?.ReturnConnectionPasswordEncrypted,
    ],
    ['SSE-KMS', true],
  );
  const table = await glue.send(
    new GetTableCommand({
      DatabaseName: output(outputs, 'glue_database_name'),
      Name: output(outputs, 'cloudtrail_table_name'),
    }),
  );
  const parameters = table.Table?.Parameters ?? {};
  checks.equal('Glue table: partition projection on', parameters['projection.enabled'], 'true');
  checks.equal(
    'Glue table: eventdate projected from the configured start',
    parameters['projection.eventdate.range'],
    `${config.analytics.projectionStartDate},NOW`,
  );
  checks.includes(
    'Glue table: every organization member projected',
    (parameters['projection.accountid.values'] ?? '').split(','),
    config.members.filter((member) => member.inOrganization).map((member) => member.accountId),
  );
  checks.includes(
    'Glue table: every governed Region projected',
    (parameters['projection.region.values'] ?? '').split(','),
    [...config.governedRegions],
  );
  if (config.analytics.columnarCopy.enabled) await checkColumnarCopy(checks, config, client, outputs);
  if (config.analytics.quickSight !== false) await checkQuickSight(checks, config, client);
}

/** The columnar copy: its Iceberg table, its workgroup and the daily schedule that calls Athena. */
async function checkColumnarCopy(
  checks: Checklist,
  config: OrgConfig,
  client: ClientConfig,
  outputs: Outputs,
): Promise<void> {
  const naming = AuditNaming.fromConfig(config);
  const table = await new GlueClient(client).send(
    new GetTableCommand({
      DatabaseName: output(outputs, 'glue_database_name'),
      Name: output(outputs, 'columnar_table_name'),
    }),
  );
  checks.equal(
    'columnar copy: its table in its own bucket, with the partition columns as columns',
    [table.Table?.StorageDescriptor?.Location, table.Table?.StorageDescriptor?.Columns?.slice(-3).map((c) => c.Name)],
    [`s3://${naming.columnarCopyBucketName}/cloudtrail/`, ['accountid', 'region', 'eventdate']],
  );
  const workgroupName = output(outputs, 'columnar_copy_workgroup_name');
  const workgroup = await new AthenaClient(client).send(new GetWorkGroupCommand({ WorkGroup: workgroupName }));
  checks.equal(
    'columnar copy: its workgroup writes results into the copy bucket',
    workgroup.WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation,
    `s3://${naming.columnarCopyBucketName}/athena-results/`,
  );
  // The schedule lives in a group of its own, named after the copy (its role trusts Scheduler for
  // that group: modules/core/aws-facts.ts, scheduler-source-arn-is-schedule-group).
  const schedule = await new SchedulerClient(client).send(
    new GetScheduleCommand({ Name: `${workgroupName}-daily`, GroupName: workgroupName }),
  );
  checks.equal(
    'columnar copy: the daily schedule is in a schedule group of its own',
    schedule.GroupName,
    workgroupName,
  );
  const input = JSON.parse(schedule.Target?.Input ?? '{}') as { QueryString?: string; WorkGroup?: string };
  checks.equal(
    'columnar copy: the daily schedule calls Athena directly, in the copy workgroup, in UTC',
    [schedule.Target?.Arn, input.WorkGroup, schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone],
    [
      'arn:aws:scheduler:::aws-sdk:athena:startQueryExecution',
      workgroupName,
      config.analytics.columnarCopy.schedule,
      'UTC',
    ],
  );
  checks.equal(
    'columnar copy: the schedule inserts the day before, guarded against a second run',
    [input.QueryString?.startsWith('INSERT INTO'), input.QueryString?.includes('AND NOT EXISTS')],
    [true, true],
  );
}

/** The QuickSight datasets: direct query over the copy, shared with the configured principals only. */
async function checkQuickSight(checks: Checklist, config: OrgConfig, client: ClientConfig): Promise<void> {
  const quickSight = config.analytics.quickSight;
  if (quickSight === false) return;
  const qs = new QuickSightClient(client);
  const AwsAccountId = config.logArchive.accountId;
  const source = await qs.send(new DescribeDataSourceCommand({ AwsAccountId, DataSourceId: 'audit-logs-athena' }));
  checks.equal(
    'QuickSight: an Athena data source on the investigations workgroup',
    [source.DataSource?.Type, source.DataSource?.DataSourceParameters?.AthenaParameters?.WorkGroup],
    ['ATHENA', config.analytics.workgroupName],
  );
  for (const name of Object.keys(DASHBOARD_DATASETS)) {
    const DataSetId = `audit-logs-${name}`;
    const set = await qs.send(new DescribeDataSetCommand({ AwsAccountId, DataSetId }));
    const permissions = await qs.send(new DescribeDataSetPermissionsCommand({ AwsAccountId, DataSetId }));
    const sql = Object.values(set.DataSet?.PhysicalTableMap ?? {})[0]?.CustomSql?.SqlQuery ?? '';
    checks.equal(
      `QuickSight: dataset ${name} queries the columnar copy directly, shared with the principals only`,
      [
        set.DataSet?.ImportMode,
        sql.includes(`_columnar\n`),
        (permissions.Permissions ?? []).map((p) => p.Principal).sort(),
      ],
      ['DIRECT_QUERY', true, [...quickSight.principals].sort()],
    );
  }
}

/**
 * The log key's ARN, read in the log archive account: what the trails send and CloudTrail reads
 * back (modules/core/aws-facts.ts, cloudtrail-kms-key-read-back-as-key-arn), never the alias.
 */
async function logKeyArnOf(config: OrgConfig, accounts: MotoAccounts): Promise<string | undefined> {
  const naming = AuditNaming.fromConfig(config);
  const archive = await accounts.of(config.logArchive.accountId).client(config.homeRegion);
  return (await new KMSClient(archive).send(new DescribeKeyCommand({ KeyId: naming.logKeyAliasName }))).KeyMetadata
    ?.Arn;
}

/** The organization account: the trail, its metric filters and alarms, and the alarm topic. */
export async function checkOrganization(
  checks: Checklist,
  config: OrgConfig,
  accounts: MotoAccounts,
  outputs: Outputs,
): Promise<void> {
  const naming = AuditNaming.fromConfig(config);
  const client = await accounts.of(naming.trailAccountId).client(config.homeRegion);
  const trail = (await new CloudTrailClient(client).send(new GetTrailCommand({ Name: output(outputs, 'trail_arn') })))
    .Trail;
  checks.equal(
    'trail: organization, multi-Region, log file validation',
    [trail?.IsOrganizationTrail, trail?.IsMultiRegionTrail, trail?.LogFileValidationEnabled],
    [true, true, true],
  );
  checks.equal('trail: bucket', trail?.S3BucketName, naming.logBucketName);
  checks.equal('trail: KMS key (its key ARN)', trail?.KmsKeyId, await logKeyArnOf(config, accounts));
  const logGroup = output(outputs, 'trail_log_group_name');
  checks.equal('trail: CloudWatch Logs group', trail?.CloudWatchLogsLogGroupArn?.split(':')[6], logGroup);

  const filters = await metricFiltersOf(client, logGroup);
  const alarms = await metricAlarmsOf(client);
  const topicArn = output(outputs, 'alarm_topic_arn');
  checkTrailAlarms(checks, '', configuredAlarms(config.alarms), filters, alarms, topicArn);
  checkHeartbeat(checks, 'organization', alarms, logGroup, config.alarms.deliveryHeartbeatMinutes, topicArn);
  const topic = await new SNSClient(client).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  checks.equal('alarm topic: encrypted', (topic.Attributes?.KmsMasterKeyId ?? '') !== '', true);
}

/**
 * What one trail log group and its account must hold for the selected alarms (`expected`): exactly
 * their metric filters (one per published text, and per further filter of an evasion detection), the
 * patterns of the filters counting into each alarm's metric, each alarm notifying `topicArn`, and
 * the evasion alarms by name. `where` starts each check's name (`''` for the organization's).
 */
export function checkTrailAlarms(
  checks: Checklist,
  where: string,
  expected: readonly AlarmDefinition[],
  filters: readonly MetricFilter[],
  alarms: readonly MetricAlarm[],
  topicArn: string | undefined,
): void {
  const named = (check: string) => (where === '' ? check : `${where}: ${check}`);
  checks.equal(
    named('metric filters: one per published text of each control'),
    filters.length,
    namedPatternsOf(expected).length,
  );
  for (const control of expected) {
    const patterns = filters
      .filter((f) => f.metricTransformations?.[0]?.metricName === control.metricName)
      .map((f) => f.filterPattern)
      .sort();
    checks.equal(
      named(`${control.id}: metric filter patterns`),
      patterns,
      namedPatternsOf([control])
        .map((p) => p.pattern)
        .sort(),
    );
    const alarm = alarms.find((a) => a.MetricName === control.metricName && a.Namespace === control.metricNamespace);
    checks.equal(named(`${control.id}: alarm notifies the topic`), alarm?.AlarmActions, [topicArn]);
  }
  checks.equal(
    named('evasion pack: one alarm per selected detection'),
    alarms
      .map((a) => a.AlarmName ?? '')
      .filter((name) => name.startsWith(EVASION_ALARM_PREFIX))
      .sort(),
    expected
      .map((a) => a.id)
      .filter((id) => id.startsWith(EVASION_ALARM_PREFIX))
      .sort(),
  );
}

/** Every metric filter on a log group, page by page. */
async function metricFiltersOf(client: ClientConfig, logGroupName: string | undefined): Promise<MetricFilter[]> {
  const filters: MetricFilter[] = [];
  for await (const page of paginateDescribeMetricFilters(
    { client: new CloudWatchLogsClient(client) },
    { logGroupName },
  ))
    filters.push(...(page.metricFilters ?? []));
  return filters;
}

/** Every metric alarm of the account and Region, page by page. */
async function metricAlarmsOf(client: ClientConfig): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  for await (const page of paginateDescribeAlarms({ client: new CloudWatchClient(client) }, { MaxRecords: 100 }))
    alarms.push(...(page.MetricAlarms ?? []));
  return alarms;
}

/** The delivery heartbeat on a trail's log group, as CloudWatch reads it back. */
function checkHeartbeat(
  checks: Checklist,
  where: string,
  alarms: readonly MetricAlarm[],
  logGroup: string | undefined,
  minutes: number,
  topicArn: string | undefined,
): void {
  const heartbeat = alarms.find((a) => a.AlarmName === DEFAULT_HEARTBEAT_ALARM_NAME);
  checks.equal(
    `${where}: delivery heartbeat on IncomingLogEvents of the trail's log group, silence breaching`,
    [
      heartbeat?.Namespace,
      heartbeat?.MetricName,
      heartbeat?.Dimensions?.map((d) => [d.Name, d.Value]),
      heartbeat?.Statistic,
      heartbeat?.Period,
      heartbeat?.EvaluationPeriods,
      heartbeat?.Threshold,
      heartbeat?.ComparisonOperator,
      heartbeat?.TreatMissingData,
    ],
    [
      'AWS/Logs',
      'IncomingLogEvents',
      [['LogGroupName', logGroup]],
      'Sum',
      minutes * 60,
      1,
      1,
      'LessThanThreshold',
      'breaching',
    ],
  );
  checks.equal(
    `${where}: delivery heartbeat notifies the alarm topic, firing and recovering`,
    [heartbeat?.AlarmActions, heartbeat?.OKActions],
    [[topicArn], [topicArn]],
  );
}

/**
 * The guardrails: the evidence and recording SCPs (and the Region deny, when on) attached to the root, the recorder SCP to each
 * recorded member, the data perimeter RCP to the log archive account, each with the statements it
 * was synthesized with.
 */
export async function checkGuardrails(
  checks: Checklist,
  config: OrgConfig,
  accounts: MotoAccounts,
  rootId: string,
  synthesized: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const client = new OrganizationsClient(
    await accounts.of(config.guardrails.accountId ?? config.organization.managementAccountId).client('us-east-1'),
  );
  const attached = async (targetId: string, filter: PolicyType) =>
    (await client.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: filter }))).Policies ?? [];
  const scps = await attached(rootId, PolicyType.SERVICE_CONTROL_POLICY);
  checks.includes(
    'guardrails: SCPs attached to the root',
    scps.map((p) => p.Name),
    [
      'audit-logging-evidence-protection',
      'audit-logging-recording-protection',
      ...(config.guardrails.denyOtherRegions ? [REGION_DENY_POLICY_NAME] : []),
    ],
  );
  // The recorder protection binds the members whose AWS Config this product records, and no other.
  for (const member of config.members.filter((m) => m.inOrganization)) {
    const recorded = recordsConfig(member) && member.accountId !== config.organization.managementAccountId;
    const names = (await attached(member.accountId, PolicyType.SERVICE_CONTROL_POLICY)).map((p) => p.Name);
    checks.equal(
      `guardrails: recorder protection on ${member.name} (${recorded ? 'recorded' : 'not recorded'})`,
      names.includes('audit-logging-recorder-protection'),
      recorded,
    );
  }
  const rcps = await attached(config.logArchive.accountId, PolicyType.RESOURCE_CONTROL_POLICY);
  checks.includes(
    'guardrails: RCP attached to the log archive account',
    rcps.map((p) => p.Name),
    ['audit-logging-data-perimeter'],
  );
  // Every policy the synth made holds in AWS the statements it was synthesized with, whatever it is
  // attached to: the recording, recorder, trail and application-logs protections too.
  const inAws = new Map<string, string>();
  for (const filter of [PolicyType.SERVICE_CONTROL_POLICY, PolicyType.RESOURCE_CONTROL_POLICY]) {
    for (const policy of (await client.send(new ListPoliciesCommand({ Filter: filter }))).Policies ?? []) {
      if (policy.Name !== undefined && policy.Id !== undefined) inAws.set(policy.Name, policy.Id);
    }
  }
  for (const [name, sids] of synthesized) {
    const id = inAws.get(name);
    const content =
      id === undefined ? undefined : (await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy?.Content;
    checks.equal(`guardrails: ${name} statements`, content === undefined ? 'not in AWS' : sidsOf(content), sids);
  }
}

/** The guardrails stack's organization policies as synthesized (`<out>/stacks/guardrails/cdk.tf.json`): name -> Sids. */
export function synthesizedPolicies(stackJson: {
  resource?: { aws_organizations_policy?: Record<string, { name: string; content: string }> };
}): Map<string, string[]> {
  return new Map(
    Object.values(stackJson.resource?.aws_organizations_policy ?? {}).map((policy) => [
      policy.name,
      sidsOf(policy.content.replace(/\$\$\{/g, '${')),
    ]),
  );
}

/** Each member account: Config recorder and channel per Region, trail, flow logs, session logging. */
export async function checkMembers(checks: Checklist, config: OrgConfig, accounts: MotoAccounts): Promise<void> {
  const naming = AuditNaming.fromConfig(config);
  for (const member of config.members) {
    const account = accounts.of(member.accountId);
    if (member.awsConfig) {
      for (const region of config.governedRegions) {
        const configService = new ConfigServiceClient(await account.client(region));
        const recorders = (await configService.send(new DescribeConfigurationRecordersCommand({})))
          .ConfigurationRecorders;
        checks.equal(
          `${member.name} ${region}: Config recorder`,
          recorders?.map((r) => r.name),
          ['default'],
        );
        const status = (await configService.send(new DescribeConfigurationRecorderStatusCommand({})))
          .ConfigurationRecordersStatus;
        checks.equal(`${member.name} ${region}: Config recording`, status?.[0]?.recording, true);
        const channels = (await configService.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels;
        checks.equal(
          `${member.name} ${region}: Config delivery channel`,
          channels?.map((c) => [c.s3BucketName, c.s3KeyPrefix]),
          [[naming.memberLogsBucketName, naming.configPrefix]],
        );
      }
    }
    const home = await account.client(config.homeRegion);
    if (member.standaloneTrail) {
      const trail = (await new CloudTrailClient(home).send(new GetTrailCommand({ Name: MEMBER_TRAIL_NAME }))).Trail;
      checks.equal(
        `${member.name}: account trail`,
        [trail?.S3BucketName, trail?.KmsKeyId, trail?.IsMultiRegionTrail, trail?.LogFileValidationEnabled],
        [naming.logBucketName, await logKeyArnOf(config, accounts), true, true],
      );
      // Outside the organization, the account's own log group and alarms watch it.
      const logGroup = trail?.CloudWatchLogsLogGroupArn?.split(':')[6];
      checks.equal(`${member.name}: account trail log group`, logGroup, trailLogGroupName(MEMBER_TRAIL_NAME));
      const filters = await metricFiltersOf(home, logGroup);
      const alarms = await metricAlarmsOf(home);
      const topicArn = alarms.find((a) => a.AlarmName === DEFAULT_HEARTBEAT_ALARM_NAME)?.AlarmActions?.[0];
      checks.equal(
        `${member.name}: the heartbeat's topic is the account's own alarm topic`,
        topicArn?.split(':').slice(4).join(':'),
        `${member.accountId}:${DEFAULT_ALARM_TOPIC_NAME}`,
      );
      // The same filters, patterns and alarms as the organization's, to the account's own topic.
      checkTrailAlarms(checks, member.name, configuredAlarms(config.alarms), filters, alarms, topicArn);
      checkHeartbeat(checks, member.name, alarms, logGroup, config.alarms.deliveryHeartbeatMinutes, topicArn);
    }
    for (const flowLog of member.vpcFlowLogs) {
      const ec2 = new EC2Client(await account.client(flowLog.region ?? config.homeRegion));
      const logs = await ec2.send(
        new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [flowLog.vpcId] }] }),
      );
      checks.equal(
        `${member.name}: flow log of ${flowLog.vpcId}`,
        logs.FlowLogs?.map((f) => f.LogDestination?.startsWith(naming.memberLogsBucketArn)),
        [true],
      );
    }
    if (member.sessionManagerLogs) {
      for (const region of config.governedRegions) {
        const ssm = new SSMClient(await account.client(region));
        const document = await ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
        const inputs = (JSON.parse(document.Content ?? '{}') as { inputs?: Record<string, unknown> }).inputs ?? {};
        checks.equal(
          `${member.name} ${region}: session logs`,
          [inputs.s3BucketName, inputs.s3EncryptionEnabled],
          [naming.memberLogsBucketName, true],
        );
      }
    }
  }
}
