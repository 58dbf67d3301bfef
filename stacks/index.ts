import { Construct } from 'constructs';
import { OrgConfig } from '../modules/config/schema';
import { AccountStack } from '../modules/deployment/account-stack';
import { LogArchiveStack } from './log-archive';
import { MemberStack } from './member';
import { OrganizationStack } from './organization';

export { LogArchiveStack } from './log-archive';
export { MemberStack } from './member';
export { OrganizationStack } from './organization';

/**
 * Every stack of the organization, in deployment order: `log-archive`, `organization`, then each
 * `member-<name>` in config order.
 */
export function buildStacks(app: Construct, config: OrgConfig): AccountStack[] {
  return [
    new LogArchiveStack(app, config),
    new OrganizationStack(app, config),
    ...config.members.map((member) => new MemberStack(app, config, member)),
  ];
}
