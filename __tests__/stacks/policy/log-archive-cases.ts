import { ANONYMOUS, Caller, Decision, PolicyRequest, role, service } from './simulate';

/*
 * Who may do what to the log archive, as AWS would decide it from the synthesized bucket and key
 * policies. One line per request; `policy` names the policy it is evaluated against. Adding a case is
 * adding a line. The accounts are those of POLICY_TEST_CONFIG below.
 */

export const ORG = 'o-abcdefghij';
export const MANAGEMENT = '111111111111';
export const ARCHIVE = '222222222222';
export const READER = '333333333333';
export const PAYMENTS = '444444444444'; // member: awsConfig, session logs, flow logs
export const SANDBOX = '555555555555'; // member outside the organization: standaloneTrail only
export const TOOLING = '666666666666'; // member: awsConfig, session logs, flow logs
export const ACQUIRED = '777777777777'; // member outside the organization: everything, with its own trail
export const OUTSIDER = '999999999999'; // not in the organization

export const POLICY_TEST_CONFIG = {
  organization: { id: ORG, managementAccountId: MANAGEMENT },
  homeRegion: 'eu-west-1',
  governedRegions: ['eu-west-1', 'us-east-1'],
  logArchive: { accountId: ARCHIVE, bucketName: 'acme-audit', readerAccountIds: [READER] },
  trail: { name: 'org-trail' },
  alarms: { emails: ['security@example.com'] },
  // The audit account's policies are simulated on their own (audit-account tests).
  audit: false,
  members: [
    { name: 'payments', accountId: PAYMENTS, sessionManagerLogs: true, vpcFlowLogs: [{ vpcId: 'vpc-0a1b2c3d' }] },
    { name: 'sandbox', accountId: SANDBOX, inOrganization: false, awsConfig: false, standaloneTrail: true },
    { name: 'tooling', accountId: TOOLING, sessionManagerLogs: true, vpcFlowLogs: [{ vpcId: 'vpc-4e5f6a7b' }] },
    {
      name: 'acquired',
      accountId: ACQUIRED,
      inOrganization: false,
      standaloneTrail: true,
      sessionManagerLogs: true,
      vpcFlowLogs: [{ vpcId: 'vpc-0c0d0e0f' }],
    },
  ],
};

export const BUCKET = 'arn:aws:s3:::acme-audit';
export const ACCESS_LOGS = 'arn:aws:s3:::acme-audit-access-logs';
export const MEMBER_LOGS = 'arn:aws:s3:::acme-audit-member-logs';
export const KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const obj = (key: string): string => `${BUCKET}/${key}`;
export const day = '2026/11/21';
export const ctLog = (account: string, prefix = `AWSLogs/${ORG}/${account}`): string =>
  obj(`${prefix}/CloudTrail/eu-west-1/${day}/${account}_CloudTrail_eu-west-1_20261121T0000Z_a.json.gz`);
export const memberObj = (key: string): string => `${MEMBER_LOGS}/${key}`;
export const configLog = (account: string): string =>
  memberObj(`config-logs/AWSLogs/${account}/Config/eu-west-1/${day}/ConfigHistory/${account}_Config.json.gz`);
export const flowLog = (account: string): string =>
  memberObj(
    `vpc-flow-logs/AWSLogs/${account}/vpcflowlogs/eu-west-1/${day}/${account}_vpcflowlogs_eu-west-1_fl-1_a.log.gz`,
  );
export const sessionLog = (account: string): string => memberObj(`ssm-logs/${account}/admin-0a1b2c3d4e5f.log`);

export const trailArn = (account: string, name: string): string =>
  `arn:aws:cloudtrail:eu-west-1:${account}:trail/${name}`;
// [cloudtrail-organization-trail-arn-names-management-account] The organization trail's ARN, as
// CloudTrail sends it, names the management account even when a delegated administrator owns it.
export const ORG_TRAIL = trailArn(MANAGEMENT, 'org-trail');
export const SANDBOX_TRAIL = trailArn(SANDBOX, 'account-trail');
export const OWNER_ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };
/**
 * A CloudTrail delivery from `trail`, with the ACL header CloudTrail sends. [cloudtrail-s3-source-arn-is-trail-arn]
 * aws:SourceArn is the delivering trail's ARN, on PutObject and on GetBucketAcl.
 */
export const from = (trail: string, acl = true) => ({ 'aws:SourceArn': trail, ...(acl ? OWNER_ACL : {}) });
/** Accounts of the test organization (the others are outside it). */
export const IN_ORG = new Set([MANAGEMENT, ARCHIVE, READER, PAYMENTS, TOOLING]);
/** What a service acting for `account` sends: its account and, in an organization, the organization. */
export const sourceOf = (account: string, orgId = IN_ORG.has(account) ? ORG : undefined) => ({
  'aws:SourceAccount': account,
  ...(orgId === undefined ? {} : { 'aws:SourceOrgID': orgId }),
});
/** An AWS Config delivery from `account`. */
export const configFrom = (account: string, acl = true) => ({ ...sourceOf(account), ...(acl ? OWNER_ACL : {}) });
/** A log delivery (VPC flow logs) from `account`. */
export const deliveryFrom = (account: string, acl = true) => ({ ...sourceOf(account), ...(acl ? OWNER_ACL : {}) });
/** A KMS request CloudTrail makes for `trail`. */
export const ctKey = (trail: string) => ({ 'aws:SourceArn': trail, 'kms:EncryptionContext:aws:cloudtrail:arn': trail });
/** A KMS request S3 makes on behalf of a caller in `account`. */
export const viaS3 = (account: string) => ({
  'kms:ViaService': 's3.eu-west-1.amazonaws.com',
  'kms:CallerAccount': account,
});
/** A KMS request S3 makes for an upload by `account` into `bucket` (with the S3 Bucket Key, the context is the bucket). */
export const uploadViaS3 = (account: string, bucket: string) => ({
  ...viaS3(account),
  'kms:EncryptionContext:aws:s3:arn': bucket,
});

export const CLOUDTRAIL = service('cloudtrail.amazonaws.com');
export const CONFIG = service('config.amazonaws.com');
export const S3_LOGGING = service('logging.s3.amazonaws.com');
export const LOG_DELIVERY = service('delivery.logs.amazonaws.com');
export const PAYMENTS_NODE = role(PAYMENTS, 'ec2-web', { orgId: ORG });
const SANDBOX_NODE = role(SANDBOX, 'ec2-web');
const OTHER_ORG_NODE = role(OUTSIDER, 'ec2-web', { orgId: 'o-zzzzzzzzzz' });
export const ACQUIRED_NODE = role(ACQUIRED, 'ec2-web');
export const AUDITOR = role(READER, 'Auditor');
export const ARCHIVE_ADMIN = role(ARCHIVE, 'Admin');
export const DEPLOY_ROLE = role(ARCHIVE, 'OrganizationAccountAccessRole');
export const PAYMENTS_ADMIN = role(PAYMENTS, 'Admin');
export const OUTSIDER_ADMIN = role(OUTSIDER, 'Admin');

export const ALLOW: Decision = 'Allowed';
export const DENY: Decision = 'ExplicitlyDenied';
export const NOPE: Decision = 'ImplicitlyDenied';

export interface PolicyCase extends PolicyRequest {
  readonly title: string;
  readonly policy: 'log bucket' | 'member-logs bucket' | 'access-log bucket' | 'log key';
  readonly expect: Decision;
}

const c = (
  title: string,
  policy: PolicyCase['policy'],
  caller: Caller,
  action: string,
  resource: string,
  expect: Decision,
  context?: PolicyRequest['context'],
  insecure = false,
): PolicyCase => ({ title, policy, caller, action, resource, expect, context, insecure });

// prettier-ignore
export const LOG_ARCHIVE_CASES: readonly PolicyCase[] = [
  // The organization trail.
  c('org trail writes a member account log',              'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), ALLOW, from(ORG_TRAIL)),
  c('org trail writes the management account log',       'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(MANAGEMENT, `AWSLogs/${MANAGEMENT}`), ALLOW, from(ORG_TRAIL)),
  c('org trail checks the bucket ACL',                    'log bucket', CLOUDTRAIL, 's3:GetBucketAcl', BUCKET, ALLOW, from(ORG_TRAIL, false)),
  c('another trail of the management account writes',    'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), NOPE, from(trailArn(MANAGEMENT, 'other'))),
  c('org trail writes under another organization id',     'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS, `AWSLogs/o-zzzzzzzzzz/${PAYMENTS}`), NOPE, from(ORG_TRAIL)),
  c('org trail writes without the owner ACL header',      'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), NOPE, from(ORG_TRAIL, false)),
  c('org trail writes without TLS',                       'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), DENY, from(ORG_TRAIL), true),
  c('org trail writes into a member account trail prefix','log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(SANDBOX, `AWSLogs/${SANDBOX}`), NOPE, from(ORG_TRAIL)),
  c('outside trail writes its own prefix',                'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(OUTSIDER, `AWSLogs/${OUTSIDER}`), NOPE, from(trailArn(OUTSIDER, 'org-trail'))),
  c('outside trail writes into the organization prefix',  'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), NOPE, from(trailArn(OUTSIDER, 'org-trail'))),
  c('outside trail checks the bucket ACL',                'log bucket', CLOUDTRAIL, 's3:GetBucketAcl', BUCKET, NOPE, from(trailArn(OUTSIDER, 'org-trail'), false)),
  // Member account trails (standaloneTrail).
  c('member account trail writes its own prefix',         'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(SANDBOX, `AWSLogs/${SANDBOX}`), ALLOW, from(SANDBOX_TRAIL)),
  c('member account trail checks the bucket ACL',         'log bucket', CLOUDTRAIL, 's3:GetBucketAcl', BUCKET, ALLOW, from(SANDBOX_TRAIL, false)),
  c('member account trail writes another member prefix',  'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS, `AWSLogs/${PAYMENTS}`), NOPE, from(SANDBOX_TRAIL)),
  c('member account trail writes the organization prefix','log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(SANDBOX), NOPE, from(SANDBOX_TRAIL)),
  c('member account trail of another name writes',        'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(SANDBOX, `AWSLogs/${SANDBOX}`), NOPE, from(trailArn(SANDBOX, 'shadow'))),
  // AWS Config, into the member-logs bucket (Config cannot deliver to a bucket with Object Lock).
  c('Config writes its member prefix',                    'member-logs bucket', CONFIG, 's3:PutObject', configLog(PAYMENTS), ALLOW, configFrom(PAYMENTS)),
  c('Config checks the bucket ACL',                       'member-logs bucket', CONFIG, 's3:GetBucketAcl', MEMBER_LOGS, ALLOW, configFrom(TOOLING, false)),
  c('Config checks the bucket exists',                    'member-logs bucket', CONFIG, 's3:ListBucket', MEMBER_LOGS, ALLOW, configFrom(PAYMENTS, false)),
  c('Config writes another member prefix',                'member-logs bucket', CONFIG, 's3:PutObject', configLog(TOOLING), NOPE, configFrom(PAYMENTS)),
  c('Config writes without the owner ACL header',         'member-logs bucket', CONFIG, 's3:PutObject', configLog(PAYMENTS), NOPE, configFrom(PAYMENTS, false)),
  c('Config of a member without awsConfig writes',        'member-logs bucket', CONFIG, 's3:PutObject', configLog(SANDBOX), NOPE, configFrom(SANDBOX)),
  c('Config of an outside account writes',                'member-logs bucket', CONFIG, 's3:PutObject', configLog(OUTSIDER), NOPE, configFrom(OUTSIDER)),
  c('Config of an outside account checks the bucket ACL', 'member-logs bucket', CONFIG, 's3:GetBucketAcl', MEMBER_LOGS, NOPE, configFrom(OUTSIDER, false)),
  c('Config of an account of another organization writes','member-logs bucket', CONFIG, 's3:PutObject', configLog(OUTSIDER), NOPE, { ...sourceOf(OUTSIDER, 'o-zzzzzzzzzz'), ...OWNER_ACL }),
  c('Config of an organization account not listed writes its prefix', 'member-logs bucket', CONFIG, 's3:PutObject', configLog(MANAGEMENT), ALLOW, configFrom(MANAGEMENT)),
  c('Config of a member outside the organization writes its prefix', 'member-logs bucket', CONFIG, 's3:PutObject', configLog(ACQUIRED), ALLOW, configFrom(ACQUIRED)),
  c('Config of a member outside writes another prefix',  'member-logs bucket', CONFIG, 's3:PutObject', configLog(PAYMENTS), NOPE, configFrom(ACQUIRED)),
  c('Config writes into its own flow log prefix',         'member-logs bucket', CONFIG, 's3:PutObject', flowLog(PAYMENTS), NOPE, configFrom(PAYMENTS)),
  c('Config writes into the log bucket',                  'log bucket', CONFIG, 's3:PutObject', obj(`config-logs/AWSLogs/${PAYMENTS}/Config/x.json.gz`), NOPE, configFrom(PAYMENTS)),
  // VPC flow logs, delivered by the log delivery service.
  c('flow logs of a member write its prefix',             'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(PAYMENTS), ALLOW, deliveryFrom(PAYMENTS)),
  c('flow log delivery checks the bucket ACL',            'member-logs bucket', LOG_DELIVERY, 's3:GetBucketAcl', MEMBER_LOGS, ALLOW, deliveryFrom(TOOLING, false)),
  c('flow log delivery lists the bucket',                 'member-logs bucket', LOG_DELIVERY, 's3:ListBucket', MEMBER_LOGS, ALLOW, deliveryFrom(TOOLING, false)),
  c('flow logs of a member write another member prefix',  'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(TOOLING), NOPE, deliveryFrom(PAYMENTS)),
  c('flow logs write without the owner ACL header',       'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(PAYMENTS), NOPE, deliveryFrom(PAYMENTS, false)),
  c('flow logs of a member without flow logs write',      'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(SANDBOX), NOPE, deliveryFrom(SANDBOX)),
  c('flow logs of an outside account write',              'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(OUTSIDER), NOPE, deliveryFrom(OUTSIDER)),
  c('flow logs of a member outside write its prefix',   'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(ACQUIRED), ALLOW, deliveryFrom(ACQUIRED)),
  c('flow logs write into the Config prefix',             'member-logs bucket', LOG_DELIVERY, 's3:PutObject', configLog(PAYMENTS), NOPE, deliveryFrom(PAYMENTS)),
  c('flow logs write into the log bucket',                'log bucket', LOG_DELIVERY, 's3:PutObject', ctLog(PAYMENTS, `AWSLogs/${PAYMENTS}`), NOPE, deliveryFrom(PAYMENTS)),
  // Session Manager logs, uploaded by the SSM Agent with the managed node's role.
  c('managed node uploads its session log',               'member-logs bucket', PAYMENTS_NODE, 's3:PutObject', sessionLog(PAYMENTS), ALLOW),
  c('managed node checks the bucket encryption',          'member-logs bucket', PAYMENTS_NODE, 's3:GetEncryptionConfiguration', MEMBER_LOGS, ALLOW),
  c('managed node uploads into another member prefix',    'member-logs bucket', PAYMENTS_NODE, 's3:PutObject', sessionLog(TOOLING), NOPE),
  c('managed node uploads into the Config prefix',        'member-logs bucket', PAYMENTS_NODE, 's3:PutObject', configLog(PAYMENTS), NOPE, OWNER_ACL),
  c('managed node reads its session log',                 'member-logs bucket', PAYMENTS_NODE, 's3:GetObject', sessionLog(PAYMENTS), NOPE),
  c('managed node deletes its session log',               'member-logs bucket', PAYMENTS_NODE, 's3:DeleteObject', sessionLog(PAYMENTS), DENY),
  c('node of a member without session logs uploads',      'member-logs bucket', SANDBOX_NODE, 's3:PutObject', sessionLog(SANDBOX), NOPE),
  c('node of a member outside uploads its session log',  'member-logs bucket', ACQUIRED_NODE, 's3:PutObject', sessionLog(ACQUIRED), ALLOW),
  c('node of a member outside uploads another prefix',   'member-logs bucket', ACQUIRED_NODE, 's3:PutObject', sessionLog(PAYMENTS), NOPE),
  c('node of another organization uploads its prefix',    'member-logs bucket', OTHER_ORG_NODE, 's3:PutObject', sessionLog(OUTSIDER), NOPE),
  c('outside account uploads a session log',              'member-logs bucket', OUTSIDER_ADMIN, 's3:PutObject', sessionLog(OUTSIDER), NOPE),
  c('managed node uploads into the log bucket',           'log bucket', PAYMENTS_NODE, 's3:PutObject', obj(`ssm-logs/${PAYMENTS}/x.log`), NOPE),
  // Readers.
  c('reader reads a trail log',                           'log bucket', AUDITOR, 's3:GetObject', ctLog(PAYMENTS), ALLOW),
  c('reader reads a Config log',                          'member-logs bucket', AUDITOR, 's3:GetObject', configLog(PAYMENTS), ALLOW),
  c('reader reads a flow log',                            'member-logs bucket', AUDITOR, 's3:GetObject', flowLog(TOOLING), ALLOW),
  c('reader reads a session log',                         'member-logs bucket', AUDITOR, 's3:GetObject', sessionLog(PAYMENTS), ALLOW),
  c('reader lists the Config logs',                       'member-logs bucket', AUDITOR, 's3:ListBucket', MEMBER_LOGS, ALLOW, { 's3:prefix': `config-logs/AWSLogs/${PAYMENTS}/` }),
  c('reader deletes a Config log',                        'member-logs bucket', AUDITOR, 's3:DeleteObject', configLog(PAYMENTS), DENY),
  c('reader writes a session log',                        'member-logs bucket', AUDITOR, 's3:PutObject', sessionLog(READER), NOPE),
  c('reader lists the trail logs',                        'log bucket', AUDITOR, 's3:ListBucket', BUCKET, ALLOW, { 's3:prefix': `AWSLogs/${ORG}/` }),
  c('reader locates the bucket (Athena does)',            'log bucket', AUDITOR, 's3:GetBucketLocation', BUCKET, ALLOW),
  c('reader lists outside the log prefixes',              'log bucket', AUDITOR, 's3:ListBucket', BUCKET, NOPE, { 's3:prefix': 'other/' }),
  c('reader reads without TLS',                           'log bucket', AUDITOR, 's3:GetObject', ctLog(PAYMENTS), DENY, undefined, true),
  c('reader deletes a log',                               'log bucket', AUDITOR, 's3:DeleteObject', ctLog(PAYMENTS), DENY),
  c('reader writes a log',                                'log bucket', AUDITOR, 's3:PutObject', ctLog(PAYMENTS), NOPE, OWNER_ACL),
  c('reader replaces the bucket policy',                  'log bucket', AUDITOR, 's3:PutBucketPolicy', BUCKET, DENY),
  // Everyone else.
  c('anonymous request reads a log',                      'log bucket', ANONYMOUS, 's3:GetObject', ctLog(PAYMENTS), NOPE),
  c('anonymous request lists the bucket',                 'log bucket', ANONYMOUS, 's3:ListBucket', BUCKET, NOPE, { 's3:prefix': 'AWSLogs/' }),
  c('member account admin reads the logs',                'log bucket', PAYMENTS_ADMIN, 's3:GetObject', ctLog(PAYMENTS), NOPE),
  c('outside account admin reads the logs',               'log bucket', OUTSIDER_ADMIN, 's3:GetObject', ctLog(PAYMENTS), NOPE),
  c('outside account admin writes a log',                 'log bucket', OUTSIDER_ADMIN, 's3:PutObject', ctLog(PAYMENTS), NOPE, OWNER_ACL),
  // Retention guard: only the deploy role deletes or loosens.
  c('archive admin deletes a log',                        'log bucket', ARCHIVE_ADMIN, 's3:DeleteObject', ctLog(PAYMENTS), DENY),
  c('archive admin deletes a log version',                'log bucket', ARCHIVE_ADMIN, 's3:DeleteObjectVersion', ctLog(PAYMENTS), DENY),
  c('archive admin bypasses governance retention',        'log bucket', ARCHIVE_ADMIN, 's3:BypassGovernanceRetention', ctLog(PAYMENTS), DENY),
  c('archive admin deletes the bucket policy',            'log bucket', ARCHIVE_ADMIN, 's3:DeleteBucketPolicy', BUCKET, DENY),
  c('archive admin replaces the bucket policy',           'log bucket', ARCHIVE_ADMIN, 's3:PutBucketPolicy', BUCKET, DENY),
  c('archive admin shortens the lifecycle',               'log bucket', ARCHIVE_ADMIN, 's3:PutLifecycleConfiguration', BUCKET, DENY),
  c('archive admin suspends versioning',                  'log bucket', ARCHIVE_ADMIN, 's3:PutBucketVersioning', BUCKET, DENY),
  c('archive admin reads a log',                          'log bucket', ARCHIVE_ADMIN, 's3:GetObject', ctLog(PAYMENTS), ALLOW),
  c('deploy role deletes a log version',                  'log bucket', DEPLOY_ROLE, 's3:DeleteObjectVersion', ctLog(PAYMENTS), ALLOW),
  c('deploy role updates the bucket policy',              'log bucket', DEPLOY_ROLE, 's3:PutBucketPolicy', BUCKET, ALLOW),
  c('deploy role updates the lifecycle',                  'log bucket', DEPLOY_ROLE, 's3:PutLifecycleConfiguration', BUCKET, ALLOW),
  c('archive admin deletes a Config log',                 'member-logs bucket', ARCHIVE_ADMIN, 's3:DeleteObject', configLog(PAYMENTS), DENY),
  c('archive admin shortens the member-logs lifecycle',   'member-logs bucket', ARCHIVE_ADMIN, 's3:PutLifecycleConfiguration', MEMBER_LOGS, DENY),
  c('archive admin suspends member-logs versioning',      'member-logs bucket', ARCHIVE_ADMIN, 's3:PutBucketVersioning', MEMBER_LOGS, DENY),
  c('deploy role deletes a Config log version',           'member-logs bucket', DEPLOY_ROLE, 's3:DeleteObjectVersion', configLog(PAYMENTS), ALLOW),
  c('member-logs bucket refuses plain HTTP',              'member-logs bucket', CONFIG, 's3:PutObject', configLog(PAYMENTS), DENY, configFrom(PAYMENTS), true),
  // The log key.
  c('CloudTrail encrypts for the org trail',              'log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, ALLOW, ctKey(ORG_TRAIL)),
  c('CloudTrail describes the key for the org trail',     'log key', CLOUDTRAIL, 'kms:DescribeKey', KEY, ALLOW, { 'aws:SourceArn': ORG_TRAIL }),
  c('CloudTrail encrypts for a member account trail',     'log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, ALLOW, ctKey(SANDBOX_TRAIL)),
  c('CloudTrail encrypts for an outside trail',           'log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, NOPE, ctKey(trailArn(OUTSIDER, 'org-trail'))),
  c('CloudTrail encrypts for another management trail',   'log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, NOPE, ctKey(trailArn(MANAGEMENT, 'other'))),
  c('CloudTrail encrypts with another account in the context','log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, NOPE, { 'aws:SourceArn': ORG_TRAIL, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn(OUTSIDER, 'org-trail') }),
  c('CloudTrail decrypts',                                'log key', CLOUDTRAIL, 'kms:Decrypt', KEY, NOPE, ctKey(ORG_TRAIL)),
  // [cloudtrail-kms-key-read-back-as-key-arn] The trails' stacks read the key's ARN from its alias, and may do nothing else with it.
  c('the trail stack reads the key by its alias',         'log key', role(MANAGEMENT, 'OrganizationAccountAccessRole'), 'kms:DescribeKey', KEY, ALLOW),
  c('an account trail stack reads the key',               'log key', role(SANDBOX, 'OrganizationAccountAccessRole'), 'kms:DescribeKey', KEY, ALLOW),
  c('a member without a trail reads the key',             'log key', role(PAYMENTS, 'Admin'), 'kms:DescribeKey', KEY, NOPE),
  c('the trail stack account encrypts with the key',      'log key', role(MANAGEMENT, 'Admin'), 'kms:GenerateDataKey', KEY, NOPE),
  c('an account trail stack decrypts with the key',       'log key', role(SANDBOX, 'Admin'), 'kms:Decrypt', KEY, NOPE),
  c('Config encrypts for a member',                       'log key', CONFIG, 'kms:GenerateDataKey', KEY, ALLOW, sourceOf(PAYMENTS)),
  c('Config encrypts for a member without awsConfig',     'log key', CONFIG, 'kms:GenerateDataKey', KEY, NOPE, sourceOf(SANDBOX)),
  c('Config encrypts for an outside account',             'log key', CONFIG, 'kms:GenerateDataKey', KEY, NOPE, sourceOf(OUTSIDER)),
  c('Config encrypts for an account of another organization', 'log key', CONFIG, 'kms:GenerateDataKey', KEY, NOPE, sourceOf(OUTSIDER, 'o-zzzzzzzzzz')),
  c('log delivery encrypts flow logs of a member',        'log key', LOG_DELIVERY, 'kms:GenerateDataKey', KEY, ALLOW, sourceOf(PAYMENTS)),
  c('log delivery encrypts for a member without flow logs','log key', LOG_DELIVERY, 'kms:GenerateDataKey', KEY, NOPE, sourceOf(SANDBOX)),
  c('managed node encrypts a session log through S3',     'log key', PAYMENTS_NODE, 'kms:GenerateDataKey', KEY, ALLOW, uploadViaS3(PAYMENTS, MEMBER_LOGS)),
  c('managed node encrypts an object of the log bucket',  'log key', PAYMENTS_NODE, 'kms:GenerateDataKey', KEY, NOPE, uploadViaS3(PAYMENTS, BUCKET)),
  c('managed node encrypts directly',                     'log key', PAYMENTS_NODE, 'kms:GenerateDataKey', KEY, NOPE, { 'kms:CallerAccount': PAYMENTS, 'kms:EncryptionContext:aws:s3:arn': MEMBER_LOGS }),
  c('node of a member outside encrypts a session log',   'log key', ACQUIRED_NODE, 'kms:GenerateDataKey', KEY, ALLOW, uploadViaS3(ACQUIRED, MEMBER_LOGS)),
  c('Config encrypts for a member outside the organization', 'log key', CONFIG, 'kms:GenerateDataKey', KEY, ALLOW, sourceOf(ACQUIRED)),
  c('node of a member without session logs encrypts',     'log key', SANDBOX_NODE, 'kms:GenerateDataKey', KEY, NOPE, uploadViaS3(SANDBOX, MEMBER_LOGS)),
  c('reader decrypts through S3',                         'log key', AUDITOR, 'kms:Decrypt', KEY, ALLOW, viaS3(READER)),
  c('reader decrypts directly',                           'log key', AUDITOR, 'kms:Decrypt', KEY, NOPE, { 'kms:CallerAccount': READER }),
  c('reader schedules key deletion',                      'log key', AUDITOR, 'kms:ScheduleKeyDeletion', KEY, NOPE),
  c('member account admin decrypts through S3',           'log key', PAYMENTS_ADMIN, 'kms:Decrypt', KEY, NOPE, viaS3(PAYMENTS)),
  c('outside account admin decrypts through S3',          'log key', OUTSIDER_ADMIN, 'kms:Decrypt', KEY, NOPE, viaS3(OUTSIDER)),
  c('archive admin administers the key through IAM',      'log key', ARCHIVE_ADMIN, 'kms:PutKeyPolicy', KEY, ALLOW),
  // The access-log bucket.
  // [s3-server-access-logs-source-bucket-and-account] S3 sends the source bucket's ARN and its account.
  c('S3 delivers the log bucket access logs',             'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit/${ARCHIVE}/eu-west-1/acme-audit/${day}/log`, ALLOW, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers another bucket access logs',             'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit/x`, NOPE, { 'aws:SourceArn': 'arn:aws:s3:::other', 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers access logs outside the prefix',         'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/elsewhere/x`, NOPE, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers access logs for an outside account',     'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit/x`, NOPE, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': OUTSIDER }),
  c('S3 delivers the member-logs bucket access logs',     'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit-member-logs/${ARCHIVE}/eu-west-1/acme-audit-member-logs/${day}/log`, ALLOW, { 'aws:SourceArn': MEMBER_LOGS, 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers the Athena results bucket access logs',  'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit-athena/${ARCHIVE}/eu-west-1/acme-audit-athena/${day}/log`, ALLOW, { 'aws:SourceArn': 'arn:aws:s3:::acme-audit-athena', 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers the columnar copy bucket access logs',   'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit-columnar/${ARCHIVE}/eu-west-1/acme-audit-columnar/${day}/log`, ALLOW, { 'aws:SourceArn': 'arn:aws:s3:::acme-audit-columnar', 'aws:SourceAccount': ARCHIVE }),
  c('S3 delivers Athena access logs of another account',  'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit-athena/x`, NOPE, { 'aws:SourceArn': 'arn:aws:s3:::acme-audit-athena', 'aws:SourceAccount': OUTSIDER }),
  c('archive admin deletes an access log',                'access-log bucket', ARCHIVE_ADMIN, 's3:DeleteObject', `${ACCESS_LOGS}/acme-audit/x`, DENY),
  c('reader reads access logs',                           'access-log bucket', AUDITOR, 's3:GetObject', `${ACCESS_LOGS}/acme-audit/x`, NOPE),
];
