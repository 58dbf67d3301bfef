import type { AwsFact } from './aws-fact';

/*
 * Forward access sessions (FAS): for every Terraform type of the stacks that names a customer managed
 * key, or writes into something encrypted with one, whether the service calls KMS with the caller's
 * own credentials when the deploy role creates, reads, updates or deletes it, and which KMS actions.
 * AWS authorizes such a call against the caller, with kms:ViaService naming the service
 * ([kms-via-service-forward-access]); a service that uses its own principal, a grant, or a role the
 * resource names makes no such call for the deploy role ("no FAS"). One row per type, each cited by
 * a fact below; toolkit/deploy-role derives its forwarded grants from this table only.
 */

/** What Terraform does to a resource, as the deploy role's policy is derived by. */
export type DeployOperation = 'create' | 'read' | 'update' | 'delete';

/** One Terraform type that names a key, or writes into what one encrypts. */
export interface ForwardAccessRow {
  /** The Terraform type (a data source is `data.<type>`). */
  readonly type: string;
  /** The service, as kms:ViaService names it (`<service>.<region>.amazonaws.com`). */
  readonly service: string;
  /** The type's arguments that name a key, at any depth of the resource. */
  readonly keyArguments: readonly string[];
  /**
   * The key is named by another resource of the stack instead (a Glue catalog's settings encrypt
   * every database and table written after them): its type and argument.
   */
  readonly keyOf?: { readonly type: string; readonly argument: string };
  /** The KMS actions the service calls with the deploy role's credentials, by operation; none: no FAS. */
  readonly forwarded: Readonly<Record<DeployOperation, readonly string[]>>;
  /** Who calls KMS with the key otherwise, and when. */
  readonly otherwise: string;
  /** The fact the row rests on. */
  readonly fact: string;
}

const NONE: Readonly<Record<DeployOperation, readonly string[]>> = { create: [], read: [], update: [], delete: [] };
const TEST = '__tests__/toolkit/deploy-role-forward-access.test.ts';
const RELIED_ON = [
  'modules/core/aws-facts-forward-access.ts',
  'packages/cli/toolkit/deploy-role/resource-actions.ts',
  'packages/cli/toolkit/deploy-role/deploy-policy.ts',
];
/** CloudWatch Logs' guide names KMS's wildcards; these are the actions they cover for a symmetric key. */
const LOGS_KEY_USE = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
/** What OpenSearch Serverless calls as the principal that selects a customer managed key. */
const AOSS_KEY_SELECTION = ['kms:CreateGrant', 'kms:DescribeKey'];
const GLUE_CATALOG_USE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
const GLUE_CATALOG_KEY = {
  type: 'aws_glue_data_catalog_encryption_settings',
  argument: 'sse_aws_kms_key_id',
} as const;

export const FORWARD_ACCESS: readonly ForwardAccessRow[] = [
  {
    type: 'aws_kinesis_firehose_delivery_stream',
    service: 'firehose',
    keyArguments: ['key_arn'],
    forwarded: { create: ['kms:CreateGrant', 'kms:DescribeKey'], read: [], update: ['kms:CreateGrant'], delete: [] },
    otherwise: 'Firehose uses the grant it made; the roles that put records use the key through Firehose.',
    fact: 'kms-via-service-forward-access',
  },
  {
    type: 'aws_cloudwatch_log_group',
    service: 'logs',
    keyArguments: ['kms_key_id'],
    forwarded: { create: LOGS_KEY_USE, read: [], update: LOGS_KEY_USE, delete: [] },
    otherwise: "CloudWatch Logs' service principal of the Region encrypts what is ingested, as the key policy allows.",
    fact: 'logs-log-group-key-forward-access',
  },
  {
    type: 'aws_glue_catalog_database',
    service: 'glue',
    keyArguments: [],
    keyOf: GLUE_CATALOG_KEY,
    forwarded: { create: GLUE_CATALOG_USE, read: GLUE_CATALOG_USE, update: GLUE_CATALOG_USE, delete: [] },
    otherwise: 'Every reader and writer of the catalog (crawler, Athena user) uses the key through Glue.',
    fact: 'glue-catalog-encryption-forward-access',
  },
  {
    type: 'aws_glue_catalog_table',
    service: 'glue',
    keyArguments: [],
    keyOf: GLUE_CATALOG_KEY,
    forwarded: { create: GLUE_CATALOG_USE, read: GLUE_CATALOG_USE, update: GLUE_CATALOG_USE, delete: [] },
    otherwise: 'Every reader and writer of the catalog (crawler, Athena user) uses the key through Glue.',
    fact: 'glue-catalog-encryption-forward-access',
  },
  {
    type: 'aws_glue_data_catalog_encryption_settings',
    service: 'glue',
    keyArguments: ['sse_aws_kms_key_id', 'aws_kms_key_id'],
    forwarded: NONE,
    otherwise: 'The settings name the key; the principals that then read and write the catalog use it.',
    fact: 'glue-catalog-encryption-forward-access',
  },
  {
    type: 'aws_glue_security_configuration',
    service: 'glue',
    keyArguments: ['kms_key_arn'],
    forwarded: NONE,
    otherwise: "The crawler's or job's own role uses the keys when it runs.",
    fact: 'glue-catalog-encryption-forward-access',
  },
  {
    type: 'aws_cloudtrail',
    service: 'cloudtrail',
    keyArguments: ['kms_key_id'],
    forwarded: NONE,
    otherwise: "CloudTrail's service principal, as the key policy allows it.",
    fact: 'cloudtrail-key-used-by-service-principal',
  },
  {
    type: 'aws_sns_topic',
    service: 'sns',
    keyArguments: ['kms_master_key_id'],
    forwarded: NONE,
    otherwise: 'Each publisher, when it publishes (CloudWatch alarms through the key policy).',
    fact: 'sns-topic-key-used-by-publishers',
  },
  {
    type: 'aws_sqs_queue',
    service: 'sqs',
    keyArguments: ['kms_master_key_id'],
    forwarded: NONE,
    otherwise: 'Each producer and consumer of a message (S3 notifications through the key policy).',
    fact: 'sqs-queue-key-used-by-producers-and-consumers',
  },
  {
    type: 'aws_athena_workgroup',
    service: 'athena',
    keyArguments: ['kms_key_arn'],
    forwarded: NONE,
    otherwise: 'The principal that runs a query and reads its results.',
    fact: 'athena-results-key-used-by-query-callers',
  },
  {
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    service: 's3',
    keyArguments: ['kms_master_key_id'],
    forwarded: NONE,
    otherwise: 'Each writer and reader of an object (services through their key policy statements).',
    fact: 's3-default-encryption-key-used-by-object-callers',
  },
  {
    type: 'aws_opensearchserverless_security_policy',
    service: 'aoss',
    // An encryption policy's key is named inside its policy document: {"KmsARN": ...}.
    keyArguments: ['KmsARN'],
    forwarded: { create: AOSS_KEY_SELECTION, read: [], update: AOSS_KEY_SELECTION, delete: [] },
    otherwise: 'OpenSearch Serverless uses the grant it made for the collections the policy matches.',
    fact: 'aoss-customer-key-caller-permissions',
  },
  {
    type: 'aws_opensearchserverless_collection',
    service: 'aoss',
    keyArguments: [],
    keyOf: { type: 'aws_opensearchserverless_security_policy', argument: 'KmsARN' },
    forwarded: { create: AOSS_KEY_SELECTION, read: [], update: [], delete: [] },
    otherwise: 'OpenSearch Serverless uses the grant it made; the pipeline and the analysts never call the key.',
    fact: 'aoss-customer-key-caller-permissions',
  },
  {
    type: 'aws_s3_bucket_replication_configuration',
    service: 's3',
    keyArguments: ['replica_kms_key_id'],
    forwarded: NONE,
    otherwise: 'The replication role the configuration names, when S3 replicates.',
    fact: 's3-replication-key-unchecked-at-put',
  },
];

/**
 * The arguments that name a key in a Terraform resource: `kms_key_id`, `kms_key_arn`,
 * `kms_master_key_id`, `key_arn`, `sse_aws_kms_key_id`, `aws_kms_key_id`, `replica_kms_key_id`, and
 * `KmsARN` inside an OpenSearch Serverless encryption policy's document.
 * KMS's own types (a key, an alias, a grant) are not forwarded: their calls are KMS's own.
 */
export const KEY_ARGUMENT = /^((sse_aws_|aws_|replica_)?kms_(master_)?key_(id|arn)|key_arn|KmsARN)$/;

/** The arguments of `resource` (at any depth) that name a key, sorted. */
export function keyArgumentsOf(resource: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) {
        if (KEY_ARGUMENT.test(name) && typeof inner === 'string') found.add(name);
        walk(inner);
      }
    }
  };
  walk(resource);
  return [...found].sort();
}

/**
 * The types of a synthesized stack that name a key and have no row in {@link FORWARD_ACCESS}, with
 * the arguments that name it: each is a service whose use of the deploy role's credentials nobody
 * has looked up.
 */
export function typesWithoutForwardAccessRow(stack: {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}): { type: string; arguments: string[] }[] {
  const rows = new Set(FORWARD_ACCESS.map((row) => row.type));
  const missing: { type: string; arguments: string[] }[] = [];
  for (const [kind, prefix] of [
    [stack.resource, ''],
    [stack.data, 'data.'],
  ] as const) {
    for (const [type, resources] of Object.entries(kind ?? {})) {
      const named = `${prefix}${type}`;
      if (/^aws_kms_/.test(type) || rows.has(named)) continue;
      const args = keyArgumentsOf(Object.values(resources));
      if (args.length > 0) missing.push({ type: named, arguments: args });
    }
  }
  return missing.sort((a, b) => a.type.localeCompare(b.type));
}

export const FORWARD_ACCESS_FACTS: readonly AwsFact[] = [
  {
    id: 'logs-log-group-key-forward-access',
    kind: 'permission',
    subject: 'logs:CreateLogGroup and logs:AssociateKmsKey with a customer managed key',
    fact: "CloudWatch Logs calls KMS on the caller's behalf (kms:ViaService logs.<region>.amazonaws.com), so the role that creates or re-keys a log group needs Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and Describe* on the key through CloudWatch Logs, beside the key policy's grant to the service principal of the Region.",
    consequence:
      "The deploy role's derived policy grants those actions for a log group that names a key on that key only (or the account's keys of the Region when the key is made in the same apply), only with kms:ViaService logs.<region>.amazonaws.com; the provider-code walk evaluates them.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      sentence: 'CloudWatch Logs uses kms:ViaService to make calls to AWS KMS on the customer’s behalf.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'glue-catalog-encryption-forward-access',
    kind: 'permission',
    subject: 'Glue Data Catalog objects under SSE-KMS catalog encryption',
    fact: 'Once the Data Catalog is encrypted with a customer managed key, every principal that reads or writes its databases and tables needs kms:GenerateDataKey, kms:Decrypt and kms:Encrypt on the key (Glue calls KMS for it, through glue.<region>.amazonaws.com); putting the settings and creating a security configuration use no key.',
    consequence:
      "The deploy role's derived policy grants those three actions, through Glue of the Region only, on the catalog key the stack's settings name, for the stack's databases and tables (created after the settings); the crawler's and the investigator's roles hold the same through their own policies.",
    source: {
      url: 'https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html',
      sentence:
        'Any client that accesses or writes to an encrypted catalog—that is, any console user, crawler, job, or development endpoint—needs the following permissions.',
    },
    reliedOnBy: [...RELIED_ON, 'modules/analytics/catalog-encryption.ts'],
    testedBy: [TEST],
  },
  {
    id: 'cloudtrail-key-used-by-service-principal',
    kind: 'permission',
    subject: 'cloudtrail:CreateTrail and UpdateTrail with a KMS key',
    fact: "CloudTrail encrypts log files and describes the key as its own service principal, as the key policy allows it; the caller's credentials are not used for the key (no FAS).",
    consequence:
      "The deploy role's policy holds no KMS action for a trail's key; the key policy names cloudtrail.amazonaws.com for GenerateDataKey* and DescribeKey.",
    source: {
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
      sentence:
        'The policy must allow CloudTrail to use the key to encrypt your log files, digest files, and event data stores, and allow the users you specify to read log files and digest files in unencrypted form.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'sns-topic-key-used-by-publishers',
    kind: 'permission',
    subject: 'sns:CreateTopic and SetTopicAttributes with KmsMasterKeyId',
    fact: 'An encrypted topic uses its key when a message is published: the publisher needs kms:GenerateDataKey and kms:Decrypt. Creating the topic or setting its attributes uses no key (no FAS).',
    consequence:
      "The deploy role's policy holds no KMS action for a topic's key; the alarm topic's key policy admits CloudWatch, the publisher.",
    source: {
      url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
      sentence: 'The publisher must have the kms:GenerateDataKey and kms:Decrypt permissions for the AWS KMS key.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'sqs-queue-key-used-by-producers-and-consumers',
    kind: 'permission',
    subject: 'sqs:CreateQueue and SetQueueAttributes with KmsMasterKeyId',
    fact: 'An encrypted queue uses its key for the messages its producers send and its consumers receive, each with its own permissions on the key; creating the queue or setting its attributes uses no key (no FAS).',
    consequence:
      "The deploy role's policy holds no KMS action for a queue's key; the services that send to the queue are admitted by the key's policy.",
    source: {
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html',
      sentence:
        'For a customer managed KMS key, you must configure the key policy to add permissions for each queue producer and consumer.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'athena-results-key-used-by-query-callers',
    kind: 'permission',
    subject: 'athena:CreateWorkGroup with SSE_KMS results',
    fact: "A workgroup's results key is used when a query runs and its results are read, by the principal doing so (at least kms:GenerateDataKey and kms:Decrypt); creating or updating the workgroup uses no key (no FAS).",
    consequence:
      "The deploy role's policy holds no KMS action for the results key; the investigator role holds GenerateDataKey and Decrypt on it.",
    source: {
      url: 'https://docs.aws.amazon.com/athena/latest/ug/encryption.html',
      sentence:
        'To work with encrypted query results, the minimum allowed actions are kms:GenerateDataKey and kms:Decrypt.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 's3-default-encryption-key-used-by-object-callers',
    kind: 'permission',
    subject: 's3:PutEncryptionConfiguration with SSE-KMS',
    fact: "S3 calls KMS with the caller's credentials (a forward access session) when an object under SSE-KMS is written or read, not when the bucket's default encryption is set: the deploy role, which writes no object, calls no key through S3.",
    consequence:
      "The deploy role's policy holds no KMS action for a bucket's default key; the services that write objects are admitted by the key policies.",
    source: {
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html',
      sentence:
        'For example, FAS is used by Amazon S3 to make calls to AWS Key Management Service to decrypt an object when SSE-KMS was used to encrypt it.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'aoss-customer-key-caller-permissions',
    kind: 'permission',
    subject: 'aoss:CreateSecurityPolicy (encryption) and aoss:CreateCollection under a customer managed key',
    fact: 'OpenSearch Serverless uses a customer managed key on behalf of the principal that selects it for a collection (the encryption policy that names it, the collection it encrypts): that principal needs kms:DescribeKey and kms:CreateGrant on the key, and kms:ListKeys; the key may be held to OpenSearch Serverless with kms:ViaService aoss.<region>.amazonaws.com. The grant it creates allows GenerateDataKey and Decrypt.',
    consequence:
      "The deploy role's derived policy grants kms:CreateGrant and kms:DescribeKey on the search key (the account's keys of the Region, the key being made in the same apply) only with kms:ViaService aoss.<region>.amazonaws.com, for the encryption policy and the collection; kms:ListKeys on \"*\" in the stack's Regions.",
    source: {
      url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-encryption.html',
      sentence:
        'If you select a customer managed key to protect a collection, OpenSearch Serverless gets permission to use the KMS key on behalf of the principal who makes the selection.',
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
  {
    id: 'osis-create-pipeline-passes-its-role',
    kind: 'permission',
    subject: 'osis:CreatePipeline and osis:UpdatePipeline',
    fact: "Creating or updating a pipeline passes the role its configuration names (sts_role_arn) to OpenSearch Ingestion: the caller needs iam:PassRole on that role; the first pipeline of an account also needs iam:CreateServiceLinkedRole (OpenSearch Ingestion's service-linked role).",
    consequence:
      "The deploy role's derived policy grants iam:PassRole on the pipeline role the body names, held to osis-pipelines.amazonaws.com by iam:PassedToService (read from the body's sts_role_arn), and iam:CreateServiceLinkedRole on the account's service-linked roles.",
    source: {
      url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/pipeline-security-overview.html',
      sentence:
        'In addition to the basic osis:* permissions needed to create and modify a pipeline, you also need the iam:PassRole permission for the pipeline role resource.',
    },
    reliedOnBy: [
      'packages/cli/toolkit/deploy-role/resource-actions.ts',
      'packages/cli/toolkit/deploy-role/deploy-policy.ts',
    ],
    testedBy: [TEST],
  },
  {
    id: 's3-replication-key-unchecked-at-put',
    kind: 'permission',
    subject: 's3:PutReplicationConfiguration with a replica KMS key',
    fact: 'S3 does not check the replica key when the replication configuration is put; it uses the key when it replicates, with the replication role the configuration names (no FAS).',
    consequence:
      "The deploy role's policy holds no KMS action for the replica key; the replication role holds Encrypt on it.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/dev/replication-config-for-kms-objects.html',
      sentence: "The PUT Bucket replication API doesn't check the validity of AWS KMS CMKs.",
    },
    reliedOnBy: RELIED_ON,
    testedBy: [TEST],
  },
];
