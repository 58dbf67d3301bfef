import { z } from 'zod';
import { IAM_ROLE_ARN, IAM_ROLE_NAME, PRINCIPAL_ARN_PATTERN } from '../../core/aws-values';
import { ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME } from '../../core/naming';
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
      .default(ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME)
      .describe('Role assumed in every account to deploy.'),
    bootstrapRoleName: z
      .string({ error: message('must be an IAM role name') })
      .regex(IAM_ROLE_NAME, {
        error: (issue) => `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
      })
      .default(ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME)
      .describe(
        "Administrator role that applies `deploy-role`'s bootstrap stacks in every account; with the guardrails on, it is the only role besides break-glass that may change roleName. Trust it to the management account only, as AWS Organizations' OrganizationAccountAccessRole is.",
      ),
    planRoleName: z
      .string({ error: message('must be an IAM role name') })
      .regex(IAM_ROLE_NAME, {
        error: (issue) => `${describe(issue.input)} is not an IAM role name (1 to 64 of letters, digits and +=,.@_-)`,
      })
      .optional()
      .describe(
        'Read-only role in every account that `plan --read-only` assumes instead of roleName (pull-request plans). Default: none.',
      ),
    deployRoleTrustedPrincipalArns: z
      .array(
        z
          .string({ error: message('must be an IAM role or user ARN') })
          .regex(PRINCIPAL_ARN_PATTERN, {
            error: (issue) =>
              `${describe(issue.input)} is not an IAM role or user ARN such as "arn:aws:iam::012345678901:role/pipeline"`,
          })
          .refine((arn) => !arn.includes('*'), {
            error: (issue) =>
              `${describe(issue.input)} holds *, which a trust policy's Principal cannot: name each principal exactly`,
          }),
        { error: message('must be a list of IAM role or user ARNs') },
      )
      .min(1, { error: 'must name at least one principal; leave it out to trust the management account' })
      .optional()
      .describe(
        "Who may assume roleName when `deploy-role` creates it with least privilege (your pipeline's role). Default: the management account.",
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
