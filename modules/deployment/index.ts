// What a user calls: the stack every construct lives in, and the state bucket.
export { AccountStack, type AccountStackProps, type StateBackendProps } from './account-stack';
export { TerraformStateBucket, type TerraformStateBucketProps } from './state-bucket';
