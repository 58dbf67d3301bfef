import { Construct } from 'constructs';
import { OrgConfig } from '../modules/config/schema';
import { AuditNaming, ORGANIZATION_STACK_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { accountStackProps } from './account-props';

/**
 * The account that owns the organization trail (the management account or the CloudTrail delegated
 * administrator): the trail, its CloudWatch Logs delivery, and the CIS alarms. Deployed after the
 * log archive, whose bucket and key the trail writes to.
 */
export class OrganizationStack extends AccountStack {
  public constructor(scope: Construct, config: OrgConfig) {
    super(scope, ORGANIZATION_STACK_NAME, accountStackProps(config, AuditNaming.fromConfig(config).trailAccountId));
  }
}
