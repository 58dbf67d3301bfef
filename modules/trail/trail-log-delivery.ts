import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { AccountStack } from '../deployment/account-stack';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';
import { AuditKey, cloudWatchLogsKeyStatement, keyAdministrationStatement } from '../kms/audit-key';
import { TRAIL_LOGS_KEY_ALIAS, trailDeliveryRoleName, trailLogGroupName } from '../core/naming';

/** What {@link addTrailLogDelivery} needs. */
export interface TrailLogDeliveryProps {
  /** Name of the trail. */
  readonly trailName: string;
  /**
   * ARN of the trail. Ignored: CloudTrail sends no `aws:SourceArn` when it assumes the delivery
   * role, so the role's trust cannot name the trail (fact `cloudtrail-logs-role-gets-no-source-keys`).
   * @default - none
   * @deprecated kept so that existing callers compile; remove it from your props.
   */
  readonly trailArn?: string;
  /**
   * Days CloudWatch Logs keeps the events.
   * @default 365
   */
  readonly retentionInDays?: number;
}

/** The log group a trail delivers to, and what the trail needs to deliver there. */
export interface TrailLogDelivery {
  /** Name of the log group (a reference: consumers wait for the group). */
  readonly logGroupName: string;
  /** ARN of the log group (a reference). */
  readonly logGroupArn: string;
  /** The trail's `cloud_watch_logs_group_arn` (the group's ARN with `:*`). */
  readonly trailLogGroupArn: string;
  /** The trail's `cloud_watch_logs_role_arn`. */
  readonly roleArn: string;
  /** The role's policy: the trail must wait for it (CloudTrail checks that it can write). */
  readonly rolePolicy: IamRolePolicy;
}

/**
 * A trail's CloudWatch Logs delivery in the account and Region of `scope`'s {@link AccountStack},
 * created in `scope` itself (its construct ids `logs-key`,
 * `log-group`, `delivery-role` and `delivery-policy` are part of the Terraform addresses, so both
 * trails keep theirs): a log group encrypted with a key of its own whose policy names that group,
 * and a role that only CloudTrail, for this trail, may assume to write there.
 */
export function addTrailLogDelivery(scope: Construct, props: TrailLogDeliveryProps): TrailLogDelivery {
  const stack = AccountStack.of(scope);
  const { partition, region, accountId } = stack;
  // The key's policy must name the log group it encrypts before the group exists (the group
  // waits for the key): the one place the name is built rather than read from the resource.
  const logGroupName = trailLogGroupName(props.trailName);
  const plannedLogGroupArn = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: 'colon',
  });

  const logsKey = new AuditKey(scope, 'logs-key', {
    description: `Encrypts the CloudWatch Logs copy of trail ${props.trailName}`,
    aliasName: TRAIL_LOGS_KEY_ALIAS,
    policyStatements: [
      keyAdministrationStatement(partition, accountId),
      cloudWatchLogsKeyStatement('CloudWatchLogsEncryptTrailEvents', region, plannedLogGroupArn),
    ],
  });

  const logGroup = new CloudwatchLogGroup(scope, 'log-group', {
    name: logGroupName,
    retentionInDays: props.retentionInDays ?? 365,
    kmsKeyId: logsKey.keyArn,
  });

  const role = new IamRole(scope, 'delivery-role', {
    name: trailDeliveryRoleName(props.trailName),
    description: `CloudTrail delivers trail ${props.trailName} to ${logGroupName} with this role`,
    // No condition: CloudTrail sends neither aws:SourceArn nor aws:SourceAccount when it assumes
    // this role (fact cloudtrail-logs-role-gets-no-source-keys), so a condition on either would stop
    // CreateTrail. The role may only write streams of this one log group.
    assumeRolePolicy: serviceTrustPolicy('CloudTrailDelivers', 'cloudtrail.amazonaws.com', undefined),
  });
  const rolePolicy = new IamRolePolicy(scope, 'delivery-policy', {
    role: role.name,
    name: 'deliver-to-log-group',
    policy: renderPolicy([
      {
        Sid: 'WriteTrailEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logGroup.arn}:log-stream:*`,
      },
    ]),
  });
  return {
    logGroupName: logGroup.name,
    logGroupArn: logGroup.arn,
    trailLogGroupArn: `${logGroup.arn}:*`,
    roleArn: role.arn,
    rolePolicy,
  };
}
