import { z } from 'zod';
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, QUICKSIGHT_PRINCIPAL_ARN, SCHEDULER_CRON } from '../../core/aws-values';
import { days, describe, message } from './values';
import { DEFAULT_INVESTIGATION_WORKGROUP_NAME } from '../../core/naming';

/*
 * `analytics`: Athena and Glue over the central bucket: the workgroup and its scan limit, the Glue
 * database and tables, how their partitions are projected, and the crawler of the member-logs bucket.
 */

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

export const analyticsSchema = z
  .strictObject({
    workgroupName: z
      .string({ error: message('must be an Athena workgroup name') })
      .regex(/^[A-Za-z0-9._-]{1,128}$/, {
        error: (issue) =>
          `${describe(issue.input)} is not an Athena workgroup name (1 to 128 of letters, digits, . _ -)`,
      })
      .default(DEFAULT_INVESTIGATION_WORKGROUP_NAME)
      .describe('Athena workgroup for investigations.'),
    bytesScannedCutoffPerQuery: z
      .number({ error: message('must be a number of bytes') })
      .int({ error: 'must be a whole number of bytes' })
      .min(ATHENA_MIN_BYTES_SCANNED_CUTOFF, {
        error: (issue) =>
          `${describe(issue.input)} is under Athena's minimum; use at least ${ATHENA_MIN_BYTES_SCANNED_CUTOFF} (10 MB)`,
      })
      .default(100 * 1024 ** 3)
      .describe(
        'Athena cancels a query that would scan more than this many bytes. Minimum 10000000 (10 MB). Athena bills about 5 USD per TB scanned.',
      ),
    databaseName: glueNameSchema('audit_logs').describe('Glue database of the audit log tables.'),
    tableName: glueNameSchema('cloudtrail').describe(
      'Glue table over the organization trail logs; standalone account trails get "<tableName>_standalone".',
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
      .describe('First day the CloudTrail table projects partitions for (yyyy/MM/dd); days before it are never read.'),
    accountProjection: z
      .enum(['auto', 'enum', 'injected'], {
        error: (issue) => `${describe(issue.input)} is not an account projection; use "auto", "enum" or "injected"`,
      })
      .default('auto')
      .describe(
        'How the CloudTrail tables project the accountid partition: "enum" lists the accounts (any query may omit them), "injected" lists none (every query names its accounts, as the saved queries then do), "auto" is enum up to 100 accounts per table and injected above.',
      ),
    resultsExpirationDays: days('how long Athena query results are kept', 1)
      .default(30)
      .describe('Days Athena query results are kept in the results bucket.'),
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
      .describe('Prefixes of the member-logs bucket the Glue crawler catalogs (they have no fixed schema).'),
    crawlerSchedule: z
      .string({ error: message('must be a Glue cron expression') })
      .regex(/^cron\(\S+( \S+){5}\)$/, {
        error: (issue) =>
          `${describe(issue.input)} is not a Glue schedule; use cron() with six fields, such as "cron(0 3 * * ? *)"`,
      })
      .default('cron(0 3 * * ? *)')
      .describe(
        'When the Glue crawler runs, as a Glue cron expression in UTC (six fields: minute hour day month weekday year).',
      ),
    columnarCopy: z
      .strictObject({
        enabled: z
          .boolean({ error: message('must be true or false') })
          .default(true)
          .describe(
            'Keep a columnar (Apache Iceberg) copy of the organization trail table, "<tableName>_columnar", in a bucket of its own: the saved queries read a fraction of the bytes on it.',
          ),
        schedule: z
          .string({ error: message('must be an EventBridge Scheduler cron expression') })
          .regex(SCHEDULER_CRON, {
            error: (issue) =>
              `${describe(issue.input)} is not a schedule; use cron() with six fields, such as "cron(30 5 * * ? *)"`,
          })
          .default('cron(30 5 * * ? *)')
          .describe(
            'When the day before is added to the copy, as an EventBridge Scheduler cron expression in UTC (six fields). Leave CloudTrail time to deliver the day (usually 15 minutes).',
          ),
      })
      .prefault({})
      .describe('A columnar copy of the CloudTrail table that Athena keeps itself, one day added daily.'),
    quickSight: z
      .union(
        [
          z.literal(false),
          z.strictObject({
            principals: z
              .array(
                z.string({ error: message('must be a QuickSight user or group ARN') }).regex(QUICKSIGHT_PRINCIPAL_ARN, {
                  error: (issue) =>
                    `${describe(issue.input)} is not a QuickSight user or group ARN, such as "arn:aws:quicksight:eu-west-1:222222222222:group/default/auditors"`,
                }),
                { error: message('must be a list of QuickSight user or group ARNs') },
              )
              .min(1, { error: 'must name at least one QuickSight user or group to share the datasets with' })
              .describe(
                'QuickSight users or groups (ARNs) the data source and datasets are shared with, and only they.',
              ),
            days: z
              .number({ error: message('must be a number of days') })
              .int({ error: 'must be a whole number of days' })
              .min(1, { error: 'must be at least 1 day' })
              .max(3660, { error: 'must be at most 3660 days' })
              .default(30)
              .describe('Days each dataset shows, up to today.'),
            serviceRoleName: z
              .string({ error: message('must be an IAM role name') })
              .regex(/^[\w+=,.@-]{1,64}$/, { error: (issue) => `${describe(issue.input)} is not an IAM role name` })
              .default('aws-quicksight-service-role-v0')
              .describe(
                "The role QuickSight uses for Athena and S3 in the log archive account (QuickSight's Security & permissions).",
              ),
          }),
        ],
        {
          error: (issue) =>
            `${describe(issue.input)} is not a QuickSight setting; use false, or { "principals": ["arn:aws:quicksight:...:group/default/auditors"] }`,
        },
      )
      .default(false)
      .describe(
        'QuickSight datasets over the saved queries, read from the columnar copy, shared with the principals. Needs a QuickSight Enterprise subscription in the log archive account, which this product does not create.',
      ),
  })
  .prefault({})
  .describe('Athena and Glue over the central bucket.');
