import { formatArn } from './arn';
import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the search tier: OpenSearch Serverless (the collection
 * and its policies) and OpenSearch Ingestion (the pipeline and its role), and the S3 notifications
 * that feed it. Each is cited and pinned by a test. What AWS checks of names and documents comes
 * from the API reference (botocore's opensearchserverless 2021-11-01 and osis 2022-01-01 agree).
 */

const GUIDE = 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide';
const AOSS_API = 'https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference';
const OSIS_API = 'https://docs.aws.amazon.com/opensearch-service/latest/APIReference';
const NAMES = 'modules/search/search-names.ts';
const COLLECTION = 'modules/search/search-collection.ts';
const COLLECTION_POLICIES = 'modules/search/collection-policies.ts';
const INGESTION = 'modules/search/search-ingestion.ts';
const INGESTION_POLICIES = 'modules/search/ingestion-policies.ts';
const PIPELINE_CONFIGURATION = 'modules/search/pipeline-configuration.ts';
const TIER = 'modules/search/search-tier.ts';
const DOCS = 'docs/search.md';
const TIER_TEST = '__tests__/search/search-tier.test.ts';
const PIPELINE_TEST = '__tests__/search/pipeline-configuration.test.ts';
const POLICY_TEST = '__tests__/stacks/policy/search.policy.test.ts';
const GUARDRAIL = 'modules/guardrails/search-protection.ts';
const GUARDRAIL_TEST = '__tests__/stacks/policy/search-guardrail.policy.test.ts';
const COST = 'packages/cli/toolkit/cost/search-cost.ts';
const COST_TEST = '__tests__/toolkit/cost/cost.test.ts';
const REVIEW = 'packages/cli/toolkit/review/search-floor.ts';
const REVIEW_TEST = '__tests__/toolkit/review/search-floor.test.ts';

/** The OpenSearch Ingestion service principal, which assumes the pipeline role. */
export const OSIS_SERVICE_PRINCIPAL = 'osis-pipelines.amazonaws.com';

/**
 * The trust condition that admits OpenSearch Ingestion for the pipelines of one account and Region
 * only (fact `osis-trust-source-account-and-arn`).
 */
export function osisSourceConditions(source: { partition: string; region: string; accountId: string }) {
  return {
    StringEquals: { 'aws:SourceAccount': source.accountId },
    ArnLike: {
      'aws:SourceArn': formatArn({
        partition: source.partition,
        service: 'osis',
        region: source.region,
        account: source.accountId,
        resource: 'pipeline',
        resourceName: '*',
      }),
    },
  } as const;
}

export const SEARCH_FACTS: readonly AwsFact[] = [
  {
    id: 'osis-trust-source-account-and-arn',
    kind: 'condition-keys',
    subject: 'osis-pipelines.amazonaws.com assumes the pipeline role',
    fact: "OpenSearch Ingestion sends aws:SourceAccount (the pipeline's owner) and aws:SourceArn (the pipeline's ARN, arn:<partition>:osis:<region>:<account>:pipeline/<name>) when it assumes a pipeline role.",
    consequence:
      "The pipeline role trusts the service only for the pipelines of the log archive account in its Region (aws:SourceAccount, and aws:SourceArn like pipeline/*): another account's pipeline naming our role is refused.",
    source: {
      url: `${GUIDE}/pipeline-collection-access.html`,
      sentence:
        'In addition, we recommend that you add the aws:SourceAccount and aws:SourceArn condition keys to the policy to protect yourself against the confused deputy problem.',
    },
    reliedOnBy: [INGESTION, 'modules/core/aws-facts-search.ts'],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'osis-pipeline-role-named-in-yaml',
    kind: 'scope',
    subject: 'OpenSearch Ingestion pipeline role',
    fact: "A pipeline's role is named in its YAML configuration (sts_role_arn of each source and sink), not by a field of the pipeline resource; the role reads the sources and writes the sink.",
    consequence:
      'Every component of every sub-pipeline names the one pipeline role, and a test parses the body and checks that no other role appears; the role holds every permission the pipeline needs (archive reads, queues, collection, dead letters).',
    source: {
      url: `${GUIDE}/pipeline-security-overview.html`,
      sentence:
        "The pipeline role, which you specify within the pipeline's YAML configuration, provides the required permissions for a pipeline to write to the domain or collection sink and read from pull-based sources.",
    },
    reliedOnBy: [PIPELINE_CONFIGURATION, INGESTION_POLICIES],
    testedBy: [PIPELINE_TEST, POLICY_TEST],
  },
  {
    id: 'osis-network-policy-name-is-the-pipelines',
    kind: 'side-effect',
    subject: 'osis:CreatePipeline with an OpenSearch Serverless sink',
    fact: "A pipeline writing to a collection reaches it through a VPC endpoint the ingestion service creates, which a network policy must admit: the pipeline's sink names that policy (network_policy_name), and the service writes its endpoint into it.",
    consequence:
      "The pipeline names a network policy of its own (audit-logs-pipeline) that Terraform never manages, so the service's edits never show as drift; the pipeline role may create, read and update security policies for our collection only (aoss:collection).",
    source: {
      url: `${GUIDE}/pipeline-collection-access.html`,
      sentence:
        'Therefore, when you create a pipeline that has an OpenSearch Serverless collection sink, you must provide the name of the associated network policy using the network_policy_name option.',
    },
    reliedOnBy: [PIPELINE_CONFIGURATION, INGESTION_POLICIES, 'modules/core/naming.ts', GUARDRAIL],
    testedBy: [PIPELINE_TEST, POLICY_TEST, GUARDRAIL_TEST],
  },
  {
    id: 'aoss-collection-has-a-network-policy',
    kind: 'scope',
    subject: 'OpenSearch Serverless network policies',
    fact: 'Every collection has at least one network access policy; without one that admits a source, nothing reaches the collection from it.',
    consequence:
      "Without a configured VPC endpoint the tier creates no network policy of its own: the pipeline's policy is the collection's one, and it admits the pipeline alone (no public access). With an endpoint, a second policy admits that endpoint only, for the collection and its dashboards, AllowFromPublic false.",
    source: {
      url: `${GUIDE}/pipeline-collection-access.html`,
      sentence:
        'Each collection that you create in OpenSearch Serverless has at least one network access policy associated with it.',
    },
    reliedOnBy: [COLLECTION, COLLECTION_POLICIES],
    testedBy: [TIER_TEST],
  },
  {
    id: 'aoss-unique-key-own-capacity',
    kind: 'default',
    subject: 'OpenSearch Serverless capacity (OCUs) and KMS keys',
    fact: "Collections share the account's OpenSearch Compute Units, except collections under a KMS key of their own, which get a set of their own.",
    consequence:
      "The tier has one search key for its collection, queues and dead letters: a second key would double the capacity floor. Every collection of the archive's encryption policy names that one key.",
    source: {
      url: `${GUIDE}/serverless-scaling.html`,
      sentence:
        'All subsequent collections can share these OCUs (except for collections with unique AWS KMS keys, which instantiate their own set of four OCUs).',
    },
    reliedOnBy: [TIER, COLLECTION_POLICIES],
    testedBy: [TIER_TEST],
  },
  {
    id: 'aoss-capacity-floor',
    kind: 'default',
    subject: 'OpenSearch Serverless capacity floor',
    fact: 'The first collection brings four OpenSearch Compute Units (two for indexing, two for search) that exist even when nothing is indexed or searched.',
    consequence:
      'search is off by default; its config docs and docs/search.md say the tier costs hundreds of USD a month even idle. standbyReplicas false (for non-production organizations) lowers the floor: cost prices it from aoss-floor-with-standby and aoss-floor-without-standby.',
    source: {
      url: `${GUIDE}/serverless-scaling.html`,
      sentence:
        'When you create your first collection, OpenSearch Serverless instantiates a total of four OCUs (two for indexing and two for search).',
    },
    reliedOnBy: [TIER, 'modules/org-config/schema/search.ts', DOCS],
    testedBy: [TIER_TEST],
  },
  {
    id: 'aoss-floor-with-standby',
    kind: 'default',
    subject: 'OpenSearch Serverless capacity floor, standby replicas on',
    fact: "With redundancy (standby replicas) on, the account's capacity scales down to no less than 1 OCU for indexing (0.5 OCU x 2) and 1 OCU for search (0.5 OCU x 2), billed even idle. (The stored copy of the page is AWS's Chinese translation; the English page's copy was not found here.)",
    consequence:
      "cost prices the collection's floor at 2 OCUs every hour of the month with standbyReplicas true (the default), beside the pipeline's; the first-deploy review (plan-summary) states it when the collection is created.",
    source: {
      url: 'https://docs.aws.amazon.com/zh_cn/opensearch-service/latest/developerguide/serverless-scaling.html',
      sentence: '启用冗余后,用于索引的 OCU 容量缩小到最少 1 个 OCU [0.5 OCU x 2],用于搜索,1 个 OCU [0.5 OCU x 2]。',
    },
    reliedOnBy: [COST, REVIEW, DOCS],
    testedBy: [COST_TEST, REVIEW_TEST],
  },
  {
    id: 'aoss-floor-without-standby',
    kind: 'default',
    subject: 'OpenSearch Serverless capacity floor, standby replicas off',
    fact: 'With redundancy (standby replicas) off, the capacity can scale down to 0.5 OCU for indexing and 0.5 OCU for search: half the floor with them. (The page in its Chinese translation, as aoss-floor-with-standby.)',
    consequence:
      "cost prices the collection's floor at 1 OCU every hour with standbyReplicas false, and states both floors so the choice is made knowing them.",
    source: {
      url: 'https://docs.aws.amazon.com/zh_cn/opensearch-service/latest/developerguide/serverless-scaling.html',
      sentence: '禁用冗余功能后,您的域名可以缩小到 0.5 OCU 用于索引,将搜索缩小到 0.5 OCU。',
    },
    reliedOnBy: [COST, REVIEW, DOCS],
    testedBy: [COST_TEST, REVIEW_TEST],
  },
  {
    id: 'osis-billed-for-units-in-use',
    kind: 'default',
    subject: 'OpenSearch Ingestion pipeline capacity (Ingestion OCUs)',
    fact: 'A pipeline scales between its minimum and maximum Ingestion OCUs (the minimum is also where it starts) and is billed for the units it uses at any time: at least its minimum, every hour it runs.',
    consequence:
      "The pipeline's minimum is 1 unit (its floor, priced by cost every hour of the month) and maxPipelineUnits its most (the report names that bound); more units than the floor follow the load and are not estimated.",
    source: {
      url: `${GUIDE}/ingestion-scaling.html`,
      sentence:
        "At any specific time, you're charged only for the Ingestion OCUs that are being actively used by your pipeline.",
    },
    reliedOnBy: [INGESTION, COST],
    testedBy: [COST_TEST],
  },
  {
    id: 'aoss-names-3-to-32',
    kind: 'scope',
    subject:
      'aoss:CreateCollection, CreateSecurityPolicy, CreateAccessPolicy, CreateLifecyclePolicy, CreateVpcEndpoint',
    fact: 'OpenSearch Serverless names (collections, policies, VPC endpoints) are 3 to 32 characters matching [a-z][a-z0-9-]+; a policy document is at most 20,480 characters.',
    consequence:
      'The collection construct refuses a name AWS would refuse, and one whose policy names (<name>-encryption, the longest) would be too long; a data access policy over 20,480 characters (too many analyst roles) is refused at synth.',
    source: {
      url: `${AOSS_API}/API_CreateSecurityPolicy.html`,
      sentence: 'Length Constraints: Minimum length of 3. Maximum length of 32.',
    },
    reliedOnBy: [NAMES, COLLECTION],
    testedBy: [TIER_TEST],
  },
  {
    id: 'osis-pipeline-name-3-to-28',
    kind: 'scope',
    subject: 'osis:CreatePipeline PipelineName',
    fact: 'An OpenSearch Ingestion pipeline name is 3 to 28 characters matching [a-z][a-z0-9-]+.',
    consequence: 'The ingestion construct refuses a pipeline name AWS would refuse, at synth.',
    source: {
      url: `${OSIS_API}/API_osis_CreatePipeline.html`,
      sentence: 'Length Constraints: Minimum length of 3. Maximum length of 28.',
    },
    reliedOnBy: [NAMES, INGESTION],
    testedBy: [TIER_TEST],
  },
  {
    id: 'aoss-timeseries-assigns-document-ids',
    kind: 'default',
    subject: 'OpenSearch Serverless TIMESERIES collections',
    fact: 'A TIMESERIES collection assigns its own document ids; a write that names a document id is not kept under that id.',
    consequence:
      'The pipeline sets no document_id (nor any option naming one): every document is appended, and a re-delivered object is indexed twice rather than overwritten.',
    source: {
      url: 'https://docs.aws.amazon.com/solutions/latest/migration-assistant-for-amazon-opensearch-service/mts-collection-types.html',
      sentence: 'Server-generated IDs (source document IDs are not preserved).',
    },
    reliedOnBy: [PIPELINE_CONFIGURATION],
    testedBy: [PIPELINE_TEST],
  },
  {
    id: 'aoss-lifecycle-retention-up-to-3650-days',
    kind: 'scope',
    subject: 'aoss:CreateLifecyclePolicy (retention)',
    fact: 'A lifecycle rule keeps the documents of its indexes at least MinIndexRetention, from 24h to 3650d, or forever (NoMinIndexRetention); deletion after it is best effort.',
    consequence:
      "Each index's rule takes the archive's expireAfterDays, at most 3650d (synth warns when the archive keeps objects longer), and NoMinIndexRetention when the archive keeps them forever.",
    source: {
      url: `${GUIDE}/serverless-lifecycle.html`,
      sentence: 'You can set this period to be from 24h to 3650d.',
    },
    reliedOnBy: [COLLECTION_POLICIES, COLLECTION],
    testedBy: [TIER_TEST],
  },
  {
    id: 'aoss-lifecycle-timeseries-only',
    kind: 'scope',
    subject: 'OpenSearch Serverless collection types',
    fact: 'Only TIMESERIES collections take data lifecycle policies; SEARCH and VECTORSEARCH collections keep their documents until deleted.',
    consequence:
      "The collection is TIMESERIES, so the archive's retention applies to the indexes too; a SEARCH collection would keep every document forever.",
    source: {
      url: `${GUIDE}/serverless-lifecycle.html`,
      sentence: 'Only time series collections support data lifecycle policies.',
    },
    reliedOnBy: [COLLECTION],
    testedBy: [TIER_TEST],
  },
  {
    id: 's3-notifications-need-queue-policy',
    kind: 'permission',
    subject: 's3.amazonaws.com sends object notifications to an SQS queue',
    fact: 'S3 delivers event notifications to a queue only if the queue policy lets the S3 service principal send to it.',
    consequence:
      "Each source queue's policy lets s3.amazonaws.com send only for its one archive bucket (aws:SourceArn) of the archive account (aws:SourceAccount), and the notification configuration waits for the queue policies.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html',
      sentence:
        'You must grant the Amazon S3 principal the necessary permissions to call the relevant API to publish messages to an SNS topic, an SQS queue, or a Lambda function.',
    },
    reliedOnBy: [INGESTION, INGESTION_POLICIES],
    testedBy: [POLICY_TEST],
  },
  {
    id: 's3-notification-destination-verified-at-put',
    kind: 'ordering',
    subject: 's3:PutBucketNotificationConfiguration with SQS destinations',
    fact: 'S3 verifies, when a notification configuration is put, that each SNS or SQS destination exists and that the bucket owner may publish to it (a test notification), and refuses the configuration otherwise.',
    consequence:
      "Each notification configuration refers to its queues and depends on their policies, so Terraform puts it after them and, when search is turned off, removes it before them: no bucket is left naming a queue that is gone. The harness's S3 refuses a configuration whose queue does not exist or admit it (moto_search_apis.py item 37), and the moto run applies the tier and its removal.",
    source: {
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html',
      sentence:
        'After Amazon S3 receives this request, it first verifies that any Amazon Simple Notification Service (Amazon SNS) or Amazon Simple Queue Service (Amazon SQS) destination exists, and that the bucket owner has permission to publish to it by sending a test notification.',
    },
    reliedOnBy: [INGESTION, 'e2e/harness/moto_search_apis.py'],
    testedBy: ['__tests__/search/search-removal-order.test.ts', '__tests__/search/search-tier.moto.test.ts'],
  },
  {
    id: 'aoss-policy-actions-unscoped',
    kind: 'permission',
    subject:
      'aoss:Create/Update/DeleteSecurityPolicy, AccessPolicy and LifecyclePolicy, Update/DeleteIndex, UpdateAccountSettings',
    fact: 'OpenSearch Serverless\'s policy, index and account-settings actions have no resource type: a statement about them names every resource ("*"). The security policy actions serve encryption and network policies alike, and their only key, aoss:collection, names a collection, not a policy type.',
    consequence:
      'The search protection denies them on every resource, in an SCP attached to the log archive account alone (which holds no other collection): an administrator elsewhere keeps their own OpenSearch. The pipeline role is spared from the security policy deny, for the network policy OpenSearch Ingestion writes with it.',
    source: {
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchserverless.html',
      sentence:
        'If there is no value for this column, you must specify all resources ("*") to which the policy applies in the Resource element of the policy statement.',
    },
    reliedOnBy: [GUARDRAIL],
    testedBy: [GUARDRAIL_TEST],
  },
  {
    id: 'aoss-grant-revocation-blinds-collection',
    kind: 'side-effect',
    subject: "OpenSearch Serverless's grant on a customer managed key",
    fact: 'OpenSearch Serverless uses a customer managed key through a KMS grant; once the grant is revoked, it can read none of the data that key encrypts.',
    consequence:
      "With the search tier, the search protection denies kms:RevokeGrant and kms:RetireGrant on the log archive account's keys (the search key is one) to all but the deploy role and break-glass.",
    source: {
      url: `${GUIDE}/serverless-encryption.html`,
      sentence:
        "If you do, OpenSearch Serverless won't be able to access any of the data encrypted by the customer managed key, which affects all the operations that are dependent on that data, leading to AccessDeniedException errors and failures in the asynchronous workflows.",
    },
    reliedOnBy: [GUARDRAIL],
    testedBy: [GUARDRAIL_TEST],
  },
  {
    id: 'sqs-receive-hides-from-other-consumers',
    kind: 'side-effect',
    subject: 'sqs:ReceiveMessage, sqs:DeleteMessage',
    fact: 'A message received from a queue is hidden from every other consumer for the visibility timeout, and one the receiver deletes never reaches them.',
    consequence:
      "Anyone who may receive and delete a search queue's messages takes the notifications from the pipeline, and those objects are never indexed: only the pipeline role and break-glass may consume the queues (the deploy role too is denied).",
    source: {
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html',
      sentence:
        'When a message is received from a queue, it becomes temporarily invisible to other consumers for the duration of the visibility timeout.',
    },
    reliedOnBy: [GUARDRAIL],
    testedBy: [GUARDRAIL_TEST],
  },
  {
    id: 'sqs-move-task-source-is-the-dlq',
    kind: 'permission',
    subject: 'sqs:StartMessageMoveTask',
    fact: "A message move task's source is the dead-letter queue, and its destination any queue the caller names (or the queues the messages came from).",
    consequence:
      "A search queue becomes a dead-letter queue when a queue of one's own names it in its redrive policy (ours set no redrive allow policy, so any queue of the account may), and a move task then takes the notifications to one's own queue: the search protection denies sqs:StartMessageMoveTask on the search queues, whatever the task's other checks are (aws-review F28).",
    source: {
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html',
      sentence:
        'In dead-letter queues redrive context, the StartMessageMoveTask the source queue is the DLQ, while the destination queue can be the original source queue (from which the messages were driven to the dead-letter-queue), or a custom destination queue.',
    },
    reliedOnBy: [GUARDRAIL],
    testedBy: [GUARDRAIL_TEST],
  },
];
