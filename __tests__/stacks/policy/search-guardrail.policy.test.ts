import { Testing } from 'cdktf';
import { GUARDRAILS_STACK_NAME, LOG_ARCHIVE_STACK_NAME } from '../../../modules/core/naming';
import { buildStacks } from '../../../stacks';
import { resourceOf } from '../../support/stack-json';
import { BREAK_GLASS_ARN, GUARDRAILS_TEST_CONFIG, ORG_ACCOUNTS } from './guardrails-cases';
import { ARCHIVE, MANAGEMENT, ORG, PAYMENTS } from './log-archive-cases';
import { GuardrailAttachments } from './organization-layers';
import { configOf, Decision, evaluate, parseTerraformPolicy, role } from './simulate';
import { synthJson } from '../../support/stack-json';

/*
 * The search tier under the guardrails, through every layer AWS applies (the caller's identity
 * policy, the SCPs of its account, the RCPs of the resource's, the key policy): the log archive's
 * administrator can neither delete, stop nor narrow the tier; the deploy role, which applies and
 * removes it, still can; the pipeline's own operation (its queues, its network policy, which
 * OpenSearch Ingestion writes with the pipeline role [osis-network-policy-name-is-the-pipelines])
 * goes on; and an administrator of another account keeps their own OpenSearch.
 */

const config = configOf({
  ...GUARDRAILS_TEST_CONFIG,
  logArchive: {
    ...GUARDRAILS_TEST_CONFIG.logArchive,
    search: { analystRoleArns: [`arn:aws:iam::${ARCHIVE}:role/analyst`] },
  },
});
const stacks = buildStacks(Testing.app(), config);
const synthOf = (name: string) => synthJson(stacks.find((s) => s.node.id === name) as any);
const guardrails = new GuardrailAttachments(synthOf(GUARDRAILS_STACK_NAME), {
  accounts: ORG_ACCOUNTS,
  managementAccountId: MANAGEMENT,
});
const archiveSynth = synthOf(LOG_ARCHIVE_STACK_NAME);

const REGION = config.homeRegion;
const COLLECTION = `arn:aws:aoss:${REGION}:${ARCHIVE}:collection/0a1b2c3d4e5f60718293`;
const PIPELINE = `arn:aws:osis:${REGION}:${ARCHIVE}:pipeline/audit-logs`;
const QUEUE = `arn:aws:sqs:${REGION}:${ARCHIVE}:audit-search-cloudtrail`;
const SEARCH_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4`;
const DEAD_LETTER = `arn:aws:s3:::audit-search-dlq-${ARCHIVE}-${REGION}/cloudtrail/x.json`;
const LOG_BUCKET = `arn:aws:s3:::${config.logArchive.bucketName}`;

/** The search key's policy as synthesized: it delegates to IAM, so the account's policies and the SCPs decide. */
const searchKeyPolicy = parseTerraformPolicy(resourceOf(archiveSynth, 'aws_kms_key', 'search_key').policy);
/** The pipeline role's own policy, with the collection's ARN Terraform fills in at apply. */
const pipelinePolicy = parseTerraformPolicy(
  resourceOf(archiveSynth, 'aws_iam_role_policy', 'search_ingestion_role-policy')
    .policy.replace(/\$\{aws_opensearchserverless_collection\.[^}]+\.arn\}/g, COLLECTION)
    .replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, SEARCH_KEY),
);

/** The decision for `roleName` of `account` (AdministratorAccess unless an identity policy is given). */
async function decide(
  account: string,
  roleName: string,
  action: string,
  resource: string,
  options: { context?: Record<string, string>; identityPolicy?: unknown } = {},
): Promise<Decision> {
  const resourceAccount = resource.startsWith('arn:aws:s3:::') ? ARCHIVE : resource.split(':')[4] || account;
  const { decision } = await evaluate(
    action.startsWith('kms:') ? searchKeyPolicy : undefined,
    resourceAccount,
    {
      caller: role(account, roleName, { orgId: ORG, identityPolicy: options.identityPolicy }),
      action,
      resource,
      context: { 'aws:RequestedRegion': REGION, ...options.context },
    },
    guardrails.layersFor(account, resourceAccount),
  );
  return decision;
}

/** What silences or narrows the tier, each on a resource of the tier, with the context keys the call sends. */
const SILENCING: [string, string, Record<string, string>][] = [
  ['aoss:DeleteCollection', COLLECTION, {}],
  ['aoss:UpdateAccessPolicy', '*', { 'aoss:collection': 'audit-logs' }],
  ['aoss:DeleteLifecyclePolicy', '*', { 'aoss:index': 'cloudtrail' }],
  ['aoss:UpdateSecurityPolicy', '*', { 'aoss:collection': 'audit-logs' }],
  ['aoss:DeleteSecurityPolicy', '*', { 'aoss:collection': 'audit-logs' }],
  ['aoss:CreateSecurityPolicy', '*', { 'aoss:collection': 'audit-logs' }],
  ['aoss:DeleteIndex', '*', {}],
  ['aoss:UpdateAccountSettings', '*', {}],
  ['osis:DeletePipeline', PIPELINE, {}],
  ['osis:StopPipeline', PIPELINE, {}],
  ['osis:UpdatePipeline', PIPELINE, {}],
  ['sqs:DeleteQueue', QUEUE, {}],
  ['sqs:PurgeQueue', QUEUE, {}],
  ['sqs:SetQueueAttributes', QUEUE, {}],
  ['sqs:ReceiveMessage', QUEUE, {}],
  ['sqs:DeleteMessage', QUEUE, {}],
  ['s3:PutBucketNotification', LOG_BUCKET, {}],
  ['s3:PutBucketNotification', `${LOG_BUCKET}-member-logs`, {}],
  ['s3:DeleteObject', DEAD_LETTER, {}],
  ['kms:RevokeGrant', SEARCH_KEY, {}],
];

describe('[aoss-policy-actions-unscoped] [aoss-grant-revocation-blinds-collection] the search tier under the guardrails, through every layer', () => {
  test.each(SILENCING)("the log archive's administrator is denied %s on %s", async (action, resource, context) => {
    expect(await decide(ARCHIVE, 'team-admin', action, resource, { context })).toBe('ExplicitlyDenied');
  });

  test.each(SILENCING.filter(([action]) => !['sqs:ReceiveMessage', 'sqs:DeleteMessage'].includes(action)))(
    'the deploy role, which applies and removes the tier, may %s on %s',
    async (action, resource, context) => {
      expect(await decide(ARCHIVE, config.deployment.roleName, action, resource, { context })).toBe('Allowed');
    },
  );

  test('[sqs-receive-hides-from-other-consumers] break-glass may drain a queue; the deploy role may not', async () => {
    const breakGlass = BREAK_GLASS_ARN.split(':role/')[1];
    expect(await decide(ARCHIVE, breakGlass, 'sqs:ReceiveMessage', QUEUE)).toBe('Allowed');
    expect(await decide(ARCHIVE, config.deployment.roleName, 'sqs:ReceiveMessage', QUEUE)).toBe('ExplicitlyDenied');
  });

  test("[sqs-move-task-source-is-the-dlq] the archive's administrator may not move a search queue's messages out; break-glass may", async () => {
    expect(await decide(ARCHIVE, 'team-admin', 'sqs:StartMessageMoveTask', QUEUE)).toBe('ExplicitlyDenied');
    expect(await decide(ARCHIVE, BREAK_GLASS_ARN.split(':role/')[1], 'sqs:StartMessageMoveTask', QUEUE)).toBe(
      'Allowed',
    );
  });

  test("the pipeline's own operation goes on: its queues, and its own network policy for our collection", async () => {
    const asPipeline = (action: string, resource: string, context?: Record<string, string>) =>
      decide(ARCHIVE, 'audit-search-pipeline', action, resource, { context, identityPolicy: pipelinePolicy });
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
      expect(await asPipeline(action, QUEUE)).toBe('Allowed');
    }
    for (const action of ['aoss:CreateSecurityPolicy', 'aoss:UpdateSecurityPolicy']) {
      expect(await asPipeline(action, '*', { 'aoss:collection': 'audit-logs' })).toBe('Allowed');
    }
    expect(await asPipeline('aoss:APIAccessAll', COLLECTION)).toBe('Allowed');
    expect(await asPipeline('s3:PutObject', DEAD_LETTER)).toBe('Allowed');
    // ...and the guardrail still stands between it and the rest of the tier.
    expect(await asPipeline('aoss:DeleteSecurityPolicy', '*', { 'aoss:collection': 'audit-logs' })).not.toBe('Allowed');
    expect(await asPipeline('osis:StopPipeline', PIPELINE)).not.toBe('Allowed');
  });

  test("another account's administrator keeps their own OpenSearch: the policy binds the log archive account alone", async () => {
    const own = (resource: string) => resource.replace(ARCHIVE, PAYMENTS);
    expect(await decide(PAYMENTS, 'team-admin', 'aoss:DeleteCollection', own(COLLECTION))).toBe('Allowed');
    expect(await decide(PAYMENTS, 'team-admin', 'osis:StopPipeline', own(PIPELINE))).toBe('Allowed');
    expect(await decide(PAYMENTS, 'team-admin', 'sqs:PurgeQueue', own(QUEUE))).toBe('Allowed');
  });
});
