import type { AccountProjection } from './cloudtrail-schema';
import { watchedCalls } from '../catalogs/evasion-api-coverage';
import { AUDIT_TAMPERING_QUERY_NAME, SYSTEM_CHANGES_QUERY_NAME } from '../core/naming';

/** A saved Athena query over the CloudTrail table. */
export interface AthenaQuery {
  /** Name in the workgroup's saved queries; kebab-case, unique. */
  readonly name: string;
  /** What it answers and which values it asks for, in order. */
  readonly description: string;
  /** The query in Athena's (Trino) dialect, for a CloudTrail table named `table`. */
  readonly sql: (table: string) => string;
}

/**
 * Every query starts with `eventdate BETWEEN ? AND ?`: Athena asks for the first and last day
 * (`'2026/11/01'`, quotes included) when the saved query runs, and partition projection reads only
 * those days. The other `?` follow in the order the description gives. A test parses each query
 * with a Trino-dialect SQL parser and checks the date predicate.
 */
const DATE_RANGE = 'eventdate BETWEEN ? AND ?';
const DAYS = 'Asks for the first and last day (yyyy/MM/dd)';

const IDENTITY_COLUMNS = `eventtime, accountid, region, eventsource, eventname,
  useridentity.type AS identity_type, useridentity.arn AS identity_arn,
  sourceipaddress, useragent, errorcode`;

/**
 * The saved investigation queries, one per question an auditor asks first. Each ORDER BY ends in
 * keys no two rows share (`eventid` for records, the grouped columns for counts), so its LIMIT keeps
 * the same rows whatever order the engine reads the records in.
 */
export const ATHENA_QUERIES: readonly AthenaQuery[] = [
  {
    name: 'actions-by-principal',
    description: `Everything a principal did: every call whose caller ARN, or the role it assumed, contains the given text. ${DAYS}, then a part of the ARN such as 'role/Admin' or 'user/alice'.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND strpos(concat(coalesce(useridentity.arn, ''), '|', coalesce(useridentity.sessioncontext.sessionissuer.arn, '')), ?) > 0
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'root-user-activity',
    description: `Every call made with the root user of any account (not by an AWS service on its behalf). ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'denied-calls-by-principal',
    description: `Failed and access-denied calls, counted by principal and call, most first: a sign of probing or broken permissions. ${DAYS}.`,
    sql: (table) => `SELECT accountid, useridentity.arn AS identity_arn, eventsource, eventname, errorcode,
  (errorcode LIKE 'AccessDenied%' OR errorcode LIKE '%UnauthorizedOperation') AS access_denied,
  count(*) AS calls, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM ${table}
WHERE ${DATE_RANGE}
  AND errorcode IS NOT NULL
GROUP BY accountid, useridentity.arn, eventsource, eventname, errorcode
ORDER BY access_denied DESC, calls DESC, accountid, identity_arn, eventsource, eventname, errorcode
LIMIT 1000`,
  },
  {
    name: 'console-signins-without-mfa',
    description: `Successful console sign-ins without MFA (IAM users and the root user). ${DAYS}.`,
    sql: (table) => `SELECT eventtime, accountid, useridentity.type AS identity_type, useridentity.arn AS identity_arn,
  sourceipaddress, useragent
FROM ${table}
WHERE ${DATE_RANGE}
  AND eventname = 'ConsoleLogin'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'evidence-deletions',
    description: `Deletions of buckets, trails, KMS keys (scheduled or disabled) and log groups, successful or not. ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND eventname IN ('DeleteBucket', 'DeleteTrail', 'ScheduleKeyDeletion', 'DisableKey', 'DeleteLogGroup', 'DeleteLogStream')
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'iam-policy-changes',
    description: `Changes to IAM policies: created, deleted, versioned, attached, detached, inline policies put or deleted. ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND eventsource = 'iam.amazonaws.com'
  AND eventname IN ('CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion',
    'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    'PutRolePolicy', 'DeleteRolePolicy', 'PutUserPolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy',
    'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary')
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: AUDIT_TAMPERING_QUERY_NAME,
    description: `Attempts to blind the audit trail: CloudTrail trails and AWS Config recorders or channels stopped, changed or deleted. ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND ((eventsource = 'cloudtrail.amazonaws.com'
      AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'))
    OR (eventsource = 'config.amazonaws.com'
      AND eventname IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel',
        'PutDeliveryChannel', 'PutConfigurationRecorder')))
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: SYSTEM_CHANGES_QUERY_NAME,
    description: `Every call the evasion pack and the CIS alarms watch on the audit system (trails and their selectors, recorders, the archive's keys and buckets, log groups and their delivery, guardrails, detectors, alarms), allowed or refused (errorcode): who, when, from where. ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND (${watchedCalls()
    .map(
      ({ eventSource, eventNames }) =>
        `(eventsource = '${eventSource}' AND eventname IN (${eventNames.map((name) => `'${name}'`).join(', ')}))`,
    )
    .join('\n    OR ')})
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'network-changes',
    description: `Security group, network ACL, route table, gateway and VPC changes. ${DAYS}.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND eventsource = 'ec2.amazonaws.com'
  AND (eventname LIKE '%SecurityGroup%' OR eventname LIKE '%NetworkAcl%' OR eventname LIKE '%Route%'
    OR eventname LIKE '%Gateway%' OR eventname LIKE '%Vpc%')
  AND eventname NOT LIKE 'Describe%' AND eventname NOT LIKE 'Get%'
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'top-callers-and-errors',
    description: `Per account: the principals making the most calls, with how many failed. ${DAYS}.`,
    sql: (table) => `SELECT accountid, useridentity.arn AS identity_arn, count(*) AS calls,
  count_if(errorcode IS NOT NULL) AS errors, approx_distinct(eventname) AS distinct_calls
FROM ${table}
WHERE ${DATE_RANGE}
GROUP BY accountid, useridentity.arn
ORDER BY accountid, calls DESC, identity_arn
LIMIT 1000`,
  },
  {
    name: 'activity-from-ip',
    description: `Every call from one source IP address, in any account. ${DAYS}, then the address such as '203.0.113.7'.`,
    sql: (table) => `SELECT ${IDENTITY_COLUMNS}, requestparameters
FROM ${table}
WHERE ${DATE_RANGE}
  AND sourceipaddress = ?
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
  {
    name: 'vpc-endpoint-denials',
    description: `Calls a VPC endpoint policy refused (network activity events, errorcode VpceAccessDenied; logged for the sources in trail.networkActivityEvents): who called what through which endpoint of which account. ${DAYS}.`,
    sql: (table) => `SELECT eventtime, accountid, region, eventsource, eventname,
  useridentity.accountid AS caller_account, useridentity.arn AS identity_arn,
  vpcendpointid, vpcendpointaccountid, sourceipaddress, errormessage
FROM ${table}
WHERE ${DATE_RANGE}
  AND errorcode = 'VpceAccessDenied'
ORDER BY eventtime, eventid
LIMIT 10000`,
  },
];

/**
 * The saved queries for a table whose `accountid` is projected as `projection`. With `injected`,
 * Athena runs a query only when its WHERE clause names the accounts by equality, so each query also
 * asks for the account, right after the days: `eventdate BETWEEN ? AND ? AND accountid = ?`.
 */
export function savedQueries(projection: AccountProjection): readonly AthenaQuery[] {
  if (projection === 'enum') return ATHENA_QUERIES;
  return ATHENA_QUERIES.map((query) => ({
    name: query.name,
    description: query.description.replace(DAYS, `${DAYS}, then the account id ('111122223333', quotes included)`),
    sql: (table: string) => query.sql(table).replace(DATE_RANGE, `${DATE_RANGE} AND accountid = ?`),
  }));
}
