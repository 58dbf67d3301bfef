import { CloudwatchLogAccountPolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-account-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { type FieldProblem, LOG_GROUP_NAME, regionListProblems } from '../core/aws-values';
import { APPLICATION_LOGS_POLICY_NAME, APPLICATION_LOGS_SENDER_ROLE_NAME } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { renderPolicy, serviceTrustPolicy } from '../iam/policy-document';

/** One Region whose log groups are sent, with the provider of that Region. */
export interface SubscriptionRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for the Region, in the stack's account. */
  readonly provider: TerraformProvider;
  /** ARN of the log archive's CloudWatch Logs destination in this Region (a destination takes its own Region's events only). */
  readonly destinationArn: string;
}

/** Props of {@link AccountLogSubscription}. */
export interface AccountLogSubscriptionProps {
  /** The Regions whose log groups are sent, each to its own Region's destination. */
  readonly regions: readonly SubscriptionRegion[];
  /**
   * Log groups, by exact name, that are not sent: the trails' that the account holds (the archive
   * keeps their events already), and any that would feed the delivery itself. None: every log group
   * is sent (the policy carries no selection criteria).
   */
  readonly excludedLogGroups: readonly string[];
  /**
   * Name of the policy in each Region (an account has one account-level subscription filter policy
   * per Region).
   * @default 'audit-application-logs'
   */
  readonly policyName?: string;
  /**
   * Name a role of this account in each policy, which CloudWatch Logs assumes to check that the
   * account may send: what a destination opened to the organization, rather than to the account by
   * id, requires ([logs-destination-organization-grant-needs-sender-role]).
   * @default false
   */
  readonly senderRole?: boolean;
  /**
   * Name of that role.
   * @default 'audit-application-logs-sender'
   */
  readonly senderRoleName?: string;
}

/** CloudWatch Logs' limit on an account policy's selection criteria, in UTF-8 bytes (PutAccountPolicy). */
export const SELECTION_CRITERIA_MAX_BYTES = 25 * 1024;

/**
 * The selection criteria that send every log group but `excluded`: the only form a subscription
 * filter policy takes, `LogGroupName NOT IN [...]` with exact names (PutAccountPolicy).
 */
export function selectionCriteria(excluded: readonly string[]): string {
  return `LogGroupName NOT IN ${JSON.stringify([...excluded].sort())}`;
}

/** What CloudWatch Logs would refuse in a list of excluded log groups. */
export function excludedLogGroupProblems(field: string, excluded: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = excluded.flatMap((name, i) =>
    LOG_GROUP_NAME.test(name)
      ? []
      : [
          {
            field: `${field}[${i}]`,
            message: `${JSON.stringify(name)} is not a log group name: 1 to 512 of the letters, digits and . - _ / #`,
          },
        ],
  );
  const bytes = Buffer.byteLength(selectionCriteria(excluded));
  if (bytes > SELECTION_CRITERIA_MAX_BYTES) {
    problems.push({
      field,
      message: `makes selection criteria of ${bytes} bytes, over CloudWatch Logs' ${SELECTION_CRITERIA_MAX_BYTES} (PutAccountPolicy); exclude fewer log groups`,
    });
  }
  return problems;
}

/**
 * The account's application logs sent to the log archive: in each Region, an account-level
 * subscription filter policy (`aws_cloudwatch_log_account_policy`, SUBSCRIPTION_FILTER_POLICY) that
 * sends every log event of every log group, those that exist and those created later, but the
 * excluded ones, to the log archive's destination in that Region. The destination's access policy
 * admits this account: by id, and then no role of this account is involved (fact
 * `logs-destination-account-grant-needs-no-sender-role`), or as an account of the organization, and
 * then each policy names a role of this account that CloudWatch Logs assumes to check it may send
 * (`senderRole`, fact `logs-destination-organization-grant-needs-sender-role`).
 *
 * The policy name and selection criteria cannot change in place (the provider replaces the policy),
 * so a change to the exclusions deletes the policy and puts it again: events of that short gap are
 * not sent.
 */
export class AccountLogSubscription extends Construct {
  /** The policy of each Region, by Region. */
  public readonly policies: ReadonlyMap<string, CloudwatchLogAccountPolicy>;
  /** ARN of the role each policy names, when {@link AccountLogSubscriptionProps.senderRole}. */
  public readonly senderRoleArn: string | undefined;

  public constructor(scope: Construct, id: string, props: AccountLogSubscriptionProps) {
    super(scope, id);
    validateProps(this, props, [
      ...regionListProblems(
        'regions',
        props.regions.map((r) => r.region),
      ),
      ...excludedLogGroupProblems('excludedLogGroups', props.excludedLogGroups),
    ]);
    const sender = props.senderRole === true ? this.senderRole(props) : undefined;
    this.senderRoleArn = sender?.arn;
    const policies = new Map<string, CloudwatchLogAccountPolicy>();
    for (const { region, provider, destinationArn } of props.regions) {
      policies.set(
        region,
        new CloudwatchLogAccountPolicy(this, `policy-${region}`, {
          provider,
          policyName: props.policyName ?? APPLICATION_LOGS_POLICY_NAME,
          policyType: 'SUBSCRIPTION_FILTER_POLICY',
          // An empty pattern sends every event.
          policyDocument: JSON.stringify({
            DestinationArn: destinationArn,
            FilterPattern: '',
            ...(sender === undefined ? {} : { RoleArn: sender.arn }),
          }),
          selectionCriteria:
            props.excludedLogGroups.length === 0 ? undefined : selectionCriteria(props.excludedLogGroups),
          scope: 'ALL',
        }),
      );
    }
    this.policies = policies;
  }

  /** The role CloudWatch Logs assumes to check the account may put the events of its log groups. */
  private senderRole(props: AccountLogSubscriptionProps): IamRole {
    const stack = AccountStack.of(this);
    const role = new IamRole(this, 'sender-role', {
      name: props.senderRoleName ?? APPLICATION_LOGS_SENDER_ROLE_NAME,
      description:
        'CloudWatch Logs checks with this role that the account may send its application logs to the log archive',
      assumeRolePolicy: serviceTrustPolicy('CloudWatchLogsChecksTheSender', 'logs.amazonaws.com', undefined),
    });
    new IamRolePolicy(this, 'sender-role-policy', {
      role: role.name,
      name: 'put-log-events',
      policy: renderPolicy([
        {
          Sid: 'PutTheAccountsLogEvents',
          Effect: 'Allow',
          Action: ['logs:PutLogEvents'],
          Resource: props.regions.map(({ region }) =>
            stack.formatArn({ service: 'logs', region, resource: 'log-group', resourceName: '*', arnFormat: 'colon' }),
          ),
        },
      ]),
    });
    return role;
  }
}
