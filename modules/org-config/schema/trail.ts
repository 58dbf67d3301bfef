import { z } from 'zod';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from '../../core/aws-values';
import { NETWORK_ACTIVITY_EVENT_SOURCES } from '../../core/network-activity-sources';
import { accountIdSchema, describe, message } from './values';

/*
 * `trail`: the organization trail: who owns it, its name, data events, Insights, the retention of
 * its CloudWatch Logs group and the management event sources it leaves out.
 */

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
      `${kind === 's3' ? 'S3 object' : 'Lambda invoke'} data events the organization trail logs: "all", "none", or a list of ARNs. Data events are billed per event.`,
    );
}

export const trailSchema = z
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
      .describe('Name of the organization trail.'),
    dataEvents: z
      .strictObject({ s3: dataEventsSchema('s3'), lambda: dataEventsSchema('lambda') })
      .prefault({})
      .describe('Data events of the organization trail.'),
    insights: z
      .boolean({ error: message('must be true or false') })
      .default(false)
      .describe('CloudTrail Insights (API call rate and error rate), billed per event analyzed.'),
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
      .describe("Retention of the trail's CloudWatch Logs group, in days (a value CloudWatch Logs accepts)."),
    networkActivityEvents: z
      .array(
        z.string({ error: message('must be an event source such as "ec2.amazonaws.com"') }).check((ctx) => {
          if (!NETWORK_ACTIVITY_EVENT_SOURCES.includes(ctx.value)) {
            ctx.issues.push({
              code: 'custom',
              input: ctx.value,
              message: `${describe(ctx.value)} is not an event source CloudTrail logs network activity events for; use one of the sources its guide lists, such as "ec2.amazonaws.com", "kms.amazonaws.com", "s3.amazonaws.com" or "secretsmanager.amazonaws.com"`,
            });
          }
        }),
        { error: message('must be a list of event sources') },
      )
      .check((ctx) => {
        const repeated = ctx.value.filter((source, i) => ctx.value.indexOf(source) !== i);
        if (repeated.length > 0) {
          ctx.issues.push({
            code: 'custom',
            input: ctx.value,
            message: `lists ${[...new Set(repeated)].map((s) => JSON.stringify(s)).join(', ')} twice; name each event source once`,
          });
        }
      })
      .default([])
      .describe(
        'Network activity events (calls through VPC endpoints, those their policies deny included) of these event sources, such as "s3.amazonaws.com"; billed per event. [] logs none.',
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
        'High-volume management event sources to leave out: "kms.amazonaws.com", "rdsdata.amazonaws.com"; [] logs everything.',
      ),
  })
  .prefault({})
  .describe('The organization trail.');
