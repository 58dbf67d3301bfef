export { AuditKey, type AuditKeyProps, cloudWatchLogsKeyStatement, keyAdministrationStatement } from './audit-key';
