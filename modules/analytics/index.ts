export * from './athena-queries';
export * from './cloudtrail-schema';
export * from './cloudtrail-table';
export * from './config-crawler';
export * from './investigation-workgroup';
export * from './investigator-role';
export * from './log-analytics';
export * from './catalog-encryption';
