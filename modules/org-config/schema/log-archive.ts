import { z } from 'zod';
import { IAM_ROLE_ARN } from '../../core/aws-values';
import { searchSchema } from './search';
import { accountIdSchema, bucketNameSchema, days, describe, message, regionSchema } from './values';

/*
 * `logArchive`: the log archive account and its central bucket: lifecycle, Object Lock, readers,
 * server access logs and an optional replica in a second Region. The order the lifecycle rules must
 * keep (transitions before expiry, Object Lock within it) involves several fields, so the loader
 * checks it (checks.ts), not this schema.
 */

const retentionSchema = z
  .strictObject({
    transitionToInfrequentAccessDays: days(
      'S3 moves objects to Standard-IA no earlier than 30 days; null turns it off',
      30,
    )
      .nullable()
      .default(90)
      .describe('Days after delivery when log objects move to S3 Standard-IA; null to skip. Minimum 30.'),
    transitionToGlacierDays: days('null turns it off', 1)
      .nullable()
      .default(365)
      .describe(
        'Days after delivery when log objects move to S3 Glacier Flexible Retrieval; null to skip. At least 30 days after the Standard-IA transition.',
      ),
    transitionToDeepArchiveDays: days('null turns it off', 1)
      .nullable()
      .default(null)
      .describe('Days after delivery when log objects move to S3 Glacier Deep Archive; null to skip.'),
    expireAfterDays: days('null keeps objects forever', 1)
      .nullable()
      .default(2557)
      .describe('Days after delivery when log objects expire; null keeps them forever. After every transition.'),
    noncurrentVersionExpirationDays: days('how long a replaced or deleted version is kept', 1)
      .default(90)
      .describe('Days a noncurrent (overwritten or deleted) object version is kept before it is removed.'),
  })
  .describe('Lifecycle of the central log bucket.');

const objectLockSchema = z
  .strictObject({
    mode: z
      .enum(['GOVERNANCE', 'COMPLIANCE'], { error: message('must be "GOVERNANCE" or "COMPLIANCE"') })
      .default('GOVERNANCE')
      .describe(
        'S3 Object Lock default retention mode. GOVERNANCE: principals with s3:BypassGovernanceRetention can still delete; COMPLIANCE: nobody can, not even the root user, until the days pass.',
      ),
    days: days('S3 Object Lock accepts 1 to 36500', 1)
      .max(36500, { error: (issue) => `must be at most 36500 (S3 Object Lock's limit), not ${describe(issue.input)}` })
      .default(365)
      .describe('Default retention of every new log object, in days.'),
  })
  .describe('S3 Object Lock on the central log bucket (write once, read many).');

const replicationSchema = z.strictObject(
  {
    region: regionSchema.describe('Region of the replica bucket and its key; not homeRegion, same partition.'),
    bucketName: bucketNameSchema
      .optional()
      .describe('Name of the replica bucket. Default "<log bucket name>-replica".'),
  },
  { error: message('must be an object with region (and optionally bucketName), or null') },
);

const evidenceSigningSchema = z.strictObject(
  {
    signerRoleArns: z
      .array(
        z.string({ error: message('must be an IAM role ARN') }).regex(IAM_ROLE_ARN, {
          error: (issue) =>
            `${describe(issue.input)} is not an IAM role ARN such as "arn:aws:iam::012345678901:role/evidence-builder" (no wildcards: each signer is named)`,
        }),
        { error: message('must be a list of IAM role ARNs') },
      )
      .min(1, { error: 'must name at least one role that builds evidence packages (evidence build --sign)' })
      .describe(
        "The roles that may sign an evidence package's manifest (kms:Sign, SHA-256 digest, RSASSA_PKCS1_V1_5_SHA_256 only). In any account: one outside the log archive account also needs kms:Sign on the key in its own IAM policy.",
      ),
  },
  { error: message('must be an object with signerRoleArns, or null') },
);

export const logArchiveSchema = z
  .strictObject(
    {
      accountId: accountIdSchema.describe('The log archive account id.'),
      bucketName: bucketNameSchema
        .optional()
        .describe('Name of the central log bucket. Default "audit-logs-<accountId>-<homeRegion>".'),
      retention: retentionSchema.prefault({}),
      objectLock: objectLockSchema.prefault({}),
      readerAccountIds: z
        .array(accountIdSchema, { error: message('must be a list of account ids') })
        .default([])
        .describe('Accounts whose auditors may read the logs (never write or delete).'),
      accessLogExpirationDays: days('how long S3 server access logs of the central bucket are kept', 1)
        .default(365)
        .describe("Days the central bucket's S3 server access logs are kept in the access-log bucket."),
      replication: replicationSchema
        .nullable()
        .default(null)
        .describe('A copy of every log object in a bucket in a second Region (S3 Replication), or null for none.'),
      evidenceSigning: evidenceSigningSchema
        .nullable()
        .default(null)
        .describe(
          'An asymmetric KMS key (RSA_3072, SIGN_VERIFY, alias/audit-evidence-signing) that signs evidence packages, and who may sign with it; null for none.',
        ),
      search: searchSchema
        .nullable()
        .default(null)
        .describe(
          "The search tier: the archive's logs indexed in OpenSearch Serverless through OpenSearch Ingestion (docs/search.md), or null for none. Its capacity costs hundreds of USD a month even idle: a floor of 518.40 USD a month at us-east-1's prices with standby replicas (the collection's 345.60 and the pipeline's 172.80), 345.60 without; npm run cost adds the storage.",
        ),
    },
    { error: message('must be an object with at least accountId') },
  )
  .describe('The log archive account and its central bucket.');
