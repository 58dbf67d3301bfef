/**
 * The toolkit's entry for the log analytics: the saved Athena queries, the CloudTrail table's
 * columns and the columnar copy's SQL.
 * It follows the CLI package's version, not the constructs' semantic versioning: other apps
 * import the family entries instead.
 * @packageDocumentation
 */
export { ATHENA_QUERIES, type AthenaQuery } from '../modules/analytics/athena-queries';
export { accountProjectionFor, CLOUDTRAIL_COLUMNS } from '../modules/analytics/cloudtrail-schema';
export {
  columnarCopySql,
  copiedDayCountSql,
  dayLiteral,
  deleteCopiedDaySql,
} from '../modules/analytics/columnar-copy-sql';
