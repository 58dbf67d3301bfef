import type { ScanRule } from '../scan-rule';
import { ATHENA_WORKGROUP_RESULTS_ENCRYPTED } from './athena/athena-workgroup-results-encrypted';
import { FIREHOSE_ENCRYPTED_WITH_OUR_KEY } from './firehose/firehose-encrypted-with-our-key';
import { GLUE_CATALOG_ENCRYPTED_WITH_OUR_KEY } from './glue/glue-catalog-encrypted-with-our-key';
import { GLUE_CRAWLER_ENCRYPTED } from './glue/glue-crawler-encrypted';
import { IAM_POLICY_NO_FULL_ADMIN } from './iam/iam-policy-no-full-admin';
import { IAM_ROLE_GUARDRAIL_PROTECTED } from './iam/iam-role-guardrail-protected';
import { IAM_SERVICE_TRUST_CONFUSED_DEPUTY } from './iam/iam-service-trust-confused-deputy';
import { KMS_KEY_POLICY_NOT_OPEN } from './kms/kms-key-policy-not-open';
import { KMS_KEY_ROTATION } from './kms/kms-key-rotation';
import { LOG_GROUP_ENCRYPTED_WITH_OUR_KEY } from './logs/log-group-encrypted-with-our-key';
import { LOG_GROUP_RETENTION } from './logs/log-group-retention';
import { S3_BUCKET_ACCESS_LOGGED } from './s3/s3-bucket-access-logged';
import { S3_BUCKET_ACLS_DISABLED } from './s3/s3-bucket-acls-disabled';
import { S3_BUCKET_ENCRYPTED_WITH_OUR_KEY } from './s3/s3-bucket-encrypted-with-our-key';
import { S3_BUCKET_PUBLIC_ACCESS_BLOCKED } from './s3/s3-bucket-public-access-blocked';
import { S3_BUCKET_TLS_ONLY } from './s3/s3-bucket-tls-only';
import { S3_BUCKET_VERSIONED } from './s3/s3-bucket-versioned';
import { SNS_TOPIC_ENCRYPTED_WITH_OUR_KEY } from './sns/sns-topic-encrypted-with-our-key';
import { SNS_TOPIC_POLICY_NOT_OPEN } from './sns/sns-topic-policy-not-open';
import { SQS_QUEUE_ENCRYPTED_WITH_OUR_KEY } from './sqs/sqs-queue-encrypted-with-our-key';

/** The pack: every rule, by service. */
export const SCAN_RULES: readonly ScanRule[] = [
  ATHENA_WORKGROUP_RESULTS_ENCRYPTED,
  FIREHOSE_ENCRYPTED_WITH_OUR_KEY,
  GLUE_CATALOG_ENCRYPTED_WITH_OUR_KEY,
  GLUE_CRAWLER_ENCRYPTED,
  IAM_POLICY_NO_FULL_ADMIN,
  IAM_ROLE_GUARDRAIL_PROTECTED,
  IAM_SERVICE_TRUST_CONFUSED_DEPUTY,
  KMS_KEY_POLICY_NOT_OPEN,
  KMS_KEY_ROTATION,
  LOG_GROUP_ENCRYPTED_WITH_OUR_KEY,
  LOG_GROUP_RETENTION,
  S3_BUCKET_ACCESS_LOGGED,
  S3_BUCKET_ACLS_DISABLED,
  S3_BUCKET_ENCRYPTED_WITH_OUR_KEY,
  S3_BUCKET_PUBLIC_ACCESS_BLOCKED,
  S3_BUCKET_TLS_ONLY,
  S3_BUCKET_VERSIONED,
  SNS_TOPIC_ENCRYPTED_WITH_OUR_KEY,
  SNS_TOPIC_POLICY_NOT_OPEN,
  SQS_QUEUE_ENCRYPTED_WITH_OUR_KEY,
];
