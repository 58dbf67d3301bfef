import { Construct } from 'constructs';
import { AuditDelegation } from '../modules/audit-account/audit-delegation';
import { auditConfigRules, OrgConfig } from '../modules/org-config/schema';
import { AuditLoggingError } from '../modules/core/errors';
import { AUDIT_DELEGATION_STACK_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { accountStackProps } from './account-props';

/** What the management account delegates to the audit account: AWS Config, Security Hub, or nothing. */
export function auditDelegations(config: OrgConfig): { readonly config: boolean; readonly securityHub: boolean } {
  const audit = config.audit;
  if (audit === undefined || audit === false || !audit.registerAdministrators)
    return { config: false, securityHub: false };
  return {
    config: audit.configAggregator || auditConfigRules(config).length > 0,
    securityHub: audit.securityHub,
  };
}

/**
 * The management account's part of the audit account: it registers the audit account as AWS Config's
 * delegated administrator and designates it Security Hub's (only the management account can).
 * Deployed with the organization-level stacks, before the audit stack, which needs both.
 */
export class AuditDelegationStack extends AccountStack {
  /** The registrations. */
  public readonly delegation: AuditDelegation;

  public constructor(scope: Construct, config: OrgConfig) {
    const delegations = auditDelegations(config);
    const audit = config.audit;
    if (audit === undefined || audit === false || (!delegations.config && !delegations.securityHub)) {
      throw new AuditLoggingError(
        'audit: nothing to delegate; set audit.accountId, with audit.registerAdministrators true',
      );
    }
    super(scope, AUDIT_DELEGATION_STACK_NAME, accountStackProps(config, config.organization.managementAccountId));
    this.delegation = new AuditDelegation(this, 'delegation', {
      auditAccountId: audit.accountId,
      organizationId: config.organization.id,
      config: delegations.config,
      securityHub: delegations.securityHub,
    });
  }
}
