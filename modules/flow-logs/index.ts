export * from './vpc-flow-logs';
