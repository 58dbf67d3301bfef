import { z } from 'zod';
import { VPC_ID } from '../../core/aws-values';
import { accountIdSchema, describe, KEBAB, message, regionSchema } from './values';

/*
 * `members`: the member accounts, each with something to do getting a stack member-<name>: AWS
 * Config (this product's recorder, Control Tower's, or none, adopting recorders that exist), an
 * account trail for an account outside the organization, Session Manager logs and VPC flow logs.
 * Uniqueness across members (names, account ids) is checked by the loader (checks.ts).
 */

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
      'Record AWS Config in this account and deliver it to the central bucket (true), not at all (false), or leave it to AWS Control Tower, which records with its own recorder and delivers to its own log archive ("control-tower").',
    ),
  existingConfig: z
    .array(existingConfigSchema, { error: message('must be a list of { region, recorderName, deliveryChannelName }') })
    .default([])
    .describe(
      'AWS Config recorders and delivery channels that already exist in this account (npm run discover finds them): the stack adopts each with a Terraform import block under its existing name, since AWS allows one of each per Region and renames neither.',
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
      'The account as AWS Organizations last reported it: "ACTIVE", "SUSPENDED" or "PENDING_CLOSURE" (closed), or "DEPARTED" (no longer in the organization); written by npm run discover. Synth warns for any but ACTIVE.',
    ),
  inOrganization: z
    .boolean({ error: message('must be true or false') })
    .default(true)
    .describe('Whether the account belongs to the organization, so that the organization trail records it.'),
  standaloneTrail: z
    .boolean({ error: message('must be true or false') })
    .default(false)
    .describe('An account trail delivering to the central bucket, for an account outside the organization.'),
  sessionManagerLogs: z
    .boolean({ error: message('must be true or false') })
    .default(false)
    .describe('Session Manager preferences in every governed Region that log each session to the member-logs bucket.'),
  sessionManagerKmsEncryption: z
    .boolean({ error: message('must be true or false') })
    .optional()
    .describe(
      'With sessionManagerLogs: encrypt session data with a KMS key of this account in each governed Region (one key per Region, each billed about 1 USD a month); false protects it with TLS only (Checkov CKV_AWS_112 flags that). Unset: true wherever sessionManagerLogs is true.',
    ),
  vpcFlowLogs: z
    .array(vpcFlowLogSchema, { error: message('must be a list of { vpcId, region }') })
    .default([])
    .describe('VPCs whose flow logs (all traffic) go to the member-logs bucket.'),
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

export const membersSchema = z
  .array(memberSchema, { error: message('must be a list of member accounts') })
  .default([])
  .describe('Member accounts; each with something to do gets a stack member-<name>.');
