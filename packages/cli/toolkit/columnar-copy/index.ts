export * from './athena-runner';
export * from './backfill';
