import { z } from 'zod';
import { FilterPattern, FilterPatternError } from '../core/filter-pattern';
import {
  ACCOUNT_ID,
  ATHENA_MIN_BYTES_SCANNED_CUTOFF,
  CLOUDWATCH_LOGS_RETENTION_DAYS,
  HEARTBEAT_MINUTES,
  bucketNameProblem,
  IAM_ROLE_ARN,
  IAM_ROLE_NAME,
  ORGANIZATION_ID,
  POLICY_TARGET_ID,
  PRINCIPAL_ARN_PATTERN,
  VPC_ID,
} from '../core/aws-values';
import { CIS_CONTROL_IDS } from './cis-controls';
import { AWS_REGIONS, isAwsRegion } from '../core/regions';
import { closestMatch } from './suggest';

/*
 * The organization config: one JSON file that describes the AWS organization. Field names are a
 * public contract (users' files and the generated JSON Schema depend on them): add fields, never
 * rename one. Every default is here, in `.default(...)`, and in the README's config reference.
 *
 * Messages are written for the person editing the file: what is wrong and what would fix it. The
 * loader prefixes each with its path (`members[1].accountId: ...`).
 */

/** A message that says "is required" when the value is missing, and `hint` otherwise. */
function message(hint: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required; ${hint}` : `${hint}, not ${describe(issue.input)}`;
}

/** A short rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const ACCOUNT_ID_HINT =
  'must be a 12-digit string in quotes, like "012345678901" (a JSON number would lose leading zeros)';

/** A 12-digit AWS account id, as a string. */
export const accountIdSchema = z
  .string({ error: message(ACCOUNT_ID_HINT) })
  .regex(ACCOUNT_ID, { error: message(ACCOUNT_ID_HINT) });

/** An AWS Region code this product knows, with a suggestion for typos. */
export const regionSchema = z
  .string({ error: message('must be an AWS Region code such as "eu-west-1"') })
  .check((ctx) => {
    if (isAwsRegion(ctx.value)) return;
    const guess = closestMatch(ctx.value, AWS_REGIONS);
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message:
        `${JSON.stringify(ctx.value)} is not an AWS Region` +
        (guess === undefined ? '' : `; did you mean "${guess}"?`) +
        (guess === undefined
          ? '; use a Region code such as "eu-west-1" (a Region newer than this release goes in modules/core/regions.ts)'
          : ''),
    });
  })
  .meta({ enum: [...AWS_REGIONS] });

const bucketNameSchema = z.string({ error: message('must be an S3 bucket name') }).check((ctx) => {
  const problem = bucketNameProblem(ctx.value);
  if (problem !== undefined) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `${JSON.stringify(ctx.value)} is not a valid S3 bucket name: it ${problem}`,
    });
  }
});

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Days as a positive whole number, or `null` where the setting can be turned off. */
function days(hint: string, min: number) {
  return z
    .number({ error: message(`must be a whole number of days (${hint})`) })
    .int({ error: message(`must be a whole number of days (${hint})`) })
    .min(min, { error: (issue) => `must be at least ${min} (${hint}), not ${describe(issue.input)}` });
}

/** Management event sources CloudTrail lets a trail exclude. */
export const EXCLUDABLE_MANAGEMENT_EVENT_SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] as const;

const S3_DATA_ARN = /^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.*$/;
const LAMBDA_ARN = /^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

function dataEventsSchema(kind: 's3' | 'lambda') {
  const example =
    kind === 's3'
      ? '"arn:aws:s3:::my-bucket/" or "arn:aws:s3:::my-bucket/prefix"'
      : '"arn:aws:lambda:eu-west-1:012345678901:function:my-fn"';
  const hint = `must be "all", "none", or a list of ARNs such as [${example}]`;
  const arn = z
    .string({ error: message(`must be an ARN such as ${example}`) })
    .regex(kind === 's3' ? S3_DATA_ARN : LAMBDA_ARN, {
      error: (issue) =>
        `${describe(issue.input)} is not ${kind === 's3' ? 'an S3 object ARN prefix' : 'a Lambda function ARN'}; use one such as ${example}`,
    });
  return z
    .union(
      [
        z.literal('all'),
        z.literal('none'),
        z.array(arn).min(1, { error: `must not be empty; use "none" to log no ${kind} data events` }),
      ],
      {
        error: message(hint),
      },
    )
    .default('none')
    .describe(
      `${kind === 's3' ? 'S3 object' : 'Lambda invoke'} data events the organization trail logs: "all", "none", or a list of ARNs. Default "none" (data events are billed per event).`,
    );
}

const retentionSchema = z
  .strictObject({
    transitionToInfrequentAccessDays: days(
      'S3 moves objects to Standard-IA no earlier than 30 days; null turns it off',
      30,
    )
      .nullable()
      .default(90)
      .describe('Days after delivery when log objects move to S3 Standard-IA; null to skip. Minimum 30. Default 90.'),
    transitionToGlacierDays: days('null turns it off', 1)
      .nullable()
      .default(365)
      .describe(
        'Days after delivery when log objects move to S3 Glacier Flexible Retrieval; null to skip. At least 30 days after the Standard-IA transition. Default 365.',
      ),
    transitionToDeepArchiveDays: days('null turns it off', 1)
      .nullable()
      .default(null)
      .describe(
        'Days after delivery when log objects move to S3 Glacier Deep Archive; null to skip. Default null (off).',
      ),
    expireAfterDays: days('null keeps objects forever', 1)
      .nullable()
      .default(2557)
      .describe(
        'Days after delivery when log objects expire; null keeps them forever. After every transition. Default 2557 (7 years).',
      ),
    noncurrentVersionExpirationDays: days('how long a replaced or deleted version is kept', 1)
      .default(90)
      .describe('Days a noncurrent (overwritten or deleted) object version is kept before it is removed. Default 90.'),
  })
  .describe('Lifecycle of the central log bucket.');

const objectLockSchema = z
  .strictObject({
    mode: z
      .enum(['GOVERNANCE', 'COMPLIANCE'], { error: message('must be "GOVERNANCE" or "COMPLIANCE"') })
      .default('GOVERNANCE')
      .describe(
        'S3 Object Lock default retention mode. GOVERNANCE: principals with s3:BypassGovernanceRetention can still delete; COMPLIANCE: nobody can, not even the root user, until the days pass. Default "GOVERNANCE".',
      ),
    days: days('S3 Object Lock accepts 1 to 36500', 1)
      .max(36500, { error: (issue) => `must be at most 36500 (S3 Object Lock's limit), not ${describe(issue.input)}` })
      .default(365)
      .describe('Default retention of every new log object, in days. Default 365.'),
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

const vpcFlowLogSchema = z.strictObject(
  {
    vpcId: z
      .string({ error: message('must be a VPC id such as "vpc-0a1b2c3d4e5f67890"') })
      .regex(VPC_ID, {
        error: (issue) => `${describe(issue.input)} is not a VPC id; use "vpc-" and 8 or 17 hexadecimal digits`,
      })
      .describe('The VPC id, "vpc-" and 8 or 17 hexadecimal digits.'),
    region: regionSchema.optional().describe('Region of the VPC; one of governedRegions. Default: homeRegion.'),
  },
  { error: message('must be an object with vpcId (and optionally region)') },
);

/** A Glue database or table name: lowercase letters, digits and underscores (what Athena reads reliably). */
function glueNameSchema(example: string) {
  return z
    .string({ error: message(`must be a Glue name such as "${example}"`) })
    .regex(/^[a-z0-9_]{1,255}$/, {
      error: (issue) =>
        `${describe(issue.input)} is not a Glue name; use lowercase letters, digits and underscores, such as "${example}"`,
    })
    .default(example);
}

/** Whether `value` is a real calendar date written yyyy/MM/dd. */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How often AWS Config delivers a configuration snapshot, as its API names the choices. */
export const CONFIG_SNAPSHOT_FREQUENCIES = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
] as const;

/** `members[].awsConfig` for an account whose AWS Config belongs to AWS Control Tower. */
export const CONTROL_TOWER = 'control-tower';

/** Account statuses of AWS Organizations, and DEPARTED for an account that left the organization. */
export const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'DEPARTED'] as const;

/** Names of AWS Config's recorder and delivery channel: 1 to 256 characters. */
const configResourceName = (what: string) =>
  z
    .string({ error: message(`must be the name of the existing ${what}`) })
    .min(1, { error: 'must not be empty' })
    .max(256, { error: 'must be at most 256 characters' });

const existingConfigSchema = z.strictObject({
  region: regionSchema.describe('The Region of the existing recorder.'),
  recorderName: configResourceName('configuration recorder').describe('Name of the existing configuration recorder.'),
  deliveryChannelName: configResourceName('delivery channel')
    .optional()
    .describe('Name of the existing delivery channel, if there is one.'),
});

const memberSchema = z.strictObject({
  name: z
    .string({ error: message('must be a lowercase kebab-case name such as "payments-prod"') })
    .max(40, { error: 'must be at most 40 characters (it becomes the stack name member-<name>)' })
    .regex(KEBAB, {
      error: (issue) =>
        `${describe(issue.input)} must be lowercase kebab-case such as "payments-prod" (it becomes the stack name member-<name>)`,
    })
    .describe('Lowercase kebab-case name; the stack is member-<name>.'),
  accountId: accountIdSchema.describe('The member account id (12 digits, as a string).'),
  awsConfig: z
    .union([z.boolean(), z.literal(CONTROL_TOWER)], {
      error: message('must be true, false or "control-tower"'),
    })
    .default(true)
    .describe(
      'Record AWS Config in this account and deliver it to the central bucket (true), not at all (false), or leave it to AWS Control Tower, which records with its own recorder and delivers to its own log archive ("control-tower"). Default true.',
    ),
  existingConfig: z
    .array(existingConfigSchema, { error: message('must be a list of { region, recorderName, deliveryChannelName }') })
    .default([])
    .describe(
      'AWS Config recorders and delivery channels that already exist in this account (npm run discover finds them): the stack adopts each with a Terraform import block under its existing name, since AWS allows one of each per Region and renames neither. Default [].',
    ),
  ouPath: z
    .string({ error: message('must be the path of organizational units such as "Root/Workloads/Prod"') })
    .optional()
    .describe(
      'Where the account sits in the organization, such as "Root/Workloads/Prod"; written by npm run discover.',
    ),
  accountStatus: z
    .enum(ACCOUNT_STATUSES, {
      error: (issue) =>
        `${describe(issue.input)} is not an account status; use one of ${ACCOUNT_STATUSES.map((v) => `"${v}"`).join(', ')}`,
    })
    .default('ACTIVE')
    .describe(
      'The account as AWS Organizations last reported it: "ACTIVE", "SUSPENDED" or "PENDING_CLOSURE" (closed), or "DEPARTED" (no longer in the organization); written by npm run discover. Synth warns for any but ACTIVE. Default "ACTIVE".',
    ),
  inOrganization: z
    .boolean({ error: message('must be true or false') })
    .default(true)
    .describe(
      'Whether the account belongs to the organization, so that the organization trail records it. Default true.',
    ),
  standaloneTrail: z
    .boolean({ error: message('must be true or false') })
    .default(false)
    .describe(
      'An account trail delivering to the central bucket, for an account outside the organization. Default false.',
    ),
  sessionManagerLogs: z
    .boolean({ error: message('must be true or false') })
    .default(false)
    .describe(
      'Session Manager preferences in every governed Region that log each session to the member-logs bucket. Default false.',
    ),
  sessionManagerKmsEncryption: z
    .boolean({ error: message('must be true or false') })
    .default(false)
    .describe(
      'With sessionManagerLogs: encrypt session data with a KMS key of this account in each governed Region (one key per Region, each billed about 1 USD a month). Default false (TLS only).',
    ),
  vpcFlowLogs: z
    .array(vpcFlowLogSchema, { error: message('must be a list of { vpcId, region }') })
    .default([])
    .describe('VPCs whose flow logs (all traffic) go to the member-logs bucket. Default [].'),
  evidenceSince: z
    .string({ error: message('must be a day such as "2026-11-16"') })
    .check((ctx) => {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(ctx.value) ? new Date(`${ctx.value}T00:00:00Z`) : undefined;
      if (day !== undefined && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(ctx.value)) return;
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `${describe(ctx.value)} is not a day; use yyyy-MM-dd such as "2026-11-16"`,
      });
    })
    .optional()
    .describe(
      "The first UTC day this account's evidence is expected in the archive (the day its stack was first applied, or it joined the organization): npm run cli -- verify-delivery expects nothing before it. Default: none, every day checked.",
    ),
});

const customAlarmSchema = z.strictObject({
  id: z
    .string({ error: message('must be a lowercase kebab-case id such as "break-glass-role-used"') })
    .max(64, { error: 'must be at most 64 characters' })
    .regex(KEBAB, {
      error: (issue) => `${describe(issue.input)} must be lowercase kebab-case such as "break-glass-role-used"`,
    })
    .describe('Lowercase kebab-case id, unique among all alarms.'),
  pattern: z
    .string({ error: message('must be a CloudWatch Logs filter pattern such as "{ $.eventName = \\"AssumeRole\\" }"') })
    .min(1, { error: 'must not be empty' })
    .max(1024, {
      error: (issue) =>
        `is ${String((issue.input as string).length)} characters; CloudWatch Logs filter patterns have at most 1024`,
    })
    .check((ctx) => {
      try {
        FilterPattern.parse(ctx.value);
      } catch (error) {
        if (!(error instanceof FilterPatternError)) throw error;
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `is not a valid filter pattern: ${error.reason} (character ${error.column}); try it with npm run test-filters`,
        });
      }
    })
    .describe('CloudWatch Logs JSON filter pattern over CloudTrail events, such as { $.eventName = "AssumeRole" }.'),
  description: z
    .string({ error: message('must be a sentence saying what the alarm means') })
    .min(1, { error: 'must not be empty' })
    .max(1024, { error: 'must be at most 1024 characters (the CloudWatch alarm description limit)' })
    .describe('What the alarm means, shown in the notification.'),
});

const guardrailsSchema = z
  .strictObject(
    {
      enabled: z
        .boolean({ error: message('must be true or false') })
        .default(true)
        .describe(
          'Deploy the guardrails stack: service control policies that keep the evidence and the recording safe from administrators, and the data perimeter. Default true.',
        ),
      accountId: accountIdSchema
        .optional()
        .describe(
          'Account that manages organization policies: the management account, or the delegated administrator for policy management. Default: organization.managementAccountId.',
        ),
      targets: z
        .array(
          z.string({ error: message('must be a root, OU or account id') }).regex(POLICY_TARGET_ID, {
            error: (issue) =>
              `${describe(issue.input)} is not a root, OU or account id; use "r-" (root), "ou-" (OU) or a 12-digit account id`,
          }),
          { error: message('must be a list of root, OU or account ids') },
        )
        .min(1, { error: 'must name at least one target; leave targets out to attach to the organization root' })
        .optional()
        .describe(
          'Roots, OUs or accounts the service control policies attach to. Default: the organization root (every account).',
        ),
      breakGlassPrincipalArns: z
        .array(
          z.string({ error: message('must be an IAM role or user ARN') }).regex(PRINCIPAL_ARN_PATTERN, {
            error: (issue) =>
              `${describe(issue.input)} is not an IAM role or user ARN such as "arn:aws:iam::012345678901:role/BreakGlass" (* may stand for part of the name)`,
          }),
          { error: message('must be a list of IAM role or user ARNs') },
        )
        .default([])
        .describe(
          'The only principals that may delete evidence or lift its retention, and change what the guardrails protect. Default [] (nobody).',
        ),
      dataPerimeter: z
        .boolean({ error: message('must be true or false') })
        .default(true)
        .describe(
          "A resource control policy on the log archive account: its buckets and keys answer only this organization's principals, the readers, the members outside the organization, and AWS services delivering for them. Default true.",
        ),
    },
    { error: message('must be an object such as { "enabled": true }') },
  )
  .prefault({})
  .describe(
    'Organization policies that protect the evidence and the recording (needs SCP and RCP policy types enabled).',
  );

/** Why a tag key cannot be used, or undefined. */
function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128) return 'tag keys have 1 to 128 characters';
  if (key.toLowerCase().startsWith('aws:')) return 'tag keys must not start with "aws:" (reserved by AWS)';
  if (key === 'ManagedBy' || key === 'Stack')
    return 'ManagedBy and Stack are set by this product; choose another tag key';
  return undefined;
}

const tagsSchema = z
  .record(
    z.string(),
    z
      .string({ error: message('tag values must be strings') })
      .max(256, { error: 'tag values have at most 256 characters' }),
    { error: message('must be an object of tag keys to string values') },
  )
  .check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      const problem = tagKeyProblem(key);
      if (problem !== undefined) ctx.issues.push({ code: 'custom', input: key, path: [key], message: problem });
    }
  })
  .default({})
  .describe(
    'Tags added to every resource (through the provider default_tags), beside ManagedBy and Stack. Default {}.',
  );

/** The organization config as written in the file (before defaults). */
export const orgConfigSchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('Path or URL of audit-config.schema.json, for editors.'),
      organization: z
        .strictObject(
          {
            id: z
              .string({ error: message('must be an organization id such as "o-a1b2c3d4e5"') })
              .regex(ORGANIZATION_ID, {
                error: (issue) =>
                  `${describe(issue.input)} is not an organization id; use "o-" followed by 10 to 32 lowercase letters or digits`,
              })
              .describe('The AWS Organizations id, "o-" and 10 to 32 lowercase letters or digits.'),
            managementAccountId: accountIdSchema.describe('The management account id.'),
          },
          { error: message('must be an object with id and managementAccountId') },
        )
        .describe('The AWS organization.'),
      homeRegion: regionSchema.describe('Region of the central bucket, the trail home and every stack provider.'),
      governedRegions: z
        .array(regionSchema, { error: message('must be a list of Region codes that includes homeRegion') })
        .min(1, { error: 'must list at least one Region (including homeRegion)' })
        .describe('Regions the organization uses; must include homeRegion.'),
      deployment: z
        .strictObject({
          roleName: z
            .string({ error: message('must be an IAM role name') })
            .regex(IAM_ROLE_NAME, {
              error: (issue) =>
                `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
            })
            .default('OrganizationAccountAccessRole')
            .describe('Role assumed in every account to deploy. Default "OrganizationAccountAccessRole".'),
          planRoleName: z
            .string({ error: message('must be an IAM role name') })
            .regex(IAM_ROLE_NAME, {
              error: (issue) =>
                `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
            })
            .optional()
            .describe(
              'Read-only role in every account that `plan --read-only` assumes instead of roleName (pull-request plans). Default: none.',
            ),
          stateBucket: bucketNameSchema
            .optional()
            .describe('S3 bucket for Terraform state (S3 backend with use_lockfile). Default: none, local state.'),
          stateRegion: regionSchema.optional().describe('Region of stateBucket. Default: homeRegion.'),
          stateAccountId: accountIdSchema
            .optional()
            .describe(
              'Account of stateBucket, where the `state` stack creates it. Default: the account of stateRoleArn, else organization.managementAccountId.',
            ),
          stateKeyPrefix: z
            .string({ error: message('must be a key prefix such as "audit-logging"') })
            .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
              error: 'must be an S3 key prefix without leading or trailing "/", such as "audit-logging"',
            })
            .default('cdktf-audit-logging')
            .describe('Key prefix of the state objects: <prefix>/<stack>.tfstate. Default "cdktf-audit-logging".'),
          stateRoleArn: z
            .string({ error: message('must be an IAM role ARN') })
            .regex(IAM_ROLE_ARN, {
              error: (issue) =>
                `${describe(issue.input)} is not an IAM role ARN such as "arn:aws:iam::012345678901:role/terraform-state"`,
            })
            .optional()
            .describe(
              "Role the S3 backend assumes to reach the state bucket. Default: none, the caller's credentials.",
            ),
        })
        .prefault({})
        .describe('How stacks are deployed: the role assumed in each account and where Terraform state lives.'),
      logArchive: z
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
              .describe('Accounts whose auditors may read the logs (never write or delete). Default [].'),
            accessLogExpirationDays: days('how long S3 server access logs of the central bucket are kept', 1)
              .default(365)
              .describe(
                "Days the central bucket's S3 server access logs are kept in the access-log bucket. Default 365.",
              ),
            replication: replicationSchema
              .nullable()
              .default(null)
              .describe(
                'A copy of every log object in a bucket in a second Region (S3 Replication), or null for none. Default null.',
              ),
          },
          { error: message('must be an object with at least accountId') },
        )
        .describe('The log archive account and its central bucket.'),
      trail: z
        .strictObject({
          accountId: accountIdSchema
            .optional()
            .describe(
              'Account that owns the organization trail: the management account or the CloudTrail delegated administrator. Default: organization.managementAccountId.',
            ),
          name: z
            .string({ error: message('must be a trail name') })
            .check((ctx) => {
              const name = ctx.value;
              const valid =
                /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(name) &&
                !/[._-]{2}/.test(name) &&
                !/^\d+\.\d+\.\d+\.\d+$/.test(name);
              if (!valid) {
                ctx.issues.push({
                  code: 'custom',
                  input: name,
                  message: `${JSON.stringify(name)} is not a trail name: use 3 to 128 letters, digits, dots, underscores or hyphens, starting and ending with a letter or digit, with no two of . _ - side by side`,
                });
              }
            })
            .default('organization-trail')
            .describe('Name of the organization trail. Default "organization-trail".'),
          dataEvents: z
            .strictObject({ s3: dataEventsSchema('s3'), lambda: dataEventsSchema('lambda') })
            .prefault({})
            .describe('Data events of the organization trail.'),
          insights: z
            .boolean({ error: message('must be true or false') })
            .default(false)
            .describe('CloudTrail Insights (API call rate and error rate). Default false (billed per event analyzed).'),
          cloudWatchLogsRetentionDays: z
            .number({ error: message('must be a number of days') })
            .check((ctx) => {
              if (!(CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(ctx.value)) {
                ctx.issues.push({
                  code: 'custom',
                  input: ctx.value,
                  message: `${ctx.value} is not a CloudWatch Logs retention; use one of ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
                });
              }
            })
            .default(365)
            .describe(
              "Retention of the trail's CloudWatch Logs group, in days (a value CloudWatch Logs accepts). Default 365.",
            ),
          excludeManagementEventSources: z
            .array(
              z.enum(EXCLUDABLE_MANAGEMENT_EVENT_SOURCES, {
                error: (issue) =>
                  `${describe(issue.input)} cannot be excluded; CloudTrail lets a trail exclude only ${EXCLUDABLE_MANAGEMENT_EVENT_SOURCES.map((s) => `"${s}"`).join(' and ')}`,
              }),
              { error: message('must be a list of event sources') },
            )
            .default([])
            .describe(
              'High-volume management event sources to leave out: "kms.amazonaws.com", "rdsdata.amazonaws.com". Default [] (log everything).',
            ),
        })
        .prefault({})
        .describe('The organization trail.'),
      alarms: z
        .strictObject({
          emails: z
            .array(z.email({ error: (issue) => `${describe(issue.input)} is not an e-mail address` }), {
              error: message('must be a list of e-mail addresses'),
            })
            .default([])
            .describe('Addresses subscribed to the alarm topic (each must confirm). Default [].'),
          controls: z
            .union(
              [
                z.literal('cis'),
                z.array(
                  z
                    .string()
                    .check((ctx) => {
                      if ((CIS_CONTROL_IDS as readonly string[]).includes(ctx.value)) return;
                      const guess = closestMatch(ctx.value, CIS_CONTROL_IDS);
                      ctx.issues.push({
                        code: 'custom',
                        input: ctx.value,
                        message: `${JSON.stringify(ctx.value)} is not a control id; ${guess === undefined ? `use one of ${CIS_CONTROL_IDS.join(', ')}` : `did you mean "${guess}"?`}`,
                      });
                    })
                    .meta({ enum: [...CIS_CONTROL_IDS] }),
                ),
              ],
              { error: message('must be "cis" (every control) or a list of control ids') },
            )
            .default('cis')
            .describe(
              'CIS controls with a metric filter and alarm: "cis" for all of them, or a list of control ids. Default "cis".',
            ),
          consoleSigninWithoutMfa: z
            .enum(['all', 'iam-users'], { error: message('must be "all" or "iam-users"') })
            .default('all')
            .describe(
              'Which console sign-ins without MFA alarm: "all" (CIS primary pattern) or "iam-users" (only successful IAM user sign-ins: the stricter published variant, for organizations that sign in through IAM Identity Center). Default "all".',
            ),
          custom: z
            .array(customAlarmSchema, { error: message('must be a list of { id, pattern, description }') })
            .default([])
            .describe("Your own metric filters and alarms on the trail's log group. Default []."),
          deliveryHeartbeatMinutes: z
            .number({ error: message('must be a number of minutes') })
            .int({ error: 'must be a whole number of minutes' })
            .min(HEARTBEAT_MINUTES.min, { error: `must be at least ${HEARTBEAT_MINUTES.min} minutes` })
            .max(HEARTBEAT_MINUTES.max, { error: `must be at most ${HEARTBEAT_MINUTES.max} minutes (a day)` })
            .default(60)
            .describe(
              "Minutes without a single event in the trail's log group before the delivery heartbeat alarm fires (missing data counts as silence). 5 to 1440. Default 60.",
            ),
        })
        .prefault({})
        .describe('CloudWatch alarms on the organization trail.'),
      analytics: z
        .strictObject({
          workgroupName: z
            .string({ error: message('must be an Athena workgroup name') })
            .regex(/^[A-Za-z0-9._-]{1,128}$/, {
              error: (issue) =>
                `${describe(issue.input)} is not an Athena workgroup name (1 to 128 of letters, digits, . _ -)`,
            })
            .default('audit-logs')
            .describe('Athena workgroup for investigations. Default "audit-logs".'),
          bytesScannedCutoffPerQuery: z
            .number({ error: message('must be a number of bytes') })
            .int({ error: 'must be a whole number of bytes' })
            .min(ATHENA_MIN_BYTES_SCANNED_CUTOFF, {
              error: (issue) =>
                `${describe(issue.input)} is under Athena's minimum; use at least ${ATHENA_MIN_BYTES_SCANNED_CUTOFF} (10 MB)`,
            })
            .default(100 * 1024 ** 3)
            .describe(
              'Athena cancels a query that would scan more than this many bytes. Minimum 10000000 (10 MB). Default 107374182400 (100 GiB, about 0.50 USD a query).',
            ),
          databaseName: glueNameSchema('audit_logs').describe(
            'Glue database of the audit log tables. Default "audit_logs".',
          ),
          tableName: glueNameSchema('cloudtrail').describe(
            'Glue table over the organization trail logs; standalone account trails get "<tableName>_standalone". Default "cloudtrail".',
          ),
          projectionStartDate: z
            .string({ error: message('must be a date written yyyy/MM/dd, such as "2024/01/01"') })
            .check((ctx) => {
              if (isCalendarDate(ctx.value)) return;
              ctx.issues.push({
                code: 'custom',
                input: ctx.value,
                message: `${JSON.stringify(ctx.value)} is not a date written yyyy/MM/dd, such as "2024/01/01"`,
              });
            })
            .default('2024/01/01')
            .describe(
              'First day the CloudTrail table projects partitions for (yyyy/MM/dd); days before it are never read. Default "2024/01/01".',
            ),
          accountProjection: z
            .enum(['auto', 'enum', 'injected'], {
              error: (issue) =>
                `${describe(issue.input)} is not an account projection; use "auto", "enum" or "injected"`,
            })
            .default('auto')
            .describe(
              'How the CloudTrail tables project the accountid partition: "enum" lists the accounts (any query may omit them), "injected" lists none (every query names its accounts, as the saved queries then do), "auto" is enum up to 100 accounts per table and injected above. Default "auto".',
            ),
          resultsExpirationDays: days('how long Athena query results are kept', 1)
            .default(30)
            .describe('Days Athena query results are kept in the results bucket. Default 30.'),
          crawlerPrefixes: z
            .array(
              z
                .string({ error: message('must be a key prefix such as "config-logs/"') })
                .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/, {
                  error: (issue) =>
                    `${describe(issue.input)} is not a key prefix; write it without a leading "/" and with a trailing one, such as "config-logs/"`,
                }),
              { error: message('must be a list of key prefixes of the member-logs bucket') },
            )
            .min(1, { error: 'must name at least one prefix, such as "config-logs/"' })
            .default(['config-logs/'])
            .describe(
              'Prefixes of the member-logs bucket the Glue crawler catalogs (they have no fixed schema). Default ["config-logs/"].',
            ),
          crawlerSchedule: z
            .string({ error: message('must be a Glue cron expression') })
            .regex(/^cron\(\S+( \S+){5}\)$/, {
              error: (issue) =>
                `${describe(issue.input)} is not a Glue schedule; use cron() with six fields, such as "cron(0 3 * * ? *)"`,
            })
            .default('cron(0 3 * * ? *)')
            .describe('When the Glue crawler runs (UTC). Default "cron(0 3 * * ? *)", daily at 03:00.'),
        })
        .prefault({})
        .describe('Athena and Glue over the central bucket.'),
      awsConfig: z
        .strictObject({
          snapshotDeliveryFrequency: z
            .enum(CONFIG_SNAPSHOT_FREQUENCIES, {
              error: (issue) =>
                `${describe(issue.input)} is not a snapshot frequency; use one of ${CONFIG_SNAPSHOT_FREQUENCIES.map((f) => `"${f}"`).join(', ')}`,
            })
            .default('TwentyFour_Hours')
            .describe(
              'How often AWS Config in each member delivers a configuration snapshot: "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours" or "TwentyFour_Hours". Default "TwentyFour_Hours".',
            ),
        })
        .prefault({})
        .describe('AWS Config in the members with awsConfig: recorded in every governed Region.'),
      guardrails: guardrailsSchema,
      members: z
        .array(memberSchema, { error: message('must be a list of member accounts') })
        .default([])
        .describe('Member accounts; each with something to do gets a stack member-<name>. Default [].'),
      tags: tagsSchema,
    },
    { error: message('must be a JSON object') },
  )
  .describe('cdktf-audit-logging organization config.');

/** The organization config as written in the file, before defaults: what users type. */
export type OrgConfigInput = z.input<typeof orgConfigSchema>;

/** The validated organization config, every default filled in. */
export type OrgConfig = z.output<typeof orgConfigSchema>;

/** One member account of the validated config. */
export type MemberConfig = OrgConfig['members'][number];

/** Whether this product's AWS Config recorder runs in the member (not off, not Control Tower's). */
export function recordsConfig(member: Pick<MemberConfig, 'awsConfig'>): boolean {
  return member.awsConfig === true;
}
