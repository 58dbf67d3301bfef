// What a user calls: the log archive constructs and their props.
export { type DeliverySources } from './delivery-sources';
export { LogArchive, type LogArchiveProps, type LogArchiveReplicationProps } from './log-archive';
export { type AccountTrail } from './log-bucket-policy';
export { type ApplicationLogsWriter, type FindingsExport, type FindingsWriter } from './member-logs-bucket-policy';
export { LogReplication, type LogReplicationProps } from './log-replication';
export { type LogRetention } from './log-retention';
