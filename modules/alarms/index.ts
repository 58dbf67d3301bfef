export * from './cis-catalog';
export * from './filter-pattern';
