import { z } from 'zod';
import { DETECTIVE_RULE_NAMES, type DetectiveRuleName, S3_DATA_EVENT_RULES } from '../../catalogs/detective-rules';
import { alarmsSchema } from './alarms';
import { analyticsSchema } from './analytics';
import { applicationLogsSchema } from './application-logs';
import { auditSchema } from './audit';
import { awsConfigSchema } from './aws-config';
import { deploymentSchema } from './deployment';
import { guardrailsSchema } from './guardrails';
import { logArchiveSchema } from './log-archive';
import { membersSchema } from './members';
import { governedRegionsSchema, homeRegionSchema, organizationSchema } from './organization';
import { tagsSchema } from './tags';
import { trailSchema } from './trail';
import { message } from './values';

/*
 * The whole organization config, its sections in the order the file and the reference show them.
 * Field names are a public contract (users' files and the generated JSON Schema depend on them): add
 * fields, never rename one.
 */

/** The organization config as written in the file (before defaults). */
export const orgConfigSchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('Path or URL of audit-config.schema.json, for editors.'),
      organization: organizationSchema,
      homeRegion: homeRegionSchema,
      governedRegions: governedRegionsSchema,
      deployment: deploymentSchema,
      logArchive: logArchiveSchema,
      trail: trailSchema,
      alarms: alarmsSchema,
      analytics: analyticsSchema,
      awsConfig: awsConfigSchema,
      applicationLogs: applicationLogsSchema,
      guardrails: guardrailsSchema,
      audit: auditSchema,
      members: membersSchema,
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

/**
 * Whether the member gets the rule that gives every VPC a flow log: with
 * `awsConfig.flowLogsForEveryVpc`, in every member whose AWS Config records (ours or Control
 * Tower's: the rule needs a recorder, not a particular one).
 */
export function remediatesFlowLogs(
  config: Pick<OrgConfig, 'awsConfig'>,
  member: Pick<MemberConfig, 'awsConfig'>,
): boolean {
  return config.awsConfig.flowLogsForEveryVpc && member.awsConfig !== false;
}

/**
 * Whether the member's Session Manager session data is encrypted with a KMS key: its
 * `sessionManagerKmsEncryption`, or, where that is unset, whether it logs sessions at all.
 */
export function encryptsSessionData(
  member: Pick<MemberConfig, 'sessionManagerLogs' | 'sessionManagerKmsEncryption'>,
): boolean {
  return member.sessionManagerKmsEncryption ?? member.sessionManagerLogs;
}

/**
 * The detective rules the audit account deploys: `audit.configRules`, else every detective rule, the
 * S3 data event checks only when `trail.dataEvents.s3` is "all" (elsewhere they can only fail);
 * none without an audit account.
 */
export function auditConfigRules(config: Pick<OrgConfig, 'audit' | 'trail'>): readonly DetectiveRuleName[] {
  const audit = config.audit;
  if (audit === undefined || audit === false) return [];
  if (audit.configRules !== undefined) return audit.configRules;
  return DETECTIVE_RULE_NAMES.filter(
    (name) => config.trail.dataEvents.s3 === 'all' || !S3_DATA_EVENT_RULES.includes(name),
  );
}

/**
 * Whether the member runs Security Hub in its own stack: a member outside the organization, which
 * the audit account's central configuration cannot reach, when `audit.securityHub` is on and AWS
 * Config records there (Security Hub's controls are AWS Config rules: without a recorder it would
 * evaluate almost none, and `compliance` names that gap instead).
 */
export function runsOwnSecurityHub(
  config: Pick<OrgConfig, 'audit'>,
  member: Pick<MemberConfig, 'inOrganization' | 'awsConfig'>,
): boolean {
  const audit = config.audit;
  return (
    !member.inOrganization && member.awsConfig !== false && audit !== undefined && audit !== false && audit.securityHub
  );
}

/** Whether the audit account exports Security Hub's findings into the archive (`audit.exportFindings` with `audit.securityHub`). */
export function exportsFindings(config: Pick<OrgConfig, 'audit'>): boolean {
  const audit = config.audit;
  return audit !== undefined && audit !== false && audit.securityHub && audit.exportFindings;
}

/**
 * Whether the member delivers its application logs (CloudWatch Logs) to the archive:
 * `applicationLogs.enabled`, and the member not in `applicationLogs.optedOutMembers`.
 */
export function sendsApplicationLogs(
  config: Pick<OrgConfig, 'applicationLogs'>,
  member: Pick<MemberConfig, 'name'>,
): boolean {
  return config.applicationLogs.enabled && !config.applicationLogs.optedOutMembers.includes(member.name);
}
