import { Testing } from 'cdktf';
import { PREVENTION_API_COVERAGE } from '../../modules/catalogs/prevention-api-coverage';
import { awsFact } from '../../modules/core/aws-facts';
import { PREVENTION_FACTS } from '../../modules/core/aws-facts-prevention';
import { buildStacks } from '../../stacks';
import { SESSION_LOGS_WRITER_POLICY_NAME, SESSION_PREFERENCES_DOCUMENT } from '../../modules/core/naming';
import { shippedConfig } from '../support/synth';
import { synthJson } from '../support/stack-json';

/*
 * What the prevention coverage (modules/catalogs/prevention-api-coverage.ts) assumes of our own
 * stacks where it leaves an operation open because the operation cannot touch what we made: each
 * reason that rests on a fact about AWS names it, and the stacks of the full example hold the
 * premise (an organization aggregator, keys with KMS's own material in one Region).
 */

const stacks = buildStacks(Testing.app(), shippedConfig('examples/full.config.json')).map(
  (stack) => synthJson(stack) as { resource?: Record<string, Record<string, Record<string, unknown>>> },
);
const resources = (type: string) => stacks.flatMap((s) => Object.values(s.resource?.[type] ?? {}));

/** The fact ids the record's reasons name (`fact <id>`). */
const named = PREVENTION_API_COVERAGE.flatMap((service) =>
  service.leftOut.flatMap((group) => [...group.reason.matchAll(/\bfact ([a-z0-9-]+)/g)].map((m) => m[1])),
);

describe('the premises of the prevention coverage', () => {
  test('each fact a reason names is in the catalog, and each prevention fact is named by a reason', () => {
    for (const id of named) expect(() => awsFact(id)).not.toThrow();
    for (const fact of PREVENTION_FACTS) expect([fact.id, named.includes(fact.id)]).toEqual([fact.id, true]);
  });

  test('each other layer a group leaves an operation to is in our stacks: the policy statement it names', () => {
    const text = JSON.stringify(stacks);
    const named = PREVENTION_API_COVERAGE.flatMap((service) =>
      service.leftOut.flatMap((group) => (group.deniedBy === undefined ? [] : [group.deniedBy])),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const deniedBy of named) {
      const sid = deniedBy.split(', ').at(-1) ?? '';
      expect([deniedBy, text.includes(sid)]).toEqual([deniedBy, true]);
    }
  });

  test('[config-organization-aggregator-needs-no-authorization] every aggregator of ours aggregates the organization', () => {
    const aggregators = resources('aws_config_configuration_aggregator');
    expect(aggregators.length).toBeGreaterThan(0);
    for (const aggregator of aggregators) {
      expect(aggregator.organization_aggregation_source).toBeDefined();
      expect(aggregator.account_aggregation_source).toBeUndefined();
    }
  });

  test('[kms-import-key-material-needs-key-without-material] [kms-replicate-key-multi-region-only] every key of ours has KMS material, in one Region, in the default key store', () => {
    const keys = resources('aws_kms_key');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.multi_region ?? false).toBe(false);
      expect(key.custom_key_store_id).toBeUndefined();
      expect(key.xks_key_id).toBeUndefined();
    }
    expect(resources('aws_kms_external_key')).toEqual([]);
    expect(resources('aws_kms_replica_key')).toEqual([]);
    expect(resources('aws_kms_replica_external_key')).toEqual([]);
  });

  test('the keys of the trail log group, the alarm topic and the streams are named by ARN, and no grant of ours is made', () => {
    const references = [
      ...resources('aws_cloudwatch_log_group').map((group) => group.kms_key_id),
      ...resources('aws_sns_topic').map((topic) => topic.kms_master_key_id),
      ...resources('aws_kinesis_firehose_delivery_stream').map(
        (stream) => (stream.server_side_encryption as { key_arn?: string } | undefined)?.key_arn,
      ),
    ].filter((reference) => reference !== undefined);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
    expect(resources('aws_kms_grant')).toEqual([]);
  });

  test('every bucket of ours has ACLs off, moves nothing to Intelligent-Tiering, filters no lifecycle rule by tag, and has no report, metadata table, directory bucket or access point', () => {
    const buckets = resources('aws_s3_bucket');
    const ownership = resources('aws_s3_bucket_ownership_controls');
    expect(buckets.length).toBeGreaterThan(0);
    expect(ownership.length).toBe(buckets.length);
    for (const controls of ownership)
      expect((controls.rule as { object_ownership: string }).object_ownership).toBe('BucketOwnerEnforced');
    const rules = resources('aws_s3_bucket_lifecycle_configuration').flatMap(
      (lifecycle) =>
        lifecycle.rule as { transition?: { storage_class: string }[]; filter?: Record<string, unknown>[] }[],
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const transition of rule.transition ?? []) expect(transition.storage_class).not.toBe('INTELLIGENT_TIERING');
      expect(JSON.stringify(rule.filter ?? [])).not.toMatch(/tag/i);
    }
    for (const type of [
      'aws_s3_bucket_inventory',
      'aws_s3_bucket_analytics_configuration',
      'aws_s3_bucket_metric',
      'aws_s3_bucket_intelligent_tiering_configuration',
      'aws_s3_bucket_metadata_configuration',
      'aws_s3_directory_bucket',
      'aws_s3_access_point',
      'aws_s3control_object_lambda_access_point',
      'aws_s3_bucket_request_payment_configuration',
    ])
      expect([type, resources(type)]).toEqual([type, []]);
  });

  test('no log group of ours has a subscription filter, transformer or masking policy, and no delivery of ours relies on a Logs resource policy or a vended-log delivery', () => {
    for (const type of [
      'aws_cloudwatch_log_subscription_filter',
      'aws_cloudwatch_log_data_protection_policy',
      'aws_cloudwatch_log_transformer',
      'aws_cloudwatch_log_resource_policy',
      'aws_cloudwatch_log_delivery',
      'aws_cloudwatch_log_delivery_source',
      'aws_cloudwatch_log_delivery_destination',
      'aws_cloudwatch_log_anomaly_detector',
      'aws_cloudwatch_log_index_policy',
    ])
      expect([type, resources(type)]).toEqual([type, []]);
    expect(resources('aws_cloudwatch_query_definition').length).toBeGreaterThan(0);
  });

  test("the alarms' topic is subscribed by email only, with no data protection policy of ours, and we make no dashboard, metric stream or insight rule", () => {
    const subscriptions = resources('aws_sns_topic_subscription');
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) expect(subscription.protocol).toBe('email');
    for (const type of [
      'aws_sns_topic_data_protection_policy',
      'aws_cloudwatch_dashboard',
      'aws_cloudwatch_metric_stream',
      'aws_cloudwatch_contributor_insight_rule',
    ])
      expect([type, resources(type)]).toEqual([type, []]);
  });

  test('[kms-rotation-keeps-earlier-material] every key of ours that rotates is a symmetric encryption key, the kind whose rotation keeps its earlier material', () => {
    for (const key of resources('aws_kms_key').filter((k) => k.enable_key_rotation === true)) {
      expect(key.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    }
  });
});

describe('the premises of the prevention coverage of IAM, EventBridge, Systems Manager and Account Management', () => {
  test('[account-primary-email-update-management-only] we register no delegated administrator for Account Management', () => {
    const delegated = resources('aws_organizations_delegated_administrator').map((d) => d.service_principal);
    expect(delegated).not.toContain('account.amazonaws.com');
  });

  test('we make no IAM user, group, instance profile, identity provider or server certificate, and the session logs writer policy is ours', () => {
    for (const type of [
      'aws_iam_user',
      'aws_iam_group',
      'aws_iam_instance_profile',
      'aws_iam_openid_connect_provider',
      'aws_iam_saml_provider',
      'aws_iam_server_certificate',
      'aws_iam_service_linked_role',
    ])
      expect([type, resources(type)]).toEqual([type, []]);
    expect(resources('aws_iam_policy').map((policy) => policy.name)).toContain(SESSION_LOGS_WRITER_POLICY_NAME);
  });

  test('our EventBridge rules are on the default bus with a Firehose target, and we make no bus, bus policy, API destination, connection, endpoint or archive', () => {
    const rules = resources('aws_cloudwatch_event_rule');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.event_bus_name ?? 'default').toBe('default');
    for (const target of resources('aws_cloudwatch_event_target')) expect(String(target.arn)).toMatch(/firehose/);
    for (const type of [
      'aws_cloudwatch_event_bus',
      'aws_cloudwatch_event_bus_policy',
      'aws_cloudwatch_event_permission',
      'aws_cloudwatch_event_api_destination',
      'aws_cloudwatch_event_connection',
      'aws_cloudwatch_event_endpoint',
      'aws_cloudwatch_event_archive',
    ])
      expect([type, resources(type)]).toEqual([type, []]);
  });

  test('our only Systems Manager resources are the Session Manager preferences documents, and we make no parameter, association, maintenance window, patch baseline, resource data sync or activation', () => {
    const documents = resources('aws_ssm_document');
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      expect(document.name).toBe(SESSION_PREFERENCES_DOCUMENT);
      expect(document.document_type).toBe('Session');
    }
    const ssmTypes = stacks.flatMap((s) => Object.keys(s.resource ?? {})).filter((type) => type.startsWith('aws_ssm_'));
    expect([...new Set(ssmTypes)]).toEqual(['aws_ssm_document']);
  });
});

describe('the premises of the prevention coverage of the search tier', () => {
  test('our access policy names IAM roles only, our collection is in no collection group and we make no security config', () => {
    const policies = resources('aws_opensearchserverless_access_policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const principals = (JSON.parse(policy.policy as string) as { Principal: string[] }[]).flatMap((r) => r.Principal);
      for (const principal of principals) expect(principal).toMatch(/^arn:aws:iam::\d{12}:role\//);
    }
    for (const collection of resources('aws_opensearchserverless_collection'))
      expect(collection.collection_group_name).toBeUndefined();
    for (const type of ['aws_opensearchserverless_security_config', 'aws_opensearchserverless_collection_group'])
      expect([type, resources(type)]).toEqual([type, []]);
  });

  test('our pipeline pulls every source from S3 through SQS, and we make no pipeline endpoint or resource policy', () => {
    const pipelines = resources('aws_osis_pipeline');
    expect(pipelines.length).toBeGreaterThan(0);
    for (const pipeline of pipelines) {
      const body = JSON.parse(pipeline.pipeline_configuration_body as string) as Record<string, unknown>;
      const sources = Object.entries(body)
        .filter(([name]) => name !== 'version')
        .map(([, sub]) => (sub as { source: Record<string, { notification_type?: string }> }).source);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(source.s3?.notification_type).toBe('sqs');
    }
    for (const type of ['aws_osis_pipeline_endpoint', 'aws_osis_resource_policy'])
      expect([type, resources(type)]).toEqual([type, []]);
  });

  test("[eventbridge-aws-source-reserved] our findings rule matches Security Hub's own source only", () => {
    const rules = resources('aws_cloudwatch_event_rule') as { event_pattern?: string }[];
    const patterns = rules.map((rule) => JSON.parse(rule.event_pattern ?? '{}') as { source?: string[] });
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      expect(pattern.source?.length).toBeGreaterThan(0);
      for (const source of pattern.source ?? []) expect(source).toMatch(/^aws\./);
    }
  });

  test('[securityhub-findings-imported-on-every-update] our findings rule takes every imported finding, with no filter on the finding', () => {
    const patterns = (resources('aws_cloudwatch_event_rule') as { event_pattern?: string }[])
      .map((rule) => JSON.parse(rule.event_pattern ?? '{}') as Record<string, unknown>)
      .filter((pattern) => JSON.stringify(pattern.source) === '["aws.securityhub"]');
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns)
      expect(pattern).toEqual({ source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'] });
  });

  test('our search queues set no redrive policy nor redrive allow policy', () => {
    const queues = resources('aws_sqs_queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      expect(queue.redrive_policy).toBeUndefined();
      expect(queue.redrive_allow_policy).toBeUndefined();
    }
    expect(resources('aws_sqs_queue_redrive_allow_policy')).toEqual([]);
  });
});
