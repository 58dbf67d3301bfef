import {
  AthenaClient,
  CreateWorkGroupCommand,
  GetWorkGroupCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import {
  CloudWatchLogsClient,
  PutMetricFilterCommand,
  PutQueryDefinitionCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient, PutDeliveryChannelCommand } from '@aws-sdk/client-config-service';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateDataSetCommand,
  CreateDataSourceCommand,
  DescribeDataSetCommand,
  DescribeDataSetPermissionsCommand,
  QuickSightClient,
  UpdateDataSetPermissionsCommand,
} from '@aws-sdk/client-quicksight';

/** One request AWS refuses because what it names does not exist yet, and the error AWS answers. */
interface StrictCase {
  readonly what: string;
  /** Error names the SDK may give the AWS error code (query protocols add `Exception`). */
  readonly errors: readonly string[];
  readonly send: () => Promise<unknown>;
}

/**
 * Proves, against the running moto, that it refuses what AWS refuses when a resource is created
 * before the one it names: a metric filter, subscription filter or saved query on a missing log
 * group, a subscription to a missing topic, a delivery channel without a recorder. With these,
 * a stack that lets Terraform create the two at once fails here as it would on AWS. Returns one
 * line per case; throws naming every case moto accepted.
 */
export async function checkStrictness(endpoint: string): Promise<string[]> {
  const config = {
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const logs = new CloudWatchLogsClient(config);
  const missingGroup = '/audit-e2e/strictness/no-such-group';
  const cases: StrictCase[] = [
    {
      what: 'PutMetricFilter on a missing log group',
      errors: ['ResourceNotFoundException'],
      send: () =>
        logs.send(
          new PutMetricFilterCommand({
            logGroupName: missingGroup,
            filterName: 'strictness',
            filterPattern: '{ $.eventName = "StopLogging" }',
            metricTransformations: [{ metricName: 'Strictness', metricNamespace: 'AuditE2E', metricValue: '1' }],
          }),
        ),
    },
    {
      what: 'PutSubscriptionFilter on a missing log group',
      errors: ['ResourceNotFoundException'],
      send: () =>
        logs.send(
          new PutSubscriptionFilterCommand({
            logGroupName: missingGroup,
            filterName: 'strictness',
            filterPattern: '',
            destinationArn: 'arn:aws:lambda:eu-central-1:123456789012:function:none',
          }),
        ),
    },
    {
      what: 'PutQueryDefinition on a missing log group',
      errors: ['ResourceNotFoundException'],
      send: () =>
        logs.send(
          new PutQueryDefinitionCommand({
            name: 'audit/strictness',
            queryString: 'fields @message',
            logGroupNames: [missingGroup],
          }),
        ),
    },
    {
      what: 'Subscribe to a missing SNS topic',
      errors: ['NotFound', 'NotFoundException'],
      send: () =>
        new SNSClient(config).send(
          new SubscribeCommand({
            TopicArn: 'arn:aws:sns:eu-central-1:123456789012:audit-e2e-no-such-topic',
            Protocol: 'email',
            Endpoint: 'nobody@example.com',
          }),
        ),
    },
    {
      // [config-delivery-channel-needs-recorder]
      what: 'PutDeliveryChannel with no configuration recorder',
      errors: ['NoAvailableConfigurationRecorderException'],
      send: () =>
        new ConfigServiceClient(config).send(
          new PutDeliveryChannelCommand({
            DeliveryChannel: { name: 'default', s3BucketName: 'audit-e2e-no-recorder' },
          }),
        ),
    },
  ];
  const lines: string[] = [];
  const accepted: string[] = [];
  for (const c of cases) {
    try {
      await c.send();
      accepted.push(c.what);
    } catch (error) {
      const name = (error as Error).name;
      if (!c.errors.includes(name))
        throw new Error(`${c.what}: expected ${c.errors.join(' or ')}, got ${name}: ${(error as Error).message}`);
      lines.push(`${c.what}: ${name}, as on AWS`);
    }
  }
  if (accepted.length > 0) throw new Error(`moto accepted what AWS refuses: ${accepted.join('; ')}`);
  return lines;
}

/**
 * Proves, against the running moto, that the gaps e2e/harness/moto_server.py fills answer as AWS does where
 * a stack's repair depends on them: Athena's UpdateWorkGroup (fix 13) changes the stored
 * configuration in place, which the next GetWorkGroup reads back, and refuses a workgroup that does
 * not exist; QuickSight's datasets (fix 21) are kept and read back. Returns one line per check;
 * throws on a difference.
 */
export async function checkGapFixes(endpoint: string): Promise<string[]> {
  const athena = new AthenaClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const name = 'audit-e2e-gap-fixes';
  await athena.send(
    new CreateWorkGroupCommand({
      Name: name,
      Configuration: { ResultConfiguration: { OutputLocation: 's3://before/' }, BytesScannedCutoffPerQuery: 10485760 },
    }),
  );
  await athena.send(
    new UpdateWorkGroupCommand({
      WorkGroup: name,
      Description: 'updated',
      ConfigurationUpdates: {
        PublishCloudWatchMetricsEnabled: true,
        RemoveBytesScannedCutoffPerQuery: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfigurationUpdates: {
          OutputLocation: 's3://after/',
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    }),
  );
  const read = (await athena.send(new GetWorkGroupCommand({ WorkGroup: name }))).WorkGroup;
  const configuration = read?.Configuration;
  const problems = [
    read?.Description === 'updated' ? '' : `Description ${read?.Description}`,
    configuration?.PublishCloudWatchMetricsEnabled === true ? '' : 'PublishCloudWatchMetricsEnabled not set',
    configuration?.BytesScannedCutoffPerQuery === undefined ? '' : 'BytesScannedCutoffPerQuery not removed',
    configuration?.EngineVersion?.SelectedEngineVersion === 'Athena engine version 3' ? '' : 'EngineVersion not set',
    configuration?.ResultConfiguration?.OutputLocation === 's3://after/' ? '' : 'OutputLocation not updated',
    configuration?.ResultConfiguration?.EncryptionConfiguration?.EncryptionOption === 'SSE_S3'
      ? ''
      : 'EncryptionConfiguration not set',
  ].filter((p) => p !== '');
  const missing = await athena
    .send(new UpdateWorkGroupCommand({ WorkGroup: 'audit-e2e-no-such-workgroup', Description: 'x' }))
    .then(
      () => 'accepted',
      (error: Error) => error.name,
    );
  if (missing !== 'InvalidRequestException') problems.push(`a missing workgroup: ${missing}`);
  athena.destroy();
  if (problems.length > 0) throw new Error(`moto's UpdateWorkGroup (fix 13) differs from AWS: ${problems.join('; ')}`);
  return [
    'UpdateWorkGroup updates in place and refuses a missing workgroup, as on AWS',
    await checkQuickSightFix(endpoint),
  ];
}

/**
 * QuickSight's datasets (fix 21): a dataset is kept whole and read back, its permissions change as
 * UpdateDataSetPermissions defines, and one whose SQL names a missing data source is refused.
 */
async function checkQuickSightFix(endpoint: string): Promise<string> {
  const qs = new QuickSightClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const AwsAccountId = '123456789012';
  const source = await qs.send(
    new CreateDataSourceCommand({
      AwsAccountId,
      DataSourceId: 'audit-e2e-gap-fixes',
      Name: 'gap fixes',
      Type: 'ATHENA',
      DataSourceParameters: { AthenaParameters: { WorkGroup: 'primary' } },
    }),
  );
  const dataSet = (DataSourceArn: string) =>
    new CreateDataSetCommand({
      AwsAccountId,
      DataSetId: `audit-e2e-gap-fixes-${DataSourceArn.length}`,
      Name: 'gap fixes',
      ImportMode: 'DIRECT_QUERY',
      PhysicalTableMap: {
        t: {
          CustomSql: {
            DataSourceArn,
            Name: 'q',
            SqlQuery: 'SELECT 1 AS one',
            Columns: [{ Name: 'one', Type: 'INTEGER' }],
          },
        },
      },
      Permissions: [
        {
          Principal: 'arn:aws:quicksight:eu-central-1:123456789012:group/default/a',
          Actions: ['quicksight:DescribeDataSet'],
        },
      ],
    });
  const created = await qs.send(dataSet(source.Arn ?? ''));
  const id = created.DataSetId ?? '';
  const read = (await qs.send(new DescribeDataSetCommand({ AwsAccountId, DataSetId: id }))).DataSet;
  await qs.send(
    new UpdateDataSetPermissionsCommand({
      AwsAccountId,
      DataSetId: id,
      GrantPermissions: [
        {
          Principal: 'arn:aws:quicksight:eu-central-1:123456789012:group/default/b',
          Actions: ['quicksight:DescribeDataSet'],
        },
      ],
      RevokePermissions: [
        {
          Principal: 'arn:aws:quicksight:eu-central-1:123456789012:group/default/a',
          Actions: ['quicksight:DescribeDataSet'],
        },
      ],
    }),
  );
  const permissions =
    (await qs.send(new DescribeDataSetPermissionsCommand({ AwsAccountId, DataSetId: id }))).Permissions ?? [];
  const orphan = await qs.send(dataSet('arn:aws:quicksight:eu-central-1:123456789012:datasource/none')).then(
    () => 'accepted',
    (error: Error) => error.name,
  );
  qs.destroy();
  const problems = [
    read?.ImportMode === 'DIRECT_QUERY' && read.PhysicalTableMap?.t?.CustomSql?.SqlQuery === 'SELECT 1 AS one'
      ? ''
      : 'the dataset is not read back whole',
    permissions.map((p) => p.Principal).join() === 'arn:aws:quicksight:eu-central-1:123456789012:group/default/b'
      ? ''
      : `permissions ${JSON.stringify(permissions)}`,
    orphan === 'InvalidParameterValueException' ? '' : `a dataset on a missing data source: ${orphan}`,
  ].filter((p) => p !== '');
  if (problems.length > 0)
    throw new Error(`moto's QuickSight datasets (fix 21) differ from AWS: ${problems.join('; ')}`);
  return 'QuickSight datasets are read back whole, their permissions change as granted and revoked, and a missing data source is refused';
}
