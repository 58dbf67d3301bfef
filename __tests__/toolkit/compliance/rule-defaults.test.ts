import { complianceEvidence } from '../../../packages/cli/toolkit/compliance/evidence';
import type { ComplianceRule, ControlStatus } from '../../../packages/cli/toolkit/compliance/rule';
import { COMPLIANCE_RULES, EVASION_RULES } from '../../../packages/cli/toolkit/compliance/rules';
import type { SynthesizedStack } from '../../../packages/cli/toolkit/compliance/stack-json';
import { shippedConfig, synthesizedStacks } from '../../support/synth';

/*
 * Each rule of the control matrix, run on the synthesized stacks of examples/full.config.json with
 * each attribute it reads removed, as a stack written by hand or by another tool may leave it: the
 * verdict must be the one of the provider's default. Which attributes a rule reads is observed (the
 * stacks are read through a proxy), not listed; what the provider does without one is the table
 * below, so an attribute a rule starts to read fails here until its default is recorded.
 */

/** What Terraform's AWS provider (5.100.0, the version the stacks pin) does without an argument. */
type WithoutIt =
  /** It applies `value`: the verdict without the argument is the verdict with `value`. */
  | { readonly kind: 'default'; readonly value: unknown; readonly source: string }
  /** Nothing is set: a stack met with it is met without it only when `met`. */
  | { readonly kind: 'unset'; readonly met: boolean; readonly means: string; readonly source: string }
  /** Terraform refuses the resource without it: no stack can lack it. */
  | { readonly kind: 'required'; readonly source: string };

const docs = (resource: string, argument: string) =>
  `https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/${resource}#${argument}`;
const required = (resource: string, argument: string): WithoutIt => ({
  kind: 'required',
  source: docs(resource, argument),
});

/** By `<type>.<argument>`: every argument a rule reads. */
const WITHOUT: Readonly<Record<string, WithoutIt>> = {
  'aws_kms_key.enable_key_rotation': {
    kind: 'default',
    value: false,
    // "Specifies whether key rotation is enabled. Defaults to false."
    source: docs('kms_key', 'enable_key_rotation'),
  },
  'aws_kms_key.customer_master_key_spec': {
    kind: 'default',
    value: 'SYMMETRIC_DEFAULT',
    // "Valid values: SYMMETRIC_DEFAULT, RSA_2048, ... Defaults to SYMMETRIC_DEFAULT."
    source: docs('kms_key', 'customer_master_key_spec'),
  },
  'aws_kms_key.key_usage': {
    kind: 'default',
    value: 'ENCRYPT_DECRYPT',
    // "Valid values: ENCRYPT_DECRYPT, SIGN_VERIFY, or GENERATE_VERIFY_MAC. Defaults to ENCRYPT_DECRYPT."
    source: docs('kms_key', 'key_usage'),
  },
  'aws_cloudtrail.is_multi_region_trail': {
    kind: 'default',
    value: false,
    // "Whether the trail is created in the current region or in all regions. Defaults to false."
    source: docs('cloudtrail', 'is_multi_region_trail'),
  },
  'aws_cloudtrail.enable_log_file_validation': {
    kind: 'default',
    value: false,
    // "Whether log file integrity validation is enabled. Defaults to false."
    source: docs('cloudtrail', 'enable_log_file_validation'),
  },
  'aws_cloudtrail.advanced_event_selector': {
    kind: 'unset',
    met: true,
    means: "CloudTrail's own selection: every management event, read and write, and no data events",
    // "By default, trails created without specific event selectors will be configured to log all read and write management events"
    source: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html',
  },
  'aws_cloudtrail.event_selector': {
    kind: 'unset',
    met: true,
    means: "CloudTrail's own selection: every management event, read and write, and no data events",
    source: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html',
  },
  'aws_cloudtrail.kms_key_id': {
    kind: 'unset',
    met: false,
    means: 'log files encrypted with SSE-S3, not a KMS key',
    source: docs('cloudtrail', 'kms_key_id'),
  },
  'aws_cloudtrail.cloud_watch_logs_group_arn': {
    kind: 'unset',
    met: false,
    means: 'no delivery to CloudWatch Logs',
    source: docs('cloudtrail', 'cloud_watch_logs_group_arn'),
  },
  'aws_s3_bucket_public_access_block.block_public_acls': {
    kind: 'default',
    value: false,
    // "Whether Amazon S3 should block public ACLs for this bucket. Defaults to false."
    source: docs('s3_bucket_public_access_block', 'block_public_acls'),
  },
  'aws_s3_bucket_public_access_block.block_public_policy': {
    kind: 'default',
    value: false,
    source: docs('s3_bucket_public_access_block', 'block_public_policy'),
  },
  'aws_s3_bucket_public_access_block.ignore_public_acls': {
    kind: 'default',
    value: false,
    source: docs('s3_bucket_public_access_block', 'ignore_public_acls'),
  },
  'aws_s3_bucket_public_access_block.restrict_public_buckets': {
    kind: 'default',
    value: false,
    // "Whether Amazon S3 should restrict public bucket policies for this bucket. Defaults to false."
    source: docs('s3_bucket_public_access_block', 'restrict_public_buckets'),
  },
  'aws_s3_bucket_public_access_block.bucket': required('s3_bucket_public_access_block', 'bucket'),
  'aws_s3_bucket.bucket': {
    kind: 'unset',
    met: false,
    means: 'a random name Terraform makes up, which no logging or policy of the stack can name',
    source: docs('s3_bucket', 'bucket'),
  },
  'aws_s3_bucket_logging.bucket': required('s3_bucket_logging', 'bucket'),
  'aws_s3_bucket_policy.policy': required('s3_bucket_policy', 'policy'),
  'aws_organizations_policy.type': {
    kind: 'default',
    value: 'SERVICE_CONTROL_POLICY',
    // "Valid values are ... SERVICE_CONTROL_POLICY (SCP), and TAG_POLICY. Defaults to SERVICE_CONTROL_POLICY."
    source: docs('organizations_policy', 'type'),
  },
  'aws_organizations_policy.content': required('organizations_policy', 'content'),
  'aws_organizations_policy.name': required('organizations_policy', 'name'),
  'aws_organizations_policy_attachment.policy_id': required('organizations_policy_attachment', 'policy_id'),
  'aws_organizations_policy_attachment.target_id': required('organizations_policy_attachment', 'target_id'),
  'aws_config_configuration_recorder_status.is_enabled': required('config_configuration_recorder_status', 'is_enabled'),
  'aws_config_config_rule.source': required('config_config_rule', 'source'),
  'aws_config_remediation_configuration.automatic': {
    kind: 'default',
    value: false,
    // "Remediation is triggered automatically if true." (the schema's default is false)
    source: docs('config_remediation_configuration', 'automatic'),
  },
  'aws_config_remediation_configuration.target_id': required('config_remediation_configuration', 'target_id'),
  'aws_securityhub_configuration_policy.configuration_policy': required(
    'securityhub_configuration_policy',
    'configuration_policy',
  ),
  'aws_securityhub_configuration_policy_association.policy_id': required(
    'securityhub_configuration_policy_association',
    'policy_id',
  ),
  'aws_cloudwatch_log_account_policy.policy_name': required('cloudwatch_log_account_policy', 'policy_name'),
  'aws_cloudwatch_log_account_policy.policy_type': required('cloudwatch_log_account_policy', 'policy_type'),
  'aws_cloudwatch_log_destination.name': required('cloudwatch_log_destination', 'name'),
  'aws_kinesis_firehose_delivery_stream.name': required('kinesis_firehose_delivery_stream', 'name'),
  'aws_cloudwatch_log_metric_filter.pattern': required('cloudwatch_log_metric_filter', 'pattern'),
  'aws_cloudwatch_log_metric_filter.metric_transformation': required(
    'cloudwatch_log_metric_filter',
    'metric_transformation',
  ),
  'aws_cloudwatch_metric_alarm.alarm_name': required('cloudwatch_metric_alarm', 'alarm_name'),
  'aws_cloudwatch_metric_alarm.alarm_actions': {
    kind: 'unset',
    met: false,
    means: 'an alarm that notifies nobody',
    source: docs('cloudwatch_metric_alarm', 'alarm_actions'),
  },
  'aws_cloudwatch_metric_alarm.metric_name': {
    kind: 'unset',
    met: false,
    means: 'an alarm on no metric of a filter (metric_query instead)',
    source: docs('cloudwatch_metric_alarm', 'metric_name'),
  },
  'aws_sns_topic_subscription.topic_arn': required('sns_topic_subscription', 'topic_arn'),
  'aws_opensearchserverless_collection.name': required('opensearchserverless_collection', 'name'),
  'aws_opensearchserverless_security_policy.policy': required('opensearchserverless_security_policy', 'policy'),
  'aws_opensearchserverless_security_policy.type': required('opensearchserverless_security_policy', 'type'),
  'aws_opensearchserverless_access_policy.policy': required('opensearchserverless_access_policy', 'policy'),
  'aws_opensearchserverless_access_policy.type': required('opensearchserverless_access_policy', 'type'),
  'aws_iam_role_policy.policy': required('iam_role_policy', 'policy'),
  'aws_iam_role_policy.role': required('iam_role_policy', 'role'),
  'aws_iam_role_policy_attachment.role': required('iam_role_policy_attachment', 'role'),
  'aws_iam_role.name': {
    kind: 'unset',
    met: false,
    means: 'a random name Terraform makes up: not the pipeline role the pipeline names',
    source: docs('iam_role', 'name'),
  },
  'aws_iam_role.inline_policy': {
    kind: 'unset',
    met: true,
    means: 'no inline policy in the role resource (its policies are aws_iam_role_policy resources)',
    source: docs('iam_role', 'inline_policy'),
  },
  'aws_iam_role.managed_policy_arns': {
    kind: 'unset',
    met: true,
    means: 'no managed policy named by the role resource',
    source: docs('iam_role', 'managed_policy_arns'),
  },
};

const config = shippedConfig('examples/full.config.json');
const STACKS: readonly SynthesizedStack[] = synthesizedStacks(config);
const RULES: readonly ComplianceRule[] = [...COMPLIANCE_RULES, ...EVASION_RULES];

/** The stacks with `change` made to every resource of `type` (copies of the stacks that hold one). */
function changed(type: string, change: (body: Record<string, unknown>) => void): SynthesizedStack[] {
  return STACKS.map((stack) => {
    if (stack.json.resource?.[type] === undefined) return stack;
    const copy = structuredClone(stack) as SynthesizedStack;
    for (const body of Object.values(copy.json.resource?.[type] ?? {})) change(body as Record<string, unknown>);
    return copy;
  });
}

/** The status of each stack's verdict. */
const statuses = (rule: ComplianceRule, stacks: readonly SynthesizedStack[]): Map<string, ControlStatus> =>
  new Map(rule.judge(complianceEvidence(config, [...stacks])).map((v) => [v.where, v.status]));

/** The `<type>.<argument>` a rule reads from the resources of the stacks. */
function readBy(rule: ComplianceRule): string[] {
  const reads = new Set<string>();
  const watched = STACKS.map((stack) => ({
    ...stack,
    json: {
      ...stack.json,
      resource: Object.fromEntries(
        Object.entries(stack.json.resource ?? {}).map(([type, byName]) => [
          type,
          Object.fromEntries(
            Object.entries(byName).map(([name, body]) => [
              name,
              new Proxy(body, {
                get(target, key, receiver) {
                  if (typeof key === 'string') reads.add(`${type}.${key}`);
                  return Reflect.get(target, key, receiver) as unknown;
                },
              }),
            ]),
          ),
        ]),
      ),
    },
  }));
  rule.judge(complianceEvidence(config, watched));
  return [...reads].sort();
}

/**
 * The verdicts of `rule` with `argument` removed, and what they must equal; undefined where nothing is
 * compared (Terraform requires the argument). Called in the tests, not when the file loads, so that
 * mutation testing sees which test runs which rule (a rule run at load would be run by every test).
 */
function withoutArgument(rule: ComplianceRule, argument: string): { after: unknown; expected: unknown } | undefined {
  const [type, name] = argument.split('.');
  const without = WITHOUT[argument];
  if (without === undefined || without.kind === 'required') return undefined;
  const after = statuses(
    rule,
    changed(type, (body) => Reflect.deleteProperty(body, name)),
  );
  if (without.kind === 'default') {
    const withDefault = statuses(
      rule,
      changed(type, (body) => (body[name] = without.value)),
    );
    return { after, expected: withDefault };
  }
  const before = statuses(rule, STACKS);
  const holding = STACKS.filter(
    (stack) => before.get(stack.name) === 'met' && Object.keys(stack.json.resource?.[type] ?? {}).length > 0,
  );
  return {
    after: holding.map((stack) => [stack.name, after.get(stack.name) === 'met']),
    expected: holding.map((stack) => [stack.name, without.met]),
  };
}

describe('each rule judges a resource without an argument as the provider applies it', () => {
  test('the rules read arguments of the synthesized stacks, and each has its provider default recorded', () => {
    const read = RULES.flatMap(readBy);
    expect(read.length).toBeGreaterThanOrEqual(30);
    expect([...new Set(read)].filter((a) => WITHOUT[a] === undefined)).toEqual([]);
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))('%s, without each argument it reads', (_id, rule) => {
    for (const argument of readBy(rule)) {
      const verdicts = withoutArgument(rule, argument);
      if (verdicts !== undefined)
        expect({ argument, verdicts: verdicts.after }).toEqual({ argument, verdicts: verdicts.expected });
    }
  });
});
