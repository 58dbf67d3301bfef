export * from './audit-key';
