import { Construct } from 'constructs';
import { OrgConfig } from '../modules/org-config/schema';
import { DEPLOY_ROLE_STACK_PREFIX, ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { DeployRole } from '../modules/deployment/deploy-role';
import { accountRootArn, type PolicyStatement } from '../modules/iam/policy-document';
import { accountStackProps } from './account-props';

/** What one account's deploy role needs, as `deploy-role` derived it. */
export interface DeployRoleStackProps {
  /** The account the role is created in. */
  readonly accountId: string;
  /** The statements of the union of the policies of the stacks deployed into the account. */
  readonly statements: readonly PolicyStatement[];
  /**
   * The role the bootstrap stack itself is applied with: one that may create IAM roles and policies.
   * @default 'OrganizationAccountAccessRole'
   */
  readonly bootstrapRoleName?: string;
}

/**
 * The bootstrap stack of one account's least-privilege deploy role: `deployment.roleName`, trusted by
 * `deployment.deployRoleTrustedPrincipalArns` (default: the management account), with the policy
 * derived from the stacks that deploy into the account. Applied with an administrator role (the
 * bootstrap role) before the stacks, and again when their policy changes (docs/deploy-role.md).
 */
export class DeployRoleStack extends AccountStack {
  /** The role. */
  public readonly deployRole: DeployRole;

  public constructor(scope: Construct, config: OrgConfig, props: DeployRoleStackProps) {
    super(scope, `${DEPLOY_ROLE_STACK_PREFIX}${props.accountId}`, {
      ...accountStackProps(config, props.accountId),
      deployRoleName: props.bootstrapRoleName ?? ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME,
      // Its own state stays local: it is applied before the state bucket may be reachable by the new role.
      stateBackend: undefined,
    });
    this.deployRole = new DeployRole(this, 'deploy-role', {
      roleName: config.deployment.roleName,
      trustedPrincipals: config.deployment.deployRoleTrustedPrincipalArns ?? [
        accountRootArn(this.partition, config.organization.managementAccountId),
      ],
      statements: props.statements,
    });
  }
}
