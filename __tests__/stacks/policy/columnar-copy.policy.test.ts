import { schedulerSentContext } from '../../../modules/core/aws-facts';
import { AuditNaming } from '../../../modules/core/naming';
import { resourceOf } from '../../support/stack-json';
import { ARCHIVE, ORG, POLICY_TEST_CONFIG, SANDBOX } from './log-archive-cases';
import {
  configOf,
  Decision,
  evaluate,
  parseTerraformPolicy,
  policyOf,
  PolicyRequest,
  role,
  service,
  synthLogArchive,
} from './simulate';

/*
 * The role EventBridge Scheduler assumes to keep the columnar copy: it starts queries in the copy's
 * workgroup only, reads the organization trail's logs and the catalog, commits to the copy's table
 * only, and writes only the copy's bucket. Its own policy, as synthesized, is evaluated with each
 * bucket's and the key's policy as AWS would; its trust admits Scheduler for this schedule only.
 */

const config = configOf(POLICY_TEST_CONFIG);
const naming = AuditNaming.fromConfig(config);
const synth = synthLogArchive(config);
const scheduleRole = resourceOf(synth, 'aws_iam_role', 'columnar-copy_schedule-role');
const schedulePolicy = parseTerraformPolicy(resourceOf(synth, 'aws_iam_role_policy', 'columnar-copy').policy);
const trust = parseTerraformPolicy(scheduleRole.assume_role_policy);
const copyBucketPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'analytics_columnar-copy_');
const logBucketPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'archive_logs_');
const resultsBucketPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'analytics_investigations_results_');
const memberLogsPolicy = policyOf(synth, 'aws_s3_bucket_policy', 'archive_member-logs_');
const keyPolicy = policyOf(synth, 'aws_kms_key', 'archive_key_');

const caller = role(ARCHIVE, 'audit-columnar-copy-schedule', { identityPolicy: schedulePolicy, orgId: ORG });
const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:${ARCHIVE}:${resource}`;
const copyBucket = `arn:aws:s3:::${naming.columnarCopyBucketName}`;
const logBucket = naming.logBucketArn;
const orgLog = `${logBucket}/AWSLogs/${ORG}/${ARCHIVE}/CloudTrail/eu-west-1/2026/11/24/x.json.gz`;
const KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/11111111-2222-3333-4444-555555555555`;
const viaS3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };
// What Scheduler sends when it assumes the role: the schedule group's ARN, not the schedule's.
const sent = schedulerSentContext({
  partition: 'aws',
  region: 'eu-west-1',
  accountId: ARCHIVE,
  scheduleGroup: 'audit-columnar-copy',
});

type Policy = 'none' | 'copy' | 'log' | 'results' | 'member-logs' | 'key' | 'trust';
const POLICIES: Record<Policy, unknown> = {
  none: undefined,
  copy: copyBucketPolicy,
  log: logBucketPolicy,
  results: resultsBucketPolicy,
  'member-logs': memberLogsPolicy,
  key: keyPolicy,
  trust,
};
const as = (action: string, resource: string, context?: PolicyRequest['context']): PolicyRequest => ({
  caller,
  action,
  resource,
  context,
});

const cases: readonly (readonly [string, Policy, PolicyRequest, Decision])[] = [
  [
    'starts a query in the copy workgroup',
    'none',
    as('athena:StartQueryExecution', arn('athena', 'workgroup/audit-columnar-copy')),
    'Allowed',
  ],
  [
    'but in no other workgroup (the investigations one)',
    'none',
    as('athena:StartQueryExecution', arn('athena', 'workgroup/audit-logs')),
    'ImplicitlyDenied',
  ],
  ['reads the source table', 'none', as('glue:GetTable', arn('glue', 'table/audit_logs/cloudtrail')), 'Allowed'],
  [
    'commits to the copy table',
    'none',
    as('glue:UpdateTable', arn('glue', 'table/audit_logs/cloudtrail_columnar')),
    'Allowed',
  ],
  [
    'but changes no other table',
    'none',
    as('glue:UpdateTable', arn('glue', 'table/audit_logs/cloudtrail')),
    'ImplicitlyDenied',
  ],
  [
    'nor deletes the copy table',
    'none',
    as('glue:DeleteTable', arn('glue', 'table/audit_logs/cloudtrail_columnar')),
    'ImplicitlyDenied',
  ],
  ['reads the organization trail logs', 'log', as('s3:GetObject', orgLog), 'Allowed'],
  [
    'lists them',
    'log',
    as('s3:ListBucket', logBucket, { 's3:prefix': `AWSLogs/${ORG}/${ARCHIVE}/CloudTrail/` }),
    'Allowed',
  ],
  [
    'but not the logs of accounts outside the organization',
    'log',
    as('s3:GetObject', `${logBucket}/AWSLogs/${SANDBOX}/CloudTrail/eu-west-1/2026/11/24/x.json.gz`),
    'ImplicitlyDenied',
  ],
  ['writes nothing into the log bucket', 'log', as('s3:PutObject', orgLog), 'ImplicitlyDenied'],
  ['and deletes nothing there', 'log', as('s3:DeleteObject', orgLog), 'ExplicitlyDenied'],
  ['writes the copy', 'copy', as('s3:PutObject', `${copyBucket}/cloudtrail/data/00000-0-x.parquet`), 'Allowed'],
  ['and its query results beside it', 'copy', as('s3:PutObject', `${copyBucket}/athena-results/q.csv`), 'Allowed'],
  [
    'writes nothing into the investigations results bucket',
    'results',
    as('s3:PutObject', `arn:aws:s3:::${naming.athenaResultsBucketName}/results/q.csv`),
    'ImplicitlyDenied',
  ],
  [
    'nor into the member-logs bucket',
    'member-logs',
    as('s3:PutObject', `${naming.memberLogsBucketArn}/config-logs/x.json.gz`),
    'ImplicitlyDenied',
  ],
  ['decrypts the logs through S3 with the log key', 'key', as('kms:Decrypt', KEY, viaS3), 'Allowed'],
  ['and encrypts the copy so', 'key', as('kms:GenerateDataKey', KEY, viaS3), 'Allowed'],
  ['but not outside S3', 'key', as('kms:Decrypt', KEY), 'ImplicitlyDenied'],
  [
    "[scheduler-source-arn-is-schedule-group] Scheduler assumes the role for the copy's schedule group, as Scheduler sends it",
    'trust',
    {
      caller: service('scheduler.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ARCHIVE}:role/audit-columnar-copy-schedule`,
      context: { ...sent },
    },
    'Allowed',
  ],
  [
    '[scheduler-source-arn-is-schedule-group] but not for another schedule group of the account (the default one)',
    'trust',
    {
      caller: service('scheduler.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ARCHIVE}:role/audit-columnar-copy-schedule`,
      context: { 'aws:SourceAccount': ARCHIVE, 'aws:SourceArn': arn('scheduler', 'schedule-group/default') },
    },
    'ImplicitlyDenied',
  ],
  [
    'nor another service',
    'trust',
    {
      caller: service('lambda.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ARCHIVE}:role/audit-columnar-copy-schedule`,
      context: { ...sent },
    },
    'ImplicitlyDenied',
  ],
];

describe("the columnar copy's schedule role, evaluated as AWS would", () => {
  test.each(cases.map(([title, policy, request, expected]) => [title, policy, request, expected] as const))(
    '%s',
    async (_title, policy, request, expected) => {
      const { decision, ignoredContextKeys } = await evaluate(POLICIES[policy], ARCHIVE, request);
      expect(ignoredContextKeys).toEqual([]);
      expect(decision).toBe(expected);
    },
  );
});
