export * from './digest-file';
export * from './digest-writer';
export * from './verify-tree';
export * from './report-text';
