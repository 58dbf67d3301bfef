import { z } from 'zod';
import { LOG_GROUP_NAME, OAM_SINK_ARN } from '../../core/aws-values';
import { describe, KEBAB, message } from './values';

/*
 * `applicationLogs`: the CloudWatch Logs of the members, every log group of every governed Region
 * (those that exist and those created later), delivered to the log archive by an account-level
 * subscription filter policy in each sending account and Region.
 */

const logGroupNameSchema = z
  .string({ error: message('must be the exact name of a log group, such as "/aws/lambda/payments-api"') })
  .regex(LOG_GROUP_NAME, {
    error: (issue) =>
      `${describe(issue.input)} is not a log group name: 1 to 512 of the letters, digits and . - _ / # (an account-level policy excludes log groups by exact name, never by prefix or pattern)`,
  });

const liveSearchSchema = z
  .strictObject(
    {
      enabled: z
        .boolean({ error: message('must be true or false') })
        .default(false)
        .describe(
          "Search the sending members' log groups in place, with CloudWatch Logs Insights in the log archive account (CloudWatch cross-account observability): a sink there in each governed Region that admits the organization's accounts (and the sending members outside it, by id) to share log groups only, the saved queries as Logs Insights query definitions, and a link to the sink in each sending member and Region. Nothing is copied (docs/application-logs.md).",
        ),
      sinkArns: z
        .record(
          z.string({ error: message('must be a governed Region, such as "eu-west-1"') }),
          z.string({ error: message('must be a sink ARN') }).regex(OAM_SINK_ARN, {
            error: (issue) =>
              `${describe(issue.input)} is not a sink ARN (arn:aws:oam:<region>:<log archive account>:sink/<id>): live-search-sinks writes the log archive stack's output live_search_sink_arns here`,
          }),
          { error: message('must be an object of Region to sink ARN') },
        )
        .default({})
        .describe(
          "The log archive's sinks, by Region, once its stack has made them: its output live_search_sink_arns, which `live-search-sinks` writes here. A link names its sink by the ARN AWS gives the sink when it creates it, so the members' links are built from the synth after the log archive is deployed; a Region without its ARN here has no links yet.",
        )
        .meta({
          examples: [
            {
              'eu-west-1': 'arn:aws:oam:eu-west-1:222222222222:sink/f3a1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b',
              'us-east-1': 'arn:aws:oam:us-east-1:222222222222:sink/0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e',
            },
          ],
        }),
    },
    { error: message('must be an object with enabled and sinkArns') },
  )
  .prefault({})
  .describe("Logs Insights over the sending members' log groups, from the log archive account.");

export const applicationLogsSchema = z
  .strictObject(
    {
      enabled: z
        .boolean({ error: message('must be true or false') })
        .default(false)
        .describe(
          "Deliver the CloudWatch Logs of every member, in the organization or outside it, to the log archive, but the opted-out members' and the log archive account's own: in each governed Region, an account-level subscription filter policy sends every log group but the excluded ones to a destination of the log archive account there, and a Firehose stream writes them under application-logs/<account>/<region>/<yyyy>/<MM>/<dd>/ in the member-logs bucket. Log events written before the policy exists are not delivered. With guardrails, only the deploy role changes a sending member's account-level policies (docs/application-logs.md).",
        ),
      optedOutMembers: z
        .array(
          z
            .string({ error: message('must be the name of a member, such as "sandbox"') })
            .regex(KEBAB, { error: (issue) => `${describe(issue.input)} is not a member name (lowercase kebab-case)` }),
          { error: message('must be a list of member names') },
        )
        .default([])
        .describe('Names of the members (members[].name) whose log groups are not delivered.'),
      excludedLogGroups: z
        .array(logGroupNameSchema, { error: message('must be a list of log group names') })
        .default([])
        .describe(
          "Log groups, by exact name, that no sending account delivers, in every Region. The trails' own log groups (/aws/cloudtrail/<trail>, already archived as CloudTrail) are always excluded, so that the delivery cannot feed itself.",
        ),
      liveSearch: liveSearchSchema,
      bufferingSeconds: z
        .int({ error: message('must be a whole number of seconds from 60 to 900') })
        .min(60, { error: 'must be at least 60 seconds (Firehose buffers 60 to 900)' })
        .max(900, { error: 'must be at most 900 seconds (Firehose buffers 60 to 900)' })
        .default(300)
        .describe('Seconds each Firehose stream gathers log events for one account before it writes an object.'),
    },
    {
      error: message(
        'must be an object with enabled, optedOutMembers, excludedLogGroups, liveSearch and bufferingSeconds',
      ),
    },
  )
  .prefault({})
  .describe("The members' application logs (CloudWatch Logs), delivered to the log archive.");
