import { z } from 'zod';
import { IAM_ROLE_ARN, IAM_ROLE_NAME } from '../../core/aws-values';
import { accountIdSchema, bucketNameSchema, describe, message, regionSchema } from './values';

/*
 * `deployment`: how the stacks are deployed, the role assumed in each account and where Terraform
 * state lives. Defaults are in `.default(...)` only; the reference prints them.
 */

export const deploymentSchema = z
  .strictObject({
    roleName: z
      .string({ error: message('must be an IAM role name') })
      .regex(IAM_ROLE_NAME, {
        error: (issue) => `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
      })
      .default('OrganizationAccountAccessRole')
      .describe('Role assumed in every account to deploy.'),
    planRoleName: z
      .string({ error: message('must be an IAM role name') })
      .regex(IAM_ROLE_NAME, {
        error: (issue) => `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
      })
      .optional()
      .describe(
        'Read-only role in every account that `plan --read-only` assumes instead of roleName (pull-request plans). Default: none.',
      ),
    stateBucket: bucketNameSchema
      .optional()
      .describe('S3 bucket for Terraform state (S3 backend with use_lockfile). Default: none, local state.'),
    stateRegion: regionSchema.optional().describe('Region of stateBucket. Default: homeRegion.'),
    stateAccountId: accountIdSchema
      .optional()
      .describe(
        'Account of stateBucket, where the `state` stack creates it. Default: the account of stateRoleArn, else organization.managementAccountId.',
      ),
    stateKeyPrefix: z
      .string({ error: message('must be a key prefix such as "audit-logging"') })
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
        error: 'must be an S3 key prefix without leading or trailing "/", such as "audit-logging"',
      })
      .default('cdktf-audit-logging')
      .describe('Key prefix of the state objects: <prefix>/<stack>.tfstate.'),
    stateRoleArn: z
      .string({ error: message('must be an IAM role ARN') })
      .regex(IAM_ROLE_ARN, {
        error: (issue) =>
          `${describe(issue.input)} is not an IAM role ARN such as "arn:aws:iam::012345678901:role/terraform-state"`,
      })
      .optional()
      .describe("Role the S3 backend assumes to reach the state bucket. Default: none, the caller's credentials."),
  })
  .prefault({})
  .describe('How stacks are deployed: the role assumed in each account and where Terraform state lives.');
