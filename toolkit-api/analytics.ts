/**
 * The toolkit's entry for the log analytics: the saved Athena queries, the CloudTrail and
 * application logs tables' columns and the columnar copy's SQL.
 * Stable, under the package's semantic versioning as every entry (docs/constructs.md): the names
 * it exports are pinned by __tests__/package/toolkit-api.snapshot.test.ts.
 * @packageDocumentation
 */
export { ATHENA_QUERIES, type AthenaQuery } from '../modules/analytics/athena-queries';
export { accountProjectionFor, CLOUDTRAIL_COLUMNS } from '../modules/analytics/cloudtrail-schema';
export { APPLICATION_LOGS_QUERIES } from '../modules/analytics/application-logs-queries';
export {
  APPLICATION_LOGS_COLUMNS,
  APPLICATION_LOGS_PARTITION_KEYS,
  APPLICATION_LOGS_TABLE_NAME,
} from '../modules/analytics/application-logs-table';
export {
  columnarCopySql,
  copiedDayCountSql,
  dayLiteral,
  deleteCopiedDaySql,
} from '../modules/analytics/columnar-copy-sql';
