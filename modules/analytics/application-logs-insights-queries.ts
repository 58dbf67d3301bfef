import { ERROR_WORDS } from './application-logs-queries';

/*
 * The saved queries over the application logs as CloudWatch Logs Insights query definitions, for
 * searching the sending members' log groups in place from the log archive account
 * (`applicationLogs.liveSearch`): the same three questions as the Athena queries over the copy
 * (application-logs-queries.ts). In a monitoring account, `@log` names a log group as
 * `<account>:<log group>`, so grouping by it groups by account and log group. A query definition
 * takes no parameter: the request id query holds a placeholder the reader replaces. None names its
 * log groups (a query definition names them by name, never by the ARN a linked account's group
 * needs): the reader picks them, or all, when running it.
 */

/** One Logs Insights query definition. */
export interface LogsInsightsQuery {
  /** Name, after the folder `audit/` the definitions are saved under. */
  readonly name: string;
  readonly description: string;
  readonly queryString: string;
}

/** The text the request id query looks for, which the reader replaces. */
export const REQUEST_ID_PLACEHOLDER = 'REPLACE-WITH-THE-REQUEST-ID';

/** The folder of the query definitions in the Logs Insights console. */
export const LOGS_INSIGHTS_FOLDER = 'audit';

/** The query definitions, named as the Athena queries they answer like. */
export const APPLICATION_LOGS_INSIGHTS_QUERIES: readonly LogsInsightsQuery[] = [
  {
    name: 'application-errors-by-log-group',
    description: `Log events that say ${ERROR_WORDS.join(', ')} (whole words, any case), counted by account and log group (@log), most first.`,
    queryString: [
      'fields @timestamp, @log, @message',
      `| filter @message like /(?i)\\b(${ERROR_WORDS.join('|')})\\b/`,
      '| stats count(*) as errors, min(@timestamp) as first, max(@timestamp) as last by @log',
      '| sort errors desc',
      '| limit 1000',
    ].join('\n'),
  },
  {
    name: 'application-request-across-accounts',
    description: `Every log event, in any linked account and log group, whose message contains a text (a request id, a trace id, an order number), in time order: replace ${REQUEST_ID_PLACEHOLDER}.`,
    queryString: [
      'fields @timestamp, @log, @logStream, @message',
      `| filter @message like "${REQUEST_ID_PLACEHOLDER}"`,
      '| sort @timestamp asc',
      '| limit 10000',
    ].join('\n'),
  },
  {
    name: 'application-loudest-log-groups',
    description:
      "The log groups that write the most, by events and characters, with their account (@log): where the delivery's cost comes from.",
    queryString: [
      'stats count(*) as events, sum(strlen(@message)) as message_characters by @log',
      '| sort events desc',
      '| limit 100',
    ].join('\n'),
  },
];
