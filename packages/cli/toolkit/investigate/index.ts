export * from './duckdb-engine';
export * from './investigation';
export * from './log-files';
export * from './result-format';
export * from './table-schema';
export * from './trino-dialect';
