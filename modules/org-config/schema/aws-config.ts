import { z } from 'zod';
import { describe, message } from './values';
import { AWS_CONFIG_FREQUENCIES } from '../../core/aws-values';

/*
 * `awsConfig`: AWS Config in the members that record it (`members[].awsConfig: true`), recorded in
 * every governed Region.
 */

/** How often AWS Config delivers a configuration snapshot, as its API names the choices. */
export const CONFIG_SNAPSHOT_FREQUENCIES = AWS_CONFIG_FREQUENCIES;

export const awsConfigSchema = z
  .strictObject({
    snapshotDeliveryFrequency: z
      .enum(CONFIG_SNAPSHOT_FREQUENCIES, {
        error: (issue) =>
          `${describe(issue.input)} is not a snapshot frequency; use one of ${CONFIG_SNAPSHOT_FREQUENCIES.map((f) => `"${f}"`).join(', ')}`,
      })
      .default('TwentyFour_Hours')
      .describe(
        'How often AWS Config in each member delivers a configuration snapshot: "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours" or "TwentyFour_Hours".',
      ),
    flowLogsForEveryVpc: z
      .boolean({ error: message('must be true or false') })
      .default(false)
      .describe(
        'Flow logs for every VPC of every member whose AWS Config records (awsConfig true or "control-tower"), in every governed Region, VPCs created later included: an AWS Config rule (vpc-flow-logs-enabled, checked every 24 hours) whose automatic remediation runs AWS\'s AWS-EnableVPCFlowLogs runbook on each VPC without one, delivering to the member-logs bucket like members[].vpcFlowLogs. The recorder protection then keeps every AWS Config remediation of those members, in the governed Regions, to the deploy role and break-glass (AWS lets a policy pick no one rule\'s remediation).',
      ),
  })
  .prefault({})
  .describe('AWS Config in the members with awsConfig: recorded in every governed Region.');
