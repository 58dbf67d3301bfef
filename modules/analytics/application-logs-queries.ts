import type { AthenaQuery } from './athena-queries';

/*
 * The saved queries over the application logs table (ApplicationLogsTable): one row per log event,
 * from `CROSS JOIN UNNEST(logevents)`. Every query starts with `day BETWEEN ? AND ?` (Athena asks
 * for the first and last day, `'2026/11/01'` with its quotes, and partition projection reads only
 * those days); the other `?` follow in the order the description gives. Control messages (CloudWatch
 * Logs checking the destination) are not log events and are left out. Each ORDER BY ends in keys no
 * two rows share, so a LIMIT keeps the same rows in any engine.
 */

const DAY_RANGE = 'day BETWEEN ? AND ?';
const DAYS = 'Asks for the first and last day (yyyy/MM/dd)';
const EVENTS = 'CROSS JOIN UNNEST(logevents) AS t(event)';
const DATA = "messagetype = 'DATA_MESSAGE'";

/** The words that mark a log event as an error, whole words in any case. */
export const ERROR_WORDS = ['error', 'exception', 'fatal', 'panic'] as const;

/** The saved queries over the application logs table, each for a table named as its `sql` is given. */
export const APPLICATION_LOGS_QUERIES: readonly AthenaQuery[] = [
  {
    name: 'application-errors-by-log-group',
    description: `Log events that say ${ERROR_WORDS.join(', ')} (whole words, any case), counted by account, Region and log group, most first. ${DAYS}.`,
    sql: (table) => `SELECT account, region, loggroup, count(*) AS errors,
  min(event.timestamp) AS first_ms, max(event.timestamp) AS last_ms
FROM ${table} ${EVENTS}
WHERE ${DAY_RANGE}
  AND ${DATA}
  AND regexp_like(event.message, '(?i)\\b(${ERROR_WORDS.join('|')})\\b')
GROUP BY account, region, loggroup
ORDER BY errors DESC, account, region, loggroup
LIMIT 1000`,
  },
  {
    name: 'application-request-across-accounts',
    description: `Every log event, in any account, Region and log group, whose message contains the given text (a request id, a trace id, an order number), in time order. ${DAYS}, then the text.`,
    sql: (table) => `SELECT event.timestamp AS timestamp_ms, account, region, loggroup, logstream,
  event.id AS event_id, event.message AS message
FROM ${table} ${EVENTS}
WHERE ${DAY_RANGE}
  AND ${DATA}
  AND strpos(event.message, ?) > 0
ORDER BY timestamp_ms, account, region, loggroup, logstream, event_id
LIMIT 10000`,
  },
  {
    name: 'application-loudest-log-groups',
    description: `The log groups that write the most, by events and characters, with their account and Region: where the delivery's cost comes from. ${DAYS}.`,
    sql: (table) => `SELECT account, region, loggroup, count(*) AS events,
  sum(length(event.message)) AS message_characters
FROM ${table} ${EVENTS}
WHERE ${DAY_RANGE}
  AND ${DATA}
GROUP BY account, region, loggroup
ORDER BY events DESC, account, region, loggroup
LIMIT 100`,
  },
];
