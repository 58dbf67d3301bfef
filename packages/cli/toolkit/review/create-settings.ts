/*
 * What a security reviewer reads of a resource a plan creates: per type, the settings that decide
 * whether the evidence is kept, encrypted, complete and out of reach (bucket names, Object Lock,
 * versioning, retention, key rotation, the trail's scope and validation, what a recorder records).
 * The plan summary shows them in place of the empty "attributes that change" of a create. Policies
 * are not here: the summary shows every policy statement by statement already.
 */

/** The part of a plan's resource change the settings are read from (plan-summary.ts's ResourceChange). */
export interface PlannedResource {
  readonly type: string;
  readonly change: {
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

/** The settings shown for a create of each type, in this order. */
export const CREATE_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ['bucket', 'object_lock_enabled', 'force_destroy'],
  aws_s3_bucket_versioning: ['versioning_configuration'],
  aws_s3_bucket_object_lock_configuration: ['rule'],
  aws_s3_bucket_public_access_block: [
    'block_public_acls',
    'block_public_policy',
    'ignore_public_acls',
    'restrict_public_buckets',
  ],
  aws_s3_bucket_server_side_encryption_configuration: ['rule'],
  aws_s3_bucket_lifecycle_configuration: ['rule'],
  aws_s3_bucket_logging: ['target_bucket', 'target_prefix'],
  aws_s3_bucket_replication_configuration: ['role', 'rule'],
  aws_kms_key: ['enable_key_rotation', 'deletion_window_in_days', 'multi_region', 'key_usage'],
  aws_kms_alias: ['name'],
  aws_cloudtrail: [
    'name',
    'is_organization_trail',
    'is_multi_region_trail',
    'include_global_service_events',
    'enable_log_file_validation',
    'enable_logging',
    's3_bucket_name',
    's3_key_prefix',
    'kms_key_id',
    'cloud_watch_logs_group_arn',
  ],
  aws_cloudwatch_log_group: ['name', 'retention_in_days', 'kms_key_id'],
  aws_glue_catalog_database: ['name', 'location_uri'],
  aws_glue_catalog_table: ['name', 'database_name', 'table_type'],
  aws_cloudwatch_log_account_policy: ['policy_name', 'policy_type', 'selection_criteria'],
  aws_config_configuration_recorder: ['name', 'role_arn', 'recording_group'],
  aws_config_configuration_recorder_status: ['name', 'is_enabled'],
  aws_config_delivery_channel: ['s3_bucket_name', 's3_key_prefix', 's3_kms_key_arn', 'snapshot_delivery_properties'],
  aws_flow_log: ['vpc_id', 'traffic_type', 'log_destination'],
  aws_iam_role: ['name', 'max_session_duration'],
  aws_organizations_policy: ['name', 'type'],
  aws_organizations_policy_attachment: ['policy_id', 'target_id'],
  aws_kinesis_firehose_delivery_stream: ['name', 'server_side_encryption'],
  aws_oam_sink: ['name'],
  aws_oam_link: ['sink_identifier', 'resource_types'],
  aws_sns_topic: ['name', 'kms_master_key_id'],
  aws_sns_topic_subscription: ['protocol', 'endpoint'],
  aws_ssm_document: ['name', 'document_type'],
};

/** A value longer than this is cut, with the length it had. */
const MAX_VALUE = 120;

/**
 * The settings of a create of `change` (its type's {@link CREATE_SETTINGS}), each as
 * `name = value` (JSON; `(known after apply)` when the plan cannot know it yet). Nothing for a type
 * the table does not list, or for a change that is not a create.
 */
export function createSettings(change: PlannedResource): string[] {
  const names = CREATE_SETTINGS[change.type];
  const after = change.change.after;
  if (names === undefined || after === null || change.change.before !== null) return [];
  const unknown = change.change.after_unknown ?? {};
  return names.flatMap((name) => {
    if (unknown[name] === true) return [`${name} = (known after apply)`];
    const value = after[name];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [];
    const text = JSON.stringify(value);
    return [
      `${name} = ${text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}... (${text.length} characters)` : text}`,
    ];
  });
}
