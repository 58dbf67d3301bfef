import { z } from 'zod';
import { IAM_ROLE_ARN, VPC_ID } from '../../core/aws-values';
import { describe, message } from './values';

/*
 * `logArchive.search`: the opt-in search tier (docs/search.md): the archive's new objects indexed in an
 * OpenSearch Serverless collection through an OpenSearch Ingestion pipeline, in the archive's Region.
 * Off (null) by default: its capacity floors cost hundreds of USD a month even idle.
 */

const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

const vpcEndpointSchema = z.strictObject(
  {
    vpcId: z
      .string({ error: message('must be a VPC id') })
      .regex(VPC_ID, { error: (issue) => `${describe(issue.input)} is not a VPC id such as "vpc-0a1b2c3d4e5f60718"` })
      .describe('The VPC of the OpenSearch Serverless VPC endpoint the analysts reach the collection through.'),
    subnetIds: z
      .array(
        z.string({ error: message('must be a subnet id') }).regex(SUBNET_ID, {
          error: (issue) => `${describe(issue.input)} is not a subnet id such as "subnet-0a1b2c3d4e5f60718"`,
        }),
        { error: message('must be a list of subnet ids') },
      )
      .min(1, { error: 'must name at least one subnet of the VPC for the endpoint' })
      .describe('Subnets of the endpoint, one or more.'),
    securityGroupIds: z
      .array(
        z.string({ error: message('must be a security group id') }).regex(SECURITY_GROUP_ID, {
          error: (issue) => `${describe(issue.input)} is not a security group id such as "sg-0a1b2c3d4e5f60718"`,
        }),
        { error: message('must be a list of security group ids') },
      )
      .max(5, { error: 'an OpenSearch Serverless VPC endpoint takes at most 5 security groups' })
      .default([])
      .describe("Security groups of the endpoint (at most 5); with none, AWS applies the VPC's own group."),
  },
  { error: message('must be an object with vpcId and subnetIds, or null') },
);

export const searchSchema = z.strictObject(
  {
    analystRoleArns: z
      .array(
        z.string({ error: message('must be an IAM role ARN') }).regex(IAM_ROLE_ARN, {
          error: (issue) =>
            `${describe(issue.input)} is not an IAM role ARN such as "arn:aws:iam::012345678901:role/security-analyst" (no wildcards: each analyst role is named)`,
        }),
        { error: message('must be a list of IAM role ARNs') },
      )
      .min(1, { error: 'must name at least one role that reads the collection (nobody else may)' })
      .describe(
        "The roles that may search the collection (read its indexes, nothing else). The collection's data access policy names them; they also need aoss:APIAccessAll in their own IAM policy.",
      ),
    standbyReplicas: z
      .boolean({ error: message('must be true or false') })
      .default(true)
      .describe(
        "Standby replicas in a second Availability Zone. false halves the collection's capacity floor (from 345.60 to 172.80 USD a month at us-east-1's prices) and lowers the availability; for non-production organizations only.",
      ),
    backfill: z
      .boolean({ error: message('must be true or false') })
      .default(false)
      .describe(
        'Also index the objects already in the archive (a one-time scan of each source prefix) besides the new ones; costs ingestion units for as long as it runs.',
      ),
    maxPipelineUnits: z
      .number({ error: message('must be a whole number of ingestion units') })
      .int({ error: 'must be a whole number of ingestion units' })
      .min(1, { error: (issue) => `must be at least 1 (the pipeline's floor), not ${describe(issue.input)}` })
      .max(96, { error: (issue) => `must be at most 96, not ${describe(issue.input)}` })
      .default(4)
      .describe('The most OpenSearch Ingestion compute units the pipeline scales to; it runs at least 1.'),
    vpcEndpoint: vpcEndpointSchema
      .nullable()
      .default(null)
      .describe(
        "An OpenSearch Serverless VPC endpoint the analysts reach the collection and its dashboards through, or null for none (the collection then has no network access but the pipeline's own).",
      ),
  },
  { error: message('must be an object with analystRoleArns, or null') },
);
