// What a user calls: the stack every construct lives in, the state bucket and the deploy role.
export { AccountStack, type AccountStackProps, type StateBackendProps } from './account-stack';
export { TerraformStateBucket, type TerraformStateBucketProps } from './state-bucket';
export { DeployRole, type DeployRoleProps } from './deploy-role';
