export { AuditKey, type AuditKeyProps, cloudWatchLogsKeyStatement, keyAdministrationStatement } from './audit-key';
export { resolvedKeyArn } from './key-arn';
