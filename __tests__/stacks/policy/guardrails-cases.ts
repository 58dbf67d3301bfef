import {
  ACCESS_LOGS,
  ALLOW,
  ARCHIVE,
  ARCHIVE_ADMIN,
  AUDITOR,
  BUCKET,
  CLOUDTRAIL,
  CONFIG,
  configFrom,
  configLog,
  ctKey,
  ctLog,
  day,
  DENY,
  DEPLOY_ROLE,
  deliveryFrom,
  flowLog,
  from,
  KEY,
  LOG_DELIVERY,
  MANAGEMENT,
  MEMBER_LOGS,
  NOPE,
  ORG,
  ORG_TRAIL,
  OUTSIDER,
  OUTSIDER_ADMIN,
  PAYMENTS,
  PAYMENTS_ADMIN,
  PAYMENTS_NODE,
  POLICY_TEST_CONFIG,
  READER,
  S3_LOGGING,
  SANDBOX,
  SANDBOX_TRAIL,
  sessionLog,
  sourceOf,
  uploadViaS3,
  viaS3,
  ACQUIRED,
  ACQUIRED_NODE,
  OWNER_ACL,
} from './log-archive-cases';
import { Testing } from 'cdktf';
import { GuardrailsStack } from '../../../stacks';
import { GuardrailAttachments } from './organization-layers';
import { ANONYMOUS, Caller, configOf, Decision, PolicyRequest, role, rootUser, service } from './simulate';
import { synthJson } from '../../support/stack-json';

/*
 * Who may do what to the evidence and the recording once the guardrails are attached, as AWS would
 * decide it through every layer at once: the caller's identity policy (AdministratorAccess unless
 * said), the SCPs of its account, the RCPs of the resource's account, and the resource's own policy.
 * The accounts are those of the log archive cases, plus a delegated administrator that owns the
 * organization trail.
 */

/** The CloudTrail delegated administrator: it owns the organization stack, and SCPs bind it. */
export const SECURITY = '888888888888';
/** The break-glass role, in the log archive account. */
export const BREAK_GLASS_ARN = `arn:aws:iam::${ARCHIVE}:role/BreakGlass`;

/** The role that builds and signs evidence packages, in the delegated administrator's account. */
export const EVIDENCE_SIGNER_ARN = `arn:aws:iam::${SECURITY}:role/evidence-builder`;

export const GUARDRAILS_TEST_CONFIG = {
  ...POLICY_TEST_CONFIG,
  logArchive: { ...POLICY_TEST_CONFIG.logArchive, evidenceSigning: { signerRoleArns: [EVIDENCE_SIGNER_ARN] } },
  trail: { name: 'org-trail', accountId: SECURITY },
  guardrails: { breakGlassPrincipalArns: [BREAK_GLASS_ARN] },
  // Every member sends its application logs but tooling.
  applicationLogs: { enabled: true, optedOutMembers: ['tooling'] },
  // The flow-logs rule's remediation in every recorded member, which the recorder protection keeps.
  awsConfig: { flowLogsForEveryVpc: true },
};

/** Accounts of the organization (SCPs bind all but the management account; RCPs cover their resources). */
export const ORG_ACCOUNTS: ReadonlySet<string> = new Set([
  MANAGEMENT,
  ARCHIVE,
  READER,
  PAYMENTS,
  SECURITY,
  '666666666666',
]);

/**
 * The guardrails stack of GUARDRAILS_TEST_CONFIG with `overrides` (top-level keys replaced),
 * synthesized, and its policies as AWS applies them to each request.
 */
export function synthGuardrailsCase(overrides: Record<string, unknown> = {}) {
  const config = configOf({ ...GUARDRAILS_TEST_CONFIG, ...overrides });
  const synthesized = synthJson(new GuardrailsStack(Testing.app(), config));
  const attachments = new GuardrailAttachments(synthesized, {
    accounts: ORG_ACCOUNTS,
    managementAccountId: MANAGEMENT,
  });
  return { config, synthesized, attachments };
}

/** Where the request's resource is and which of its policies applies. */
export type GuardedResource =
  | 'log bucket'
  | 'member-logs bucket'
  | 'access-log bucket'
  | 'log key'
  | 'signing key'
  | 'member account' // a resource of a member account without a resource policy
  | 'archive account' // a resource of the log archive account without a resource policy
  | 'trail account' // a resource of the delegated administrator without a resource policy
  | 'management account';

export interface GuardrailCase extends PolicyRequest {
  readonly title: string;
  readonly resource: string;
  readonly on: GuardedResource;
  readonly expect: Decision;
}

const g = (
  title: string,
  on: GuardedResource,
  caller: Caller,
  action: string,
  resource: string,
  expect: Decision,
  context?: PolicyRequest['context'],
): GuardrailCase => ({ title, on, caller, action, resource, expect, context });

const ADMIN = { orgId: ORG };
const ARCHIVE_ROOT = rootUser(ARCHIVE, ORG);
const BREAK_GLASS = role(ARCHIVE, 'BreakGlass', ADMIN);
const MANAGEMENT_ADMIN = role(MANAGEMENT, 'Admin', ADMIN);
const MEMBER_DEPLOY = role(PAYMENTS, 'OrganizationAccountAccessRole', ADMIN);
const SECURITY_ADMIN = role(SECURITY, 'Admin', ADMIN);
const SECURITY_DEPLOY = role(SECURITY, 'OrganizationAccountAccessRole', ADMIN);
const ALIAS = `arn:aws:kms:eu-west-1:${ARCHIVE}:alias/audit-logs`;
const REPLICA = 'arn:aws:s3:::acme-audit-replica';
const ATHENA_RESULTS = 'arn:aws:s3:::acme-audit-athena';
const recorder = (region = 'eu-west-1') => ({ 'aws:RequestedRegion': region });
/** A Config recorder or channel (the simulator needs an ARN; the SCP covers every one in a governed Region). */
const configRecorder = (region = 'eu-west-1') =>
  `arn:aws:config:${region}:${PAYMENTS}:configuration-recorder/default/0a1b2c3d4e5f6a7b8c9d`;
const ourFlowLog = `arn:aws:ec2:eu-west-1:${PAYMENTS}:vpc-flow-log/fl-0a1b2c3d4e5f67890`;
const managedByUs = { 'aws:ResourceTag/ManagedBy': 'cdktf-audit-logging' };
const accountTrail = `arn:aws:cloudtrail:eu-west-1:${PAYMENTS}:trail/account-trail`;
const sessionPreferences = `arn:aws:ssm:eu-west-1:${PAYMENTS}:document/SSM-SessionManagerRunShell`;
const recorderRole = `arn:aws:iam::${PAYMENTS}:role/audit-config-recorder`;
const deployRole = `arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole`;
const trailLogGroup = `arn:aws:logs:eu-west-1:${SECURITY}:log-group:/aws/cloudtrail/org-trail`;
const alarm = (name: string) => `arn:aws:cloudwatch:eu-west-1:${SECURITY}:alarm:${name}`;
const alarmTopic = `arn:aws:sns:eu-west-1:${SECURITY}:audit-security-alarms`;
const destination = (region = 'eu-west-1') => `arn:aws:logs:${region}:${ARCHIVE}:destination:audit-application-logs`;
const logsStream = `arn:aws:firehose:eu-west-1:${ARCHIVE}:deliverystream/audit-application-logs-us-east-1`;
const destinationRole = `arn:aws:iam::${ARCHIVE}:role/audit-application-logs-eu-west-1`;
const trailKey = `arn:aws:kms:eu-west-1:${SECURITY}:key/0a1b2c3d-1234-5678-9abc-def012345678`;
const SIGNING_KEY = `arn:aws:kms:eu-west-1:${ARCHIVE}:key/5e6f7a8b-1234-5678-9abc-def012345678`;
const SIGNER = role(SECURITY, 'evidence-builder', ADMIN);
/** What `evidence build --sign` sends: a SHA-256 digest, PKCS #1 v1.5 (kms-manifest-signer.ts). */
const signing = (algorithm = 'RSASSA_PKCS1_V1_5_SHA_256', messageType = 'DIGEST') => ({
  'kms:SigningAlgorithm': algorithm,
  'kms:MessageType': messageType,
});

// prettier-ignore
export const GUARDRAIL_CASES: readonly GuardrailCase[] = [
  // The evidence signing key: its named signer signs a digest, with the one algorithm; the
  // organization reads its public key; nobody else signs, and nobody destroys or repoints it.
  // [kms-sign-condition-keys]
  g('the signer signs a manifest digest',               'signing key', SIGNER, 'kms:Sign', SIGNING_KEY, ALLOW, signing()),
  g('the signer signs a raw message',                   'signing key', SIGNER, 'kms:Sign', SIGNING_KEY, NOPE, signing(undefined, 'RAW')),
  g('the signer signs with another algorithm',          'signing key', SIGNER, 'kms:Sign', SIGNING_KEY, NOPE, signing('RSASSA_PSS_SHA_256')),
  g("an admin of the signer's account signs",           'signing key', SECURITY_ADMIN, 'kms:Sign', SIGNING_KEY, DENY, signing()),
  g("an admin of the key's account signs",              'signing key', ARCHIVE_ADMIN, 'kms:Sign', SIGNING_KEY, DENY, signing()),
  g('break-glass signs',                                'signing key', BREAK_GLASS, 'kms:Sign', SIGNING_KEY, DENY, signing()),
  g('the signer reads the public key',                  'signing key', SIGNER, 'kms:GetPublicKey', SIGNING_KEY, ALLOW),
  g("a member's role reads the public key",             'signing key', MEMBER_DEPLOY, 'kms:GetPublicKey', SIGNING_KEY, ALLOW),
  g('an outsider reads the public key',                 'signing key', OUTSIDER_ADMIN, 'kms:GetPublicKey', SIGNING_KEY, DENY),
  g('archive admin schedules the signing key deletion', 'signing key', ARCHIVE_ADMIN, 'kms:ScheduleKeyDeletion', SIGNING_KEY, DENY),
  g('archive admin disables the signing key',           'signing key', ARCHIVE_ADMIN, 'kms:DisableKey', SIGNING_KEY, DENY),
  g('archive admin replaces the signing key policy',    'signing key', ARCHIVE_ADMIN, 'kms:PutKeyPolicy', SIGNING_KEY, DENY),
  // Who can change who signs: the archive's deploy role (Terraform applies the key policy) and
  // break-glass, each call in audit-system-changes (kms:PutKeyPolicy, kms:UpdateAlias).
  g('deploy role replaces the signing key policy',      'signing key', DEPLOY_ROLE, 'kms:PutKeyPolicy', SIGNING_KEY, ALLOW),
  g('break-glass replaces the signing key policy',      'signing key', BREAK_GLASS, 'kms:PutKeyPolicy', SIGNING_KEY, ALLOW),
  // An administrator of the log archive account (AdministratorAccess, even the root user) cannot destroy evidence.
  g('archive admin deletes a log',                      'log bucket', ARCHIVE_ADMIN, 's3:DeleteObject', ctLog(PAYMENTS), DENY),
  g('archive admin deletes a log version',              'log bucket', ARCHIVE_ADMIN, 's3:DeleteObjectVersion', ctLog(PAYMENTS), DENY),
  g('archive admin bypasses governance retention',      'log bucket', ARCHIVE_ADMIN, 's3:BypassGovernanceRetention', ctLog(PAYMENTS), DENY),
  g('archive admin shortens the retention of a log',    'log bucket', ARCHIVE_ADMIN, 's3:PutObjectRetention', ctLog(PAYMENTS), DENY),
  g('archive admin removes a legal hold',               'log bucket', ARCHIVE_ADMIN, 's3:PutObjectLegalHold', ctLog(PAYMENTS), DENY),
  g('archive admin removes the lifecycle',              'log bucket', ARCHIVE_ADMIN, 's3:PutLifecycleConfiguration', BUCKET, DENY),
  g('archive admin turns off Object Lock defaults',     'log bucket', ARCHIVE_ADMIN, 's3:PutBucketObjectLockConfiguration', BUCKET, DENY),
  g('archive admin turns off access logging',           'log bucket', ARCHIVE_ADMIN, 's3:PutBucketLogging', BUCKET, DENY),
  g('archive admin changes the default encryption',     'log bucket', ARCHIVE_ADMIN, 's3:PutEncryptionConfiguration', BUCKET, DENY),
  g('archive admin lifts the public access block',      'log bucket', ARCHIVE_ADMIN, 's3:PutBucketPublicAccessBlock', BUCKET, DENY),
  g('archive admin changes replication',                'log bucket', ARCHIVE_ADMIN, 's3:PutReplicationConfiguration', BUCKET, DENY),
  g('archive admin deletes the log bucket',             'log bucket', ARCHIVE_ADMIN, 's3:DeleteBucket', BUCKET, DENY),
  g('archive admin deletes a Config log',               'member-logs bucket', ARCHIVE_ADMIN, 's3:DeleteObject', configLog(PAYMENTS), DENY),
  g('archive admin changes member-logs ownership',      'member-logs bucket', ARCHIVE_ADMIN, 's3:PutBucketOwnershipControls', MEMBER_LOGS, DENY),
  g('archive admin deletes an access log',              'access-log bucket', ARCHIVE_ADMIN, 's3:DeleteObjectVersion', `${ACCESS_LOGS}/acme-audit/x`, DENY),
  g('archive admin schedules the log key deletion',     'log key', ARCHIVE_ADMIN, 'kms:ScheduleKeyDeletion', KEY, DENY),
  g('archive admin disables the log key',               'log key', ARCHIVE_ADMIN, 'kms:DisableKey', KEY, DENY),
  g('archive admin replaces the key policy',            'log key', ARCHIVE_ADMIN, 'kms:PutKeyPolicy', KEY, DENY),
  g('archive admin points the alias at another key',    'log key', ARCHIVE_ADMIN, 'kms:UpdateAlias', ALIAS, DENY),
  g('archive admin still reads a log',                  'log bucket', ARCHIVE_ADMIN, 's3:GetObject', ctLog(PAYMENTS), ALLOW),
  g('archive root user replaces the bucket policy',     'log bucket', ARCHIVE_ROOT, 's3:PutBucketPolicy', BUCKET, DENY),
  g('archive root user deletes a log version',          'log bucket', ARCHIVE_ROOT, 's3:DeleteObjectVersion', ctLog(PAYMENTS), DENY),
  // The deploy role applies updates but destroys nothing.
  g('deploy role updates the bucket policy',            'log bucket', DEPLOY_ROLE, 's3:PutBucketPolicy', BUCKET, ALLOW),
  g('deploy role updates the lifecycle',                'log bucket', DEPLOY_ROLE, 's3:PutLifecycleConfiguration', BUCKET, ALLOW),
  g('deploy role updates the key policy',               'log key', DEPLOY_ROLE, 'kms:PutKeyPolicy', KEY, ALLOW),
  g('deploy role deletes a log version',                'log bucket', DEPLOY_ROLE, 's3:DeleteObjectVersion', ctLog(PAYMENTS), DENY),
  g('deploy role bypasses governance retention',        'log bucket', DEPLOY_ROLE, 's3:BypassGovernanceRetention', ctLog(PAYMENTS), DENY),
  g('deploy role schedules the log key deletion',       'log key', DEPLOY_ROLE, 'kms:ScheduleKeyDeletion', KEY, DENY),
  g('deploy role updates the replica lifecycle',        'log bucket', DEPLOY_ROLE, 's3:PutLifecycleConfiguration', REPLICA, ALLOW),
  // Break-glass can.
  g('break-glass deletes a log version',                'log bucket', BREAK_GLASS, 's3:DeleteObjectVersion', ctLog(PAYMENTS), ALLOW),
  g('break-glass bypasses governance retention',        'log bucket', BREAK_GLASS, 's3:BypassGovernanceRetention', ctLog(PAYMENTS), ALLOW),
  g('break-glass deletes a Config log',                 'member-logs bucket', BREAK_GLASS, 's3:DeleteObject', configLog(PAYMENTS), ALLOW),
  g('break-glass schedules the log key deletion',       'log key', BREAK_GLASS, 'kms:ScheduleKeyDeletion', KEY, ALLOW),
  g('break-glass replaces the bucket policy',           'log bucket', BREAK_GLASS, 's3:PutBucketPolicy', BUCKET, ALLOW),
  // The management account: no SCP binds it, the RCP does.
  g('management admin deletes a log version',           'log bucket', MANAGEMENT_ADMIN, 's3:DeleteObjectVersion', ctLog(PAYMENTS), DENY),
  g('management admin reads a log (not a reader)',      'log bucket', MANAGEMENT_ADMIN, 's3:GetObject', ctLog(PAYMENTS), NOPE),
  g('management admin schedules the key deletion',      'log key', MANAGEMENT_ADMIN, 'kms:ScheduleKeyDeletion', KEY, DENY),
  g('management admin stops the organization trail',    'management account', MANAGEMENT_ADMIN, 'cloudtrail:StopLogging', ORG_TRAIL, ALLOW),
  // Outside the organization.
  g('outside account reads a log',                      'log bucket', OUTSIDER_ADMIN, 's3:GetObject', ctLog(PAYMENTS), DENY),
  g('outside account decrypts through S3',              'log key', OUTSIDER_ADMIN, 'kms:Decrypt', KEY, DENY, viaS3(OUTSIDER)),
  g('anonymous request reads a log',                    'log bucket', ANONYMOUS, 's3:GetObject', ctLog(PAYMENTS), DENY),
  g('reader reads a trail log',                         'log bucket', role(READER, 'Auditor', ADMIN), 's3:GetObject', ctLog(PAYMENTS), ALLOW),
  g('reader deletes a trail log',                       'log bucket', AUDITOR, 's3:DeleteObject', ctLog(PAYMENTS), DENY),
  g('Config delivers for an account of another organization', 'member-logs bucket', CONFIG, 's3:PutObject', configLog(OUTSIDER), DENY, { ...sourceOf(OUTSIDER, 'o-zzzzzzzzzz'), ...OWNER_ACL }),
  g('a service writes the Athena results for an outsider', 'log bucket', service('athena.amazonaws.com'), 's3:PutObject', `${ATHENA_RESULTS}/x`, DENY, { 'aws:SourceAccount': OUTSIDER }),
  // Derived data is maintained by deleting it; only the evidence buckets are kept from destruction.
  g('archive admin deletes from the columnar copy (DELETE and VACUUM)', 'log bucket', ARCHIVE_ADMIN, 's3:DeleteObject', 'arn:aws:s3:::acme-audit-columnar/cloudtrail/data/x.parquet', ALLOW),
  g('archive admin empties the Athena results',         'log bucket', ARCHIVE_ADMIN, 's3:DeleteObject', `${ATHENA_RESULTS}/x.csv`, ALLOW),
  g('archive admin deletes a member-logs object',       'member-logs bucket', ARCHIVE_ADMIN, 's3:DeleteObject', configLog(PAYMENTS), DENY),
  g('member admin deletes its own bucket that shares the prefix', 'member account', PAYMENTS_ADMIN, 's3:DeleteBucket', 'arn:aws:s3:::acme-audit-team', ALLOW),
  // Every delivery still arrives, through every layer.
  g('organization trail delivers a member log',         'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(PAYMENTS), ALLOW, { ...from(ORG_TRAIL), 'aws:SourceAccount': MANAGEMENT, 'aws:SourceOrgID': ORG }),
  g('organization trail encrypts with the log key',     'log key', CLOUDTRAIL, 'kms:GenerateDataKey', KEY, ALLOW, { ...ctKey(ORG_TRAIL), 'aws:SourceAccount': MANAGEMENT, 'aws:SourceOrgID': ORG }),
  g('account trail of an outside member delivers',      'log bucket', CLOUDTRAIL, 's3:PutObject', ctLog(SANDBOX, `AWSLogs/${SANDBOX}`), ALLOW, { ...from(SANDBOX_TRAIL), 'aws:SourceAccount': SANDBOX }),
  g('AWS Config delivers a member history',             'member-logs bucket', CONFIG, 's3:PutObject', configLog(PAYMENTS), ALLOW, configFrom(PAYMENTS)),
  g('AWS Config of an outside member delivers',         'member-logs bucket', CONFIG, 's3:PutObject', configLog(ACQUIRED), ALLOW, configFrom(ACQUIRED)),
  g('S3 delivers the server access logs',               'access-log bucket', S3_LOGGING, 's3:PutObject', `${ACCESS_LOGS}/acme-audit/${ARCHIVE}/eu-west-1/acme-audit/${day}/log`, ALLOW, { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': ARCHIVE, 'aws:SourceOrgID': ORG }),
  g('flow logs of a member are delivered',              'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(PAYMENTS), ALLOW, deliveryFrom(PAYMENTS)),
  g('flow logs of an outside member are delivered',     'member-logs bucket', LOG_DELIVERY, 's3:PutObject', flowLog(ACQUIRED), ALLOW, deliveryFrom(ACQUIRED)),
  g('a managed node uploads its session log',           'member-logs bucket', PAYMENTS_NODE, 's3:PutObject', sessionLog(PAYMENTS), ALLOW),
  g('a managed node encrypts its session log',          'log key', PAYMENTS_NODE, 'kms:GenerateDataKey', KEY, ALLOW, uploadViaS3(PAYMENTS, MEMBER_LOGS)),
  g('a node of an outside member uploads its session log', 'member-logs bucket', ACQUIRED_NODE, 's3:PutObject', sessionLog(ACQUIRED), ALLOW),
  // Application logs: a sending member's administrator cannot stop or redirect them, nor an archive administrator their delivery.
  g('member admin deletes its account-level subscription policy', 'member account', PAYMENTS_ADMIN, 'logs:DeleteAccountPolicy', '*', DENY),
  g('[logs-account-policy-actions-unscoped] member admin replaces its account-level policy, of any type', 'member account', PAYMENTS_ADMIN, 'logs:PutAccountPolicy', '*', DENY),
  g('member deploy role applies the account-level policy', 'member account', MEMBER_DEPLOY, 'logs:PutAccountPolicy', '*', ALLOW),
  g('archive admin deletes a destination of the application logs', 'archive account', ARCHIVE_ADMIN, 'logs:DeleteDestination', destination('us-east-1'), DENY),
  g('archive admin opens a destination to other senders', 'archive account', ARCHIVE_ADMIN, 'logs:PutDestinationPolicy', destination(), DENY),
  g('archive admin points a destination elsewhere',    'archive account', ARCHIVE_ADMIN, 'logs:PutDestination', destination(), DENY),
  g('archive admin deletes an application logs stream', 'archive account', ARCHIVE_ADMIN, 'firehose:DeleteDeliveryStream', logsStream, DENY),
  g('archive admin redirects an application logs stream', 'archive account', ARCHIVE_ADMIN, 'firehose:UpdateDestination', logsStream, DENY),
  g("archive admin changes a destination role's trust", 'archive account', ARCHIVE_ADMIN, 'iam:UpdateAssumeRolePolicy', destinationRole, DENY),
  g('archive deploy role updates an application logs stream', 'archive account', DEPLOY_ROLE, 'firehose:UpdateDestination', logsStream, ALLOW),
  g('archive deploy role updates a destination policy', 'archive account', DEPLOY_ROLE, 'logs:PutDestinationPolicy', destination(), ALLOW),
  // Recording in a member account: its administrator cannot silence it; the deploy role maintains it.
  g('member admin stops the Config recorder',           'member account', PAYMENTS_ADMIN, 'config:StopConfigurationRecorder', configRecorder(), DENY, recorder()),
  g('member admin deletes the Config recorder',         'member account', PAYMENTS_ADMIN, 'config:DeleteConfigurationRecorder', configRecorder('us-east-1'), DENY, recorder('us-east-1')),
  g('member admin deletes the delivery channel',        'member account', PAYMENTS_ADMIN, 'config:DeleteDeliveryChannel', '*', DENY, recorder()),
  g('member admin redirects the delivery channel',      'member account', PAYMENTS_ADMIN, 'config:PutDeliveryChannel', '*', DENY, recorder()),
  g('member admin records Config in an ungoverned Region', 'member account', PAYMENTS_ADMIN, 'config:PutConfigurationRecorder', configRecorder('ap-south-1'), ALLOW, recorder('ap-south-1')),
  // An account whose AWS Config this product does not record runs its own: the recorder protection is not attached to it.
  g('admin of an account we do not record sets up its own Config', 'trail account', SECURITY_ADMIN, 'config:PutConfigurationRecorder', `arn:aws:config:eu-west-1:${SECURITY}:configuration-recorder/default/0a1b2c3d4e5f6a7b8c9d`, ALLOW, recorder()),
  g('member admin stops the account trail',             'member account', PAYMENTS_ADMIN, 'cloudtrail:StopLogging', accountTrail, DENY),
  g('member admin deletes the account trail',           'member account', PAYMENTS_ADMIN, 'cloudtrail:DeleteTrail', accountTrail, DENY),
  g('member admin narrows the account trail events',    'member account', PAYMENTS_ADMIN, 'cloudtrail:PutEventSelectors', accountTrail, DENY),
  g('member admin deletes a trail of its own',          'member account', PAYMENTS_ADMIN, 'cloudtrail:DeleteTrail', `arn:aws:cloudtrail:eu-west-1:${PAYMENTS}:trail/team-trail`, ALLOW),
  g('member admin deletes our flow log',                'member account', PAYMENTS_ADMIN, 'ec2:DeleteFlowLogs', ourFlowLog, DENY, managedByUs),
  g('member admin removes the ManagedBy tag of a flow log', 'member account', PAYMENTS_ADMIN, 'ec2:DeleteTags', ourFlowLog, DENY, { ...managedByUs, 'aws:TagKeys': ['ManagedBy'] }),
  g('member admin tags a flow log of its own ManagedBy', 'member account', PAYMENTS_ADMIN, 'ec2:CreateTags', ourFlowLog, ALLOW, { 'aws:TagKeys': ['ManagedBy'] }),
  g('member admin removes the ManagedBy tag of the session preferences', 'member account', PAYMENTS_ADMIN, 'ssm:RemoveTagsFromResource', sessionPreferences, DENY, { ...managedByUs, 'aws:TagKeys': ['ManagedBy'] }),
  g('member admin deletes a flow log of its own',       'member account', PAYMENTS_ADMIN, 'ec2:DeleteFlowLogs', ourFlowLog, ALLOW, { 'aws:ResourceTag/ManagedBy': 'team' }),
  g('member admin rewrites the session preferences',    'member account', PAYMENTS_ADMIN, 'ssm:UpdateDocument', sessionPreferences, DENY, managedByUs),
  g('member admin deletes the session preferences',     'member account', PAYMENTS_ADMIN, 'ssm:DeleteDocument', sessionPreferences, DENY, managedByUs),
  g('admin of an account without our session logging sets its preferences', 'member account', PAYMENTS_ADMIN, 'ssm:UpdateDocument', sessionPreferences, ALLOW),
  // Every role of ours carries the provider's default tags, ManagedBy among them: AWS sends them as aws:ResourceTag. [iam-role-tags-control-access]
  g('member admin detaches the recorder role policy',   'member account', PAYMENTS_ADMIN, 'iam:DetachRolePolicy', recorderRole, DENY, managedByUs),
  g('member admin removes the ManagedBy tag of the recorder role', 'member account', PAYMENTS_ADMIN, 'iam:UntagRole', recorderRole, DENY, { ...managedByUs, 'aws:TagKeys': ['ManagedBy'] }),
  g('member admin passes the recorder role to a recorder of its own', 'member account', PAYMENTS_ADMIN, 'iam:PassRole', recorderRole, DENY, managedByUs),
  g('member admin re-trusts the deploy role',           'member account', PAYMENTS_ADMIN, 'iam:UpdateAssumeRolePolicy', deployRole, DENY),
  g('member admin attaches a policy to the deploy role', 'member account', PAYMENTS_ADMIN, 'iam:AttachRolePolicy', deployRole, DENY),
  g('member admin changes a role of its own',           'member account', PAYMENTS_ADMIN, 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${PAYMENTS}:role/team-app`, ALLOW),
  g('member admin leaves the organization',             'member account', PAYMENTS_ADMIN, 'organizations:LeaveOrganization', '*', DENY),
  g('member deploy role leaves the organization',       'member account', MEMBER_DEPLOY, 'organizations:LeaveOrganization', '*', DENY),
  // [organizations-closed-account-resources-deleted] [account-disable-region-ends-access]
  g('member admin closes its account',                  'member account', PAYMENTS_ADMIN, 'account:CloseAccount', `arn:aws:account::${PAYMENTS}:account`, DENY),
  g('member deploy role closes its account',            'member account', MEMBER_DEPLOY, 'account:CloseAccount', `arn:aws:account::${PAYMENTS}:account`, DENY),
  g('member admin disables a Region',                   'member account', PAYMENTS_ADMIN, 'account:DisableRegion', `arn:aws:account::${PAYMENTS}:account`, DENY, { 'account:TargetRegion': 'eu-south-1' }),
  g('archive admin disables a Region',                  'archive account', ARCHIVE_ADMIN, 'account:DisableRegion', `arn:aws:account::${ARCHIVE}:account`, DENY, { 'account:TargetRegion': 'eu-south-1' }),
  g('member root user stops the Config recorder',       'member account', rootUser(PAYMENTS, ORG), 'config:StopConfigurationRecorder', configRecorder(), DENY, recorder()),
  g('member deploy role updates the recorder',          'member account', MEMBER_DEPLOY, 'config:PutConfigurationRecorder', configRecorder(), ALLOW, recorder()),
  g('member deploy role updates the delivery channel',  'member account', MEMBER_DEPLOY, 'config:PutDeliveryChannel', '*', ALLOW, recorder()),
  g('member deploy role updates the account trail',     'member account', MEMBER_DEPLOY, 'cloudtrail:UpdateTrail', accountTrail, ALLOW),
  g('member deploy role replaces our flow log',         'member account', MEMBER_DEPLOY, 'ec2:DeleteFlowLogs', ourFlowLog, ALLOW, managedByUs),
  g('member deploy role updates the session preferences', 'member account', MEMBER_DEPLOY, 'ssm:UpdateDocument', sessionPreferences, ALLOW, managedByUs),
  g('member deploy role updates the recorder role policy', 'member account', MEMBER_DEPLOY, 'iam:PutRolePolicy', recorderRole, ALLOW, managedByUs),
  // The organization trail's monitoring in a delegated administrator account.
  g('trail account admin stops the organization trail', 'trail account', SECURITY_ADMIN, 'cloudtrail:StopLogging', ORG_TRAIL, DENY),
  g('trail account admin deletes the trail log group',  'trail account', SECURITY_ADMIN, 'logs:DeleteLogGroup', trailLogGroup, DENY),
  g('trail account admin deletes a metric filter',      'trail account', SECURITY_ADMIN, 'logs:DeleteMetricFilter', trailLogGroup, DENY),
  g('trail account admin deletes a CIS alarm',          'trail account', SECURITY_ADMIN, 'cloudwatch:DeleteAlarms', alarm('cis-root-account-usage'), DENY),
  g('trail account admin silences a CIS alarm',         'trail account', SECURITY_ADMIN, 'cloudwatch:DisableAlarmActions', alarm('cis-cloudtrail-config-changes'), DENY),
  g('trail account admin deletes the alarm topic',      'trail account', SECURITY_ADMIN, 'sns:DeleteTopic', alarmTopic, DENY),
  // [sns-data-protection-policy-blocks-messages]
  g('trail account admin blocks the alarms by a data protection policy', 'trail account', SECURITY_ADMIN, 'sns:PutDataProtectionPolicy', alarmTopic, DENY),
  g('trail account admin disables the alarm topic key', 'trail account', SECURITY_ADMIN, 'kms:DisableKey', trailKey, DENY, managedByUs),
  g('trail account admin schedules the log group key deletion', 'trail account', SECURITY_ADMIN, 'kms:ScheduleKeyDeletion', trailKey, DENY, managedByUs),
  // [kms-tags-decide-access] The key's ManagedBy tag can be neither removed nor rewritten.
  g('trail account admin untags the log group key',     'trail account', SECURITY_ADMIN, 'kms:UntagResource', trailKey, DENY, { ...managedByUs, 'aws:TagKeys': ['ManagedBy'] }),
  g('trail account admin retags the log group key',     'trail account', SECURITY_ADMIN, 'kms:TagResource', trailKey, DENY, { ...managedByUs, 'aws:TagKeys': ['ManagedBy'], 'aws:RequestTag/ManagedBy': 'team' }),
  // Not denied by the guardrail: the key's own policy decides, and none is simulated here.
  g('trail account admin disables a key of its own',    'trail account', SECURITY_ADMIN, 'kms:DisableKey', trailKey, 'ImplicitlyDenied', { 'aws:ResourceTag/ManagedBy': 'team' }),
  g('trail account deploy role updates the topic key policy', 'trail account', SECURITY_DEPLOY, 'kms:PutKeyPolicy', trailKey, 'ImplicitlyDenied', managedByUs),
  g('trail account admin deletes an alarm of its own',  'trail account', SECURITY_ADMIN, 'cloudwatch:DeleteAlarms', alarm('team-latency'), ALLOW),
  g('trail account deploy role updates a CIS alarm',    'trail account', SECURITY_DEPLOY, 'cloudwatch:PutMetricAlarm', alarm('cis-root-account-usage'), ALLOW),
  g('trail account deploy role changes the log group retention', 'trail account', SECURITY_DEPLOY, 'logs:PutRetentionPolicy', trailLogGroup, ALLOW),
];

/**
 * The log archive cases whose outcome the guardrails change on purpose: the archive's deploy role
 * no longer deletes evidence, and its administrators no longer administer the log key.
 */
export const CHANGED_BY_GUARDRAILS: ReadonlyMap<string, Decision> = new Map([
  ['deploy role deletes a log version', DENY],
  ['deploy role deletes a Config log version', DENY],
  ['archive admin administers the key through IAM', DENY],
]);
