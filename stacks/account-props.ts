import { OrgConfig } from '../modules/org-config/schema';
import { roleArnAccountId } from '../modules/core/aws-values';
import { AccountStackProps } from '../modules/deployment/account-stack';

/** Provider, backend and tags of a stack in `accountId`, from the config's deployment settings. */
export function accountStackProps(config: OrgConfig, accountId: string): AccountStackProps {
  const deployment = config.deployment;
  return {
    accountId,
    region: config.homeRegion,
    deployRoleName: deployment.roleName,
    tags: config.tags,
    stateBackend:
      deployment.stateBucket === undefined
        ? undefined
        : {
            bucket: deployment.stateBucket,
            region: deployment.stateRegion ?? config.homeRegion,
            keyPrefix: deployment.stateKeyPrefix,
            roleArn: deployment.stateRoleArn,
          },
  };
}

/**
 * The account of the Terraform state bucket: `deployment.stateAccountId`, else the account of
 * `deployment.stateRoleArn`, else the management account.
 */
export function stateAccountId(config: OrgConfig): string {
  const deployment = config.deployment;
  return (
    deployment.stateAccountId ?? roleArnAccountId(deployment.stateRoleArn) ?? config.organization.managementAccountId
  );
}
