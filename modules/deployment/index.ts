export * from './account-stack';
