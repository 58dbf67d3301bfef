import { OrgConfig } from '../modules/config/schema';
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
