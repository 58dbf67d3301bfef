// What a user calls: the analytics constructs and their props.
export { APPLICATION_LOGS_QUERIES } from './application-logs-queries';
export { ApplicationLogsTable, type ApplicationLogsTableProps } from './application-logs-table';
export { type AthenaQuery } from './athena-queries';
export { CloudTrailColumnarCopy, type CloudTrailColumnarCopyProps } from './cloudtrail-columnar-copy';
export { CatalogEncryption, type CatalogEncryptionProps } from './catalog-encryption';
export { type AccountProjection } from './cloudtrail-schema';
export { CloudTrailTable, type CloudTrailTableProps } from './cloudtrail-table';
export { ConfigCrawler, type ConfigCrawlerProps } from './config-crawler';
export { InvestigationWorkgroup, type InvestigationWorkgroupProps } from './investigation-workgroup';
export { InvestigatorRole, type InvestigatorRoleProps, type ReadableLogs } from './investigator-role';
export { LogAnalytics, type LogAnalyticsProps } from './log-analytics';
export {
  DASHBOARD_DATASETS,
  type QuickSightColumnType,
  QuickSightDatasets,
  type QuickSightDatasetsProps,
} from './quicksight-datasets';
export {
  APPLICATION_LOGS_INSIGHTS_QUERIES,
  LOGS_INSIGHTS_FOLDER,
  type LogsInsightsQuery,
  REQUEST_ID_PLACEHOLDER,
} from './application-logs-insights-queries';
