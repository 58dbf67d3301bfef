import { AWS_FACTS } from '../../modules/core/aws-facts';
import {
  FORWARD_ACCESS,
  FORWARD_ACCESS_FACTS,
  KEY_ARGUMENT,
  typesWithoutForwardAccessRow,
} from '../../modules/core/aws-facts-forward-access';
import { deployPolicy, type DeployStackJson } from '../../packages/cli/toolkit/deploy-role/deploy-policy';
import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';
import { evaluate, role } from '../stacks/policy/simulate';

/*
 * The table of forward access sessions (modules/core/aws-facts-forward-access.ts): which services
 * call KMS with the deploy role's own credentials, and the derived policy's grants for them, only
 * through that service and only on the key. The shipped examples are checked against the table in
 * deploy-role-forward-access.integration.test.ts.
 */

const ACCOUNT = '111111111111';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f0f0f0f-0000-4000-8000-000000000001`;
const OTHER_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f0f0f0f-0000-4000-8000-000000000002`;

const stack = (resource: Record<string, Record<string, Record<string, unknown>>>): DeployStackJson => ({
  provider: {
    aws: [
      {
        region: 'eu-west-1',
        allowed_account_ids: [ACCOUNT],
        assume_role: [{ role_arn: `arn:aws:iam::${ACCOUNT}:role/deploy`, session_name: 'cdktf-audit-x' }],
      },
    ],
  },
  resource,
});
const derive = (json: DeployStackJson) => deployPolicy('x', json, { managementAccountId: '222222222222' });

/** A key whose policy delegates to the account's IAM policies, as every key of the stacks does. */
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const asDeployRole = (json: DeployStackJson, action: string, resource: string, via?: string) =>
  evaluate(KEY_POLICY, ACCOUNT, {
    caller: role(ACCOUNT, 'deploy', { identityPolicy: derive(json).document }),
    action,
    resource,
    context: via === undefined ? {} : { 'kms:ViaService': `${via}.eu-west-1.amazonaws.com` },
  });

describe('the table of forward access sessions', () => {
  test('one row per type, each resting on a fact of the catalog, naming its key arguments as the check finds them', () => {
    const types = FORWARD_ACCESS.map((row) => row.type);
    expect(new Set(types).size).toBe(types.length);
    const ids = new Set(AWS_FACTS.map((fact) => fact.id));
    for (const row of FORWARD_ACCESS) {
      expect([row.type, ids.has(row.fact)]).toEqual([row.type, true]);
      for (const argument of [...row.keyArguments, ...(row.keyOf === undefined ? [] : [row.keyOf.argument])]) {
        expect([row.type, argument]).toEqual([row.type, expect.stringMatching(KEY_ARGUMENT)]);
      }
      // A row names its key, or the resource that does.
      expect([row.type, row.keyArguments.length > 0 || row.keyOf !== undefined]).toEqual([row.type, true]);
    }
    for (const fact of FORWARD_ACCESS_FACTS) expect(AWS_FACTS).toContain(fact);
  });

  test("a type that names a key and has no row is found, with its argument; KMS's own types and the rows' are not", () => {
    expect(
      typesWithoutForwardAccessRow({
        resource: {
          aws_mq_broker: { q: { broker_name: 'q', encryption_options: [{ kms_key_id: KEY }] } },
          aws_dynamodb_table: { t: { server_side_encryption: [{ enabled: true, kms_key_arn: KEY }] } },
          aws_kms_alias: { a: { target_key_id: KEY } },
          aws_sns_topic: { s: { kms_master_key_id: KEY } },
          aws_s3_bucket: { b: { bucket: 'b' } },
        },
        data: { aws_kms_key: { k: { key_id: 'alias/x' } } },
      }),
    ).toEqual([
      { type: 'aws_dynamodb_table', arguments: ['kms_key_arn'] },
      { type: 'aws_mq_broker', arguments: ['kms_key_id'] },
    ]);
  });

  test('every KMS action of a row joins the operations that make it, and is granted only through its service', () => {
    for (const row of FORWARD_ACCESS.filter((r) => RESOURCE_ACTIONS[r.type] !== undefined)) {
      const actions = RESOURCE_ACTIONS[row.type];
      for (const operation of ['create', 'read', 'update', 'delete'] as const) {
        expect([row.type, operation, actions[operation]]).toEqual([
          row.type,
          operation,
          expect.arrayContaining([...row.forwarded[operation]]),
        ]);
      }
      const forwarded = new Set(Object.values(row.forwarded).flat());
      expect([row.type, (actions.forwardAccess ?? []).length > 0]).toEqual([row.type, forwarded.size > 0]);
    }
  });
});

describe('[logs-log-group-key-forward-access] a log group under a customer managed key', () => {
  const json = stack({
    aws_cloudwatch_log_group: { trail: { name: 'trail', kms_key_id: KEY } },
    aws_kms_key: { k: {} },
  });

  test('the deploy role uses the key through CloudWatch Logs of its Region, on that key only', () => {
    expect(derive(json).document.Statement.find((s) => s.Sid === 'ForwardAccessLogs')).toEqual({
      Sid: 'ForwardAccessLogs',
      Effect: 'Allow',
      Action: [
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
      ],
      Resource: [KEY],
      Condition: { StringEquals: { 'kms:ViaService': ['logs.eu-west-1.amazonaws.com'] } },
    });
  });

  test.each([
    ['encrypts through CloudWatch Logs', 'kms:Encrypt', KEY, 'logs', 'Allowed'],
    ['generates data keys through CloudWatch Logs', 'kms:GenerateDataKey', KEY, 'logs', 'Allowed'],
    ['but not on its own', 'kms:Encrypt', KEY, undefined, 'ImplicitlyDenied'],
    ['nor through another service', 'kms:Decrypt', KEY, 's3', 'ImplicitlyDenied'],
    ['nor on another key', 'kms:Encrypt', OTHER_KEY, 'logs', 'ImplicitlyDenied'],
  ] as const)('%s', async (_title, action, key, via, expected) => {
    expect((await asDeployRole(json, action, key, via)).decision).toBe(expected);
  });

  test('a log group that names no key makes no call on one', () => {
    const plain = derive(stack({ aws_cloudwatch_log_group: { g: { name: 'g' } } }));
    expect(plain.document.Statement.map((s) => s.Sid)).not.toContain('ForwardAccessLogs');
    expect(plain.actions.filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});

describe('[glue-catalog-encryption-forward-access] databases and tables of a catalog under a customer managed key', () => {
  const settings = {
    catalog_id: ACCOUNT,
    data_catalog_encryption_settings: [
      {
        encryption_at_rest: [{ catalog_encryption_mode: 'SSE-KMS', sse_aws_kms_key_id: '${aws_kms_key.catalog.arn}' }],
        connection_password_encryption: [{ return_connection_password_encrypted: true, aws_kms_key_id: KEY }],
      },
    ],
  };
  const json = stack({
    aws_kms_key: { catalog: {} },
    aws_glue_data_catalog_encryption_settings: { settings },
    aws_glue_catalog_database: { db: { name: 'audit' } },
    aws_glue_catalog_table: { t: { name: 'cloudtrail', database_name: 'audit' } },
  });

  test("the deploy role writes and reads them with the catalog's key, made in the same apply, through Glue only", () => {
    expect(derive(json).document.Statement.find((s) => s.Sid === 'ForwardAccessGlue')).toEqual({
      Sid: 'ForwardAccessGlue',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`],
      Condition: { StringEquals: { 'kms:ViaService': ['glue.eu-west-1.amazonaws.com'] } },
    });
  });

  test.each([
    ['creates a table through Glue', 'kms:GenerateDataKey', 'glue', 'Allowed'],
    ['reads it back through Glue', 'kms:Decrypt', 'glue', 'Allowed'],
    ['but decrypts nothing on its own', 'kms:Decrypt', undefined, 'ImplicitlyDenied'],
    ['nor through Athena', 'kms:Decrypt', 'athena', 'ImplicitlyDenied'],
  ] as const)('%s', async (_title, action, via, expected) => {
    expect((await asDeployRole(json, action, KEY, via)).decision).toBe(expected);
  });

  test('a catalog with no encryption settings in the stack needs no key', () => {
    const plain = derive(
      stack({
        aws_glue_catalog_database: { db: { name: 'audit' } },
        aws_glue_catalog_table: { t: { name: 'cloudtrail' } },
      }),
    );
    expect(plain.actions.filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});

describe('[aoss-customer-key-caller-permissions] an OpenSearch Serverless collection under a customer managed key', () => {
  const encryption = JSON.stringify({
    Rules: [{ ResourceType: 'collection', Resource: ['collection/logs'] }],
    AWSOwnedKey: false,
    KmsARN: '${aws_kms_key.search.arn}',
  });
  const json = stack({
    aws_kms_key: { search: {} },
    aws_opensearchserverless_security_policy: {
      encryption: { name: 'logs-encryption', type: 'encryption', policy: encryption },
      network: { name: 'logs-network', type: 'network', policy: '[{"Rules":[],"AllowFromPublic":false}]' },
    },
    aws_opensearchserverless_collection: { logs: { name: 'logs', type: 'TIMESERIES' } },
  });

  test('the deploy role describes the key and grants it to the service through OpenSearch Serverless of its Region only', () => {
    expect(derive(json).document.Statement.find((s) => s.Sid === 'ForwardAccessAoss')).toEqual({
      Sid: 'ForwardAccessAoss',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Resource: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`],
      Condition: { StringEquals: { 'kms:ViaService': ['aoss.eu-west-1.amazonaws.com'] } },
    });
  });

  test.each([
    ['creates the grant through OpenSearch Serverless', 'kms:CreateGrant', KEY, 'aoss', 'Allowed'],
    ['describes the key through it', 'kms:DescribeKey', KEY, 'aoss', 'Allowed'],
    ['but grants nothing on its own', 'kms:CreateGrant', KEY, undefined, 'ImplicitlyDenied'],
    ['nor through another service', 'kms:CreateGrant', KEY, 'sqs', 'ImplicitlyDenied'],
    ['and decrypts nothing through it', 'kms:Decrypt', KEY, 'aoss', 'ImplicitlyDenied'],
  ] as const)('%s', async (_title, action, key, via, expected) => {
    expect((await asDeployRole(json, action, key, via)).decision).toBe(expected);
  });

  test('it lists the keys of its Regions, which ListKeys names no key for', async () => {
    expect(derive(json).document.Statement.find((s) => s.Action.includes('kms:ListKeys'))).toEqual(
      expect.objectContaining({
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
      }),
    );
  });

  test('collections under an AWS owned key, and network policies, use no key of the caller', () => {
    const owned = derive(
      stack({
        aws_opensearchserverless_security_policy: {
          encryption: { name: 'e', type: 'encryption', policy: '{"Rules":[],"AWSOwnedKey":true}' },
        },
        aws_opensearchserverless_collection: { logs: { name: 'logs' } },
      }),
    );
    expect(owned.document.Statement.map((s) => s.Sid)).not.toContain('ForwardAccessAoss');
  });
});

describe('[osis-create-pipeline-passes-its-role] a pipeline passes the role its body names', () => {
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/audit-search-pipeline`;
  const body = JSON.stringify(
    {
      version: '2',
      'logs-pipeline': {
        source: { s3: { sqs: { queue_url: '${aws_sqs_queue.q.url}' }, aws: { sts_role_arn: ROLE } } },
        sink: [{ opensearch: { aws: { sts_role_arn: ROLE, serverless: true } } }],
      },
    },
    null,
    1,
  );
  const json = stack({
    aws_iam_role: { pipeline: { name: 'audit-search-pipeline' } },
    aws_osis_pipeline: { p: { pipeline_name: 'logs', pipeline_configuration_body: body } },
  });

  test('iam:PassRole on that role, to OpenSearch Ingestion only', async () => {
    const policy = derive(json);
    expect(policy.passedToServices).toEqual(['osis-pipelines.amazonaws.com']);
    expect(policy.document.Statement.find((s) => s.Sid === 'PassRolesToServices')).toEqual({
      Sid: 'PassRolesToServices',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [ROLE],
      Condition: { StringEquals: { 'iam:PassedToService': ['osis-pipelines.amazonaws.com'] } },
    });
    const pass = (service: string, resource = ROLE) =>
      evaluate(undefined, ACCOUNT, {
        caller: role(ACCOUNT, 'deploy', { identityPolicy: policy.document }),
        action: 'iam:PassRole',
        resource,
        context: { 'iam:PassedToService': service },
      });
    expect((await pass('osis-pipelines.amazonaws.com')).decision).toBe('Allowed');
    expect((await pass('glue.amazonaws.com')).decision).toBe('ImplicitlyDenied');
    expect((await pass('osis-pipelines.amazonaws.com', `arn:aws:iam::${ACCOUNT}:role/other`)).decision).toBe(
      'ImplicitlyDenied',
    );
  });

  test("and the service-linked role OpenSearch Ingestion makes with an account's first pipeline", () => {
    expect(derive(json).actions).toContain('iam:CreateServiceLinkedRole');
  });
});

describe('services that use their own principal, a role, or the later caller: no forward access for the deploy role', () => {
  test.each([
    ['[cloudtrail-key-used-by-service-principal]', 'aws_cloudtrail', { name: 't', kms_key_id: KEY }],
    ['[sns-topic-key-used-by-publishers]', 'aws_sns_topic', { name: 't', kms_master_key_id: KEY }],
    ['[sqs-queue-key-used-by-producers-and-consumers]', 'aws_sqs_queue', { name: 'q', kms_master_key_id: KEY }],
    [
      '[athena-results-key-used-by-query-callers]',
      'aws_athena_workgroup',
      {
        name: 'w',
        configuration: [
          {
            result_configuration: [{ encryption_configuration: [{ encryption_option: 'SSE_KMS', kms_key_arn: KEY }] }],
          },
        ],
      },
    ],
    [
      '[s3-default-encryption-key-used-by-object-callers]',
      'aws_s3_bucket_server_side_encryption_configuration',
      { bucket: 'b', rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: KEY }] }] },
    ],
    [
      '[s3-replication-key-unchecked-at-put]',
      'aws_s3_bucket_replication_configuration',
      { bucket: 'b', rule: [{ destination: [{ encryption_configuration: [{ replica_kms_key_id: KEY }] }] }] },
    ],
  ] as const)('%s %s: no KMS action on the key it names', async (_fact, type, resource) => {
    const row = FORWARD_ACCESS.find((r) => r.type === type);
    expect(row?.forwarded).toEqual({ create: [], read: [], update: [], delete: [] });
    // A type the provider table does not list yet (the search tier's queue) is judged by its row alone.
    if (RESOURCE_ACTIONS[type] === undefined) return;
    const json = stack({ [type]: { x: resource as Record<string, unknown> } });
    expect(derive(json).document.Statement.filter((s) => s.Sid.startsWith('ForwardAccess'))).toEqual([]);
    expect((await asDeployRole(json, 'kms:Decrypt', KEY, servicePrefixOf(type))).decision).toBe('ImplicitlyDenied');
  });
});

/** The kms:ViaService prefix of a type's service. */
function servicePrefixOf(type: string): string {
  return FORWARD_ACCESS.find((row) => row.type === type)?.service ?? '';
}
