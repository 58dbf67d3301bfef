import { POLICY_TEST_CONFIG } from '../stacks/policy/log-archive-cases';
import { configOf, synthLogArchive } from '../stacks/policy/simulate';

/*
 * Terraform addresses of the resources that hold or protect evidence. Terraform identifies a
 * resource by its address: a renamed construct id is a destroy and a create, which for a bucket is
 * refused (prevent_destroy) at best and the loss of the audit trail at worst. If this test fails
 * after a refactor, keep the old construct ids or move the resources in state (cdktf `moveTo`,
 * or a `moved` block) and say so in the pull request; do not update the list to make it pass.
 */
const PINNED = [
  'aws_kms_key.archive_key_3F84AD30',
  'aws_kms_key.archive_replication_key_0325FC9D',
  'aws_kms_alias.archive_key_alias_A2D9315D',
  'aws_kms_alias.archive_replication_key_alias_417E38D0',
  'aws_s3_bucket.archive_access-logs_bucket_F238FF33',
  'aws_s3_bucket.archive_logs_bucket_CB0E8357',
  'aws_s3_bucket.archive_replication_bucket_286F4A3F',
  'aws_s3_bucket_policy.archive_access-logs_policy_03BF484D',
  'aws_s3_bucket_policy.archive_logs_policy_5B70DF36',
  'aws_s3_bucket_policy.archive_replication_bucket_policy_24AFE29F',
  'aws_s3_bucket_versioning.archive_access-logs_versioning_8F3D8C10',
  'aws_s3_bucket_versioning.archive_logs_versioning_3417FBA5',
  'aws_s3_bucket_versioning.archive_replication_bucket_versioning_B0754E83',
  'aws_s3_bucket_object_lock_configuration.archive_logs_object-lock_92AC467A',
  'aws_s3_bucket_object_lock_configuration.archive_replication_bucket_object-lock_11767E59',
  'aws_s3_bucket_server_side_encryption_configuration.archive_access-logs_encryption_68CE4F7B',
  'aws_s3_bucket_server_side_encryption_configuration.archive_logs_encryption_EE5A545E',
  'aws_s3_bucket_server_side_encryption_configuration.archive_replication_bucket_encryption_59D110AF',
  'aws_s3_bucket.archive_member-logs_bucket_465311D5',
  'aws_s3_bucket_policy.archive_member-logs_policy_C5E29E53',
  'aws_s3_bucket_server_side_encryption_configuration.archive_member-logs_encryption_DB06B3CF',
  'aws_s3_bucket_versioning.archive_member-logs_versioning_106DD96F',
  'aws_kms_alias.analytics_catalog-encryption_key_alias_37131A20',
  'aws_kms_alias.analytics_config-crawler_key_alias_5AEBBAEC',
  'aws_kms_key.analytics_catalog-encryption_key_75EEB1C2',
  'aws_kms_key.analytics_config-crawler_key_DEC19A4F',
  'aws_s3_bucket.analytics_investigations_results_bucket_51E9CE3D',
  'aws_s3_bucket_policy.analytics_investigations_results_policy_656EA185',
  'aws_s3_bucket_server_side_encryption_configuration.analytics_investigations_results_encryption_BA1F261B',
  'aws_s3_bucket_versioning.analytics_investigations_results_versioning_CF2621BB',
  'aws_s3_bucket.analytics_columnar-copy_bucket_C4027169',
  'aws_s3_bucket_policy.analytics_columnar-copy_bucket_policy_0BCDF641',
  'aws_s3_bucket_server_side_encryption_configuration.analytics_columnar-copy_bucket_encryption_10D66293',
  'aws_s3_bucket_versioning.analytics_columnar-copy_bucket_versioning_8E25AFB4',
];

const PINNED_TYPES = [...new Set(PINNED.map((address) => address.split('.')[0]))];

test('the addresses of data-bearing log archive resources do not change', () => {
  const config = {
    ...POLICY_TEST_CONFIG,
    logArchive: { ...POLICY_TEST_CONFIG.logArchive, replication: { region: 'eu-central-1' } },
  };
  const synth = synthLogArchive(configOf(config));
  const addresses = PINNED_TYPES.flatMap((type) =>
    Object.keys((synth.resource[type] ?? {}) as Record<string, unknown>).map((name) => `${type}.${name}`),
  );
  expect(addresses.sort()).toEqual([...PINNED].sort());
});

test('the addresses do not depend on the config, only on construct ids', () => {
  const other = synthLogArchive(
    configOf({ ...POLICY_TEST_CONFIG, logArchive: { accountId: '210000000002' }, members: [] }),
  );
  expect(Object.keys(other.resource.aws_s3_bucket).sort()).toEqual(
    [
      'archive_access-logs_bucket_F238FF33',
      'archive_logs_bucket_CB0E8357',
      'archive_member-logs_bucket_465311D5',
      'analytics_investigations_results_bucket_51E9CE3D',
      'analytics_columnar-copy_bucket_C4027169',
    ].sort(),
  );
});
