export {
  AuditDelegation,
  type AuditDelegationProps,
  CONFIG_ADMIN_PRINCIPALS,
  SECURITY_HUB_PRINCIPAL,
} from './audit-delegation';
