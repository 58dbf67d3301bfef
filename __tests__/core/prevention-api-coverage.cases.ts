import { Testing } from 'cdktf';
import { type PolicyStatement } from '../../modules/catalogs/prevention-api-coverage';
import { GuardrailsStack } from '../../stacks';
import { GuardrailAttachments } from '../stacks/policy/organization-layers';
import {
  BREAK_GLASS_ARN,
  EVIDENCE_SIGNER_ARN,
  GUARDRAILS_TEST_CONFIG,
  ORG_ACCOUNTS,
  SECURITY,
} from '../stacks/policy/guardrails-cases';
import {
  ACCESS_LOGS,
  ARCHIVE,
  BUCKET,
  MANAGEMENT,
  MEMBER_LOGS,
  ORG,
  PAYMENTS,
  TOOLING,
} from '../stacks/policy/log-archive-cases';
import { configOf } from '../stacks/policy/simulate';
import { SEARCH_PIPELINE_NAME } from '../../modules/core/naming';
import { sourceQueueName } from '../../modules/search/search-names';
import { synthJson } from '../support/stack-json';

/*
 * The synthesized guardrails the prevention coverage is read from and simulated against: every
 * guardrail on (live search's, the Region deny's, the audit account's statements too), as the deny
 * lists' test synthesizes them, and the resources of ours each covered service holds, in the
 * accounts whose administrators the guardrails bind.
 */

const config = configOf({
  ...GUARDRAILS_TEST_CONFIG,
  // Tooling (a member of the organization, not the management account) as the audit account.
  audit: { accountId: TOOLING },
  applicationLogs: { ...GUARDRAILS_TEST_CONFIG.applicationLogs, liveSearch: { enabled: true } },
  guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyOtherRegions: true },
  // The search tier on, with its guardrail: an analyst role and the VPC endpoint it reads through.
  logArchive: {
    ...GUARDRAILS_TEST_CONFIG.logArchive,
    search: {
      analystRoleArns: [`arn:aws:iam::${ARCHIVE}:role/security-analyst`],
      vpcEndpoint: { vpcId: 'vpc-0c1d2e3f4a5b60718', subnetIds: ['subnet-0a1b2c3d4e5f60718'] },
    },
  },
});

export const REGION = config.governedRegions[0];

const synthesized = synthJson(new GuardrailsStack(Testing.app(), config));

/** The guardrails' policies as AWS applies them to each request. */
export const ATTACHMENTS = new GuardrailAttachments(synthesized, {
  accounts: ORG_ACCOUNTS,
  managementAccountId: MANAGEMENT,
});

/** Every statement of every synthesized SCP and RCP. */
export const STATEMENTS: PolicyStatement[] = [...ATTACHMENTS.byName().values()].flatMap(
  (policy) => policy.document.Statement as PolicyStatement[],
);

/** A resource of ours a guardrail protects: where it is, and whether it carries our ManagedBy tag. */
export interface ProtectedResource {
  /** The id of its kind in the record's `protects`. */
  readonly id: string;
  readonly account: string;
  readonly arn: string;
  readonly tagged: boolean;
}

const arn = (service: string, account: string, resource: string) =>
  `arn:aws:${service}:${REGION}:${account}:${resource}`;
const iamArn = (account: string, resource: string) => `arn:aws:iam::${account}:${resource}`;
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

/**
 * One of ours of each protected kind, by botocore service. The organization trail is simulated in its
 * delegated administrator's account, as docs/aws-review.md's review did (its ARN names the management
 * account, which no SCP binds, and the administrator calls from their own).
 */
/**
 * Context keys a call sends from its own parameters, by action, where a deny list reads them:
 * PutMetricData names its namespace (a required member in botocore's model), here the delivery
 * heartbeat's (`AWS/Logs`). Into our CIS and evasion metrics, points of one's own can only fire the
 * alarms.
 */
export const CALL_CONTEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'cloudwatch:PutMetricData': { 'cloudwatch:namespace': 'AWS/Logs' },
};

export const PROTECTED: Readonly<Record<string, readonly ProtectedResource[]>> = {
  cloudtrail: [
    {
      id: 'organization-trail',
      account: SECURITY,
      arn: arn('cloudtrail', SECURITY, `trail/${config.trail.name}`),
      tagged: true,
    },
    { id: 'account-trail', account: PAYMENTS, arn: arn('cloudtrail', PAYMENTS, 'trail/account-trail'), tagged: true },
  ],
  kms: [
    { id: 'archive-key', account: ARCHIVE, arn: arn('kms', ARCHIVE, `key/${KEY_ID}`), tagged: true },
    { id: 'archive-alias', account: ARCHIVE, arn: arn('kms', ARCHIVE, 'alias/audit-logs'), tagged: false },
    { id: 'monitoring-key', account: SECURITY, arn: arn('kms', SECURITY, `key/${KEY_ID}`), tagged: true },
    { id: 'findings-key', account: TOOLING, arn: arn('kms', TOOLING, `key/${KEY_ID}`), tagged: true },
  ],
  firehose: [
    {
      id: 'application-logs-stream',
      account: ARCHIVE,
      arn: arn('firehose', ARCHIVE, `deliverystream/audit-application-logs-${REGION}`),
      tagged: true,
    },
    {
      id: 'findings-stream',
      account: TOOLING,
      arn: arn('firehose', TOOLING, 'deliverystream/audit-securityhub-findings'),
      tagged: true,
    },
  ],
  s3: [
    { id: 'log-bucket', account: ARCHIVE, arn: BUCKET, tagged: false },
    {
      id: 'log-object',
      account: ARCHIVE,
      arn: `${BUCKET}/AWSLogs/${ORG}/${PAYMENTS}/CloudTrail/x.json.gz`,
      tagged: false,
    },
    { id: 'access-logs-bucket', account: ARCHIVE, arn: ACCESS_LOGS, tagged: false },
    { id: 'access-logs-object', account: ARCHIVE, arn: `${ACCESS_LOGS}/x`, tagged: false },
    { id: 'member-logs-bucket', account: ARCHIVE, arn: MEMBER_LOGS, tagged: false },
    { id: 'member-logs-object', account: ARCHIVE, arn: `${MEMBER_LOGS}/ssm-logs/${PAYMENTS}/x.log`, tagged: false },
  ],
  logs: [
    {
      id: 'trail-log-group',
      account: SECURITY,
      arn: arn('logs', SECURITY, `log-group:/aws/cloudtrail/${config.trail.name}`),
      tagged: true,
    },
    {
      id: 'trail-log-stream',
      account: SECURITY,
      arn: arn('logs', SECURITY, `log-group:/aws/cloudtrail/${config.trail.name}:log-stream:x`),
      tagged: false,
    },
    {
      id: 'application-logs-destination',
      account: ARCHIVE,
      arn: arn('logs', ARCHIVE, 'destination:audit-application-logs'),
      tagged: true,
    },
    // An account-level policy has no ARN: its calls are on "*".
    { id: 'account-policy', account: PAYMENTS, arn: '*', tagged: false },
  ],
  sns: [
    {
      id: 'alarm-topic',
      account: SECURITY,
      arn: arn('sns', SECURITY, 'audit-security-alarms'),
      tagged: true,
    },
  ],
  cloudwatch: [
    {
      id: 'alarm',
      account: SECURITY,
      arn: arn('cloudwatch', SECURITY, 'alarm:cis-cloudtrail-config-changes'),
      tagged: true,
    },
  ],
  organizations: [
    {
      id: 'membership',
      account: PAYMENTS,
      arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${PAYMENTS}`,
      tagged: false,
    },
  ],
  iam: [
    { id: 'protected-role', account: PAYMENTS, arn: iamArn(PAYMENTS, 'role/audit-config-recorder'), tagged: true },
    {
      id: 'deploy-role',
      account: PAYMENTS,
      arn: iamArn(PAYMENTS, 'role/OrganizationAccountAccessRole'),
      tagged: false,
    },
    {
      id: 'deploy-role-policy',
      account: PAYMENTS,
      arn: iamArn(PAYMENTS, 'policy/OrganizationAccountAccessRole-deploy'),
      tagged: false,
    },
    { id: 'break-glass', account: ARCHIVE, arn: BREAK_GLASS_ARN, tagged: false },
    { id: 'evidence-signer', account: SECURITY, arn: EVIDENCE_SIGNER_ARN, tagged: false },
    {
      id: 'application-logs-role',
      account: ARCHIVE,
      arn: iamArn(ARCHIVE, `role/audit-application-logs-${REGION}`),
      tagged: true,
    },
    {
      id: 'trail-delivery-role',
      account: SECURITY,
      arn: iamArn(SECURITY, `role/cloudtrail-to-logs-${config.trail.name}`),
      tagged: true,
    },
    {
      id: 'session-logs-writer-policy',
      account: PAYMENTS,
      arn: iamArn(PAYMENTS, 'policy/audit-session-logging'),
      tagged: true,
    },
  ],
  events: [
    {
      id: 'findings-rule',
      account: TOOLING,
      arn: arn('events', TOOLING, 'rule/audit-securityhub-findings'),
      tagged: true,
    },
    // AWS makes the default bus: it carries no tag of ours.
    { id: 'findings-bus', account: TOOLING, arn: arn('events', TOOLING, 'event-bus/default'), tagged: false },
  ],
  securityhub: [
    { id: 'administrator-hub', account: TOOLING, arn: arn('securityhub', TOOLING, 'hub/default'), tagged: false },
    {
      id: 'configuration-policy',
      account: TOOLING,
      arn: arn('securityhub', TOOLING, 'configuration-policy/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'),
      tagged: false,
    },
    {
      id: 'finding-aggregator',
      account: TOOLING,
      arn: arn('securityhub', TOOLING, 'finding-aggregator/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222'),
      tagged: false,
    },
    // Controls, standards' controls, automation rules and V2 aggregators: actions on no resource, called on "*".
    { id: 'security-hub-settings', account: TOOLING, arn: '*', tagged: false },
    { id: 'member-hub', account: PAYMENTS, arn: arn('securityhub', PAYMENTS, 'hub/default'), tagged: false },
  ],
  oam: [
    { id: 'live-search-sink', account: ARCHIVE, arn: arn('oam', ARCHIVE, 'sink/sink-abc'), tagged: true },
    { id: 'live-search-link', account: PAYMENTS, arn: arn('oam', PAYMENTS, 'link/link-abc'), tagged: true },
  ],
  ssm: [
    {
      id: 'session-preferences',
      account: PAYMENTS,
      arn: arn('ssm', PAYMENTS, 'document/SSM-SessionManagerRunShell'),
      tagged: true,
    },
    // A document of the member's own: AWS's own documents' ARNs name no account, which the simulator does not take.
    {
      id: 'other-session-document',
      account: PAYMENTS,
      arn: arn('ssm', PAYMENTS, 'document/PortForwardingOfOnesOwn'),
      tagged: false,
    },
  ],
  ec2: [{ id: 'flow-log', account: PAYMENTS, arn: arn('ec2', PAYMENTS, 'vpc-flow-log/fl-abc'), tagged: true }],
  account: [{ id: 'member-account', account: PAYMENTS, arn: `arn:aws:account::${PAYMENTS}:account`, tagged: false }],
  opensearchserverless: [
    { id: 'search-collection', account: ARCHIVE, arn: arn('aoss', ARCHIVE, 'collection/abc123'), tagged: true },
    // Its policies, indexes, endpoint and capacity: actions on no resource type, called on "*".
    { id: 'search-settings', account: ARCHIVE, arn: '*', tagged: false },
  ],
  osis: [
    {
      id: 'search-pipeline',
      account: ARCHIVE,
      arn: arn('osis', ARCHIVE, `pipeline/${SEARCH_PIPELINE_NAME}`),
      tagged: true,
    },
  ],
  sqs: [
    { id: 'search-queue', account: ARCHIVE, arn: arn('sqs', ARCHIVE, sourceQueueName('cloudtrail')), tagged: true },
  ],
  config: [
    {
      id: 'recorder',
      account: PAYMENTS,
      arn: arn('config', PAYMENTS, 'configuration-recorder/default/abc'),
      tagged: true,
    },
    { id: 'config-rule', account: PAYMENTS, arn: arn('config', PAYMENTS, 'config-rule/config-rule-abc'), tagged: true },
    {
      id: 'remediation',
      account: PAYMENTS,
      arn: arn('config', PAYMENTS, 'remediation-configuration/abc'),
      tagged: false,
    },
    {
      id: 'organization-rule',
      account: TOOLING,
      arn: arn('config', TOOLING, 'organization-config-rule/organization-config-rule-abc'),
      tagged: true,
    },
    {
      id: 'aggregator',
      account: TOOLING,
      arn: arn('config', TOOLING, 'config-aggregator/config-aggregator-abc'),
      tagged: true,
    },
  ],
};
