export * from './log-archive';
export * from './log-bucket-policy';
export * from './log-key-policy';
export * from './log-replication';
export * from './log-retention';
export * from './member-logs-bucket-policy';
export * from './delivery-sources';
